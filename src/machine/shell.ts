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
  bash: Bash;
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
  private claimed: ((d: string) => void) | null = null;
  private unsub: (() => void) | null = null;
  private exited: ((code: number) => void) | null = null;
  /** Foreground info read by programs (see program.ts). */
  readonly fg: Foreground;

  constructor(private readonly o: ShellOptions) {
    this.env = { ...o.env };
    this.history = o.history ?? [];
    this.editor = new LineEditor(o.tty);
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
      this.o.tty.write(`${this.o.name}: ${syntaxMessage(e as Error)}\n`);
      this.status = 2;
      this.setVar("?", "2");
      return null;
    }
    this.running = true;
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
        const plain = stmt ? plainCommandName(stmt) : null;
        if (this.o.programsGetTty === false) {
          this.fg.directFor = plain;
          this.fg.direct = (s: string) => this.o.tty.write(s);
        } else this.fg.ttyFor = plain;
        this.abort = new AbortController();
        const prefix = this.status ? `(exit ${this.status})\n` : "";
        const r = await this.o.bash
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
        if (r.stdout) this.o.tty.write(r.stdout);
        let stderr = r.stderr;
        let code = r.exitCode;
        const runaway =
          !!this.o.onRunaway && /too many commands executed|maximum loop iterations|too many iterations/.test(stderr);
        if (runaway) {
          stderr = stderr.replace(
            /^.*(too many commands executed|maximum loop iterations|too many iterations).*\n?/gm,
            "",
          );
        }
        if (stderr) this.o.tty.write(this.o.rewriteStderr ? this.o.rewriteStderr(stderr) : stderr);
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
        if (code === 130 && interrupted) break;
      }
      return null;
    } finally {
      this.running = false;
      this.o.onBusy?.(false);
      this.o.onLineDone?.(text, this.status);
    }
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
