/**
 * Programs: what shells run. A program gets its arguments, environment,
 * filesystem and stdio; when it runs in the foreground of a terminal (a plain
 * command line, no pipe or redirection) it also gets the Tty and can stream
 * output and read raw keystrokes, as `docker run -it` and `docker logs -f` need.
 */
import { type Command, type CommandContext, defineCommand, type IFileSystem } from "just-bash";
import type { Clock } from "../shared/clock";
import type { HttpHandler, NetNamespace, Network } from "./network";
import type { Tty } from "./tty";

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ProgramContext {
  /** argv[0] as invoked. */
  name: string;
  args: string[];
  /** Piped stdin ("" when none or when stdin is the terminal). */
  stdin: string;
  env: Record<string, string>;
  cwd: string;
  fs: IFileSystem;
  clock: Clock;
  /** The terminal, when this program is the foreground job of a plain command line. */
  tty: Tty | null;
  /** Take raw terminal input while running (only meaningful with a tty). */
  claimInput(handler: (data: string) => void): () => void;
  /** Aborted on Ctrl+C (when no program claimed input) or kill. */
  signal: AbortSignal;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Handle a signal sent to this process (SIGTERM, SIGQUIT, SIGINT …). Without a handler the default applies. */
  onSignal(handler: (signal: string) => void): void;
  /** The system this process runs on. */
  system: SystemView;
  /** Open a listening HTTP socket in this process's network namespace. Returns close(). */
  listen(port: number, handler: HttpHandler): () => void;
  /** The network as this process sees it (for wget, ping, nslookup). */
  net: { network: Network; ns: NetNamespace };
  /** Run shell lines in the same shell environment (same fs, cwd and env). */
  exec(script: string, opts?: { stdin?: string; cwd?: string; env?: Record<string, string> }): Promise<RunResult>;
}

export type Program = (ctx: ProgramContext) => Promise<number>;

/** What a process can ask its system (host or container) about. */
export interface SystemView {
  hostname: string;
  /** The user id processes run as (0 in containers unless -u says otherwise). */
  uid?: number;
  kernelRelease: string;
  userland: "busybox" | "gnu";
  processes(): { pid: number; user: string; argv: string[]; started: number }[];
  /** When the machine booted (the host's, also in containers: they share its kernel). */
  bootedAt?: number;
}

/** How a shell tells programs about its terminal. */
export interface Foreground {
  /** The name of the command allowed to use the tty for the statement now running, or null. */
  ttyFor: string | null;
  tty: Tty | null;
  claimInput(handler: (data: string) => void): () => void;
  /**
   * Commands whose stdout is the terminal at every invocation in the statement now running, though
   * they do not own it (`cd d && ls`): they may ask its size, as `ls` does for its columns.
   */
  onTerminal?: ReadonlySet<string> | null;
  /** Without a terminal (script mode): the command allowed to write its output straight out, in order. */
  directFor?: string | null;
  direct?: (s: string) => void;
  /** Where such a command's stderr goes (default: with stdout). */
  directErr?: (s: string) => void;
}

export const NO_FOREGROUND: Foreground = { ttyFor: null, tty: null, claimInput: () => () => {} };

/**
 * The terminal, when the command `name` is the foreground command of the statement now running
 * (a plain command line: no pipe, redirection or command substitution). Only the first matching
 * invocation owns it; everything else sees no tty, as a program whose stdout is a pipe would.
 */
export function claimTty(fg: Foreground, name: string): Tty | null {
  const tty = fg.ttyFor === name ? fg.tty : null;
  if (tty) fg.ttyFor = null;
  return tty;
}

/** The terminal's width when the command `name`'s stdout is the terminal (claiming it for a plain command), else null. */
export function terminalWidth(fg: Foreground, name: string): number | null {
  const tty = claimTty(fg, name);
  if (tty) return tty.cols;
  return fg.tty && fg.onTerminal?.has(name) ? fg.tty.cols : null;
}

/** just-bash's ByteString (one char per byte) as UTF-8 text. Its own decoder is missing from its browser build. */
export function utf8FromByteString(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return new TextDecoder("utf-8").decode(bytes);
}

/** Wrap a Program as a just-bash command. */
export function toCommand(
  name: string,
  program: Program,
  env: {
    fg: () => Foreground;
    clock: Clock;
    system: SystemView;
    netns: NetNamespace;
    network: Network;
    onSignal?: (handler: (signal: string) => void) => void;
  },
): Command {
  return defineCommand(name, async (args: string[], c: CommandContext) => {
    const fg = env.fg();
    const tty = claimTty(fg, name);
    const direct = !tty && fg.directFor === name ? fg.direct : undefined;
    if (direct) fg.directFor = null;
    const sink = tty ? (s: string) => tty.write(s) : direct;
    const errSink = tty ? sink : direct ? (fg.directErr ?? direct) : undefined;
    let out = "";
    let err = "";
    const envObj: Record<string, string> = {};
    const e = c.env as unknown as Map<string, string> | Record<string, string>;
    if (e instanceof Map) for (const [k, v] of e) envObj[k] = v;
    else Object.assign(envObj, e);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    c.signal?.addEventListener("abort", onAbort, { once: true });
    const ctx: ProgramContext = {
      name,
      args,
      // just-bash hands stdin over as bytes (a latin1 string): programs get text.
      stdin: typeof c.stdin === "string" ? utf8FromByteString(c.stdin) : "",
      env: envObj,
      cwd: c.cwd,
      fs: c.fs,
      clock: env.clock,
      tty,
      claimInput: (h) => (tty ? fg.claimInput(h) : () => {}),
      signal: controller.signal,
      onSignal: (h) => env.onSignal?.(h),
      system: env.system,
      listen: (port, handler) => listenOn(env.netns, port, handler),
      net: { network: env.network, ns: env.netns },
      stdout: (s) => {
        if (sink) sink(s);
        else out += s;
      },
      stderr: (s) => {
        if (errSink) errSink(s);
        else err += s;
      },
      exec: async (script, o) => {
        if (!c.exec) return { stdout: "", stderr: "exec unavailable\n", exitCode: 1 };
        const r = await c.exec(script, { cwd: o?.cwd ?? c.cwd, stdin: o?.stdin, env: o?.env } as never);
        return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode };
      },
    };
    try {
      const code = await program(ctx);
      return { stdout: out, stderr: err, exitCode: code };
    } catch (e) {
      return { stdout: out, stderr: `${err}${name}: ${(e as Error).message}\n`, exitCode: 1 };
    } finally {
      c.signal?.removeEventListener("abort", onAbort);
    }
  });
}

/**
 * Interpreter limits for every shell in the machine. Hardened defaults, except
 * that containers and sleep loops may live for days, and an endless loop is
 * cut after 100,000 commands (the shell then waits for Ctrl+C like bash).
 */
export const SHELL_LIMITS = {
  maxCommandCount: 100_000,
  maxLoopIterations: 100_000,
  maxExecutionTimeMs: 7 * 24 * 3600 * 1000,
};

export function listenOn(ns: NetNamespace, port: number, handler: HttpHandler): () => void {
  if (ns.listeners.has(port)) throw new Error(`bind() to 0.0.0.0:${port} failed (98: Address already in use)`);
  ns.listeners.set(port, handler);
  return () => {
    if (ns.listeners.get(port) === handler) ns.listeners.delete(port);
  };
}
