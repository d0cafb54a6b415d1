/**
 * Dockerfile language features in Monaco: diagnostics (markers), completion
 * and Korean hover help, all from src/editor/dockerfile-service.ts. Runs on
 * the main thread: Dockerfiles are small and the service is fast, and it
 * keeps us at one web worker.
 */
import "../../worker/node-shims"; // dockerfile-ast needs Buffer.from for its BOM check
import {
  type DockerfileCompletion,
  type DockerfileDiagnostic,
  dockerfileCompletions,
  dockerfileDiagnostics,
  dockerfileHover,
  type Pos,
  type Span,
} from "../dockerfile-service";
import type { monaco as Monaco } from "./setup";

type M = typeof Monaco;
const OWNER = "dockerfile";
const VALIDATE_DELAY_MS = 150;

const toPos = (p: Monaco.IPosition): Pos => ({ line: p.lineNumber - 1, character: p.column - 1 });
const toRange = (m: M, r: Span) =>
  new m.Range(r.start.line + 1, r.start.character + 1, r.end.line + 1, r.end.character + 1);

export function registerDockerfile(m: M): void {
  const { languages, editor, MarkerSeverity, MarkerTag } = m;

  const severity: Record<DockerfileDiagnostic["severity"], Monaco.MarkerSeverity> = {
    error: MarkerSeverity.Error,
    warning: MarkerSeverity.Warning,
    info: MarkerSeverity.Info,
    hint: MarkerSeverity.Hint,
  };
  const validateModel = (model: Monaco.editor.ITextModel) => {
    if (model.isDisposed()) return;
    if (model.getLanguageId() !== "dockerfile") {
      editor.setModelMarkers(model, OWNER, []);
      return;
    }
    const markers = dockerfileDiagnostics(model.getValue()).map((d) => ({
      ...toRange(m, d.range),
      severity: severity[d.severity],
      message: d.message,
      code: d.code === null ? undefined : String(d.code),
      source: "Dockerfile",
      tags: d.tags.map((t) => (t === "deprecated" ? MarkerTag.Deprecated : MarkerTag.Unnecessary)),
    }));
    editor.setModelMarkers(model, OWNER, markers);
  };
  const watch = (model: Monaco.editor.ITextModel) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => validateModel(model), VALIDATE_DELAY_MS);
    };
    validateModel(model);
    model.onDidChangeContent(later);
    model.onDidChangeLanguage(() => validateModel(model));
    model.onWillDispose(() => {
      if (timer) clearTimeout(timer);
    });
  };
  editor.onDidCreateModel(watch);
  for (const model of editor.getModels()) watch(model);

  const kind: Record<DockerfileCompletion["kind"], Monaco.languages.CompletionItemKind> = {
    keyword: languages.CompletionItemKind.Keyword,
    flag: languages.CompletionItemKind.Field,
    value: languages.CompletionItemKind.Value,
    folder: languages.CompletionItemKind.Folder,
    reference: languages.CompletionItemKind.Reference,
    other: languages.CompletionItemKind.Text,
  };
  languages.registerCompletionItemProvider("dockerfile", {
    triggerCharacters: ["-", "=", "$", "{"],
    async provideCompletionItems(model, position) {
      const items = await dockerfileCompletions(model.getValue(), toPos(position));
      return {
        suggestions: items.map((item) => ({
          label: item.label,
          kind: kind[item.kind],
          insertText: item.insertText,
          insertTextRules: item.snippet ? languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
          range: toRange(m, item.range),
          detail: item.detail,
          documentation: item.documentation ? { value: item.documentation } : undefined,
          tags: item.deprecated ? [languages.CompletionItemTag.Deprecated] : undefined,
        })),
      };
    },
  });

  languages.registerHoverProvider("dockerfile", {
    provideHover(model, position) {
      const hover = dockerfileHover(model.getValue(), toPos(position));
      return hover ? { range: toRange(m, hover.range), contents: [{ value: hover.markdown }] } : null;
    },
  });
}
