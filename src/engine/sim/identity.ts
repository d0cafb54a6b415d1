/**
 * Who a container process runs as (`docker run -u`, `docker exec -u`, USER):
 * resolved at start from the container's own /etc/passwd and /etc/group, the
 * way the daemon does it, with `id` and `whoami` answering for that user and a
 * filesystem that refuses a non-root user's writes outside world-writable
 * directories ("Permission denied").
 */
import type { BufferEncoding, CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from "just-bash";
import { dirname, normalize } from "../../machine/layered-fs";
import type { Program } from "../../machine/program";
import { badRequest } from "../api/errors";

export interface ProcessUser {
  uid: number;
  gid: number;
  name?: string;
  /** Primary group first, then the groups that list the user. */
  groups: number[];
  home: string;
}

export const ROOT: ProcessUser = { uid: 0, gid: 0, name: "root", groups: [0], home: "/root" };

type Text = (path: string) => string | undefined;

const table = (text: string | undefined) =>
  (text ?? "")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(":"));

/**
 * Resolve "name", "uid", "name:group" or "uid:gid" against the image's files, as
 * moby/sys/user does. Unknown names fail ("unable to find user x: no matching
 * entries in passwd file"); unknown numeric ids are allowed (gid 0, home /).
 */
export function resolveUser(spec: string | undefined, readText: Text): ProcessUser {
  if (!spec) spec = "";
  const [userPart, groupPart] = spec.split(":", 2) as [string, string | undefined];
  const passwd = table(readText("/etc/passwd"));
  const groups = table(readText("/etc/group"));
  let uid = 0;
  let gid = 0;
  let name: string | undefined;
  let home = "/";
  if (userPart === "") {
    const pw = passwd.find((f) => f.length >= 4 && f[2] === "0");
    name = pw?.[0] ?? "root";
    home = pw?.[5] || "/root";
  } else {
    const pw = /^\d+$/.test(userPart)
      ? passwd.find((f) => f.length >= 4 && Number(f[2]) === Number(userPart))
      : passwd.find((f) => f.length >= 4 && f[0] === userPart);
    if (pw) {
      uid = Number(pw[2]);
      gid = Number(pw[3]);
      name = pw[0];
      home = pw[5] || "/";
    } else if (/^\d+$/.test(userPart)) uid = Number(userPart);
    else throw badRequest(`unable to find user ${userPart}: no matching entries in passwd file`);
  }
  if (groupPart !== undefined && groupPart !== "") {
    const gr = /^\d+$/.test(groupPart)
      ? groups.find((g) => g.length >= 3 && Number(g[2]) === Number(groupPart))
      : groups.find((g) => g.length >= 3 && g[0] === groupPart);
    if (gr) gid = Number(gr[2]);
    else if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else throw badRequest(`unable to find group ${groupPart}: no matching entries in group file`);
  }
  const all = [gid];
  if (name)
    for (const g of groups)
      if (g.length >= 4 && g[3].split(",").includes(name) && !all.includes(Number(g[2]))) all.push(Number(g[2]));
  return { uid, gid, name, groups: all, home };
}

/** `id` and `whoami` for a process running as `user`, in the image's userland. */
export function identityPrograms(user: ProcessUser, readText: Text): Record<string, Program> {
  const groupName = (id: number) =>
    table(readText("/etc/group")).find((g) => g.length >= 3 && Number(g[2]) === id)?.[0];
  return {
    id: async (ctx) => {
      const fmt = (id: number, name: string | undefined) => (name ? `${id}(${name})` : `${id}`);
      const flags = ctx.args.filter((a) => a.startsWith("-")).join("");
      const names = flags.includes("n");
      const show = (id: number, name: string | undefined) => (names ? (name ?? String(id)) : String(id));
      if (flags.includes("u")) ctx.stdout(`${show(user.uid, user.name)}\n`);
      else if (flags.includes("G")) ctx.stdout(`${user.groups.map((g) => show(g, groupName(g))).join(" ")}\n`);
      else if (flags.includes("g")) ctx.stdout(`${show(user.gid, groupName(user.gid))}\n`);
      else {
        const gs = user.groups.map((g) => fmt(g, groupName(g))).join(",");
        ctx.stdout(`uid=${fmt(user.uid, user.name)} gid=${fmt(user.gid, groupName(user.gid))} groups=${gs}\n`);
      }
      return 0;
    },
    whoami: async (ctx) => {
      if (user.name) {
        ctx.stdout(`${user.name}\n`);
        return 0;
      }
      ctx.stderr(
        ctx.system.userland === "busybox"
          ? `whoami: unknown uid ${user.uid}\n`
          : `whoami: cannot find name for user ID ${user.uid}\n`,
      );
      return 1;
    },
  };
}

type ReadFileOptions = { encoding?: BufferEncoding | null };
type WriteFileOptions = { encoding?: BufferEncoding };

function fsError(code: string, text: string, path: string): Error {
  const e = new Error(text) as Error & { code: string; path: string };
  e.code = code;
  e.path = path;
  return e;
}

/**
 * A filesystem as a non-root user sees it: the image's files belong to root, so
 * writing needs a world-writable directory (/tmp) or a place the user made itself.
 */
export class UserFs implements IFileSystem {
  constructor(
    private readonly base: IFileSystem,
    /** Paths this user created: it owns them (shared by the user's processes in one container). */
    private readonly owned: Set<string> = new Set(),
  ) {}

  private async mayWrite(path: string): Promise<boolean> {
    let p = normalize(path);
    for (let i = 0; i < 64; i++) {
      if (this.owned.has(p)) return true;
      const parent = dirname(p);
      const st = await this.base.stat(parent).catch(() => null);
      if (st) return this.owned.has(parent) || (st.mode & 0o002) !== 0;
      if (parent === p) return false;
      p = parent;
    }
    return false;
  }

  private async guard(path: string, mine = true, recursive = false): Promise<void> {
    if (this.owned.has(normalize(path))) return;
    // The kernel looks the path up before it checks permissions: a missing directory on the way is
    // ENOENT (`mkdir -p` makes each level itself, so there the first existing one decides).
    if (!recursive && !(await this.base.exists(dirname(normalize(path)))))
      throw fsError("ENOENT", "No such file or directory", normalize(path));
    const exists = await this.base.exists(path);
    if (!(await this.mayWrite(path)) || (exists && !mine))
      throw fsError("EACCES", "Permission denied", normalize(path));
  }

  private own(path: string): void {
    this.owned.add(normalize(path));
  }

  readFile(path: string, options?: ReadFileOptions | BufferEncoding): Promise<string> {
    return this.base.readFile(path, options as never);
  }
  readFileBuffer(path: string): Promise<Uint8Array> {
    return this.base.readFileBuffer(path);
  }
  async writeFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    const existed = await this.base.exists(path);
    await this.guard(path, !existed || this.owned.has(normalize(path)));
    await this.base.writeFile(path, content, options as never);
    this.own(path);
  }
  async appendFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    const existed = await this.base.exists(path);
    await this.guard(path, !existed || this.owned.has(normalize(path)));
    await this.base.appendFile(path, content, options as never);
    this.own(path);
  }
  exists(path: string): Promise<boolean> {
    return this.base.exists(path);
  }
  stat(path: string): Promise<FsStat> {
    return this.base.stat(path);
  }
  lstat(path: string): Promise<FsStat> {
    return this.base.lstat(path);
  }
  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    if (!(await this.base.exists(path))) await this.guard(path, true, options?.recursive === true);
    await this.base.mkdir(path, options);
    this.own(path);
  }
  readdir(path: string): Promise<string[]> {
    return this.base.readdir(path);
  }
  async readdirWithFileTypes(
    path: string,
  ): Promise<{ name: string; isFile: boolean; isDirectory: boolean; isSymbolicLink: boolean }[]> {
    if (this.base.readdirWithFileTypes) return this.base.readdirWithFileTypes(path);
    const names = await this.base.readdir(path);
    return Promise.all(
      names.map(async (name) => {
        const st = await this.base.lstat(normalize(`${path}/${name}`));
        return { name, isFile: st.isFile, isDirectory: st.isDirectory, isSymbolicLink: st.isSymbolicLink };
      }),
    );
  }
  async rm(path: string, options?: RmOptions): Promise<void> {
    if (await this.base.exists(path))
      await this.guard(path, this.owned.has(normalize(path)) || (await this.mayWrite(path)));
    await this.base.rm(path, options);
    this.owned.delete(normalize(path));
  }
  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    await this.guard(dest, !(await this.base.exists(dest)) || this.owned.has(normalize(dest)));
    await this.base.cp(src, dest, options);
    this.own(dest);
  }
  async mv(src: string, dest: string): Promise<void> {
    await this.guard(src, this.owned.has(normalize(src)) || (await this.mayWrite(src)));
    await this.guard(dest, !(await this.base.exists(dest)) || this.owned.has(normalize(dest)));
    await this.base.mv(src, dest);
    this.own(dest);
  }
  resolvePath(base: string, path: string): string {
    return this.base.resolvePath(base, path);
  }
  getAllPaths(): string[] {
    return this.base.getAllPaths();
  }
  async chmod(path: string, mode: number): Promise<void> {
    if (!this.owned.has(normalize(path))) throw fsError("EPERM", "Operation not permitted", normalize(path));
    await this.base.chmod(path, mode);
  }
  async symlink(target: string, linkPath: string): Promise<void> {
    await this.guard(linkPath);
    await this.base.symlink(target, linkPath);
    this.own(linkPath);
  }
  async link(existingPath: string, newPath: string): Promise<void> {
    await this.guard(newPath);
    await this.base.link(existingPath, newPath);
    this.own(newPath);
  }
  readlink(path: string): Promise<string> {
    return this.base.readlink(path);
  }
  realpath(path: string): Promise<string> {
    return this.base.realpath(path);
  }
  async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    await this.guard(path, this.owned.has(normalize(path)));
    await this.base.utimes(path, atime, mtime);
  }
}
