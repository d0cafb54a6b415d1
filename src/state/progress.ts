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
/** Writes to IndexedDB are coalesced to at most one per this many ms. */
const SAVE_DELAY_MS = 300;

export interface ProgressData {
  version: 1;
  /** Lesson id the learner is on; null before the first visit. */
  currentLesson: string | null;
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
}

export function emptyProgress(): ProgressData {
  return {
    version: 1,
    currentLesson: null,
    steps: {},
    completedTasks: {},
    quizAnswers: {},
    quizzesSolved: {},
    hints: {},
    solutionsShown: {},
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
const isTrue = (x: unknown): x is true => x === true;

/** Reads saved data defensively: anything malformed is dropped, not trusted. */
export function sanitizeProgress(saved: unknown): ProgressData {
  const p = emptyProgress();
  if (!isRecord(saved) || saved.version !== 1) return p;
  p.currentLesson = typeof saved.currentLesson === "string" ? saved.currentLesson : null;
  p.steps = pick(saved.steps, (x): x is number => isNum(x) && Number.isInteger(x));
  p.completedTasks = pick(saved.completedTasks, isNum);
  p.quizAnswers = pick(saved.quizAnswers, (x): x is number => isNum(x) && Number.isInteger(x));
  p.quizzesSolved = pick(saved.quizzesSolved, isTrue);
  p.hints = pick(saved.hints, (x): x is number => isNum(x) && Number.isInteger(x));
  p.solutionsShown = pick(saved.solutionsShown, isTrue);
  return p;
}

/**
 * Saved progress merged with what happened before loading finished (the
 * latter wins; completions are never lost, hints never go back).
 */
export function mergeProgress(saved: ProgressData, now: ProgressData): ProgressData {
  const hints = { ...saved.hints };
  for (const [k, n] of Object.entries(now.hints)) hints[k] = Math.max(hints[k] ?? 0, n);
  return {
    version: 1,
    currentLesson: now.currentLesson ?? saved.currentLesson,
    steps: { ...saved.steps, ...now.steps },
    completedTasks: { ...saved.completedTasks, ...now.completedTasks },
    quizAnswers: { ...saved.quizAnswers, ...now.quizAnswers },
    quizzesSolved: { ...saved.quizzesSolved, ...now.quizzesSolved },
    hints,
    solutionsShown: { ...saved.solutionsShown, ...now.solutionsShown },
  };
}

export interface ProgressState extends ProgressData {
  /** true once the saved progress was read (or found missing). */
  loaded: boolean;

  setCurrentLesson(lessonId: string): void;
  setStep(lessonId: string, step: number): void;
  completeTask(lessonId: string, taskId: string): void;
  answerQuiz(lessonId: string, quizId: string, choice: number, correct: boolean): void;
  /** Reveals one more hint (up to `total`); returns how many are revealed now. */
  revealHint(lessonId: string, taskId: string, total: number): number;
  markSolutionShown(lessonId: string, taskId: string): void;
  /** Forgets everything about one lesson. */
  resetLesson(lessonId: string): void;
}

function dataOf(s: ProgressState): ProgressData {
  const { version, currentLesson, steps, completedTasks, quizAnswers, quizzesSolved, hints, solutionsShown } = s;
  return { version, currentLesson, steps, completedTasks, quizAnswers, quizzesSolved, hints, solutionsShown };
}

const DATA_KEYS = Object.keys(emptyProgress()) as (keyof ProgressData)[];

/** Did any saved field change? (zustand keeps unchanged fields by reference.) */
function changed(a: ProgressState, b: ProgressState): boolean {
  return DATA_KEYS.some((k) => a[k] !== b[k]);
}

function withoutLesson<T>(rec: Record<string, T>, lessonId: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(rec)) if (!k.startsWith(`${lessonId}/`)) out[k] = v;
  return out;
}

export const useProgress = create<ProgressState>()((set, get) => ({
  ...emptyProgress(),
  loaded: false,

  setCurrentLesson(lessonId) {
    if (get().currentLesson !== lessonId) set({ currentLesson: lessonId });
  },
  setStep(lessonId, step) {
    if (get().steps[lessonId] !== step) set({ steps: { ...get().steps, [lessonId]: step } });
  },
  completeTask(lessonId, taskId) {
    const key = blockKey(lessonId, taskId);
    if (!(key in get().completedTasks)) set({ completedTasks: { ...get().completedTasks, [key]: Date.now() } });
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
    });
  },
}));

let storage: ProgressStorage = idbStorage;
let saveTimer: ReturnType<typeof setTimeout> | null = null;
let loading: Promise<void> | null = null;
let unsubscribe: (() => void) | null = null;

async function save(): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  try {
    await storage.set(PROGRESS_KEY, dataOf(useProgress.getState()));
  } catch (err) {
    console.warn("could not save progress:", err);
  }
}

/**
 * Loads saved progress (once) and saves every later change. Call at start;
 * safe to call again. `store` replaces IndexedDB (tests).
 */
export function loadProgress(store?: ProgressStorage): Promise<void> {
  if (store) storage = store;
  if (loading) return loading;
  loading = (async () => {
    let saved: unknown = null;
    try {
      saved = await storage.get(PROGRESS_KEY);
    } catch (err) {
      console.warn("could not read progress:", err);
    }
    const merged = mergeProgress(sanitizeProgress(saved), dataOf(useProgress.getState()));
    useProgress.setState({ ...merged, loaded: true });
    unsubscribe = useProgress.subscribe((s, prev) => {
      if (!changed(s, prev)) return;
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void save(), SAVE_DELAY_MS);
    });
  })();
  return loading;
}

/** Writes pending changes now (page hide, tests). */
export function flushProgress(): Promise<void> {
  return saveTimer ? save() : Promise.resolve();
}

/** Tests only: forget the loaded state and the storage. */
export function resetProgressModuleForTests(): void {
  unsubscribe?.();
  unsubscribe = null;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  loading = null;
  storage = idbStorage;
  useProgress.setState({ ...emptyProgress(), loaded: false });
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  window.addEventListener("pagehide", () => void flushProgress());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") void flushProgress();
  });
}
