/**
 * Userlands speak differently: busybox applets (busybox, alpine) and GNU
 * coreutils (debian, ubuntu) word their errors and exit codes in their own way.
 * just-bash's commands are the base; these wrappers make them speak like the
 * image's userland.
 */

import type { IFileSystem } from "just-bash";
import { type Command, defineCommand } from "just-bash";
import { curlError, type NetErrorSlot } from "./network";

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

/** Is `name` an executable file on PATH in this filesystem? (applets exist only where the image has them) */
async function onPath(
  fs: IFileSystem,
  env: Map<string, string> | Record<string, string>,
  name: string,
): Promise<boolean> {
  const path =
    (env instanceof Map ? env.get("PATH") : env.PATH) ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (const dir of path.split(":")) if (dir && (await fs.exists(`${dir}/${name}`).catch(() => false))) return true;
  return false;
}

/** Programs just-bash lacks or gets wrong inside containers (id; whoami says "user"). */
function identityCommands(userland: Userland, present: string[]): Command[] {
  const fmt = (id: number, name: string | undefined) => (name ? `${id}(${name})` : `${id}`);
  const id = defineCommand("id", async (args, ctx) => {
    if (!(await onPath(ctx.fs, ctx.env, "id"))) return { stdout: "", stderr: `sh: id: not found\n`, exitCode: 127 };
    const me = await identity(ctx.fs);
    const flag = args.find((a) => a.startsWith("-"));
    const names = args.includes("-n") || args.some((a) => /^-[a-zA-Z]*n/.test(a));
    if (flag && /u/.test(flag)) return { stdout: `${names ? (me.name ?? me.uid) : me.uid}\n`, stderr: "", exitCode: 0 };
    if (flag && /g/.test(flag) && !/G/.test(flag))
      return { stdout: `${names ? (me.groupName(me.gid) ?? me.gid) : me.gid}\n`, stderr: "", exitCode: 0 };
    if (flag && /G/.test(flag))
      return {
        stdout: `${me.gids.map((g) => (names ? (me.groupName(g) ?? g) : g)).join(" ")}\n`,
        stderr: "",
        exitCode: 0,
      };
    const groups = me.gids.map((g) => fmt(g, me.groupName(g))).join(",");
    return {
      stdout: `uid=${fmt(me.uid, me.name)} gid=${fmt(me.gid, me.groupName(me.gid))} groups=${groups}\n`,
      stderr: "",
      exitCode: 0,
    };
  });
  const whoami = defineCommand("whoami", async (_args, ctx) => {
    const me = await identity(ctx.fs);
    if (me.name) return { stdout: `${me.name}\n`, stderr: "", exitCode: 0 };
    const msg =
      userland === "busybox" ? `whoami: unknown uid ${me.uid}` : `whoami: cannot find name for user ID ${me.uid}`;
    return { stdout: "", stderr: `${msg}\n`, exitCode: 1 };
  });
  return [id, ...(present.includes("whoami") ? [whoami] : [])];
}

/** Wrappers around just-bash's own commands for the given userland (only for commands present), plus id/whoami. */
export function userlandWrappers(userland: Userland, present: string[]): Command[] {
  const table = userland === "gnu" ? GNU : BUSYBOX;
  const wrapped = Object.entries(table)
    .filter(([name]) => present.includes(name))
    .map(([name, rewrite]) =>
      defineCommand(name, async (args, ctx) => {
        if (!ctx.origCommand) return { stdout: "", stderr: `${name}: unavailable\n`, exitCode: 127 };
        const r = await ctx.origCommand(args);
        const fixed = rewrite(String(r.stderr), r.exitCode);
        return { stdout: r.stdout, stderr: fixed.stderr, exitCode: fixed.exitCode };
      }),
    );
  return [...wrapped, ...identityCommands(userland, present)];
}

/** curl everywhere: the simulated network's failures in curl's words and exit codes. */
export function curlWrapper(slot: NetErrorSlot): Command {
  return defineCommand("curl", async (args, ctx) => {
    if (!ctx.origCommand) return { stdout: "", stderr: "curl: unavailable\n", exitCode: 127 };
    slot.last = null;
    const r = await ctx.origCommand(args);
    const err = slot.last as import("./network").NetError | null;
    if (!err || r.exitCode === 0) return r;
    const { message, code } = curlError(err);
    const silent = args.some((a) => /^-[a-zA-Z]*s/.test(a) && !a.startsWith("--")) || args.includes("--silent");
    const showError = args.some((a) => /^-[a-zA-Z]*S/.test(a) && !a.startsWith("--")) || args.includes("--show-error");
    return { stdout: r.stdout, stderr: silent && !showError ? "" : `${message}\n`, exitCode: code };
  });
}
