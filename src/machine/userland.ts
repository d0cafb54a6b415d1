/**
 * Userlands speak differently: busybox applets (busybox, alpine) and GNU
 * coreutils (debian, ubuntu) word their errors and exit codes in their own way.
 * just-bash's commands are the base; these wrappers make them speak like the
 * image's userland.
 */

import type { IFileSystem } from "just-bash";
import { type Command, defineCommand } from "just-bash";
import { type LsEnv, lsLong, lsShort } from "./ls";
import type { Program } from "./program";

export type Userland = "busybox" | "gnu";

export function userlandOf(fs: { node(p: string): unknown }): Userland {
  return fs.node("/bin/busybox") ? "busybox" : "gnu";
}

export async function userlandOfFs(fs: IFileSystem): Promise<Userland> {
  return (await fs.exists("/bin/busybox")) ? "busybox" : "gnu";
}

/** What a wrapper knows of the call, for messages that name a path just-bash's own leaves out. */
interface Call {
  args: string[];
  fs: IFileSystem;
  cwd: string;
}

type Rewrite = (
  stderr: string,
  exitCode: number,
  call: Call,
) => { stderr: string; exitCode: number } | Promise<{ stderr: string; exitCode: number }>;

const STRERROR: Record<string, string> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EEXIST: "File exists",
  ENOTEMPTY: "Directory not empty",
  EROFS: "Read-only file system",
};

/** A filesystem error that just-bash passes through as Node words it ("ENOENT: no such file …, open '/x'"), as libc does. */
const strerror = (stderr: string) =>
  stderr.replace(/: (E[A-Z]+): [^,\n]*, \w+ '[^'\n]*'$/gm, (all, code: string) =>
    STRERROR[code] ? `: ${STRERROR[code]}` : all,
  );

/**
 * `rm -f` hides only "No such file or directory": a file it could not remove (not the user's, a
 * read-only filesystem) is still an error, as in both userlands. just-bash's -f hides them all, so
 * what is still there is removed again without -f, for its error.
 */
async function rmForced(
  args: string[],
  r: { stdout: string; stderr: string; exitCode: number },
  ctx: {
    fs: IFileSystem;
    cwd: string;
    origCommand?: (args: string[]) => Promise<{ stdout: string; stderr: string; exitCode: number }>;
  },
) {
  const options = args
    .slice(0, args.includes("--") ? args.indexOf("--") : args.length)
    .filter((a) => a.startsWith("-") && a !== "-");
  const force = options.some((a) => a === "--force" || /^-[a-zA-Z]*f/.test(a));
  if (!force || !ctx.origCommand) return r;
  const left: string[] = [];
  for (const op of operands(args)) if (await ctx.fs.exists(abs(ctx.cwd, op))) left.push(op);
  if (!left.length) return r;
  const unforced = options
    .map((a) => (a.startsWith("--") ? a : a.replace(/f/g, "")))
    .filter((a) => a !== "-" && a !== "--force");
  const again = await ctx.origCommand([...unforced, "--", ...left]);
  return { stdout: r.stdout, stderr: again.stderr, exitCode: again.exitCode || 1 };
}

/** The path arguments of cp, mv and ln (options dropped, `--` honoured). */
function operands(args: string[]): string[] {
  const out: string[] = [];
  let end = false;
  for (const a of args) {
    if (!end && a === "--") end = true;
    else if (end || !a.startsWith("-") || a === "-") out.push(a);
  }
  return out;
}

const abs = (cwd: string, p: string) => (p.startsWith("/") ? p : `${cwd.replace(/\/$/, "")}/${p}`);
const base = (p: string) => p.replace(/\/+$/, "").split("/").pop() ?? p;

/** Where cp, mv or ln would create its file: the last operand, or inside it when it is a directory. */
async function destination(call: Call, source: string): Promise<string> {
  const ops = operands(call.args);
  const target = ops.at(-1) ?? "";
  const dir = ops.length > 2 || (await call.fs.stat(abs(call.cwd, target)).catch(() => null))?.isDirectory;
  return dir ? `${target.replace(/\/+$/, "")}/${base(source)}` : target;
}

/**
 * just-bash's cp says "cannot stat" for a source that exists when the destination's directory is
 * missing; the real tools name the file they could not create.
 */
async function cpMissingDestination(stderr: string, call: Call, say: (dest: string) => string): Promise<string> {
  let out = stderr;
  for (const m of stderr.matchAll(/^cp: cannot stat '(.+)': No such file or directory$/gm))
    if (await call.fs.exists(abs(call.cwd, m[1]))) out = out.replace(m[0], say(await destination(call, m[1])));
  return out;
}

/** just-bash's chmod says "cannot access" for every failure; on a file that exists it was EPERM. */
async function chmodDenied(stderr: string, call: Call, say: (path: string) => string): Promise<string> {
  let out = stderr;
  for (const m of stderr.matchAll(/^chmod: cannot access '(.+)': No such file or directory$/gm))
    if (await call.fs.exists(abs(call.cwd, m[1]))) out = out.replace(m[0], say(m[1]));
  return out;
}

/** just-bash's ln names no path: "Permission denied", or the filesystem's EEXIST (see strerror). */
async function lnFailure(stderr: string, call: Call, say: (link: string, why: string) => string) {
  const ops = operands(call.args);
  const link = ops.length >= 2 ? await destination(call, ops[0]) : base(ops[0] ?? "");
  return stderr
    .replace(/^ln: Permission denied$/gm, () => say(link, "Permission denied"))
    .replace(/^ln: File exists$/gm, () => say(link, "File exists"));
}

const GNU: Record<string, Rewrite> = {
  ls: (stderr, exitCode) => {
    const s = stderr.replace(
      /^ls: (.+): No such file or directory$/gm,
      "ls: cannot access '$1': No such file or directory",
    );
    return { stderr: s, exitCode: s !== stderr && exitCode === 1 ? 2 : exitCode };
  },
  // coreutils 9: the file it could not create, not the one it was copying.
  cp: async (stderr, exitCode, call) => {
    let s = await cpMissingDestination(
      stderr,
      call,
      (dest) => `cp: cannot create regular file '${dest}': No such file or directory`,
    );
    for (const m of s.matchAll(/^cp: cannot copy '(.+)': (.+)$/gm))
      s = s.replace(m[0], `cp: cannot create regular file '${await destination(call, m[1])}': ${m[2]}`);
    return { stderr: s, exitCode };
  },
  mv: async (stderr, exitCode, call) => {
    let s = stderr;
    for (const m of stderr.matchAll(/^mv: cannot move '(.+)': (.+)$/gm))
      s = s.replace(m[0], `mv: cannot move '${m[1]}' to '${await destination(call, m[1])}': ${m[2]}`);
    return { stderr: s, exitCode };
  },
  ln: async (stderr, exitCode, call) => {
    const symbolic = call.args.some((a) => /^-[a-zA-Z]*s/.test(a) || a === "--symbolic");
    const target = operands(call.args)[0] ?? "";
    return {
      stderr: await lnFailure(stderr, call, (link, why) =>
        symbolic
          ? `ln: failed to create symbolic link '${link}': ${why}`
          : `ln: failed to create hard link '${link}' => '${target}': ${why === "Permission denied" ? "Operation not permitted" : why}`,
      ),
      exitCode,
    };
  },
  chmod: async (stderr, exitCode, call) => ({
    stderr: await chmodDenied(stderr, call, (p) => `chmod: changing permissions of '${p}': Operation not permitted`),
    exitCode,
  }),
  // Its words are coreutils' already; wrapped for `rm -f` (see rmForced).
  rm: (stderr, exitCode) => ({ stderr, exitCode }),
};

const BUSYBOX: Record<string, Rewrite> = {
  cat: (stderr, exitCode) => ({
    stderr: stderr.replace(
      /^cat: (.+): No such file or directory$/gm,
      "cat: can't open '$1': No such file or directory",
    ),
    exitCode,
  }),
  // busybox ls exits 1 on any error (GNU ls exits 2 when an operand cannot be accessed).
  ls: (stderr, exitCode) => ({ stderr, exitCode: exitCode !== 0 ? 1 : 0 }),
  // The rest say "can't" where coreutils says "cannot" (busybox 1.36's libbb messages).
  touch: (stderr, exitCode) => ({ stderr: stderr.replace(/^touch: cannot touch '(.+)': /gm, "touch: $1: "), exitCode }),
  mkdir: (stderr, exitCode) => ({
    stderr: stderr.replace(/^mkdir: cannot create directory '(.+)': /gm, "mkdir: can't create directory '$1': "),
    exitCode,
  }),
  rm: (stderr, exitCode) => ({
    stderr: stderr.replace(/^rm: cannot remove '(.+)': /gm, "rm: can't remove '$1': "),
    exitCode,
  }),
  rmdir: (stderr, exitCode) => ({
    stderr: stderr.replace(/^rmdir: failed to remove '(.+)': /gm, "rmdir: '$1': "),
    exitCode,
  }),
  cp: async (stderr, exitCode, call) => {
    let s = (
      await cpMissingDestination(stderr, call, (dest) => `cp: can't create '${dest}': No such file or directory`)
    ).replace(/^cp: cannot stat '(.+)': /gm, "cp: can't stat '$1': ");
    for (const m of s.matchAll(/^cp: cannot copy '(.+)': (.+)$/gm))
      s = s.replace(m[0], `cp: can't create '${await destination(call, m[1])}': ${m[2]}`);
    return { stderr: s, exitCode };
  },
  mv: (stderr, exitCode) => ({
    stderr: stderr.replace(/^mv: cannot (?:stat|move) '(.+)': /gm, "mv: can't rename '$1': "),
    exitCode,
  }),
  ln: async (stderr, exitCode, call) => ({
    stderr: await lnFailure(stderr, call, (link, why) => `ln: ${link}: ${why}`),
    exitCode,
  }),
  chmod: async (stderr, exitCode, call) => ({
    stderr: (await chmodDenied(stderr, call, (p) => `chmod: ${p}: Operation not permitted`)).replace(
      /^chmod: cannot access '(.+)': /gm,
      "chmod: $1: ",
    ),
    exitCode,
  }),
};

const readText = async (fs: IFileSystem, path: string): Promise<string> => {
  try {
    return await fs.readFile(path);
  } catch {
    return "";
  }
};

/** The user a container process runs as, from the image's /etc/passwd and /etc/group (containers run as uid 0). */
async function identity(fs: IFileSystem, uid = 0) {
  const passwd = (await readText(fs, "/etc/passwd")).split("\n").map((l) => l.split(":"));
  const groups = (await readText(fs, "/etc/group")).split("\n").map((l) => l.split(":"));
  const pw = passwd.find((f) => f.length >= 4 && Number(f[2]) === uid);
  const name = pw?.[0];
  const gid = pw ? Number(pw[3]) : uid;
  const groupName = (id: number) => groups.find((g) => g.length >= 3 && Number(g[2]) === id)?.[0];
  // runc: the primary group, then every group that lists the user, in file order.
  const gids = [gid];
  if (name)
    for (const g of groups)
      if (g.length >= 4 && g[3].split(",").includes(name) && !gids.includes(Number(g[2]))) gids.push(Number(g[2]));
  return { uid, name, gid, groupName, gids };
}

/**
 * Programs just-bash lacks or gets wrong inside containers (`id`; just-bash's
 * `whoami` says "user"). They run where the image has them on PATH: the engine
 * adds them to the container's programs, next to hello, nginx, ps …
 */
export const USERLAND_PROGRAMS: Record<string, Program> = {
  id: async (ctx) => {
    const me = await identity(ctx.fs, ctx.system.uid ?? 0);
    const fmt = (id: number, name: string | undefined) => (name ? `${id}(${name})` : `${id}`);
    const flags = ctx.args.filter((a) => a.startsWith("-")).join("");
    const names = flags.includes("n");
    const show = (id: number, name: string | undefined) => (names ? (name ?? String(id)) : String(id));
    if (flags.includes("u")) ctx.stdout(`${show(me.uid, me.name)}\n`);
    else if (flags.includes("G")) ctx.stdout(`${me.gids.map((g) => show(g, me.groupName(g))).join(" ")}\n`);
    else if (flags.includes("g")) ctx.stdout(`${show(me.gid, me.groupName(me.gid))}\n`);
    else {
      const groups = me.gids.map((g) => fmt(g, me.groupName(g))).join(",");
      ctx.stdout(`uid=${fmt(me.uid, me.name)} gid=${fmt(me.gid, me.groupName(me.gid))} groups=${groups}\n`);
    }
    return 0;
  },
  whoami: async (ctx) => {
    const me = await identity(ctx.fs, ctx.system.uid ?? 0);
    if (me.name) {
      ctx.stdout(`${me.name}\n`);
      return 0;
    }
    ctx.stderr(
      ctx.system.userland === "busybox"
        ? `whoami: unknown uid ${me.uid}\n`
        : `whoami: cannot find name for user ID ${me.uid}\n`,
    );
    return 1;
  },
};

/** What the `ls` wrapper needs besides the long format's environment. */
export interface LsWrapperEnv extends Omit<LsEnv, "userland"> {
  /**
   * The terminal's width when this `ls` is the foreground command of a terminal (and so owns it),
   * else null. Asked once per invocation, before listing.
   */
  terminal?(): number | null;
}

/**
 * Wrappers around just-bash's own commands for the given userland (only for commands present).
 * With `ls`, long listings are the userland's own (see ls.ts): owners, link counts and times;
 * and on a terminal (or with -C) the short form prints names in the userland's columns.
 */
export function userlandWrappers(userland: Userland, present: string[], ls?: LsWrapperEnv): Command[] {
  const table = userland === "gnu" ? GNU : BUSYBOX;
  const wrapped = Object.entries(table)
    .filter(([name]) => present.includes(name))
    .map(([name, rewrite]) =>
      defineCommand(name, async (args, ctx) => {
        if (name === "ls" && ls) {
          const cols = ls.terminal?.() ?? null;
          const own =
            (await lsLong(args, ctx.fs, ctx.cwd, { ...ls, userland, tty: cols !== null })) ??
            (await lsShort(args, ctx.fs, ctx.cwd, userland, { cols, columnsEnv: envVar(ctx.env, "COLUMNS") }));
          if (own) return own;
        }
        if (!ctx.origCommand) return { stdout: "", stderr: `${name}: unavailable\n`, exitCode: 127 };
        if (name === "cp") {
          // `cp f missing/`: just-bash would create a file called "missing"; the real tools refuse.
          const ops = operands(args);
          const target = ops.at(-1) ?? "";
          if (ops.length === 2 && target.endsWith("/") && !(await ctx.fs.exists(abs(ctx.cwd, target))))
            return {
              stdout: "",
              stderr:
                userland === "gnu"
                  ? `cp: cannot create regular file '${target}': Not a directory\n`
                  : `cp: can't create '${target}': Is a directory\n`,
              exitCode: 1,
            };
        }
        let r = await ctx.origCommand(args);
        if (name === "rm" && r.exitCode === 0) r = await rmForced(args, r, ctx);
        const fixed = r.stderr
          ? await rewrite(strerror(String(r.stderr)), r.exitCode, { args, fs: ctx.fs, cwd: ctx.cwd })
          : r;
        return { stdout: r.stdout, stderr: fixed.stderr, exitCode: fixed.exitCode };
      }),
    );
  if (present.includes("tail")) wrapped.push(tailFollow());
  if (present.includes("xargs")) wrapped.push(xargsOnEmptyInput());
  return wrapped;
}

const shellQuote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * `… | xargs cmd` with nothing to read: GNU and busybox xargs still run `cmd` once, with no
 * arguments (only `-r` skips it), so `docker ps -q | xargs docker stop` with nothing running
 * shows docker's usage error and xargs exits 123. just-bash's xargs runs nothing.
 */
function xargsOnEmptyInput(): Command {
  return defineCommand("xargs", async (args, ctx) => {
    if (!ctx.origCommand) return { stdout: "", stderr: "xargs: unavailable\n", exitCode: 127 };
    if (String(ctx.stdin ?? "").trim() !== "" || !ctx.exec) return ctx.origCommand(args);
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === "--") {
        i++;
        break;
      }
      if (!a.startsWith("-") || a === "-") break;
      // -r runs nothing, and -I runs once per input line: both do nothing here, as just-bash's does.
      if (/^-[0tx]*[rIi]/.test(a) || a === "--no-run-if-empty" || a.startsWith("--replace"))
        return ctx.origCommand(args);
      if (/^-[0tx]+$/.test(a) || /^--(null|verbose|exit)$/.test(a) || /^--[a-z-]+=/.test(a)) continue;
      if (/^-[dnLsPaE]$/.test(a)) i++;
      else if (!/^-[dnLsPaE]./.test(a)) return ctx.origCommand(args);
    }
    const command = args.slice(i);
    const r = await ctx.exec((command.length ? command : ["echo"]).map(shellQuote).join(" "), {
      cwd: ctx.cwd,
      stdin: "",
    });
    // xargs: 123 when the command exits 1–125, 124 for 255, 126 and 127 as they are.
    const exitCode =
      r.exitCode === 0 || r.exitCode === 126 || r.exitCode === 127 ? r.exitCode : r.exitCode === 255 ? 124 : 123;
    return { stdout: r.stdout, stderr: r.stderr, exitCode };
  });
}

const envVar = (env: unknown, key: string): string | undefined =>
  env instanceof Map ? env.get(key) : (env as Record<string, string> | undefined)?.[key];

/**
 * `tail -f`: just-bash's tail cannot follow. Print what is there, then keep
 * running until interrupted or killed, which is what `tail -f /dev/null`,
 * the classic way to keep a container alive, relies on.
 */
function tailFollow(): Command {
  return defineCommand("tail", async (args, ctx) => {
    const follow = args.some(
      (a) => a === "-f" || a === "-F" || a === "--follow" || /^-[a-zA-Z]*[fF][a-zA-Z]*$/.test(a),
    );
    if (!ctx.origCommand) return { stdout: "", stderr: "tail: unavailable\n", exitCode: 127 };
    if (!follow) return ctx.origCommand(args);
    const rest = args
      .map((a) => (/^-[a-zA-Z]*[fF][a-zA-Z]*$/.test(a) && a.length > 2 ? a.replace(/[fF]/g, "") : a))
      .filter((a) => !["-f", "-F", "--follow", "-"].includes(a));
    const files = rest.filter((a) => !a.startsWith("-") && a !== "/dev/null");
    const r =
      files.length || rest.length !== args.length - 1
        ? await ctx.origCommand(rest.filter((a) => a !== "/dev/null"))
        : { stdout: "", stderr: "", exitCode: 0 };
    if (r.exitCode !== 0 && files.length) return r;
    await new Promise<void>((resolve) => {
      if (!ctx.signal) return;
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: 130 };
  });
}
