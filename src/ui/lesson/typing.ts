/**
 * Typing commands into the learner's terminal, as if the learner typed them:
 * the ▶ 실행 buttons and the solution replay. Each line waits for the previous
 * one to finish (the machine goes from busy back to idle).
 */
import { isBusy, onBusy, sendInput } from "../../state/machine-client";

/** If the machine has not turned busy this soon after a line, the line was instant (or a no-op). */
const START_MS = 1200;
/** Never wait longer than this for one line (e.g. an interactive program that waits for input). */
const LINE_MAX_MS = 20_000;

/** Resolves when the machine is at the prompt (at once if it is), or after `maxMs`. */
export function waitForIdle(maxMs = LINE_MAX_MS): Promise<void> {
  if (!isBusy()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, maxMs);
    const off = onBusy((busy) => {
      if (!busy) done();
    });
    function done() {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}

/**
 * Types one command line and resolves when it has finished. When the machine
 * is at the prompt, whatever the learner had half-typed is cleared first
 * (Ctrl+U); when a program is in the foreground (e.g. a shell inside a
 * container), the line goes to that program.
 */
export function typeLine(line: string): Promise<void> {
  const atPrompt = !isBusy();
  return new Promise((resolve) => {
    let started = !atPrompt;
    const startTimer = setTimeout(() => {
      if (!started && !isBusy()) done();
    }, START_MS);
    const maxTimer = setTimeout(done, LINE_MAX_MS);
    const off = onBusy((busy) => {
      if (busy) started = true;
      else if (started) done();
    });
    function done() {
      clearTimeout(startTimer);
      clearTimeout(maxTimer);
      off();
      resolve();
    }
    sendInput(`${atPrompt ? "\x15" : ""}${line}\r`);
    // Typed into a running program: it may never go idle (a container shell); don't wait for it.
    if (!atPrompt) setTimeout(done, START_MS);
  });
}

/** Types lines one after another, each after the previous has finished. */
export async function typeLines(lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    await waitForIdle();
    await typeLine(line);
  }
}
