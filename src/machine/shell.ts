/**
 * An interactive shell on a Tty: prompt, line editing, history, and command
 * execution through just-bash. just-bash starts every exec() from fresh state,
 * so the session carries variables, aliases, cwd and $? from one line to the
 * next itself, and runs a line statement by statement so that output appears
 * in order and as each statement finishes.
 */
import type { Bash } from "just-bash";
import { isIncomplete, parseStatements, redirectFailure, type Statement, syntaxMessage } from "./bash-syntax";
import { type Completer, LineEditor } from "./line-editor";
import type { Foreground } from "./program";
import type { Tty } from "./tty";

export interface ShellOptions {
  tty: Tty;
  /** The interpreter, or how to get the current one (a container's changes after a package install). */
  bash: Bash | (() => Bash);
  env: Record<string, string>;
  history?: string[];
  prompt: (env: Record<string, string>) => string;
  completer?: Completer;
  /** The shell's name in its error messages ("bash", "sh"). */
  name: string;
  /** Which sh this is, for its wording: dash (Debian, Ubuntu) or busybox ash. */
  dialect?: "dash" | "ash";
  /** Rewrite stderr of a finished statement (userland-specific wording). */
  rewriteStderr?: (stderr: string) => string;
  /** Called after each command line completes (for state pushes and snapshots). */
  onLineDone?: (line: string, status: number) => void;
  /** Called when a command line starts or ends. */
  onBusy?: (busy: boolean) => void;
  /** Where stderr goes (default: the terminal, like stdout). */
  writeErr?: (s: string) => void;
  /** Aborting it interrupts the running line (a container's process being killed). */
  signal?: AbortSignal;
  /** false: programs never get the terminal, but plain commands still write their output in order (script mode). */
  programsGetTty?: boolean;
  /** Message printed when the interpreter's command budget ran out (an endless loop). */
  onRunaway?: () => string;
}

/** Is the statement one simple command with no redirection, pipe or background? Returns its name. */
export function plainCommandName(stmt: Statement): string | null {
  if (stmt.background || stmt.pipelines.length !== 1) return null;
  const pl = stmt.pipelines[0];
  if (pl.commands.length !== 1 || pl.negated) return null;
  const cmd = pl.commands[0] as unknown as {
    type: string;
    name?: { parts: { type: string; value?: string }[] };
    redirections?: unknown[];
  };
  if (cmd.type !== "SimpleCommand" || !cmd.name || (cmd.redirections?.length ?? 0) > 0) return null;
  // `docker rm $(docker ps -q)`: the inner docker must not take the terminal from the outer one.
  if (/"type":"(CommandSubstitution|ProcessSubstitution)"/.test(JSON.stringify(cmd))) return null;
  const parts = cmd.name.parts;
  if (parts.length !== 1 || parts[0].type !== "Literal") return null;
  return parts[0].value ?? null;
}

/** Does a redirection send stdout elsewhere (`> f`, `>&2`, `&> f`), rather than stdin or stderr (`2>/dev/null`)? */
function redirectsStdout(r: unknown): boolean {
  const { operator, fd } = r as { operator?: string; fd?: number | null };
  if (operator === "&>" || operator === "&>>") return true;
  if (operator === ">" || operator === ">>" || operator === ">|" || operator === ">&") return (fd ?? 1) === 1;
  return (operator === "<>" || operator === "<&") && fd === 1;
}

/**
 * Commands whose stdout is the terminal wherever the statement runs them (`cd d && ls`,
 * `if …; then ls; fi`, `ls 2>/dev/null`): not in a pipe, a redirection of stdout, a command substitution, a background
 * job or a function body. A name that also appears in such a place is left out, since the
 * invocations cannot be told apart.
 */
export function terminalCommandNames(stmt: Statement): Set<string> {
  const on = new Set<string>();
  const off = new Set<string>();
  const walk = (node: unknown, terminal: boolean): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, terminal);
      return;
    }
    if (!node || typeof node !== "object") return;
    const n = node as {
      type?: string;
      background?: boolean;
      commands?: unknown[];
      redirections?: unknown[];
      name?: { parts?: { type: string; value?: string }[] };
    };
    let here = terminal;
    if (
      n.type === "CommandSubstitution" ||
      n.type === "ProcessSubstitution" ||
      n.type === "ArithCommandSubst" ||
      n.type === "FunctionDef" ||
      (n.type === "Statement" && n.background) ||
      (n.type === "Pipeline" && (n.commands?.length ?? 0) > 1) ||
      n.redirections?.some(redirectsStdout)
    )
      here = false;
    if (n.type === "SimpleCommand") {
      const parts = n.name?.parts;
      if (parts?.length === 1 && parts[0].type === "Literal" && parts[0].value) (here ? on : off).add(parts[0].value);
    }
    for (const [k, v] of Object.entries(n)) if (k !== "type" && v && typeof v === "object") walk(v, here);
  };
  walk(stmt, true);
  for (const name of off) on.delete(name);
  return on;
}

function exitArg(stmt: Statement): { exit: boolean; code?: number } {
  const name = plainCommandName(stmt);
  if (name !== "exit" && name !== "logout") return { exit: false };
  const cmd = stmt.pipelines[0].commands[0] as unknown as { args: { parts: { type: string; value?: string }[] }[] };
  const arg = cmd.args[0]?.parts.map((p) => p.value ?? "").join("");
  return { exit: true, code: arg !== undefined && /^-?\d+$/.test(arg) ? Number(arg) & 255 : undefined };
}

export class ShellSession {
  env: Record<string, string>;
  history: string[];
  status = 0;
  private editor: LineEditor;
  private running = false;
  private abort: AbortController | null = null;
  /** Ctrl+C (or a kill) arrived while a line runs. */
  private interrupted = false;
  private claimed: ((d: string) => void) | null = null;
  private unsub: (() => void) | null = null;
  private exited: ((code: number) => void) | null = null;
  /** Foreground info read by programs (see program.ts). */
  readonly fg: Foreground;

  constructor(private readonly o: ShellOptions) {
    this.env = { ...o.env };
    this.history = o.history ?? [];
    this.editor = new LineEditor(o.tty);
    o.signal?.addEventListener(
      "abort",
      () => {
        this.interrupted = true;
        this.abort?.abort();
      },
      { once: true },
    );
    const self = this;
    this.fg = {
      ttyFor: null,
      get tty() {
        return self.o.tty;
      },
      claimInput(handler) {
        self.claimed = handler;
        return () => {
          if (self.claimed === handler) self.claimed = null;
        };
      },
    };
  }

  /** Run the interactive loop until `exit` or Ctrl+D. Resolves with the exit status. */
  run(): Promise<number> {
    this.unsub = this.o.tty.onData((d) => this.onInput(d));
    return new Promise((resolve) => {
      this.exited = (code) => {
        this.unsub?.();
        resolve(code);
      };
      void this.loop();
    });
  }

  private onInput(data: string): void {
    if (!this.running) {
      void this.editor.feed(data);
      return;
    }
    if (this.claimed) {
      this.claimed(data);
      return;
    }
    const i = data.indexOf("\x03");
    if (i >= 0) {
      this.o.tty.write("^C");
      this.interrupted = true;
      this.abort?.abort();
      return;
    }
    void this.editor.feed(data); // typeahead, kept for the next prompt
  }

  private async loop(): Promise<void> {
    let pending = "";
    for (;;) {
      const prompt = pending ? "> " : this.o.prompt(this.env);
      const r = await this.editor.read({ prompt, history: this.history, completer: this.o.completer });
      if (r.kind === "eof") {
        if (pending) {
          pending = "";
          continue;
        }
        if (this.o.name === "bash") this.o.tty.write("exit\n");
        this.exited?.(this.status);
        return;
      }
      if (r.kind === "interrupt") {
        pending = "";
        this.status = 130;
        this.setVar("?", "130");
        continue;
      }
      const text = pending ? `${pending}\n${r.line}` : r.line;
      if (needsMore(text)) {
        pending = text;
        continue;
      }
      pending = "";
      if (text.trim() === "") continue;
      if (this.history[this.history.length - 1] !== text) this.history.push(text);
      if (this.history.length > 1000) this.history.splice(0, this.history.length - 1000);
      const exit = await this.execute(text);
      if (exit !== null) {
        if (this.o.name === "bash") this.o.tty.write("exit\n");
        this.exited?.(exit);
        return;
      }
    }
  }

  private setVar(k: string, v: string): void {
    this.env[k] = v;
  }

  /** Run one command line. Returns an exit status when the line asked the shell to exit. */
  async execute(text: string): Promise<number | null> {
    let statements: Statement[];
    try {
      statements = parseStatements(text);
    } catch (e) {
      this.writeErr(`${this.o.name}: ${syntaxMessage(e as Error)}\n`);
      this.status = 2;
      this.setVar("?", "2");
      return null;
    }
    this.running = true;
    this.interrupted = false;
    this.o.onBusy?.(true);
    try {
      // Function definitions and here-documents need the whole text in one exec (a statement's sourceText omits here-doc bodies).
      const hasFunctions = /\(\)\s*\{|\bfunction\s+\w|<</.test(text);
      const stmts = hasFunctions ? [null] : statements;
      for (const stmt of stmts) {
        if (stmt) {
          const ex = exitArg(stmt);
          if (ex.exit) return ex.code ?? this.status;
        }
        const script = stmt?.sourceText ?? text;
        const loop = stmt ? topLevelLoop(script) : null;
        const outcome = loop
          ? await this.runLoop(loop)
          : await this.runOne(
              script,
              stmt ? plainCommandName(stmt) : null,
              false,
              stmt ? terminalCommandNames(stmt) : null,
            );
        if (outcome === "interrupted") break;
      }
      return null;
    } finally {
      this.running = false;
      this.o.onBusy?.(false);
      this.o.onLineDone?.(text, this.status);
    }
  }

  private writeErr(s: string): void {
    if (this.o.writeErr) this.o.writeErr(s);
    else this.o.tty.write(s);
  }

  /** Run one piece of script through just-bash, show its output, carry its environment and status. */
  private async runOne(
    script: string,
    plain: string | null,
    quiet = false,
    onTerminal: Set<string> | null = null,
  ): Promise<"ok" | "interrupted"> {
    if (this.o.programsGetTty === false) {
      this.fg.directFor = quiet ? null : plain;
      this.fg.direct = (s: string) => this.o.tty.write(s);
      this.fg.directErr = (s: string) => this.writeErr(s);
    } else {
      this.fg.ttyFor = quiet ? null : plain;
      this.fg.onTerminal = quiet ? null : onTerminal;
    }
    this.abort = new AbortController();
    if (this.interrupted) this.abort.abort();
    const prefix = this.status ? `(exit ${this.status})\n` : "";
    const bash = typeof this.o.bash === "function" ? this.o.bash() : this.o.bash;
    const r = await bash
      .exec(`shopt -s expand_aliases\n${prefix}${script}`, {
        env: this.env,
        replaceEnv: true,
        cwd: this.env.PWD,
        signal: this.abort.signal,
        rawScript: true,
      })
      .catch((e) => {
        const failed = redirectFailure(e, this.o.name === "bash" ? "bash" : (this.o.dialect ?? "ash"));
        if (!failed) throw e;
        return { stdout: "", ...failed, env: this.env };
      });
    const interrupted = this.abort.signal.aborted;
    this.abort = null;
    this.fg.ttyFor = null;
    this.fg.directFor = null;
    this.claimed = null;
    if (quiet) {
      this.lastQuiet = r.stdout;
      return interrupted ? "interrupted" : "ok";
    }
    if (r.stdout) this.o.tty.write(r.stdout);
    let stderr = r.stderr;
    let code = r.exitCode;
    const runaway =
      !!this.o.onRunaway && /too many commands executed|maximum loop iterations|too many iterations/.test(stderr);
    if (runaway) {
      stderr = stderr.replace(/^.*(too many commands executed|maximum loop iterations|too many iterations).*\n?/gm, "");
    }
    if (stderr) this.writeErr(this.o.rewriteStderr ? this.o.rewriteStderr(stderr) : stderr);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.env ?? {})) env[k] = String(v);
    if (Object.keys(env).length) this.env = env;
    if (runaway && !interrupted) {
      // An endless loop: like bash, it keeps the terminal until Ctrl+C.
      this.o.tty.write(this.o.onRunaway?.() ?? "");
      await this.waitForInterrupt();
      code = 130;
    } else if (interrupted) {
      this.o.tty.write("\n");
      code = 130;
    }
    this.status = code;
    this.setVar("?", String(code));
    return code === 130 && interrupted ? "interrupted" : "ok";
  }

  private lastQuiet = "";

  /**
   * A top-level while/until/for loop runs iteration by iteration, statement by
   * statement, so its output appears as it happens (a container's
   * `while true; do date; sleep 1; done` logs a line a second) and Ctrl+C can
   * stop even a loop that never sleeps.
   */
  private async runLoop(loop: Loop): Promise<"ok" | "interrupted"> {
    const body = parseStatements(loop.body);
    let words: string[] | null = null;
    if (loop.kind === "for") {
      await this.runOne(`for __cc_w in ${loop.words}; do printf '%s\\0' "$__cc_w"; done`, null, true);
      words = this.lastQuiet.split("\0").slice(0, -1);
    }
    const limit = this.o.onRunaway ? Number.POSITIVE_INFINITY : 100_000;
    for (let i = 0; ; i++) {
      if (this.interrupted) return this.stopLoop();
      // Let input (Ctrl+C) and timers through now and then, even in a loop that never sleeps.
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 0));
      if (this.interrupted) return this.stopLoop();
      if (i >= limit) {
        this.writeErr(`${this.o.name}: loop stopped after ${limit} iterations\n`);
        this.status = 1;
        return "ok";
      }
      if (words) {
        if (i >= words.length) return "ok";
        this.env[loop.variable as string] = words[i];
      } else {
        const before = this.status;
        if ((await this.runOne(loop.condition as string, null)) === "interrupted") return "interrupted";
        const ok = this.status === 0;
        // $? after a loop is the last body command's status (0 when the body never ran).
        this.status = i === 0 ? 0 : before;
        this.setVar("?", String(this.status));
        if (loop.kind === "while" ? !ok : ok) return "ok";
      }
      for (const stmt of body) {
        const r = await this.runOne(stmt.sourceText ?? "", plainCommandName(stmt), false, terminalCommandNames(stmt));
        if (r === "interrupted") return "interrupted";
      }
    }
  }

  private stopLoop(): "interrupted" {
    this.o.tty.write("\n");
    this.status = 130;
    this.setVar("?", "130");
    return "interrupted";
  }

  /** Is this text an unfinished command (open quote, `do` without `done`, trailing backslash)? */
  static incomplete(text: string): boolean {
    return needsMore(text);
  }

  private waitForInterrupt(): Promise<void> {
    return new Promise((resolve) => {
      const release = this.fg.claimInput((d) => {
        if (d.includes("\x03")) {
          release();
          this.o.tty.write("^C\n");
          resolve();
        }
      });
    });
  }
}

export const needsMore = isIncomplete;

interface Loop {
  kind: "while" | "until" | "for";
  condition?: string;
  variable?: string;
  words?: string;
  body: string;
}

/** A statement that is one simple top-level loop we can run step by step, or null (then just-bash runs it whole). */
export function topLevelLoop(source: string): Loop | null {
  const text = source.trim();
  let m = text.match(/^(while|until)\s+([\s\S]+?)(?:;|\n)\s*do\b([\s\S]*)\bdone$/);
  let loop: Loop | null = null;
  if (m) loop = { kind: m[1] as "while" | "until", condition: m[2].trim(), body: m[3] };
  else {
    m = text.match(/^for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+([\s\S]*?)(?:;|\n)\s*do\b([\s\S]*)\bdone$/);
    if (m) loop = { kind: "for", variable: m[1], words: m[2].trim(), body: m[3] };
  }
  if (!loop?.body.trim()) return null;
  // break/continue, redirections or pipes on the loop itself need the real interpreter.
  if (/\b(break|continue)\b/.test(loop.body)) return null;
  try {
    if (parseStatements(loop.body).length === 0) return null;
    if (loop.condition !== undefined) parseStatements(loop.condition);
  } catch {
    return null;
  }
  return loop;
}
