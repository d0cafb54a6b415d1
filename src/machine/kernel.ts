/**
 * The simulated kernel's process runner: starts a process inside a sandbox
 * (a container's root filesystem, hostname, pid namespace) the way runc would:
 * resolve argv[0] through PATH in the sandbox's own files, then run it. Which
 * commands exist follows from the files in the image. Shells without a script
 * on a terminal become interactive sessions.
 */
import { Bash, getCommandNames, type IFileSystem } from "just-bash";
import type { Clock } from "../shared/clock";
import { shellQuote } from "../shared/format";
import { redirectFailure } from "./bash-syntax";
import type { LayeredFs } from "./layered-fs";
import { basename, type FsNode, normalize } from "./layered-fs";
import type { PseudoDir } from "./ls";
import type { NetNamespace, Network } from "./network";
import {
  type Foreground,
  listenOn,
  NO_FOREGROUND,
  type Program,
  SHELL_LIMITS,
  type SystemView,
  terminalWidth,
  toCommand,
} from "./program";
import { ProgramPathFs } from "./program-path-fs";
import { ShellSession } from "./shell";
import type { Tty } from "./tty";
import { type Userland, userlandOf, userlandWrappers } from "./userland";

export interface ProcessEntry {
  pid: number;
  user: string;
  argv: string[];
  started: number;
}

/** What a process can see of its sandbox (its container). */
export interface Sandbox {
  id: string;
  /** The container's root filesystem (image layers + its writable layer). */
  fs: LayeredFs;
  /** What processes see: the root filesystem with volumes and bind mounts on top. */
  view?: IFileSystem;
  hostname: string;
  /** Processes in this sandbox's pid namespace. */
  processes(): ProcessEntry[];
  /** Programs this kernel provides by file name (hello, nginx …). */
  programs: Record<string, Program>;
  /** Who owns a path when not root: files a non-root user (`-u`) created (for `ls -l`). */
  ownerOf?(path: string): number | undefined;
  /** The kernel filesystems mounted in this sandbox (/proc, /sys, /dev), as `ls -l` sees them. */
  mountPoint?(path: string): PseudoDir | undefined;
  clock: Clock;
  kernelRelease: string;
  /** When the host booted (uptime). */
  bootedAt?: number;
  network: Network;
  netns: NetNamespace;
  /** The container's memory limit in bytes (`docker run -m`); 0 or absent: none. */
  memoryLimit?: number;
  /**
   * The process ran out of memory (its shell's strings outgrew what the memory allows): the cgroup's
   * OOM killer takes it. The engine kills it with SIGKILL (exit 137) and records the OOM.
   */
  onOom?(): void;
}

/** What just-bash says when a string outgrows maxStringLength: here, the process's memory. */
const OUT_OF_MEMORY = /^.*: (?:string length|array elements) limit exceeded \(\d+(?: bytes)?\)\n?/m;

/**
 * How long a shell string may grow in a container with this much memory. A busybox shell doubling a
 * string holds two copies and then some, so about a quarter of the limit; without a limit the
 * simulator's own cap (just-bash's hardened profile, 10 MiB) stands for the host's memory.
 */
export function stringLimitFor(memory: number | undefined): number | undefined {
  if (!memory || memory <= 0) return undefined;
  return Math.min(10 * 1024 * 1024, Math.max(16 * 1024, Math.floor(memory / 4)));
}

export class ExecError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface SpawnOptions {
  sandbox: Sandbox;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  pid: number;
  /** The process's terminal (docker run -t / exec -t). */
  tty: Tty | null;
  /** Piped stdin (docker run -i without -t), complete; null when stdin is closed. */
  stdin: string | null;
  stdout(s: string): void;
  stderr(s: string): void;
  /** SIGKILL. */
  kill: AbortSignal;
  /** Register the process's handler for catchable signals; returns whether one exists. */
  onSignal(handler: (signal: string) => void): void;
}

const SHELLS = new Set(["sh", "bash", "ash", "dash"]);
const PACKAGE_MANAGERS = new Set(["apk", "apt-get", "apt"]);
const JB_COMMANDS = new Set<string>(getCommandNames());

/** Locate an executable the way execve + PATH lookup does. Throws ExecError with runc's wording. */
export function resolveExecutable(fs: LayeredFs, name: string, env: Record<string, string>): string {
  if (name.includes("/")) {
    const p = normalize(name);
    const n = fsNodeFollow(fs, p);
    if (!n) throw new ExecError(`exec: "${name}": stat ${name}: no such file or directory`, 127);
    if (n.type === "dir") throw new ExecError(`exec: "${name}": permission denied`, 126);
    if (n.type === "file" && (n.mode & 0o111) === 0) throw new ExecError(`exec: "${name}": permission denied`, 126);
    return p;
  }
  for (const dir of (env.PATH ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
    const p = normalize(`${dir}/${name}`);
    const n = fsNodeFollow(fs, p);
    if (n?.type === "file" && (n.mode & 0o111) !== 0) return p;
  }
  throw new ExecError(`exec: "${name}": executable file not found in $PATH`, 127);
}

function fsNodeFollow(fs: LayeredFs, p: string): FsNode | undefined {
  let cur = p;
  for (let i = 0; i < 40; i++) {
    const n: FsNode | undefined = fs.node(cur) ?? resolveThroughDirs(fs, cur);
    if (!n) return undefined;
    if (n.type !== "symlink") return n;
    cur = n.target.startsWith("/")
      ? normalize(n.target)
      : normalize(`${cur.slice(0, cur.lastIndexOf("/"))}/${n.target}`);
  }
  return undefined;
}

/** Follow symlinked directories in the path (e.g. /bin → usr/bin on Ubuntu). */
function resolveThroughDirs(fs: LayeredFs, p: string): FsNode | undefined {
  const parts = p.split("/").filter(Boolean);
  let base = "";
  for (let i = 0; i < parts.length; i++) {
    const cur = `${base}/${parts[i]}`;
    const n = fs.node(cur);
    if (!n) return undefined;
    if (n.type === "symlink" && i < parts.length - 1) {
      const t = n.target.startsWith("/") ? normalize(n.target) : normalize(`${base || "/"}/${n.target}`);
      return fsNodeFollow(fs, normalize(`${t}/${parts.slice(i + 1).join("/")}`));
    }
    base = cur;
  }
  return fs.node(p);
}

/** Command names available in a sandbox: the executables on its PATH that this simulator can run. */
export function availableCommands(
  fs: LayeredFs,
  env: Record<string, string>,
  programs: Record<string, Program>,
): {
  builtins: string[];
  programs: string[];
  /** Executables in the image that this simulator cannot run. */
  unsupported: string[];
  /** Where PATH lookup finds each name first. */
  paths: Map<string, string>;
} {
  const names = new Set<string>();
  const paths = new Map<string, string>();
  for (const dir of (env.PATH ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
    const shown = normalize(dir);
    const before = new Set(names);
    let real = normalize(dir);
    const n = fsNodeFollow(fs, real);
    if (n?.type !== "dir") continue;
    const link = fs.node(real);
    if (link?.type === "symlink") real = normalize(link.target.startsWith("/") ? link.target : `/${link.target}`);
    for (const name of fs.lower.children.get(real) ?? []) names.add(name);
    for (const p of fs.upper.keys())
      if (p.startsWith(`${real}/`) && !p.slice(real.length + 1).includes("/")) names.add(basename(p));
    for (const n of names) if (!before.has(n)) paths.set(n, `${shown}/${n}`);
  }
  const builtins: string[] = [];
  const progs: string[] = [];
  const unsupported: string[] = [];
  for (const n of names) {
    if (programs[n]) progs.push(n);
    else if (JB_COMMANDS.has(n)) builtins.push(n);
    else if (!SHELLS.has(n) && n !== "busybox") unsupported.push(n);
  }
  // Shell builtins that just-bash implements as commands.
  for (const b of ["echo", "printf", "test", "[", "true", "false", "pwd", "kill", "type", "command", "read", "exit"])
    if (JB_COMMANDS.has(b) && !builtins.includes(b)) builtins.push(b);
  return { builtins, programs: progs, unsupported, paths };
}

export function shellPrompt(userland: Userland, sandbox: Sandbox, env: Record<string, string>, shell: string): string {
  const cwd = env.PWD ?? "/";
  if (shell === "bash") {
    const home = env.HOME ?? "/root";
    const shown = cwd === home ? "~" : cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
    return `root@${sandbox.hostname}:${shown}# `;
  }
  return userland === "busybox" ? `${cwd} # ` : "# ";
}

/** Run a process to completion; resolves with its exit status (128+n when killed by signal n). */
export async function runProcess(o: SpawnOptions): Promise<number> {
  const { sandbox } = o;
  const path = resolveExecutable(sandbox.fs, o.argv[0], o.env);
  const name = basename(o.argv[0]);
  const realName = basename(path);
  const userland = userlandOf(sandbox.fs);
  const killed = new AbortController();
  const onKill = () => killed.abort();
  o.kill.addEventListener("abort", onKill, { once: true });
  const sleep = (ms: number) => sandbox.clock.sleep(ms, killed.signal);
  let fg: Foreground = NO_FOREGROUND;
  const system: SystemView = {
    hostname: sandbox.hostname,
    kernelRelease: sandbox.kernelRelease,
    bootedAt: sandbox.bootedAt,
    userland,
    processes: () => {
      const list = sandbox.processes();
      // `ps` itself shows up once: as the exec'd process, or as a child of the shell that runs it.
      if (list.some((p) => p.argv[0]?.split("/").pop() === "ps")) return list;
      return [...list, { pid: o.pid + 7, user: "root", argv: ["ps"], started: sandbox.clock.now() }];
    },
  };
  // A package manager changes which programs exist: the next statement gets a fresh interpreter that sees them.
  const afterInstall = (p: string, program: Program): Program =>
    PACKAGE_MANAGERS.has(p)
      ? async (ctx) => {
          const code = await program(ctx);
          interpreter = null;
          return code;
        }
      : program;
  const commandsFor = (avail: ReturnType<typeof availableCommands>) => [
    ...avail.programs.map((p) =>
      toCommand(p, afterInstall(p, sandbox.programs[p]), {
        fg: () => fg,
        clock: sandbox.clock,
        system,
        network: sandbox.network,
        netns: sandbox.netns,
        onSignal: o.onSignal,
      }),
    ),
    ...userlandWrappers(userland, avail.builtins, {
      now: () => sandbox.clock.now(),
      terminal: () => terminalWidth(fg, "ls"),
      ownerOf: (p) => sandbox.ownerOf?.(p),
      mountPoint: (p) => sandbox.mountPoint?.(p),
      // An image directory is copied up (merged) once it or anything below it changed.
      merged: (p) => {
        if (sandbox.fs.lower.nodes.get(p)?.type !== "dir") return false;
        const up = sandbox.fs.upper.get(p);
        if (up) return up.type === "dir" && !up.opaque;
        const below = p === "/" ? "/" : `${p}/`;
        for (const k of sandbox.fs.upper.keys()) if (k.startsWith(below)) return true;
        return false;
      },
      defaultUid: 0,
    }),
    ...avail.unsupported.map((n) =>
      toCommand(n, unsupportedProgram(n), {
        fg: () => fg,
        clock: sandbox.clock,
        system,
        netns: sandbox.netns,
        network: sandbox.network,
      }),
    ),
  ];
  // The interpreter is created on first use: a main process that is one of the kernel's programs
  // (sleep, nginx …) never needs it, which keeps a thousand idle containers light.
  let interpreter: Bash | null = null;
  const makeBash = () => {
    const avail = availableCommands(sandbox.fs, o.env, sandbox.programs);
    const fs = new ProgramPathFs(
      sandbox.view ?? sandbox.fs,
      [...avail.programs, ...avail.unsupported].map((name) => ({
        name,
        path: avail.paths.get(name) ?? `/usr/bin/${name}`,
      })),
    );
    const maxStringLength = stringLimitFor(sandbox.memoryLimit);
    return new Bash({
      fs,
      cwd: o.cwd,
      env: o.env,
      commands: avail.builtins as never,
      customCommands: commandsFor(avail),
      sleep,
      executionLimitProfile: "hardened",
      executionLimits: maxStringLength ? { ...SHELL_LIMITS, maxStringLength } : SHELL_LIMITS,
      // The interpreter runs only bash (no JS or Python); its JS-global lockdown would block our own timers.
      defenseInDepth: false,
      processInfo: { pid: o.pid, ppid: 0, uid: 0, gid: 0 },
    });
  };
  const bashOf = () => {
    interpreter ??= makeBash();
    return interpreter;
  };
  // Out of memory: the OOM killer ends the process; nothing more of it is printed.
  let oom = false;
  const outOfMemory = (s: string): boolean => {
    if (oom) return true;
    if (!OUT_OF_MEMORY.test(s)) return false;
    oom = true;
    if (sandbox.onOom) sandbox.onOom();
    else killed.abort();
    return true;
  };
  const write = (s: string, err: boolean) => {
    if (!s || oom) return;
    if (err && outOfMemory(s)) return;
    if (o.tty) o.tty.write(s);
    else if (err) o.stderr(s);
    else o.stdout(s);
  };
  const run = async (script: string, stdin?: string, args?: string[]) => {
    const r = await bashOf()
      .exec(script, {
        signal: killed.signal,
        stdin,
        args,
        rawScript: true,
        cwd: o.cwd,
        env: o.env,
        replaceEnv: true,
      })
      .catch((e) => {
        const failed = redirectFailure(
          e,
          userland === "busybox" ? "ash" : realName === "bash" || name === "bash" ? "bash" : "dash",
        );
        if (!failed) throw e;
        return { stdout: "", ...failed };
      });
    write(r.stdout, false);
    write(rewriteShellErrors(r.stderr, userland, realName === "bash" || name === "bash" ? "bash" : "sh"), true);
    return r.exitCode;
  };
  try {
    const shellName = SHELLS.has(name) ? name : SHELLS.has(realName) && realName !== "busybox" ? realName : null;
    if (shellName) {
      const args = o.argv.slice(1);
      const ci = args.indexOf("-c");
      if (ci >= 0) {
        if (ci + 1 >= args.length) {
          write(`${shellName}: -c: option requires an argument\n`, true);
          return 2;
        }
        // Without positional parameters or piped input, run the script statement by statement,
        // so a long-running script (a loop that logs every second) shows its output as it goes.
        if (args.length > ci + 2 || o.stdin || o.tty) return await run(args[ci + 1], o.stdin ?? "", args.slice(ci + 2));
        const dialect = userland === "busybox" ? "ash" : "dash";
        const script = new ShellSession({
          tty: { write: (s) => write(s, false), onData: () => () => {}, cols: 80, rows: 24, onResize: () => () => {} },
          writeErr: (s) => write(s, true),
          bash: bashOf,
          env: { ...o.env, PWD: o.cwd },
          name: shellName,
          dialect,
          prompt: () => "",
          programsGetTty: false,
          signal: killed.signal,
          rewriteStderr: (e) => rewriteShellErrors(e, userland, shellName),
        });
        const exit = await script.execute(args[ci + 1]);
        return exit ?? script.status;
      }
      if (args.length > 0 && !args[0].startsWith("-")) {
        const script = sandbox.fs.readText(args[0].startsWith("/") ? args[0] : `${o.cwd}/${args[0]}`);
        if (script === undefined) {
          write(
            `${shellName}: ${userland === "busybox" ? "can't open" : "0: cannot open"} '${args[0]}': No such file\n`,
            true,
          );
          return userland === "busybox" ? 2 : 2;
        }
        return await run(script, o.stdin ?? "", args.slice(1));
      }
      if (o.tty) {
        const session = new ShellSession({
          tty: o.tty,
          bash: bashOf,
          env: { ...o.env, PWD: o.cwd, HOSTNAME: sandbox.hostname },
          name: shellName,
          dialect: userland === "busybox" ? "ash" : "dash",
          prompt: (env) => shellPrompt(userland, sandbox, env, shellName === "bash" ? "bash" : "sh"),
          rewriteStderr: (s) => (outOfMemory(s) ? "" : rewriteShellErrors(s, userland, shellName)),
          onRunaway: () => "",
        });
        fg = session.fg;
        const done = session.run();
        const code = await Promise.race([
          done,
          new Promise<number>((resolve) => killed.signal.addEventListener("abort", () => resolve(137), { once: true })),
        ]);
        return code;
      }
      if (o.stdin) return await run(o.stdin);
      return 0;
    }
    const direct = sandbox.programs[realName] ?? sandbox.programs[name];
    if (direct) {
      // The process image is one of the kernel's programs: run it directly, as execve would, so it streams its output.
      return await direct({
        name: o.argv[0],
        args: o.argv.slice(1),
        stdin: o.stdin ?? "",
        env: o.env,
        cwd: o.cwd,
        fs: sandbox.view ?? sandbox.fs,
        clock: sandbox.clock,
        tty: o.tty,
        claimInput: (h) => (o.tty ? o.tty.onData(h) : () => {}),
        signal: killed.signal,
        onSignal: o.onSignal,
        system,
        listen: (port, handler) => listenOn(sandbox.netns, port, handler),
        net: { network: sandbox.network, ns: sandbox.netns },
        stdout: (s) => write(s, false),
        stderr: (s) => write(s, true),
        exec: async (script) => {
          const r = await bashOf().exec(script, { cwd: o.cwd, env: o.env, replaceEnv: true, signal: killed.signal });
          return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
        },
      });
    }
    const script = o.argv.map(shellQuote).join(" ");
    // `docker run -t busybox ls`: the command's stdout is the container's terminal.
    if (o.tty) {
      const tty = o.tty;
      fg = { ttyFor: o.argv[0]?.split("/").pop() ?? null, tty, claimInput: (h) => tty.onData(h) };
    }
    return await run(script, o.stdin ?? "");
  } finally {
    o.kill.removeEventListener("abort", onKill);
  }
}

/** An executable in the image that this simulator cannot run: say so plainly, exit 127 like a missing program. */
function unsupportedProgram(name: string): Program {
  return async (ctx) => {
    ctx.stderr(`${name}: this program is not available in the simulator\n`);
    return 127;
  };
}

/** Shell error wording per userland: busybox ash says "sh: x: not found". */
export function rewriteShellErrors(stderr: string, userland: Userland, shell: string): string {
  if (!stderr) return stderr;
  let s = stderr.replace(/^bash: (.+): command not found$/gm, (_m, cmd) =>
    userland === "busybox"
      ? `sh: ${cmd}: not found`
      : shell === "bash"
        ? `bash: ${cmd}: command not found`
        : `sh: 1: ${cmd}: not found`,
  );
  if (userland === "busybox")
    s = s.replace(
      /^bash: cd: (.+): (No such file or directory|Not a directory)$/gm,
      "sh: cd: line 0: can't cd to $1: $2",
    );
  else if (shell !== "bash")
    s = s.replace(/^bash: cd: (.+): No such file or directory$/gm, "sh: 1: cd: can't cd to $1");
  s = s.replace(/^bash: too many commands executed.*\n?/gm, "");
  return s;
}
