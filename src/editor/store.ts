/**
 * The editor's UI state (zustand): which files have tabs beside the terminal,
 * which tab is on show, and each file's status. The text itself lives in
 * Monaco's models (and, unsaved, in IndexedDB drafts), not here.
 * No Monaco import: this module is part of the first page load.
 */
import { create } from "zustand";
import type { EditorLanguage } from "./languages";

/** Something the learner should know about a file, shown above the editor. */
export type FileNotice =
  /** Unsaved changes from an earlier visit were brought back. */
  | "restoredDraft"
  /** The file changed in the machine (e.g. `echo >> Dockerfile`) while the editor holds unsaved changes. */
  | "changedOnDisk"
  /** The file is not in the machine (deleted, or the machine was reset): saving creates it again. */
  | "missing";

export interface OpenFile {
  /** Absolute path on the machine's host. */
  path: string;
  language: EditorLanguage;
  /** "idle": restored tab whose content is not loaded yet (Monaco loads only when it is shown). */
  status: "idle" | "loading" | "ready" | "error";
  /** The editor's text differs from the machine's file. */
  dirty: boolean;
  saving: boolean;
  /** Time of the last successful save in this visit (for the "저장했어요" hint). */
  savedAt: number | null;
  /** A load or save error (the machine's message). */
  error: string | null;
  notice: FileNotice | null;
}

export interface EditorState {
  files: OpenFile[];
  /** The tab on show beside the terminal: null is the terminal itself. */
  active: string | null;
  /** Monaco's lazy chunk: loaded the first time a file is shown. */
  monaco: "idle" | "loading" | "ready" | "error";
}

export const useEditorStore = create<EditorState>()(() => ({
  files: [],
  active: null,
  monaco: "idle",
}));

export function getFile(path: string): OpenFile | undefined {
  return useEditorStore.getState().files.find((f) => f.path === path);
}

/** Update one file's fields (no-op when nothing changes, so React does not re-render for nothing). */
export function patchFile(path: string, patch: Partial<OpenFile>): void {
  const { files } = useEditorStore.getState();
  const i = files.findIndex((f) => f.path === path);
  if (i < 0) return;
  const cur = files[i];
  if ((Object.keys(patch) as (keyof OpenFile)[]).every((k) => cur[k] === patch[k])) return;
  const next = files.slice();
  next[i] = { ...cur, ...patch };
  useEditorStore.setState({ files: next });
}
