/**
 * `npm run sim`: the browser's machine, headless in Node.
 * - stdin is a TTY: an interactive shell, as in the browser terminal.
 * - otherwise: the lines run as a script in one fresh machine; everything the
 *   terminal would show is printed in order; the exit status is the last one's.
 * No Korean explanation lines and no colour codes are printed.
 */
import { Machine } from "../machine/machine";
import { ShellSession } from "../machine/shell";
import type { Tty } from "../machine/tty";

async function interactive(): Promise<void> {
  const machine = new Machine({
    clock: "real",
    cols: process.stdout.columns ?? 80,
    rows: process.stdout.rows ?? 24,
    color: false,
  });
  machine.onOutput((d) => process.stdout.write(d));
  process.stdin.setRawMode(true);
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (d: string) => machine.input(d));
  process.stdout.on("resize", () => machine.resize(process.stdout.columns, process.stdout.rows));
  machine.start();
}

async function script(): Promise<number> {
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += chunk;
  const machine = new Machine({ clock: "real", color: false, interactive: false });
  const tty: Tty = {
    write: (d) => process.stdout.write(d),
    onData: () => () => {},
    cols: 80,
    rows: 24,
    onResize: () => () => {},
  };
  const session: ShellSession = machine.scriptSession(tty);
  let pending = "";
  for (const line of text.split("\n")) {
    const src = pending ? `${pending}\n${line}` : line;
    if (ShellSession.incomplete(src)) {
      pending = src;
      continue;
    }
    pending = "";
    if (src.trim() === "" || src.trim().startsWith("#")) continue;
    const exit = await session.execute(src);
    if (exit !== null) return exit;
  }
  if (pending) await session.execute(pending);
  return session.status;
}

if (process.stdin.isTTY) void interactive();
else
  script().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
