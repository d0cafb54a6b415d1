/**
 * GET/PUT /containers/{id}/archive on a container's filesystem: stat a path
 * (the X-Docker-Container-Path-Stat header), pack a path into an archive
 * rooted at its base name, and extract an archive into a directory, with the
 * daemon's checks and wording.
 */
import type { IFileSystem } from "just-bash";
import { basename, dirname, normalize } from "../../machine/layered-fs";
import { badRequest } from "../api/errors";
import type { Archive, ContainerPathStat } from "../api/types";

/** Go's os.FileMode type bits. */
export const GO_MODE_DIR = 2 ** 31;
export const GO_MODE_SYMLINK = 2 ** 27;
const GO_MODE_STICKY = 2 ** 20;

const perm = (mode: number) => (mode & 0o777) + (mode & 0o1000 ? GO_MODE_STICKY : 0);

/** lstat of `path` as the archive endpoints report it, or null when it does not exist. */
export async function statPath(fs: IFileSystem, path: string): Promise<ContainerPathStat | null> {
  const p = normalize(path);
  const st = await fs.lstat(p).catch(() => null);
  if (!st) return null;
  let linkTarget = "";
  if (st.isSymbolicLink) {
    const t = await fs.readlink(p).catch(() => "");
    linkTarget = t.startsWith("/") ? t : normalize(`${dirname(p)}/${t}`);
  }
  return {
    name: p === "/" ? "/" : basename(p),
    size: st.size,
    mode: perm(st.mode) + (st.isDirectory ? GO_MODE_DIR : 0) + (st.isSymbolicLink ? GO_MODE_SYMLINK : 0),
    mtime: new Date(st.mtime).toISOString().replace(/\.000Z$/, "Z"),
    linkTarget,
  };
}

/** The members of an archive of `path`: its base name (or "." for "dir/.") and, for a directory, everything below. */
export async function archivePath(fs: IFileSystem, path: string): Promise<Archive> {
  const out: Archive = new Map();
  const contentsOnly = /\/\.$/.test(path) || path === ".";
  const root = normalize(path);
  const rootName = contentsOnly || root === "/" ? "." : basename(root);
  const walk = async (abs: string, name: string) => {
    const st = await fs.lstat(abs);
    const mtime = st.mtime.getTime();
    if (st.isSymbolicLink) out.set(name, { type: "symlink", target: await fs.readlink(abs), mode: 0o777, mtime });
    else if (st.isDirectory) {
      out.set(name, { type: "dir", mode: st.mode & 0o7777, mtime });
      for (const child of await fs.readdir(abs))
        await walk(abs === "/" ? `/${child}` : `${abs}/${child}`, name === "." ? `./${child}` : `${name}/${child}`);
    } else out.set(name, { type: "file", content: await fs.readFileBuffer(abs), mode: st.mode & 0o7777, mtime });
  };
  await walk(root, rootName);
  return out;
}

/** Size of the tar stream an archive makes (512-byte headers, contents padded to 512, 1024 bytes of trailer). */
export function tarSize(archive: Archive): number {
  let n = 1024;
  for (const e of archive.values()) {
    n += 512;
    if (e.type === "file") {
      const len = typeof e.content === "string" ? new TextEncoder().encode(e.content).length : e.content.length;
      n += Math.ceil(len / 512) * 512;
    }
  }
  return n;
}

/** Extract into the existing directory `dir` (PUT /containers/{id}/archive). */
export async function extractArchive(
  fs: IFileSystem,
  dir: string,
  archive: Archive,
  opts: { noOverwriteDirNonDir?: boolean } = {},
): Promise<void> {
  const base = normalize(dir);
  for (const [name, e] of archive) {
    const target = normalize(`${base}/${name}`);
    if (target === base && e.type === "dir") continue;
    const existing = await fs.lstat(target).catch(() => null);
    if (existing && opts.noOverwriteDirNonDir) {
      if (existing.isDirectory && e.type !== "dir")
        throw badRequest(`cannot overwrite directory "${target}" with non-directory "${base}"`);
      if (!existing.isDirectory && e.type === "dir")
        throw badRequest(`cannot overwrite non-directory "${target}" with directory "${base}"`);
    }
    await fs.mkdir(dirname(target), { recursive: true });
    if (e.type === "dir") {
      if (!existing) await fs.mkdir(target);
      await fs.chmod(target, e.mode).catch(() => {});
    } else if (e.type === "symlink") {
      if (existing) await fs.rm(target, { recursive: true, force: true });
      await fs.symlink(e.target, target);
    } else {
      if (existing?.isSymbolicLink) await fs.rm(target, { force: true });
      await fs.writeFile(target, e.content);
      await fs.chmod(target, e.mode).catch(() => {});
    }
  }
}
