/**
 * Typed shape of a lesson, as parsed from `lessons/<lang>/NN-slug.md`.
 * The format is described for instructors in docs/lesson-format.md.
 * DOM-free: runs in the browser (main thread) and in Node (tests).
 */

/** A file to create on the learner's host before the lesson starts. */
export interface SetupFile {
  /** Absolute path, or relative to the shell's start directory (the learner's home). */
  path: string;
  content: string;
  /** Octal mode as a string, e.g. "755". Optional. */
  mode?: string;
  /** Overwrite the file when it already exists (default false: the learner's edits are kept). */
  overwrite: boolean;
}

/** Prepared before the lesson: idempotent, so it can run every time the lesson opens. */
export interface LessonSetup {
  /** Images to pull first (`docker pull <image>` when missing). */
  images: string[];
  /** Host files to create. */
  files: SetupFile[];
  /** Shell lines to run after images and files, in order. */
  run: string[];
}

/** One line of a task's check: run in the learner's machine, exit 0 = pass. */
export interface CheckLine {
  run: string;
  /** Korean message shown when this line fails. */
  fail: string;
}

/** Where a task can be done: the browser's simulator, a real engine behind the classroom gateway. */
export type EngineKind = "sim" | "real";
export const ENGINE_KINDS: readonly EngineKind[] = ["sim", "real"];

export interface Task {
  kind: "task";
  id: string;
  /** What the learner should achieve (Markdown). */
  goal: string;
  check: CheckLine[];
  /** Revealed one at a time (Markdown). */
  hints: string[];
  /** Shell lines that reach the goal; replayed after the learner confirms. */
  solution: string[];
  /**
   * Engines the task works on (front: `engines: [sim]`); default both. A simulator-only task
   * (an engine stop, a push to the simulated ECR, the host's curl …) shows a note in real mode.
   */
  engines: EngineKind[];
  /** Line in the lesson file where the block starts (1-based). */
  line: number;
}

export interface QuizChoice {
  /** Markdown (inline). */
  text: string;
  correct: boolean;
  /** Why this choice is right or wrong (Markdown). */
  explain: string;
}

export interface Quiz {
  kind: "quiz";
  id: string;
  /** Markdown. */
  question: string;
  choices: QuizChoice[];
  line: number;
}

export type Block =
  | { kind: "markdown"; markdown: string }
  /** A fenced ```sh run block: a ▶ 실행 button types each line into the terminal. */
  | { kind: "run"; lang: string; code: string; lines: string[]; line: number }
  | Task
  | Quiz;

export interface Step {
  /** 0-based position in the lesson. */
  index: number;
  /** Text of the `## ` heading. */
  title: string;
  blocks: Block[];
  line: number;
}

export interface Lesson {
  /** Stable id = the file name without `NN-` and `.md`; progress is keyed by it. */
  id: string;
  title: string;
  summary: string;
  minutes: number;
  /** Ids of lessons that should come first (must be earlier in the course order). */
  prerequisites: string[];
  setup: LessonSetup;
  /** Markdown blocks before the first step heading. */
  intro: Block[];
  steps: Step[];
  /** Language folder the text came from ("ko", "en" …). */
  lang: string;
  /** Path the lesson was read from, for error messages. */
  path: string;
}

/** Result of a shell run, as the machine returns it. */
export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type RunFn = (script: string) => Promise<RunResult>;

export interface CheckLineResult {
  run: string;
  passed: boolean;
  exitCode: number;
  /** The line's Korean `fail` message when it failed, else undefined. */
  message?: string;
  stdout: string;
  stderr: string;
}

export interface CheckResult {
  /** true when every line exited 0. */
  passed: boolean;
  lines: CheckLineResult[];
  /** Messages of the failed lines, in order. */
  messages: string[];
}
