/**
 * A small strict validator over YAML documents: every error names the field
 * path and points at the line of the offending node in the lesson file.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { FormatProblem } from "./errors";

type Path = (string | number)[];

export class YamlBlock {
  readonly problems: FormatProblem[] = [];
  readonly value: unknown;
  private readonly doc: Document;
  private readonly lines: LineCounter;

  /**
   * @param text YAML source
   * @param file path for messages
   * @param firstLine 1-based line in `file` where `text` starts
   * @param label prefix for messages, e.g. `과제 'run-hello'`
   */
  constructor(
    text: string,
    readonly file: string,
    readonly firstLine: number,
    public label: string,
  ) {
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    for (const e of this.doc.errors) {
      const line = e.linePos ? e.linePos[0].line + firstLine - 1 : firstLine;
      this.problems.push({ path: file, line, message: `${label}: YAML 문법 오류예요 — ${e.message.split("\n")[0]}` });
    }
    let value: unknown;
    if (!this.doc.errors.length) {
      try {
        value = this.doc.toJS();
      } catch (e) {
        // e.g. an alias (*x) with no anchor: valid syntax, no value
        this.problems.push({
          path: file,
          line: firstLine,
          message: `${label}: YAML 문법 오류예요 — ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
    this.value = value;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Line in the file of the node at `path` (or its nearest existing parent). */
  lineOf(path: Path): number {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.keyOrItem(path.slice(0, n));
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line + this.firstLine - 1;
    }
    return this.firstLine;
  }

  /** The key node of a mapping entry (so a message points at `key:`), or the item of a list. */
  private keyOrItem(path: Path): unknown {
    const parent = path.length === 1 ? this.doc.contents : this.doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (isMap(parent)) return parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last)?.key;
    if (isSeq(parent) && typeof last === "number") return parent.items[last];
    return undefined;
  }

  error(path: Path, message: string): void {
    const where = path.length ? ` '${pathText(path)}'` : "";
    this.problems.push({ path: this.file, line: this.lineOf(path), message: `${this.label}${where}: ${message}` });
  }

  /** Checks that `value` is a mapping with only `allowed` keys and all `required` keys. */
  map(
    value: unknown,
    path: Path,
    allowed: readonly string[],
    required: readonly string[],
  ): Record<string, unknown> | null {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.error(path, "키: 값 형식의 항목 묶음(mapping)이어야 해요.");
      return null;
    }
    const rec = value as Record<string, unknown>;
    for (const key of Object.keys(rec)) {
      if (!allowed.includes(key)) {
        this.error([...path, key], `알 수 없는 항목이에요. 쓸 수 있는 항목: ${allowed.join(", ")}`);
      }
    }
    for (const key of required) {
      if (!(key in rec) || rec[key] === null || rec[key] === undefined) {
        this.error(path, `'${key}' 항목이 필요해요.`);
      }
    }
    return rec;
  }

  /** A non-empty string (numbers are not silently accepted). */
  string(value: unknown, path: Path, opts: { allowEmpty?: boolean } = {}): string | null {
    if (typeof value !== "string") {
      this.error(path, `문자열이어야 해요. (지금: ${describe(value)})`);
      return null;
    }
    if (!opts.allowEmpty && value.trim() === "") {
      this.error(path, "비어 있으면 안 돼요.");
      return null;
    }
    return value;
  }

  /** A list; `undefined` gives `[]` when `optional`. */
  list(value: unknown, path: Path, opts: { optional?: boolean; nonEmpty?: boolean } = {}): unknown[] | null {
    if (value === undefined && opts.optional) return [];
    if (!Array.isArray(value)) {
      this.error(path, `목록(- 로 시작하는 줄들)이어야 해요. (지금: ${describe(value)})`);
      return null;
    }
    if (opts.nonEmpty && value.length === 0) {
      this.error(path, "적어도 하나는 있어야 해요.");
      return null;
    }
    return value;
  }

  /** A list of non-empty strings. */
  strings(value: unknown, path: Path, opts: { optional?: boolean; nonEmpty?: boolean } = {}): string[] {
    const items = this.list(value, path, opts);
    if (!items) return [];
    const out: string[] = [];
    items.forEach((item, i) => {
      const s = this.string(item, [...path, i]);
      if (s !== null) out.push(s);
    });
    return out;
  }
}

function pathText(path: Path): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return "없음";
  if (value === null) return "빈 값";
  if (Array.isArray(value)) return "목록";
  if (typeof value === "object") return "항목 묶음";
  return `${typeof value} ${JSON.stringify(value)}`;
}
