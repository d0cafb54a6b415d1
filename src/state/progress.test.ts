import { afterEach, describe, expect, it } from "vitest";
import {
  blockKey,
  emptyProgress,
  flushProgress,
  loadProgress,
  mergeProgress,
  PROGRESS_KEY,
  type ProgressStorage,
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
});
