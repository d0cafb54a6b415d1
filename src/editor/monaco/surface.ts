/**
 * The one Monaco editor beside the terminal, with one model per open file.
 * src/editor/session.ts drives it; this is the only module (with its imports)
 * that touches Monaco, and it is loaded lazily.
 */
import { t } from "../../i18n/ko";
import type { Theme } from "../../state/store";
import { TERMINAL_FONT_FAMILY } from "../../terminal/themes";
import { basename, type EditorLanguage } from "../languages";
import { registerDockerfile } from "./dockerfile";
import { monaco } from "./setup";

export interface SurfaceOptions {
  theme: Theme;
  fontSize: number;
  /** The text of `path` changed (typing, undo, paste …). */
  onChange(path: string): void;
  /** Ctrl+S / Cmd+S in the editor. */
  onSave(path: string): void;
}

export interface Surface {
  /** Show a file: its model is created with `text` the first time, then kept (with undo history and view state). */
  show(path: string, text: string, language: EditorLanguage): void;
  /** Replace a file's text from outside (the machine's copy), keeping undo. */
  replace(path: string, text: string): void;
  /** The text of an open file (null when it has no model). */
  text(path: string): string | null;
  /** Forget a closed file. */
  drop(path: string): void;
  focus(): void;
  setTheme(theme: Theme): void;
  setFontSize(px: number): void;
}

/** Colours close to the terminal's, so the two tabs feel like one surface. */
function defineThemes(): void {
  monaco.editor.defineTheme("cc-light", {
    base: "vs",
    inherit: true,
    rules: [],
    colors: {
      "editor.background": "#fbfcfd",
      "editor.lineHighlightBackground": "#eef3fa",
      "editorLineNumber.foreground": "#6e7781",
      "editorLineNumber.activeForeground": "#1b1f24",
    },
  });
  monaco.editor.defineTheme("cc-dark", {
    base: "vs-dark",
    inherit: true,
    rules: [],
    colors: {
      "editor.background": "#11161d",
      "editor.lineHighlightBackground": "#1a212b",
      "editorLineNumber.foreground": "#8b949e",
      "editorLineNumber.activeForeground": "#e6edf3",
    },
  });
}

const themeName = (theme: Theme) => (theme === "dark" ? "cc-dark" : "cc-light");
const uriOf = (path: string) => monaco.Uri.from({ scheme: "file", path });

let registered = false;

export function createSurface(host: HTMLElement, o: SurfaceOptions): Surface {
  if (!registered) {
    registered = true;
    defineThemes();
    registerDockerfile(monaco);
  }
  const editor = monaco.editor.create(host, {
    model: null,
    theme: themeName(o.theme),
    fontFamily: TERMINAL_FONT_FAMILY,
    fontSize: o.fontSize,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    wordWrap: "on",
    wordBasedSuggestions: "off",
    renderWhitespace: "selection",
    // Hovers and suggestions may leave the pane (it clips its content).
    fixedOverflowWidgets: true,
    unicodeHighlight: { ambiguousCharacters: false },
    tabSize: 4,
    padding: { top: 8 },
    ariaLabel: t.editor.title,
  });
  const views = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  let current: string | null = null;

  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
    if (current) o.onSave(current);
  });
  editor.onDidChangeModelContent(() => {
    if (current) o.onChange(current);
  });

  const modelOf = (path: string) => monaco.editor.getModel(uriOf(path));

  const surface: Surface = {
    show(path, text, language) {
      if (current === path && editor.getModel()) return;
      if (current) views.set(current, editor.saveViewState());
      let model = modelOf(path);
      if (!model) {
        model = monaco.editor.createModel(text, language, uriOf(path));
        // The machine is Linux: always LF, also on Windows PCs (Monaco picks CRLF there for files without a line end).
        model.setEOL(monaco.editor.EndOfLineSequence.LF);
      } else if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
      current = path;
      editor.setModel(model);
      editor.updateOptions({
        placeholder: language === "dockerfile" ? t.editor.placeholderDockerfile : undefined,
        ariaLabel: `${t.editor.title}: ${basename(path)}`,
      });
      const view = views.get(path);
      if (view) editor.restoreViewState(view);
    },
    replace(path, text) {
      const model = modelOf(path);
      if (!model || model.getValue() === text) return;
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
    },
    text(path) {
      return modelOf(path)?.getValue() ?? null;
    },
    drop(path) {
      views.delete(path);
      if (current === path) {
        editor.setModel(null);
        current = null;
      }
      modelOf(path)?.dispose();
    },
    focus() {
      editor.focus();
    },
    setTheme(theme) {
      monaco.editor.setTheme(themeName(theme));
    },
    setFontSize(px) {
      editor.updateOptions({ fontSize: px });
    },
  };

  installTestHooks(editor, () => current);
  return surface;
}

declare global {
  interface Window {
    /** For e2e tests and the bench: the editor's text and problems (present once Monaco has loaded). */
    __ccEditor?: {
      path(): string | null;
      getText(): string | null;
      getMarkers(): { message: string; severity: "error" | "warning" | "info" | "hint"; line: number }[];
    };
  }
}

function installTestHooks(editor: monaco.editor.IStandaloneCodeEditor, current: () => string | null): void {
  const sev = (s: monaco.MarkerSeverity) =>
    s === monaco.MarkerSeverity.Error
      ? "error"
      : s === monaco.MarkerSeverity.Warning
        ? "warning"
        : s === monaco.MarkerSeverity.Info
          ? "info"
          : "hint";
  window.__ccEditor = {
    path: current,
    getText: () => editor.getModel()?.getValue() ?? null,
    getMarkers: () => {
      const model = editor.getModel();
      if (!model) return [];
      return monaco.editor
        .getModelMarkers({ resource: model.uri })
        .map((mk) => ({ message: mk.message, severity: sev(mk.severity), line: mk.startLineNumber }));
    },
  };
}
