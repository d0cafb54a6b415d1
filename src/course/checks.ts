/**
 * Running a task's check, a lesson's setup and a task's solution against a
 * machine, through one function `run(script)` (the machine's hidden shell in
 * the browser, `machine.run` in Node). Checks read state only: whatever path
 * the learner took, the same lines decide.
 */
import type { CheckResult, LessonSetup, RunFn, RunResult, Task } from "./types";

/** Runs every check line (each in its own shell) and reports each one. */
export async function runChecks(task: Pick<Task, "check">, run: RunFn): Promise<CheckResult> {
  const lines: CheckResult["lines"] = [];
  for (const line of task.check) {
    let r: RunResult;
    try {
      r = await run(line.run);
    } catch (e) {
      r = { exitCode: -1, stdout: "", stderr: e instanceof Error ? e.message : String(e) };
    }
    const passed = r.exitCode === 0;
    lines.push({
      run: line.run,
      passed,
      exitCode: r.exitCode,
      message: passed ? undefined : line.fail,
      stdout: r.stdout,
      stderr: r.stderr,
    });
  }
  const messages = lines.filter((l) => !l.passed).map((l) => l.message as string);
  return { passed: messages.length === 0, lines, messages };
}

/** Quotes a string for a POSIX shell: 'it'\''s'. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Quotes a path, keeping a leading `~/` expandable. */
export function quotePath(p: string): string {
  if (p === "~") return "~";
  if (p.startsWith("~/")) return `~/${shellQuote(p.slice(2))}`;
  return shellQuote(p);
}

function dirOf(p: string): string | null {
  const i = p.lastIndexOf("/");
  if (i < 0) return null;
  if (i === 0) return "/";
  return p.slice(0, i);
}

/**
 * The shell lines that prepare a lesson, in order: pull missing images, create
 * missing files (or overwrite, when asked), then the lesson's own lines. All
 * idempotent, so they may run every time the lesson opens.
 */
export function setupScripts(setup: LessonSetup): string[] {
  const out: string[] = [];
  for (const image of setup.images) {
    const q = shellQuote(image);
    out.push(`docker images -q ${q} | grep -q . || docker pull ${q}`);
  }
  for (const f of setup.files) {
    const p = quotePath(f.path);
    const dir = dirOf(f.path);
    const parts: string[] = [];
    if (dir && dir !== "/" && dir !== "~" && dir !== ".") parts.push(`mkdir -p ${quotePath(dir)}`);
    parts.push(`printf '%s' ${shellQuote(f.content)} > ${p}`);
    if (f.mode) parts.push(`chmod ${f.mode} ${p}`);
    const write = parts.join(" && ");
    out.push(f.overwrite ? write : `[ -e ${p} ] || { ${write}; }`);
  }
  out.push(...setup.run);
  return out;
}

export interface ScriptOutcome {
  script: string;
  result: RunResult;
}

/** Runs lines one by one; stops at the first failure unless `keepGoing`. */
export async function runScripts(
  scripts: string[],
  run: RunFn,
  keepGoing = false,
): Promise<{ ok: boolean; outcomes: ScriptOutcome[] }> {
  const outcomes: ScriptOutcome[] = [];
  for (const script of scripts) {
    const result = await run(script);
    outcomes.push({ script, result });
    if (result.exitCode !== 0 && !keepGoing) return { ok: false, outcomes };
  }
  return { ok: outcomes.every((o) => o.result.exitCode === 0), outcomes };
}

/** Prepares the machine for a lesson (see setupScripts). */
export function applySetup(setup: LessonSetup, run: RunFn) {
  return runScripts(setupScripts(setup), run);
}

/**
 * Replays a task's solution silently (tests, tools). Every line runs even when
 * one exits non-zero: a solution may show an error on purpose (e.g. reading a
 * file another container made); the checks decide whether the goal is met.
 */
export function replaySolution(task: Pick<Task, "solution">, run: RunFn) {
  return runScripts(task.solution, run, true);
}
