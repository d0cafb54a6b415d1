/**
 * The learner's progress through the course: current lesson and step, tasks
 * completed, quiz answers, hints revealed, solutions seen. Saved in IndexedDB
 * (idb-keyval) and loaded at start, so it survives a reload.
 *
 * Keys of tasks and quizzes are `<lessonId>/<blockId>` (see `blockKey`):
 * lesson ids are stable file slugs, so renumbering lesson files keeps progress.
 */
import { get as idbGet, set as idbSet } from "idb-keyval";
import { create } from "zustand";

export const PROGRESS_KEY = "course-progress";
/** Ordinary changes are coalesced to at most one write per this many ms. */
const SAVE_DELAY_MS = 300;
/** Tabs of the same origin tell each other here that they wrote progress. */
const CHANNEL_NAME = "cc-progress";
/** Web Locks name: one tab at a time reads, merges and writes. */
const LOCK_NAME = "cc-progress-write";

/**
 * The schema version this build writes. Older saves are brought up to it by
 * `migrateProgress`; a save from a newer build is not understood (ignored on
 * load, refused on import).
 *
 * - 1: the first format.
 * - 2: `resets` (when each lesson was last reset, so another tab's older
 *   progress does not bring a reset lesson back) and `epoch` (when progress
 *   was last replaced as a whole by an import: older data loses entirely).
 */
export const PROGRESS_VERSION = 2;

export interface ProgressData {
  version: typeof PROGRESS_VERSION;
  /** Lesson id the learner is on; null before the first visit. */
  currentLesson: string | null;
  /**
   * Free sandbox mode (the machine with no lesson): true while in it, false once
   * the learner went back to the lessons, null if never chosen. Optional in
   * saves: older saves simply have none.
   */
  sandbox: boolean | null;
  /** Current step index per lesson id. */
  steps: Record<string, number>;
  /** Completed tasks: key → time completed (ms since epoch). */
  completedTasks: Record<string, number>;
  /** Last chosen choice index per quiz key. */
  quizAnswers: Record<string, number>;
  /** Quizzes answered correctly at least once: key → true. */
  quizzesSolved: Record<string, true>;
  /** Number of hints revealed per task key. */
  hints: Record<string, number>;
  /** Tasks whose solution was shown: key → true. */
  solutionsShown: Record<string, true>;
  /** Lesson id → time it was last reset (ms since epoch). */
  resets: Record<string, number>;
  /** Time progress was last replaced as a whole (import); 0 = never. */
  epoch: number;
}

export function emptyProgress(): ProgressData {
  return {
    version: PROGRESS_VERSION,
    currentLesson: null,
    sandbox: null,
    steps: {},
    completedTasks: {},
    quizAnswers: {},
    quizzesSolved: {},
    hints: {},
    solutionsShown: {},
    resets: {},
    epoch: 0,
  };
}

/** `<lessonId>/<taskOrQuizId>` */
export function blockKey(lessonId: string, blockId: string): string {
  return `${lessonId}/${blockId}`;
}

/** Where progress is kept. IndexedDB in the browser; a fake in tests. */
export interface ProgressStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

const idbStorage: ProgressStorage = { get: (k) => idbGet(k), set: (k, v) => idbSet(k, v) };

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function pick<T>(v: unknown, ok: (x: unknown) => x is T): Record<string, T> {
  const out: Record<string, T> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (ok(x)) out[k] = x;
  return out;
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0;
const isInt = (x: unknown): x is number => isNum(x) && Number.isInteger(x);
const isTrue = (x: unknown): x is true => x === true;

/** One step per old version: `MIGRATIONS[n]` turns a version-n object into version n+1. */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  1: (old) => ({ ...old, version: 2, resets: {}, epoch: 0 }),
};

/**
 * Brings saved data of any known version up to `PROGRESS_VERSION`. Returns
 * null for what is not progress at all or comes from a newer build.
 * The result is still unchecked: pass it through `sanitizeProgress`.
 */
export function migrateProgress(saved: unknown): Record<string, unknown> | null {
  if (!isRecord(saved) || !isInt(saved.version) || saved.version < 1) return null;
  let data = saved;
  while ((data.version as number) < PROGRESS_VERSION) {
    const step = MIGRATIONS[data.version as number];
    if (!step) return null;
    data = step(data);
  }
  return data.version === PROGRESS_VERSION ? data : null;
}

/** Reads saved data defensively (any known version): anything malformed is dropped, not trusted. */
export function sanitizeProgress(saved: unknown): ProgressData {
  const p = emptyProgress();
  const data = migrateProgress(saved);
  if (!data) return p;
  p.currentLesson = typeof data.currentLesson === "string" ? data.currentLesson : null;
  p.sandbox = typeof data.sandbox === "boolean" ? data.sandbox : null;
  p.steps = pick(data.steps, isInt);
  p.completedTasks = pick(data.completedTasks, isNum);
  p.quizAnswers = pick(data.quizAnswers, isInt);
  p.quizzesSolved = pick(data.quizzesSolved, isTrue);
  p.hints = pick(data.hints, isInt);
  p.solutionsShown = pick(data.solutionsShown, isTrue);
  p.resets = pick(data.resets, isNum);
  p.epoch = isNum(data.epoch) ? data.epoch : 0;
  return p;
}

function lessonOf(key: string): string {
  const i = key.indexOf("/");
  return i < 0 ? key : key.slice(0, i);
}

/**
 * Drops what `p` knows about lessons that were reset (in `resets`) after `p`
 * last saw them reset. Completions later than the reset are kept.
 */
function withoutStale(p: ProgressData, resets: Record<string, number>): ProgressData {
  const stale = (lesson: string) => (resets[lesson] ?? 0) > (p.resets[lesson] ?? 0);
  if (!Object.keys(resets).some(stale)) return p;
  const keep = <T>(rec: Record<string, T>, ok: (k: string, v: T) => boolean = () => false) => {
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(rec)) if (!stale(lessonOf(k)) || ok(k, v)) out[k] = v;
    return out;
  };
  return {
    ...p,
    steps: keep(p.steps),
    completedTasks: keep(p.completedTasks, (k, t) => t > (resets[lessonOf(k)] ?? 0)),
    quizAnswers: keep(p.quizAnswers),
    quizzesSolved: keep(p.quizzesSolved),
    hints: keep(p.hints),
    solutionsShown: keep(p.solutionsShown),
  };
}

/**
 * Merges two copies of progress: what is stored (another tab may have written
 * it) and what this tab holds (`now`, which wins where they disagree on a
 * value). Nothing done in either is lost: completions and solved quizzes are
 * united, hints never go back. A lesson reset in one wins over older progress
 * of that lesson in the other; an import (newer `epoch`) wins over everything.
 */
export function mergeProgress(saved: ProgressData, now: ProgressData): ProgressData {
  if (saved.epoch !== now.epoch) {
    const winner = saved.epoch > now.epoch ? saved : now;
    return {
      ...winner,
      currentLesson: now.currentLesson ?? winner.currentLesson,
      sandbox: now.sandbox ?? winner.sandbox,
    };
  }
  const resets = { ...saved.resets };
  for (const [k, t] of Object.entries(now.resets)) resets[k] = Math.max(resets[k] ?? 0, t);
  const a = withoutStale(saved, resets);
  const b = withoutStale(now, resets);
  const hints = { ...a.hints };
  for (const [k, n] of Object.entries(b.hints)) hints[k] = Math.max(hints[k] ?? 0, n);
  const completedTasks = { ...a.completedTasks };
  for (const [k, t] of Object.entries(b.completedTasks)) completedTasks[k] = Math.min(completedTasks[k] ?? t, t);
  return {
    version: PROGRESS_VERSION,
    currentLesson: now.currentLesson ?? saved.currentLesson,
    sandbox: now.sandbox ?? saved.sandbox,
    steps: { ...a.steps, ...b.steps },
    completedTasks,
    quizAnswers: { ...a.quizAnswers, ...b.quizAnswers },
    quizzesSolved: { ...a.quizzesSolved, ...b.quizzesSolved },
    hints,
    solutionsShown: { ...a.solutionsShown, ...b.solutionsShown },
    resets,
    epoch: now.epoch,
  };
}

/** What an exported progress file holds. */
export const EXPORT_KIND = "container-classroom-progress";

/** The JSON text of a progress file (export). */
export function exportProgressText(data: ProgressData, exportedAt = new Date()): string {
  return `${JSON.stringify({ kind: EXPORT_KIND, exportedAt: exportedAt.toISOString(), progress: data }, null, 2)}\n`;
}

/** Why a progress file was refused (the UI shows a Korean sentence for each). */
export type ImportError = "notJson" | "notProgress" | "newerVersion";

/** Reads a progress file. Never throws: an invalid file is an error, not partial data. */
export function parseProgressFile(text: string): { ok: true; data: ProgressData } | { ok: false; error: ImportError } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: "notJson" };
  }
  if (!isRecord(json) || json.kind !== EXPORT_KIND || !isRecord(json.progress))
    return { ok: false, error: "notProgress" };
  const version = json.progress.version;
  if (!isInt(version) || version < 1) return { ok: false, error: "notProgress" };
  if (version > PROGRESS_VERSION) return { ok: false, error: "newerVersion" };
  if (!migrateProgress(json.progress)) return { ok: false, error: "notProgress" };
  return { ok: true, data: sanitizeProgress(json.progress) };
}

export interface ProgressState extends ProgressData {
  /** true once the saved progress was read (or found missing). */
  loaded: boolean;

  setCurrentLesson(lessonId: string): void;
  /** Enters (true) or leaves (false) the free sandbox mode; the current lesson is kept. */
  setSandbox(on: boolean): void;
  setStep(lessonId: string, step: number): void;
  completeTask(lessonId: string, taskId: string): void;
  answerQuiz(lessonId: string, quizId: string, choice: number, correct: boolean): void;
  /** Reveals one more hint (up to `total`); returns how many are revealed now. */
  revealHint(lessonId: string, taskId: string, total: number): number;
  markSolutionShown(lessonId: string, taskId: string): void;
  /** Forgets everything about one lesson (also in other tabs). */
  resetLesson(lessonId: string): void;
  /** Replaces all progress with `data` (an imported file); saved at once, other tabs follow. */
  replaceAll(data: ProgressData): void;
}

function dataOf(s: ProgressData): ProgressData {
  const {
    version,
    currentLesson,
    sandbox,
    steps,
    completedTasks,
    quizAnswers,
    quizzesSolved,
    hints,
    solutionsShown,
    resets,
    epoch,
  } = s;
  return {
    version,
    currentLesson,
    sandbox,
    steps,
    completedTasks,
    quizAnswers,
    quizzesSolved,
    hints,
    solutionsShown,
    resets,
    epoch,
  };
}

const DATA_KEYS = Object.keys(emptyProgress()) as (keyof ProgressData)[];

/** Did any saved field change? (zustand keeps unchanged fields by reference.) */
function changed(a: ProgressData, b: ProgressData): boolean {
  return DATA_KEYS.some((k) => a[k] !== b[k]);
}

/** Changes that must reach storage at once, not after the debounce. */
function urgent(s: ProgressData, prev: ProgressData): boolean {
  return (
    s.epoch !== prev.epoch ||
    s.resets !== prev.resets ||
    Object.keys(s.completedTasks).some((k) => !(k in prev.completedTasks))
  );
}

function withoutLesson<T>(rec: Record<string, T>, lessonId: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(rec)) if (!k.startsWith(`${lessonId}/`)) out[k] = v;
  return out;
}

/** A clock that never repeats or goes back, for reset and import times. */
let lastStamp = 0;
function stamp(): number {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return lastStamp;
}

export const useProgress = create<ProgressState>()((set, get) => ({
  ...emptyProgress(),
  loaded: false,

  setCurrentLesson(lessonId) {
    if (get().currentLesson !== lessonId) set({ currentLesson: lessonId });
  },
  setSandbox(on) {
    if ((get().sandbox ?? false) !== on) set({ sandbox: on });
  },
  setStep(lessonId, step) {
    if (get().steps[lessonId] !== step) set({ steps: { ...get().steps, [lessonId]: step } });
  },
  completeTask(lessonId, taskId) {
    const key = blockKey(lessonId, taskId);
    if (!(key in get().completedTasks)) set({ completedTasks: { ...get().completedTasks, [key]: stamp() } });
  },
  answerQuiz(lessonId, quizId, choice, correct) {
    const key = blockKey(lessonId, quizId);
    const s = get();
    set({
      quizAnswers: { ...s.quizAnswers, [key]: choice },
      quizzesSolved: correct ? { ...s.quizzesSolved, [key]: true } : s.quizzesSolved,
    });
  },
  revealHint(lessonId, taskId, total) {
    const key = blockKey(lessonId, taskId);
    const n = Math.min(total, (get().hints[key] ?? 0) + 1);
    set({ hints: { ...get().hints, [key]: n } });
    return n;
  },
  markSolutionShown(lessonId, taskId) {
    set({ solutionsShown: { ...get().solutionsShown, [blockKey(lessonId, taskId)]: true } });
  },
  resetLesson(lessonId) {
    const s = get();
    const steps = { ...s.steps };
    delete steps[lessonId];
    set({
      steps,
      completedTasks: withoutLesson(s.completedTasks, lessonId),
      quizAnswers: withoutLesson(s.quizAnswers, lessonId),
      quizzesSolved: withoutLesson(s.quizzesSolved, lessonId),
      hints: withoutLesson(s.hints, lessonId),
      solutionsShown: withoutLesson(s.solutionsShown, lessonId),
      resets: { ...s.resets, [lessonId]: stamp() },
    });
  },
  replaceAll(data) {
    set({ ...dataOf(sanitizeProgress(data)), epoch: Math.max(stamp(), get().epoch + 1) });
  },
}));

let storage: ProgressStorage = idbStorage;
let saveTimer: ReturnType<typeof setTimeout> | null = null;
let loading: Promise<void> | null = null;
let unsubscribe: (() => void) | null = null;
/** Saves run one after another in this tab. */
let saving: Promise<void> = Promise.resolve();
/** State written by this module itself (merged in from storage): not a change to save. */
let adopting = false;
let channel: BroadcastChannel | null = null;

interface LockManagerLike {
  request(name: string, cb: () => Promise<void>): Promise<void>;
}

/** Across tabs, one read-merge-write at a time (Web Locks where the browser has them). */
function withLock(fn: () => Promise<void>): Promise<void> {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks ? locks.request(LOCK_NAME, fn) : fn();
}

/** Takes in what another tab stored, keeping this tab's own current lesson and its unsaved changes. */
function adopt(stored: ProgressData): void {
  const s = useProgress.getState();
  // Merged again with the state as it is now: changes made while storage was busy stay.
  const next = mergeProgress(stored, dataOf(s));
  if (!changed(next, s)) return;
  adopting = true;
  try {
    useProgress.setState(next);
  } finally {
    adopting = false;
  }
}

async function readStored(from: ProgressStorage = storage): Promise<ProgressData> {
  return sanitizeProgress(await from.get(PROGRESS_KEY));
}

/**
 * Reads what is stored, merges this tab's progress into it and writes the
 * result, so two tabs never overwrite each other's progress; then tells the
 * other tabs to read it again.
 */
function save(): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  const store = storage;
  saving = saving.then(() =>
    withLock(async () => {
      if (store !== storage) return; // the module was reset meanwhile (tests)
      try {
        const local = dataOf(useProgress.getState());
        let stored: ProgressData | null = null;
        try {
          stored = await readStored(store);
        } catch (err) {
          console.warn("could not read progress before saving:", err);
        }
        const merged = stored ? mergeProgress(stored, local) : local;
        await store.set(PROGRESS_KEY, merged);
        adopt(merged);
        channel?.postMessage({ type: "saved" });
      } catch (err) {
        console.warn("could not save progress:", err);
      }
    }),
  );
  return saving;
}

/** Another tab saved: read its progress and merge it in. */
function refresh(): Promise<void> {
  saving = saving.then(async () => {
    try {
      adopt(await readStored());
    } catch (err) {
      console.warn("could not read progress:", err);
    }
  });
  return saving;
}

function onChange(s: ProgressState, prev: ProgressState): void {
  if (adopting || !changed(s, prev)) return;
  if (urgent(s, prev)) {
    void save();
    return;
  }
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void save(), SAVE_DELAY_MS);
}

/**
 * Loads saved progress (once) and saves every later change. Call at start;
 * safe to call again. `store` replaces IndexedDB (tests).
 */
export function loadProgress(store?: ProgressStorage): Promise<void> {
  if (store) storage = store;
  if (loading) return loading;
  loading = (async () => {
    let saved: ProgressData = emptyProgress();
    try {
      saved = await readStored();
    } catch (err) {
      console.warn("could not read progress:", err);
    }
    const merged = mergeProgress(saved, dataOf(useProgress.getState()));
    useProgress.setState({ ...merged, loaded: true });
    unsubscribe = useProgress.subscribe(onChange);
    if (typeof BroadcastChannel !== "undefined" && !channel) {
      channel = new BroadcastChannel(CHANNEL_NAME);
      channel.onmessage = () => void refresh();
    }
  })();
  return loading;
}

/** This tab's progress as plain data (what an export writes). */
export function progressSnapshot(): ProgressData {
  return dataOf(useProgress.getState());
}

/** Writes pending changes now (page hide, tests). */
export function flushProgress(): Promise<void> {
  return saveTimer ? save() : saving;
}

/** Tests only: what `refresh` does when another tab announces a save. */
export function refreshProgressForTests(): Promise<void> {
  return refresh();
}

/** Tests only: forget the loaded state and the storage. */
export function resetProgressModuleForTests(): void {
  unsubscribe?.();
  unsubscribe = null;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  loading = null;
  saving = Promise.resolve();
  channel?.close();
  channel = null;
  storage = idbStorage;
  useProgress.setState({ ...emptyProgress(), loaded: false });
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  window.addEventListener("pagehide", () => void flushProgress());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") void flushProgress();
  });
}
