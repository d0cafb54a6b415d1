/**
 * The editor beside the terminal: opens host files of the machine in tabs,
 * keeps unsaved changes as drafts in IndexedDB, and saves to the machine.
 *
 * - Files come and go only through the worker protocol (machine-client's
 *   readFile / writeFile); `code FILE` typed in the terminal arrives as
 *   `onOpenEditor`.
 * - Monaco is a separate, lazy chunk (./monaco/surface): it is imported the
 *   first time a file is shown, never on the first page load. After a reload
 *   the tabs come back (with their unsaved changes) but the terminal is on
 *   show, so Monaco still waits until a tab is clicked.
 * - A command starting in the terminal (a lesson's ▶ 실행 button) brings the
 *   terminal to the front, so its output is seen.
 * - A draft is written ~300 ms after each change, and at once when the page is
 *   hidden. It is removed a few seconds after a save (once the machine's
 *   snapshot with the saved file has surely been stored), or when the text
 *   equals the machine's file again.
 */
import { MachineRestartedError, onBusy, onOpenEditor, onReady, readFile, writeFile } from "../state/machine-client";
import { useAppStore } from "../state/store";
import { deleteDraft, loadDraft, loadSession, saveDraft, saveSession } from "./drafts";
import { languageFor } from "./languages";
import type { Surface } from "./monaco/surface";
import { type FileNotice, getFile, type OpenFile, patchFile, useEditorStore } from "./store";

const DRAFT_DELAY_MS = 300;
/** After a save, keep the draft this long: the machine's snapshot (with the saved file) is stored within ~1.2 s. */
const DRAFT_AFTER_SAVE_MS = 3000;

interface Doc {
  /** The machine's copy as last read or saved; null when the file does not exist there. */
  base: string | null;
  /** The editor's text (kept in step with Monaco's model). */
  text: string;
}

const docs = new Map<string, Doc>();
const loadingDocs = new Map<string, Promise<Doc | null>>();
const draftTimers = new Map<string, ReturnType<typeof setTimeout>>();

let surface: Surface | null = null;
let surfacePromise: Promise<Surface | null> | null = null;
let host: HTMLElement | null = null;
let hostWaiters: ((el: HTMLElement) => void)[] = [];
let showToken = 0;
let restored: Promise<void> = Promise.resolve();
let initialised = false;

// ───────────────────────────── public API ─────────────────────────────

/** Start listening for `code FILE` and bring back the tabs of the last visit. Safe to call twice. */
export function initEditor(): void {
  if (initialised) return;
  initialised = true;
  restored = restoreSession();
  onOpenEditor((path) => void openFile(path));
  onBusy((busy) => {
    if (busy && useEditorStore.getState().active !== null) activate(null);
  });
  // After a machine restart (reset, watchdog) the files may have changed under the editor.
  onReady(() => {
    const active = useEditorStore.getState().active;
    if (active && docs.has(active)) void refresh(active);
  });
  const flush = () => flushDrafts();
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
}

/** Open an absolute host path in a tab (or show its tab) and show it. */
export async function openFile(path: string): Promise<void> {
  await restored;
  if (!getFile(path)) {
    const file: OpenFile = {
      path,
      language: languageFor(path),
      status: "idle",
      dirty: false,
      saving: false,
      savedAt: null,
      error: null,
      notice: null,
    };
    useEditorStore.setState((s) => ({ files: [...s.files, file] }));
  }
  activate(path);
}

/** Show a file's tab, or the terminal (null). */
export function activate(path: string | null): void {
  if (path !== null && !getFile(path)) return;
  const wasActive = useEditorStore.getState().active;
  useEditorStore.setState({ active: path });
  persistSession();
  if (path === null) return;
  if (wasActive !== path && docs.has(path)) void refresh(path);
  void show(path);
}

/** Save the file's text to the machine (Ctrl+S). Resolves to whether it was saved. */
export async function save(path: string): Promise<boolean> {
  const doc = docs.get(path);
  const file = getFile(path);
  if (!doc || !file || file.saving) return false;
  syncFromSurface(path);
  const text = doc.text;
  patchFile(path, { saving: true, error: null });
  try {
    await writeFile(path, text);
  } catch (e) {
    patchFile(path, { saving: false, error: messageOf(e) });
    writeDraftNow(path);
    return false;
  }
  doc.base = text;
  const dirty = doc.text !== text;
  patchFile(path, { saving: false, dirty, savedAt: Date.now(), notice: null, error: null });
  if (!dirty) scheduleDraft(path, DRAFT_AFTER_SAVE_MS);
  return true;
}

/** Close a tab. Unsaved changes are thrown away (the UI asks first). */
export function close(path: string): void {
  const { files, active } = useEditorStore.getState();
  const i = files.findIndex((f) => f.path === path);
  if (i < 0) return;
  const rest = files.filter((f) => f.path !== path);
  docs.delete(path);
  loadingDocs.delete(path);
  const timer = draftTimers.get(path);
  if (timer) clearTimeout(timer);
  draftTimers.delete(path);
  void deleteDraft(path);
  surface?.drop(path);
  useEditorStore.setState({ files: rest });
  if (active === path) activate(rest.length > 0 ? rest[Math.min(i, rest.length - 1)].path : null);
  else persistSession();
}

/** Replace the editor's text with the machine's copy and forget the draft. */
export function takeMachineCopy(path: string): void {
  const doc = docs.get(path);
  if (!doc) return;
  const text = doc.base ?? "";
  doc.text = text;
  surface?.replace(path, text);
  patchFile(path, { dirty: doc.base === null, notice: doc.base === null ? "missing" : null, error: null });
  void deleteDraft(path);
}

/** Keep the editor's text (dismiss the notice). */
export function dismissNotice(path: string): void {
  patchFile(path, { notice: null });
}

/** Give the editor the element Monaco should live in (the editor pane mounts it). */
export function attachHost(el: HTMLElement): void {
  host = el;
  const waiting = hostWaiters;
  hostWaiters = [];
  for (const w of waiting) w(el);
}

/** Focus the editor's text (after clicking a tab). */
export function focusEditor(): void {
  surface?.focus();
}

// ───────────────────────────── internals ─────────────────────────────

/** Bring back the tabs of the last visit (the terminal stays on show: Monaco loads when a tab is clicked). */
async function restoreSession(): Promise<void> {
  const session = await loadSession();
  if (!session || session.files.length === 0) return;
  const files: OpenFile[] = await Promise.all(
    session.files.map(async (path) => ({
      path,
      language: languageFor(path),
      status: "idle" as const,
      // A draft means unsaved changes (checked against the machine when the file is shown).
      dirty: (await loadDraft(path)) !== null,
      saving: false,
      savedAt: null,
      error: null,
      notice: null,
    })),
  );
  const opened = useEditorStore.getState().files.filter((f) => !session.files.includes(f.path));
  useEditorStore.setState({ files: [...files, ...opened] });
}

function persistSession(): void {
  void saveSession({ version: 1, files: useEditorStore.getState().files.map((f) => f.path) });
}

async function show(path: string): Promise<void> {
  const token = ++showToken;
  const [s, doc] = await Promise.all([ensureSurface(), ensureDoc(path)]);
  if (token !== showToken || useEditorStore.getState().active !== path || !s || !doc) return;
  s.show(path, doc.text, getFile(path)?.language ?? languageFor(path, doc.text));
  s.focus();
}

function waitForHost(): Promise<HTMLElement> {
  if (host) return Promise.resolve(host);
  return new Promise((resolve) => hostWaiters.push(resolve));
}

function ensureSurface(): Promise<Surface | null> {
  if (surface) return Promise.resolve(surface);
  if (surfacePromise) return surfacePromise;
  useEditorStore.setState({ monaco: "loading" });
  surfacePromise = (async () => {
    try {
      const [mod, el] = await Promise.all([import("./monaco/surface"), waitForHost()]);
      const app = useAppStore.getState();
      const created = mod.createSurface(el, {
        theme: app.theme,
        fontSize: app.terminalFontSize,
        onChange: onEdited,
        onSave: (path) => void save(path),
      });
      useAppStore.subscribe((st, prev) => {
        if (st.theme !== prev.theme) created.setTheme(st.theme);
        if (st.terminalFontSize !== prev.terminalFontSize) created.setFontSize(st.terminalFontSize);
      });
      surface = created;
      useEditorStore.setState({ monaco: "ready" });
      return created;
    } catch (err) {
      console.error("the editor could not be loaded:", err);
      surfacePromise = null;
      useEditorStore.setState({ monaco: "error" });
      return null;
    }
  })();
  return surfacePromise;
}

function ensureDoc(path: string): Promise<Doc | null> {
  const known = docs.get(path);
  if (known) return Promise.resolve(known);
  const pending = loadingDocs.get(path);
  if (pending) return pending;
  const loading = loadDoc(path).finally(() => {
    if (loadingDocs.get(path) === loading) loadingDocs.delete(path);
  });
  loadingDocs.set(path, loading);
  return loading;
}

async function loadDoc(path: string): Promise<Doc | null> {
  patchFile(path, { status: "loading", error: null });
  const [disk, draft] = await Promise.all([readMachine(path), loadDraft(path)]);
  if (!getFile(path)) return null; // closed meanwhile
  if (disk.error !== null) {
    patchFile(path, { status: "error", error: disk.error });
    return null;
  }
  const base = disk.content;
  let text = base ?? "";
  let notice: FileNotice | null = base === null ? "missing" : null;
  if (draft && draft.content !== base) {
    text = draft.content;
    notice = base === null ? "missing" : draft.base !== base ? "changedOnDisk" : "restoredDraft";
  } else if (draft) void deleteDraft(path); // the machine already has it
  const doc: Doc = { base, text };
  docs.set(path, doc);
  patchFile(path, {
    status: "ready",
    language: languageFor(path, text),
    dirty: base === null || text !== base,
    notice,
  });
  return doc;
}

/** The machine's copy: content (null when missing) or an error that stops the editor from opening it. */
async function readMachine(path: string): Promise<{ content: string | null; error: string | null }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { content: await readFile(path), error: null };
    } catch (e) {
      const msg = messageOf(e);
      if (/ENOENT/.test(msg)) return { content: null, error: null };
      if (e instanceof MachineRestartedError && attempt < 2) continue;
      return { content: null, error: msg };
    }
  }
}

/** The machine's file may have changed while the tab was hidden (the terminal writes files too). */
async function refresh(path: string): Promise<void> {
  const doc = docs.get(path);
  if (!doc) return;
  const disk = await readMachine(path);
  if (disk.error !== null || docs.get(path) !== doc || disk.content === doc.base) return;
  syncFromSurface(path);
  const wasClean = doc.base !== null && doc.text === doc.base;
  doc.base = disk.content;
  if (wasClean && disk.content !== null) {
    doc.text = disk.content;
    surface?.replace(path, disk.content);
    patchFile(path, { dirty: false, notice: null });
    return;
  }
  patchFile(path, {
    dirty: doc.base === null || doc.text !== doc.base,
    notice: doc.base === null ? "missing" : doc.text === doc.base ? null : "changedOnDisk",
  });
  scheduleDraft(path);
}

function syncFromSurface(path: string): void {
  const doc = docs.get(path);
  const text = surface?.text(path);
  if (doc && text !== undefined && text !== null) doc.text = text;
}

function onEdited(path: string): void {
  const doc = docs.get(path);
  if (!doc) return;
  syncFromSurface(path);
  const dirty = doc.base === null || doc.text !== doc.base;
  const file = getFile(path);
  patchFile(path, { dirty, savedAt: dirty ? null : (file?.savedAt ?? null) });
  scheduleDraft(path);
}

function scheduleDraft(path: string, delay = DRAFT_DELAY_MS): void {
  const old = draftTimers.get(path);
  if (old) clearTimeout(old);
  draftTimers.set(
    path,
    setTimeout(() => writeDraftNow(path), delay),
  );
}

function writeDraftNow(path: string): void {
  const timer = draftTimers.get(path);
  if (timer) clearTimeout(timer);
  draftTimers.delete(path);
  const doc = docs.get(path);
  if (!doc) return;
  syncFromSurface(path);
  if (doc.base !== null && doc.text === doc.base) void deleteDraft(path);
  else void saveDraft({ version: 1, path, content: doc.text, base: doc.base, time: Date.now() });
}

/** Write every pending draft now (the page is being hidden or closed). Drafts waiting out a save stay. */
function flushDrafts(): void {
  for (const path of [...draftTimers.keys()]) {
    const doc = docs.get(path);
    if (doc && (doc.base === null || doc.text !== doc.base)) writeDraftNow(path);
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
