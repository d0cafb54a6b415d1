/**
 * Unsaved editor changes and the open tabs, kept in IndexedDB (idb-keyval) so
 * a reload, a crash or a closed laptop never loses them. Drafts are written a
 * moment after each change and at once when the page is hidden.
 */
import { del, get, set } from "idb-keyval";

export const SESSION_KEY = "editor-session";
export const DRAFT_PREFIX = "editor-draft:";

/** The open tabs, in order. */
export interface EditorSession {
  version: 1;
  files: string[];
}

export interface Draft {
  version: 1;
  path: string;
  content: string;
  /** The machine's copy when the draft began (null: the file did not exist). */
  base: string | null;
  time: number;
}

/** IndexedDB may be missing or refuse (private mode, full disk): the editor keeps working without it. */
async function quietly<T>(op: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await op();
  } catch (err) {
    console.warn("editor: IndexedDB is not available:", err);
    return fallback;
  }
}

export function loadSession(): Promise<EditorSession | null> {
  return quietly(async () => {
    const s = await get<EditorSession>(SESSION_KEY);
    return s && s.version === 1 && Array.isArray(s.files) ? s : null;
  }, null);
}

export function saveSession(session: EditorSession): Promise<void> {
  return quietly(() => set(SESSION_KEY, session), undefined);
}

export function loadDraft(path: string): Promise<Draft | null> {
  return quietly(async () => {
    const d = await get<Draft>(DRAFT_PREFIX + path);
    return d && d.version === 1 && typeof d.content === "string" ? d : null;
  }, null);
}

export function saveDraft(draft: Draft): Promise<void> {
  return quietly(() => set(DRAFT_PREFIX + draft.path, draft), undefined);
}

export function deleteDraft(path: string): Promise<void> {
  return quietly(() => del(DRAFT_PREFIX + path), undefined);
}
