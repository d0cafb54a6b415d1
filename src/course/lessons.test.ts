/**
 * Every lesson in the course order, end to end, headless:
 *   fresh machine → setup → for each task: its check FAILS (so it can fail),
 *   replay its solution, then every check line PASSES.
 * Plus the cross-file rules (course order ↔ files, translations, prerequisites).
 * A lesson is data; this test is what keeps the data honest.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applySetup, replaySolution, runChecks } from "./checks";
import { BASE_LANG, COURSE_PATH, compareTranslation, parseCourse, resolveLessonFile, validateCourse } from "./course";
import { formatProblem } from "./errors";
import { lessonTasks, parseLesson } from "./parse";
import type { Lesson, RunFn } from "./types";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), "utf8");

function lessonFiles(): string[] {
  const out: string[] = [];
  for (const lang of readdirSync(join(ROOT, "lessons"), { withFileTypes: true })) {
    if (!lang.isDirectory()) continue;
    for (const f of readdirSync(join(ROOT, "lessons", lang.name))) {
      if (f.endsWith(".md"))
        out.push(
          relative(ROOT, join(ROOT, "lessons", lang.name, f))
            .split("\\")
            .join("/"),
        );
    }
  }
  return out.sort();
}

const order = parseCourse(read(COURSE_PATH));
const files = lessonFiles();
const load = (path: string) => parseLesson(read(path), { path });
const lessons: Lesson[] = order.lessons.map((slug) => {
  const file = resolveLessonFile(files, slug, BASE_LANG);
  if (!file) throw new Error(`${COURSE_PATH}: no file for '${slug}'`);
  return load(file);
});

describe("course", () => {
  it("every lesson file parses and the course order matches the files", () => {
    const translations = files.filter((f) => !f.startsWith(`lessons/${BASE_LANG}/`));
    const problems = [
      ...validateCourse(order, files, lessons),
      ...translations.flatMap((f) => {
        const t = load(f);
        const base = lessons.find((l) => l.id === t.id);
        return base ? compareTranslation(base, t) : [];
      }),
    ];
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it("every lesson has at least one task, every task has hints", () => {
    for (const l of lessons) {
      expect(lessonTasks(l).length, `${l.path}: no task`).toBeGreaterThan(0);
      for (const t of lessonTasks(l))
        expect(t.hints.length, `${l.path}: task '${t.id}' has no hints`).toBeGreaterThan(0);
    }
  });
});

// ---- headless replay on the lead's machine --------------------------------------------

interface TerminalSession {
  execute(line: string): Promise<number | null>;
}
interface HeadlessMachine {
  run(script: string): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  dispose?(): void | Promise<void>;
  /** The terminal's shell without a screen (what "정답 보기" types into), when the machine has one. */
  scriptSession?(tty: {
    write(d: string): void;
    onData(h: (d: string) => void): () => void;
    cols: number;
    rows: number;
    onResize(h: (c: number, r: number) => void): () => void;
  }): TerminalSession;
}
type CreateMachine = (opts: { clock: "virtual" }) => Promise<HeadlessMachine>;

// A variable path keeps the compiler and the bundler from requiring the file before it exists.
const MACHINE_MODULE = "../machine/machine";
const createMachine: CreateMachine | null = await import(/* @vite-ignore */ MACHINE_MODULE)
  .then((m: { createMachine?: CreateMachine }) => m.createMachine ?? null)
  .catch(() => null);

function show(label: string, r: { stdout: string; stderr: string; exitCode: number }): string {
  return `${label} → exit ${r.exitCode}\n${r.stdout}${r.stderr}`.trimEnd();
}

describe.skipIf(!createMachine)("lessons replayed headless", () => {
  for (const lesson of lessons) {
    it(`${lesson.path}: setup, then each task fails before and passes after its solution`, async () => {
      const machine = await (createMachine as CreateMachine)({ clock: "virtual" });
      const run: RunFn = (s) => machine.run(s);
      try {
        const setup = await applySetup(lesson.setup, run);
        expect(setup.ok, `setup failed:\n${setup.outcomes.map((o) => show(o.script, o.result)).join("\n")}`).toBe(true);
        for (const task of lessonTasks(lesson)) {
          const before = await runChecks(task, run);
          expect(
            before.passed,
            `task '${task.id}': the check passes before the solution, so it cannot catch anything`,
          ).toBe(false);
          const replay = await replaySolution(task, run);
          const after = await runChecks(task, run);
          const detail = [
            ...replay.outcomes.map((o) => show(`solution: ${o.script}`, o.result)),
            ...after.lines.filter((l) => !l.passed).map((l) => show(`check: ${l.run}`, l)),
          ].join("\n");
          expect(after.messages, `task '${task.id}' still fails after its solution:\n${detail}`).toEqual([]);
        }
      } finally {
        await machine.dispose?.();
      }
    });
  }
});

// The UI checks every task when a lesson opens: none may show as done before the learner did anything
// (docs/lesson-format.md: setup alone must not complete a task), not only the first one.
describe.skipIf(!createMachine)("no task is done by the lesson's setup alone", () => {
  for (const lesson of lessons) {
    it(`${lesson.path}: after setup on a fresh machine, every task's check fails`, async () => {
      const machine = await (createMachine as CreateMachine)({ clock: "virtual" });
      const run: RunFn = (s) => machine.run(s);
      try {
        expect((await applySetup(lesson.setup, run)).ok).toBe(true);
        const done: string[] = [];
        for (const task of lessonTasks(lesson)) if ((await runChecks(task, run)).passed) done.push(task.id);
        expect(done, "tasks that show as done as soon as the lesson opens").toEqual([]);
      } finally {
        await machine.dispose?.();
      }
    });
  }
});

// The UI replays a solution by typing it into the terminal, whose shell differs from the silent
// one checks use (foreground jobs, the TTY). A solution must pass there too.
describe.skipIf(!createMachine)("lessons replayed through the terminal's shell", () => {
  for (const lesson of lessons) {
    it(`${lesson.path}: each solution typed into the terminal turns its check green`, async () => {
      const machine = await (createMachine as CreateMachine)({ clock: "virtual" });
      if (!machine.scriptSession) return;
      let screen = "";
      const session = machine.scriptSession({
        write: (d) => {
          screen += d;
        },
        onData: () => () => {},
        cols: 80,
        rows: 24,
        onResize: () => () => {},
      });
      const run: RunFn = (s) => machine.run(s);
      try {
        const setup = await applySetup(lesson.setup, run);
        expect(setup.ok, "setup failed").toBe(true);
        for (const task of lessonTasks(lesson)) {
          screen = "";
          for (const line of task.solution) await session.execute(line);
          const after = await runChecks(task, run);
          expect(
            after.messages,
            `task '${task.id}' typed into the terminal still fails. Screen:\n${screen.slice(-2000)}`,
          ).toEqual([]);
        }
      } finally {
        await machine.dispose?.();
      }
    });
  }
});
