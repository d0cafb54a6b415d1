/**
 * Monaco, bundled from its ESM build with only what the course needs:
 * the editor core, the editing features listed below, three languages
 * (Dockerfile, shell, YAML) and one web worker (the editor worker). No
 * TypeScript/JSON/CSS/HTML language services or workers, no CDN loader.
 *
 * This module and everything it imports form the lazy "editor" chunk: only
 * src/editor/session.ts imports it, with a dynamic import().
 */
import * as monaco from "monaco-editor/editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";

// Editing features (monaco-editor/features/<name>/register; see features/register.all for the full list).
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/cursorUndo/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/indentation/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/placeholderText/register";
import "monaco-editor/features/snippet/register";
import "monaco-editor/features/suggest/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/wordOperations/register";
// Not behind a feature entry point: the core editing commands, the suggest widget and the problem status.
import "monaco-editor/editor/browser/coreCommands.js";
import "monaco-editor/editor/contrib/suggest/browser/suggestController.js";
import "monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus.js";

// Languages: Monarch tokenizers only. Each `register` loads its grammar with import() on first use; importing
// the grammars here too keeps them in this chunk (they are small), so a file is coloured without another request.
import "monaco-editor/languages/definitions/dockerfile/register";
import "monaco-editor/languages/definitions/shell/register";
import "monaco-editor/languages/definitions/yaml/register";
import "monaco-editor/languages/definitions/dockerfile/dockerfile.js";
import "monaco-editor/languages/definitions/shell/shell.js";
import "monaco-editor/languages/definitions/yaml/yaml.js";

// One worker for everything: the editor worker (diffs, word ranges). Bundled by Vite, same origin.
self.MonacoEnvironment = {
  getWorker: () => new EditorWorker({ name: "monaco-editor" }),
};

export { monaco };
