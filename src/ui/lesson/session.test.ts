/**
 * The lesson pane's machine logic without a browser: the machine client is
 * replaced by a fake machine whose state is a set of container names and
 * which goes busy → idle for each typed line, like the real one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseLesson } from "../../course";
import type { RunResult } from "../../machine/protocol";

const fake = vi.hoisted(() => {
  const state = {
    ready: true,
    busy: false,
    containers: new Set<string>(),
    typed: [] as string[],
    runs: [] as string[],
    busyListeners: new Set<(b: boolean) => void>(),
  };
  const setBusy = (b: boolean) => {
    state.busy = b;
    for (const l of state.busyListeners) l(b);
  };
  return { state, setBusy };
});

vi.mock("../../state/machine-client", () => ({
  isReady: () => fake.state.ready,
  isBusy: () => fake.state.busy,
  onBusy: (fn: (b: boolean) => void) => {
    fake.state.busyListeners.add(fn);
    return () => fake.state.busyListeners.delete(fn);
  },
  run: async (script: string): Promise<RunResult> => {
    fake.state.runs.push(script);
    const m = /^has (\S+)$/.exec(script);
    if (m) return { exitCode: fake.state.containers.has(m[1]) ? 0 : 1, stdout: "", stderr: "" };
    return { exitCode: 0, stdout: "", stderr: "" };
  },
  sendInput: (data: string) => {
    fake.state.typed.push(data);
    const line = data.replace(/^\x15/, "").replace(/\r$/, "");
    // The shell goes busy, runs the line, and comes back to the prompt.
    setTimeout(() => {
      fake.setBusy(true);
      setTimeout(() => {
        const m = /^make (\S+)$/.exec(line);
        if (m) fake.state.containers.add(m[1]);
        fake.setBusy(false);
      }, 5);
    }, 1);
  },
}));

const { autoCheck, checkTask, prepareLesson, taskUi, typeInto, useSession } = await import("./session");
const { blockKey, useProgress, emptyProgress } = await import("../../state/progress");

const LESSON = parseLesson(
  `---
id: demo
title: 데모
summary: 시험용이에요.
minutes: 1
setup:
  run:
    - prepare
---
## 하나

\`\`\`task
id: a
goal: a를 만들어요.
check:
  - run: has a
    fail: a가 없어요.
hints: [힌트]
solution:
  - make a
\`\`\`

\`\`\`task
id: b
goal: b를 만들어요.
check:
  - run: has b
    fail: b가 없어요.
solution:
  - make b
\`\`\`
`,
  { path: "lessons/ko/01-demo.md" },
);
const [taskA, taskB] = LESSON.steps[0].blocks.filter((b) => b.kind === "task");
if (taskA?.kind !== "task" || taskB?.kind !== "task") throw new Error("fixture");

beforeEach(() => {
  fake.state.ready = true;
  fake.state.busy = false;
  fake.state.containers.clear();
  fake.state.typed = [];
  fake.state.runs = [];
  useProgress.setState({ ...emptyProgress(), loaded: true });
  useSession.setState({ tasks: {}, typing: null, setup: null });
});
afterEach(() => fake.state.busyListeners.clear());

const done = (id: string) => blockKey("demo", id) in useProgress.getState().completedTasks;

describe("lesson session", () => {
  it("runs setup, then checks every task silently", async () => {
    await prepareLesson(LESSON);
    expect(fake.state.runs).toEqual(["prepare", "has a", "has b"]);
    expect(useSession.getState().setup).toMatchObject({ lessonId: "demo", status: "done" });
    expect(taskUi(blockKey("demo", "a")).messages).toBeNull(); // nothing shown before the learner asks
  });

  it("확인 shows the failing lines' messages; success completes the task", async () => {
    expect(await checkTask("demo", taskA, true)).toBe(false);
    expect(taskUi(blockKey("demo", "a")).messages).toEqual(["a가 없어요."]);
    fake.state.containers.add("a");
    expect(await checkTask("demo", taskA, true)).toBe(true);
    expect(done("a")).toBe(true);
  });

  it("automatic checks complete tasks by state, whichever way the learner got there", async () => {
    await autoCheck(LESSON);
    expect(done("a") || done("b")).toBe(false);
    fake.state.containers.add("b");
    await autoCheck(LESSON);
    expect(done("b")).toBe(true);
    expect(done("a")).toBe(false);
    // a done task is not checked again
    fake.state.runs = [];
    await autoCheck(LESSON);
    expect(fake.state.runs).toEqual(["has a"]);
  });

  it("shows a notice, not a failure, while the machine is not ready", async () => {
    fake.state.ready = false;
    expect(await checkTask("demo", taskA, true)).toBe(false);
    expect(taskUi(blockKey("demo", "a"))).toMatchObject({
      messages: null,
      notice: "머신이 아직 준비되지 않았어요. 잠시 뒤에 다시 눌러 보세요.",
    });
  });

  it("replays a solution by typing each line after the previous one finished", async () => {
    await typeInto("solution:demo/a", ["make a", "make b"]);
    expect(fake.state.typed).toEqual(["\x15make a\r", "\x15make b\r"]);
    expect([...fake.state.containers]).toEqual(["a", "b"]);
    expect(useSession.getState().typing).toBeNull();
  });
});
