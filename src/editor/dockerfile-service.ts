/**
 * Dockerfile smarts for the editor, with no Monaco in sight (so Node tests can
 * run it): diagnostics from dockerfile-utils, completion from
 * dockerfile-language-service's DockerAssist, and Korean hover help from our
 * own table (dockerfile-docs.ko.ts) located with dockerfile-ast.
 *
 * Positions are LSP-style: 0-based line and character.
 *
 * Only the pieces of dockerfile-language-service that work offline are used:
 * its `LanguageService` would pull in a Docker Hub client (Node's `https`) for
 * image tag completion; the app must never reach the internet, so DockerAssist
 * gets a registry client that knows no tags.
 */
import { DockerfileParser, type Flag, type Instruction } from "dockerfile-ast";
import { DockerAssist } from "dockerfile-language-service/lib/dockerAssist";
import type { DockerRegistryClient } from "dockerfile-language-service/lib/dockerRegistryClient";
import { validate } from "dockerfile-utils";
import {
  DIAGNOSTIC_KO,
  DIRECTIVE_DOCS,
  docForCompletionKey,
  FLAG_DOCS,
  INSTRUCTION_DOCS,
  KEYWORD_DOCS,
  renderDoc,
} from "./dockerfile-docs.ko";

export interface Pos {
  line: number;
  character: number;
}
export interface Span {
  start: Pos;
  end: Pos;
}

export interface DockerfileDiagnostic {
  range: Span;
  severity: "error" | "warning" | "info" | "hint";
  /** Korean first, then dockerfile-utils' English original. */
  message: string;
  code: number | null;
  /** Deprecated / unnecessary, for strike-through or fading. */
  tags: ("deprecated" | "unnecessary")[];
}

export interface DockerfileCompletion {
  label: string;
  kind: "keyword" | "flag" | "value" | "folder" | "reference" | "other";
  /** Text to insert over `range`; a snippet (`${1:name}`) when `snippet`. */
  insertText: string;
  snippet: boolean;
  range: Span;
  /** Korean markdown, when we have help for it. */
  documentation?: string;
  /** A few Korean words shown beside the label ("파일 복사하기"). */
  detail?: string;
  deprecated?: boolean;
}

export interface DockerfileHover {
  range: Span;
  markdown: string;
}

// ───────────────────────────── text document ─────────────────────────────

/** The little of vscode-languageserver-textdocument that DockerAssist uses: getText, offsetAt, positionAt. */
export function textDocument(content: string) {
  const lineStarts = [0];
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 13 /* \r */ && content.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) lineStarts.push(i + 1);
  }
  const offsetAt = (p: Pos): number => {
    if (p.line >= lineStarts.length) return content.length;
    if (p.line < 0) return 0;
    const start = lineStarts[p.line];
    const next = p.line + 1 < lineStarts.length ? lineStarts[p.line + 1] : content.length;
    return Math.max(start, Math.min(start + p.character, next));
  };
  const positionAt = (offset: number): Pos => {
    const o = Math.max(0, Math.min(offset, content.length));
    let lo = 0;
    let hi = lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lineStarts[mid] > o) hi = mid;
      else lo = mid + 1;
    }
    const line = lo - 1;
    return { line, character: o - lineStarts[line] };
  };
  return {
    uri: "file:///Dockerfile",
    languageId: "dockerfile",
    version: 1,
    lineCount: lineStarts.length,
    getText: (range?: Span) => (range ? content.slice(offsetAt(range.start), offsetAt(range.end)) : content),
    offsetAt,
    positionAt,
  };
}

// ───────────────────────────── diagnostics ─────────────────────────────

const SEVERITY = { 1: "error", 2: "warning", 3: "info", 4: "hint" } as const;

/** Problems in a Dockerfile. An empty file has none yet (it is about to be written, not wrong). */
export function dockerfileDiagnostics(content: string): DockerfileDiagnostic[] {
  if (content.trim() === "") return [];
  return validate(content).map((d) => {
    const code = typeof d.code === "number" ? d.code : null;
    const ko = code !== null ? DIAGNOSTIC_KO[code] : undefined;
    const en = typeof d.message === "string" ? d.message : d.message.value;
    return {
      range: d.range,
      severity: SEVERITY[(d.severity ?? 1) as 1 | 2 | 3 | 4] ?? "error",
      message: ko ? `${ko}\n${en}` : en,
      code,
      tags: (d.tags ?? []).map((t) => (t === 2 ? "deprecated" : "unnecessary")),
    };
  });
}

// ───────────────────────────── completion ─────────────────────────────

/** No network: the simulated world's images are in the machine, not on Docker Hub. */
const offlineRegistry = { getTags: async () => [] } as unknown as DockerRegistryClient;

const KIND: Record<number, DockerfileCompletion["kind"]> = {
  14: "keyword",
  5: "flag",
  10: "value",
  19: "folder",
  18: "reference",
};

export async function dockerfileCompletions(content: string, position: Pos): Promise<DockerfileCompletion[]> {
  const doc = textDocument(content) as unknown as ConstructorParameters<typeof DockerAssist>[0];
  const assist = new DockerAssist(doc, offlineRegistry, { snippetSupport: true, deprecatedSupport: true });
  const items = await assist.computeProposals(position);
  const at = { start: position, end: position };
  return items.map((item) => {
    const edit = item.textEdit && "range" in item.textEdit ? item.textEdit : null;
    const key = typeof item.data === "string" ? item.data : null;
    const help = key ? docForCompletionKey(key) : null;
    return {
      label: item.label,
      kind: KIND[item.kind ?? 0] ?? "other",
      insertText: edit?.newText ?? item.insertText ?? item.label,
      snippet: item.insertTextFormat === 2,
      range: edit?.range ?? at,
      documentation: help ? renderDoc(help.name, help.doc) : undefined,
      detail: help?.doc.title,
      deprecated: item.deprecated || item.tags?.includes(1) || undefined,
    };
  });
}

// ───────────────────────────── hover ─────────────────────────────

function inside(r: Span | null | undefined, p: Pos): boolean {
  if (!r) return false;
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

function flagsOf(ins: Instruction): Flag[] {
  const withFlags = ins as Instruction & { getFlags?: () => Flag[] };
  return typeof withFlags.getFlags === "function" ? withFlags.getFlags() : [];
}

function hoverInstruction(ins: Instruction, p: Pos): DockerfileHover | null {
  const keyword = ins.getKeyword();
  const kwRange = ins.getInstructionRange();
  if (inside(kwRange, p)) {
    const doc = INSTRUCTION_DOCS[keyword];
    return doc ? { range: kwRange, markdown: renderDoc(keyword, doc) } : null;
  }
  if (keyword === "ONBUILD") {
    const trigger = (
      ins as Instruction & { getTriggerInstruction?: () => Instruction | null }
    ).getTriggerInstruction?.();
    if (trigger) return hoverInstruction(trigger, p);
  }
  for (const flag of flagsOf(ins)) {
    if (!inside(flag.getRange(), p)) continue;
    const doc = FLAG_DOCS[keyword]?.[flag.getName().toLowerCase()];
    return doc ? { range: flag.getRange(), markdown: renderDoc(`${keyword} --${flag.getName()}`, doc) } : null;
  }
  const args = ins.getArguments();
  if (
    keyword === "FROM" &&
    args.length >= 2 &&
    args[1].getValue().toUpperCase() === "AS" &&
    inside(args[1].getRange(), p)
  )
    return { range: args[1].getRange(), markdown: renderDoc("AS", KEYWORD_DOCS.AS) };
  if (keyword === "HEALTHCHECK") {
    const sub = args.find((a) => !a.getValue().startsWith("--"));
    const key = sub ? `HEALTHCHECK_${sub.getValue().toUpperCase()}` : "";
    if (sub && KEYWORD_DOCS[key] && inside(sub.getRange(), p))
      return {
        range: sub.getRange(),
        markdown: renderDoc(`HEALTHCHECK ${sub.getValue().toUpperCase()}`, KEYWORD_DOCS[key]),
      };
  }
  return null;
}

/** Korean help for the instruction, flag or parser directive under `p`, or null. */
export function dockerfileHover(content: string, p: Pos): DockerfileHover | null {
  const dockerfile = DockerfileParser.parse(content);
  for (const d of dockerfile.getDirectives()) {
    if (!inside(d.getNameRange(), p)) continue;
    const name = d.getName().toLowerCase();
    const doc = DIRECTIVE_DOCS[name];
    return doc ? { range: d.getNameRange(), markdown: renderDoc(`# ${name}=`, doc) } : null;
  }
  for (const ins of dockerfile.getInstructions()) {
    if (!inside(ins.getRange(), p)) continue;
    return hoverInstruction(ins, p);
  }
  return null;
}
