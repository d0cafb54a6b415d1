import { afterEach, describe, expect, it } from "vitest";
import {
  blockKey,
  EXPORT_KIND,
  emptyProgress,
  exportProgressText,
  flushProgress,
  loadProgress,
  mergeProgress,
  migrateProgress,
  PROGRESS_KEY,
  PROGRESS_VERSION,
  type ProgressData,
  type ProgressStorage,
  parseProgressFile,
  refreshProgressForTests,
  resetProgressModuleForTests,
  sanitizeProgress,
  useProgress,
} from "./progress";

function memoryStorage(initial?: unknown) {
  const data = new Map<string, unknown>();
  if (initial !== undefined) data.set(PROGRESS_KEY, initial);
  const storage: ProgressStorage = {
    async get(k) {
      return structuredClone(data.get(k));
    },
    async set(k, v) {
      data.set(k, structuredClone(v));
    },
  };
  return { storage, data };
}

afterEach(() => resetProgressModuleForTests());

describe("progress", () => {
  it("saves changes and loads them back (a reload)", async () => {
    const mem = memoryStorage();
    await loadProgress(mem.storage);
    const p = useProgress.getState();
    p.setCurrentLesson("what-is-docker");
    p.setStep("what-is-docker", 2);
    p.completeTask("what-is-docker", "run-hello");
    p.answerQuiz("what-is-docker", "why-isolation", 1, false);
    p.answerQuiz("what-is-docker", "why-isolation", 0, true);
    expect(p.revealHint("what-is-docker", "named-first", 2)).toBe(1);
    expect(useProgress.getState().revealHint("what-is-docker", "named-first", 2)).toBe(2);
    expect(useProgress.getState().revealHint("what-is-docker", "named-first", 2)).toBe(2);
    useProgress.getState().markSolutionShown("what-is-docker", "named-first");
    await flushProgress();

    resetProgressModuleForTests();
    expect(useProgress.getState().currentLesson).toBeNull();
    await loadProgress(memoryStorage(mem.data.get(PROGRESS_KEY)).storage);
    const s = useProgress.getState();
    expect(s.loaded).toBe(true);
    expect(s.currentLesson).toBe("what-is-docker");
    expect(s.steps).toEqual({ "what-is-docker": 2 });
    expect(Object.keys(s.completedTasks)).toEqual([blockKey("what-is-docker", "run-hello")]);
    expect(s.quizAnswers).toEqual({ "what-is-docker/why-isolation": 0 });
    expect(s.quizzesSolved).toEqual({ "what-is-docker/why-isolation": true });
    expect(s.hints).toEqual({ "what-is-docker/named-first": 2 });
    expect(s.solutionsShown).toEqual({ "what-is-docker/named-first": true });
  });

  it("keeps what happened before loading finished", () => {
    const saved = { ...emptyProgress(), currentLesson: "a", completedTasks: { "a/x": 1 }, hints: { "a/x": 2 } };
    const now = { ...emptyProgress(), completedTasks: { "a/y": 2 }, hints: { "a/x": 1 } };
    const m = mergeProgress(saved, now);
    expect(m.currentLesson).toBe("a");
    expect(m.completedTasks).toEqual({ "a/x": 1, "a/y": 2 });
    expect(m.hints).toEqual({ "a/x": 2 });
  });

  it("drops malformed saved data instead of trusting it", () => {
    expect(sanitizeProgress(null)).toEqual(emptyProgress());
    expect(sanitizeProgress({ version: 2 })).toEqual(emptyProgress());
    const p = sanitizeProgress({
      version: 1,
      currentLesson: 3,
      steps: { a: 1.5, b: 2 },
      completedTasks: { "a/x": "yes" },
      hints: [],
    });
    expect(p.currentLesson).toBeNull();
    expect(p.steps).toEqual({ b: 2 });
    expect(p.completedTasks).toEqual({});
    expect(p.hints).toEqual({});
  });

  it("resets one lesson only", async () => {
    await loadProgress(memoryStorage().storage);
    const p = useProgress.getState();
    p.completeTask("a", "x");
    p.completeTask("b", "x");
    p.setStep("a", 3);
    useProgress.getState().resetLesson("a");
    expect(Object.keys(useProgress.getState().completedTasks)).toEqual(["b/x"]);
    expect(useProgress.getState().steps).toEqual({});
  });

  it("starts even when storage fails", async () => {
    await loadProgress({
      get: () => Promise.reject(new Error("no idb")),
      set: () => Promise.reject(new Error("no idb")),
    });
    expect(useProgress.getState().loaded).toBe(true);
    useProgress.getState().completeTask("a", "x");
    await flushProgress();
  });

  it("loads version 1 saves (the first format) through the migration", async () => {
    // Exactly what the build before schema version 2 wrote.
    const v1 = {
      version: 1,
      currentLesson: "image-is-a-mould",
      steps: { "image-is-a-mould": 1 },
      completedTasks: { "what-is-docker/run-hello": 1700000000000 },
      quizAnswers: { "what-is-docker/q": 2 },
      quizzesSolved: { "what-is-docker/q": true },
      hints: { "image-is-a-mould/look": 1 },
      solutionsShown: {},
    };
    expect(migrateProgress(v1)).toMatchObject({ version: PROGRESS_VERSION, resets: {}, epoch: 0 });
    await loadProgress(memoryStorage(v1).storage);
    const s = useProgress.getState();
    expect(s.version).toBe(PROGRESS_VERSION);
    expect(s.currentLesson).toBe("image-is-a-mould");
    expect(s.completedTasks).toEqual(v1.completedTasks);
    expect(s.hints).toEqual(v1.hints);
    expect(s.resets).toEqual({});
  });

  it("ignores saves from a newer build and things that are not progress", () => {
    expect(migrateProgress({ version: PROGRESS_VERSION + 1 })).toBeNull();
    expect(migrateProgress({ version: 0 })).toBeNull();
    expect(migrateProgress("x")).toBeNull();
    expect(sanitizeProgress({ version: PROGRESS_VERSION + 1, currentLesson: "a" })).toEqual(emptyProgress());
  });

  it("saves a completed task at once, other changes after a pause", async () => {
    const mem = memoryStorage();
    await loadProgress(mem.storage);
    useProgress.getState().setStep("a", 1);
    await Promise.resolve();
    expect(mem.data.get(PROGRESS_KEY)).toBeUndefined();
    useProgress.getState().completeTask("a", "x");
    await flushProgress();
    expect(mem.data.get(PROGRESS_KEY)).toMatchObject({ completedTasks: { "a/x": expect.any(Number) } });
  });

  describe("two tabs", () => {
    const tab = (patch: Partial<ProgressData>): ProgressData => ({ ...emptyProgress(), ...patch });

    it("unites what each tab did, in either order", () => {
      const a = tab({ currentLesson: "l1", completedTasks: { "l1/x": 5 }, hints: { "l1/x": 1 }, steps: { l1: 2 } });
      const b = tab({ currentLesson: "l3", completedTasks: { "l3/y": 7 }, hints: { "l1/x": 2 }, steps: { l3: 1 } });
      for (const [saved, now] of [
        [a, b],
        [b, a],
      ]) {
        const m = mergeProgress(saved, now);
        expect(m.completedTasks).toEqual({ "l1/x": 5, "l3/y": 7 });
        expect(m.hints).toEqual({ "l1/x": 2 });
        expect(m.steps).toEqual({ l1: 2, l3: 1 });
        expect(m.currentLesson).toBe(now.currentLesson);
      }
    });

    it("a lesson reset in one tab is not undone by the other tab's older progress", () => {
      const old = tab({ completedTasks: { "l1/x": 5, "l2/z": 6 }, hints: { "l1/x": 2 }, steps: { l1: 3 } });
      const reset = tab({ completedTasks: { "l2/z": 6 }, resets: { l1: 10 } });
      for (const m of [mergeProgress(old, reset), mergeProgress(reset, old)]) {
        expect(m.completedTasks).toEqual({ "l2/z": 6 });
        expect(m.hints).toEqual({});
        expect(m.steps).toEqual({});
        expect(m.resets).toEqual({ l1: 10 });
      }
      // …but a task completed after the reset (in the tab that did not see it yet) stays.
      const later = tab({ completedTasks: { "l1/x": 12 } });
      expect(mergeProgress(reset, later).completedTasks).toEqual({ "l1/x": 12, "l2/z": 6 });
    });

    it("an import replaces older progress of every tab", () => {
      const imported = tab({ completedTasks: { "l1/x": 1 }, epoch: 20 });
      const other = tab({ completedTasks: { "l9/q": 30 }, currentLesson: "l9" });
      const m = mergeProgress(imported, other);
      expect(m.completedTasks).toEqual({ "l1/x": 1 });
      expect(m.epoch).toBe(20);
      expect(m.currentLesson).toBe("l9");
      expect(mergeProgress(other, imported).completedTasks).toEqual({ "l1/x": 1 });
    });

    it("a save merges with what another tab stored in the meantime, and a refresh takes it in", async () => {
      const mem = memoryStorage();
      await loadProgress(mem.storage);
      useProgress.getState().setCurrentLesson("l1");
      useProgress.getState().completeTask("l1", "x");
      await flushProgress();
      // The other tab writes its own progress (it read ours first, as save() does).
      const stored = sanitizeProgress(mem.data.get(PROGRESS_KEY));
      mem.data.set(PROGRESS_KEY, {
        ...stored,
        currentLesson: "l3",
        completedTasks: { ...stored.completedTasks, "l3/y": 9 },
      });
      // This tab saves again without having re-read: the other tab's task survives.
      useProgress.getState().completeTask("l1", "z");
      await flushProgress();
      const after = sanitizeProgress(mem.data.get(PROGRESS_KEY));
      expect(Object.keys(after.completedTasks).sort()).toEqual(["l1/x", "l1/z", "l3/y"]);
      expect(after.currentLesson).toBe("l1");
      // This tab now shows the other tab's task, but stays on its own lesson.
      expect(Object.keys(useProgress.getState().completedTasks).sort()).toEqual(["l1/x", "l1/z", "l3/y"]);
      expect(useProgress.getState().currentLesson).toBe("l1");

      mem.data.set(PROGRESS_KEY, { ...after, quizzesSolved: { "l3/q": true } });
      await refreshProgressForTests();
      expect(useProgress.getState().quizzesSolved).toEqual({ "l3/q": true });
    });
  });

  describe("export and import", () => {
    it("round-trips through a file", async () => {
      const data = { ...emptyProgress(), currentLesson: "l1", completedTasks: { "l1/x": 3 } };
      const r = parseProgressFile(exportProgressText(data));
      expect(r).toEqual({ ok: true, data });
    });

    it("accepts a file of an older version and refuses invalid files", () => {
      const v1 = { kind: EXPORT_KIND, progress: { version: 1, completedTasks: { "l1/x": 3 } } };
      const r = parseProgressFile(JSON.stringify(v1));
      expect(r.ok && r.data.completedTasks).toEqual({ "l1/x": 3 });
      expect(parseProgressFile("{oops")).toEqual({ ok: false, error: "notJson" });
      expect(parseProgressFile("{}")).toEqual({ ok: false, error: "notProgress" });
      expect(parseProgressFile(JSON.stringify({ ...emptyProgress() }))).toEqual({ ok: false, error: "notProgress" });
      expect(parseProgressFile(JSON.stringify({ kind: EXPORT_KIND, progress: { version: 99 } }))).toEqual({
        ok: false,
        error: "newerVersion",
      });
    });

    it("an import replaces progress and is saved at once", async () => {
      const mem = memoryStorage();
      await loadProgress(mem.storage);
      useProgress.getState().completeTask("l9", "q");
      await flushProgress();
      useProgress.getState().replaceAll({ ...emptyProgress(), completedTasks: { "l1/x": 3 } });
      await flushProgress();
      expect(useProgress.getState().completedTasks).toEqual({ "l1/x": 3 });
      expect(sanitizeProgress(mem.data.get(PROGRESS_KEY)).completedTasks).toEqual({ "l1/x": 3 });
    });
  });
});
