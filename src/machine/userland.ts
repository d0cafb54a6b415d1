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

type Rewrite = (stderr: string, exitCode: number) => { stderr: string; exitCode: number };

const GNU: Record<string, Rewrite> = {
  ls: (stderr, exitCode) => {
    const s = stderr.replace(
      /^ls: (.+): No such file or directory$/gm,
      "ls: cannot access '$1': No such file or directory",
    );
    return { stderr: s, exitCode: s !== stderr && exitCode === 1 ? 2 : exitCode };
  },
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
        const r = await ctx.origCommand(args);
        const fixed = rewrite(String(r.stderr), r.exitCode);
        return { stdout: r.stdout, stderr: fixed.stderr, exitCode: fixed.exitCode };
      }),
    );
  if (present.includes("tail")) wrapped.push(tailFollow());
  return wrapped;
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
