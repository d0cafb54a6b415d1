/**
 * Userlands speak differently: busybox applets (busybox, alpine) and GNU
 * coreutils (debian, ubuntu) word their errors and exit codes in their own way.
 * just-bash's commands are the base; these wrappers make them speak like the
 * image's userland.
 */
import { type Command, defineCommand } from "just-bash";
import { curlError, type NetErrorSlot } from "./network";
import type { IFileSystem } from "just-bash";

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
    const s = stderr.replace(/^ls: (.+): No such file or directory$/gm, "ls: cannot access '$1': No such file or directory");
    return { stderr: s, exitCode: s !== stderr && exitCode === 1 ? 2 : exitCode };
  },
};

const BUSYBOX: Record<string, Rewrite> = {
  cat: (stderr, exitCode) => ({
    stderr: stderr.replace(/^cat: (.+): No such file or directory$/gm, "cat: can't open '$1': No such file or directory"),
    exitCode,
  }),
};

/** Wrappers around just-bash's own commands for the given userland (only for commands present). */
export function userlandWrappers(userland: Userland, present: string[]): Command[] {
  const table = userland === "gnu" ? GNU : BUSYBOX;
  return Object.entries(table)
    .filter(([name]) => present.includes(name))
    .map(([name, rewrite]) =>
      defineCommand(name, async (args, ctx) => {
        if (!ctx.origCommand) return { stdout: "", stderr: `${name}: unavailable\n`, exitCode: 127 };
        const r = await ctx.origCommand(args);
        const fixed = rewrite(String(r.stderr), r.exitCode);
        return { stdout: r.stdout, stderr: fixed.stderr, exitCode: fixed.exitCode };
      }),
    );
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
