/**
 * Tests drive the machine's terminal as a user does: type, wait for what appears, read the screen
 * without colours. Shared by the tests of ls on a terminal and of docker attach/events/stats.
 */
import type { Machine } from "./machine";

export interface TerminalDriver {
  /** The screen so far, without escape sequences or carriage returns. */
  text(): string;
  clear(): void;
  /** Input as typed (include "\r" to press Enter); gives the machine a moment to react. */
  type(s: string): Promise<void>;
  waitFor(re: RegExp): Promise<void>;
  /** Type a line and return what it printed before the next prompt. */
  line(s: string, prompt?: RegExp): Promise<string>;
}

export function terminal(m: Machine): TerminalDriver {
  let screen = "";
  m.onOutput((d) => {
    screen += d;
  });
  m.start();
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const text = () => screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
  const waitFor = async (re: RegExp) => {
    for (let i = 0; i < 3000; i++) {
      if (re.test(text())) return;
      await tick();
    }
    throw new Error(`never saw ${re}: ${JSON.stringify(text().slice(-400))}`);
  };
  return {
    text,
    clear() {
      screen = "";
    },
    async type(s) {
      m.input(s);
      for (let i = 0; i < 50; i++) await tick();
    },
    waitFor,
    async line(s, prompt = /\$ $/) {
      screen = "";
      m.input(`${s}\r`);
      await waitFor(prompt);
      const t = text();
      return t.slice(t.indexOf("\n") + 1, t.lastIndexOf("\n") + 1);
    },
  };
}
