/**
 * What the lesson pane does with the machine, outside React: prepare a lesson
 * (setup), check tasks (on 확인, and automatically each time a command
 * finishes), replay solutions. Transient UI state lives in a small store here;
 * what must survive a reload lives in src/state/progress.ts.
 */
import { create } from "zustand";
import { applySetup, type Lesson, lessonTasks, runChecks, type Task } from "../../course";
import { t } from "../../i18n/ko";
import { isReady, run } from "../../state/machine-client";
import { blockKey, useProgress } from "../../state/progress";
import { typeLines } from "./typing";

export interface TaskUi {
  checking: boolean;
  /** Messages of the last check the learner asked for (null: none shown). */
  messages: string[] | null;
  /** The learner pressed 확인 at least once: automatic checks then update the messages too. */
  asked: boolean;
  /** A note about the check itself (machine not ready, check broke), not about the task. */
  notice: string | null;
}

interface SessionState {
  tasks: Record<string, TaskUi>;
  /** Key of the task whose solution is being typed, or a run block's id. */
  typing: string | null;
  setup: { lessonId: string; status: "running" | "done" | "failed"; failed?: string } | null;
}

export const useSession = create<SessionState>()(() => ({ tasks: {}, typing: null, setup: null }));

const IDLE: TaskUi = { checking: false, messages: null, asked: false, notice: null };

export function taskUi(key: string): TaskUi {
  return useSession.getState().tasks[key] ?? IDLE;
}

function patchTask(key: string, patch: Partial<TaskUi>): void {
  const tasks = useSession.getState().tasks;
  useSession.setState({ tasks: { ...tasks, [key]: { ...(tasks[key] ?? IDLE), ...patch } } });
}

/**
 * Checks one task. `manual`: the learner pressed 확인, so failures are shown.
 * Automatic checks show failures only once the learner has asked before.
 */
export async function checkTask(lessonId: string, task: Task, manual: boolean): Promise<boolean> {
  const key = blockKey(lessonId, task.id);
  if (manual) patchTask(key, { asked: true });
  if (!isReady()) {
    if (manual) patchTask(key, { notice: t.lesson.notReady });
    return false;
  }
  patchTask(key, { checking: true, ...(manual ? { notice: null } : {}) });
  try {
    const result = await runChecks(task, run);
    if (result.passed) {
      useProgress.getState().completeTask(lessonId, task.id);
      patchTask(key, { checking: false, messages: [], notice: null });
      return true;
    }
    const show = manual || taskUi(key).asked;
    patchTask(key, { checking: false, ...(show ? { messages: result.messages } : {}) });
    return false;
  } catch {
    patchTask(key, { checking: false, ...(manual ? { notice: t.lesson.checkError } : {}) });
    return false;
  }
}

let autoRunning: Promise<void> | null = null;
let autoAgain = false;

/** Checks every task of the lesson not done yet (serialised: one pass at a time, at most one queued). */
export function autoCheck(lesson: Lesson): Promise<void> {
  if (autoRunning) {
    autoAgain = true;
    return autoRunning;
  }
  autoRunning = (async () => {
    do {
      autoAgain = false;
      const done = useProgress.getState().completedTasks;
      for (const task of lessonTasks(lesson)) {
        if (blockKey(lesson.id, task.id) in done) continue;
        await checkTask(lesson.id, task, false);
      }
    } while (autoAgain);
  })().finally(() => {
    autoRunning = null;
  });
  return autoRunning;
}

/** Runs the lesson's setup (idempotent), then checks its tasks once. */
export async function prepareLesson(lesson: Lesson): Promise<void> {
  if (!isReady()) return;
  useSession.setState({ setup: { lessonId: lesson.id, status: "running" } });
  try {
    const r = await applySetup(lesson.setup, run);
    const failed = r.ok ? undefined : r.outcomes[r.outcomes.length - 1]?.script;
    useSession.setState({ setup: { lessonId: lesson.id, status: r.ok ? "done" : "failed", failed } });
  } catch {
    useSession.setState({ setup: { lessonId: lesson.id, status: "failed" } });
  }
  await autoCheck(lesson);
}

/** Types lines into the terminal; `id` marks what is typing (a button shows it). */
export async function typeInto(id: string, lines: readonly string[]): Promise<void> {
  if (useSession.getState().typing) return;
  useSession.setState({ typing: id });
  try {
    await typeLines(lines);
  } finally {
    useSession.setState({ typing: null });
  }
}
