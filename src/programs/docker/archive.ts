/**
 * The client side of `docker cp`: docker/docker's pkg/archive copy rules
 * (CopyInfoDestinationPath, PrepareArchiveCopy, RebaseArchiveEntries, Untar)
 * over the host filesystem, and a small ustar codec for `docker cp … -`.
 */
import type { IFileSystem } from "just-bash";
import type { Archive, ArchiveEntry } from "../../engine/api/types";

export const ErrNotDirectory = "not a directory";
export const ErrDirNotExists = "no such directory";
export const ErrCannotCopyDir = "cannot copy directory";

export class CopyError extends Error {}

export interface CopyInfo {
  path: string;
  exists: boolean;
  isDir: boolean;
}

const clean = (p: string) => {
  const parts: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
};

/** filepath.Abs, keeping a trailing "/" or "/." that carries meaning for cp. */
export function resolveLocalPath(cwd: string, p: string): string {
  const abs = clean(p.startsWith("/") ? p : `${cwd}/${p}`);
  if (/\/\.$/.test(p) || p === ".") return `${abs === "/" ? "" : abs}/.`;
  if (p.endsWith("/") && abs !== "/") return `${abs}/`;
  return abs;
}

/** Does the path assert a directory ("dir/" or "dir/.")? */
export const assertsDirectory = (p: string) => p.endsWith("/") || /\/\.$/.test(p);

/** SplitPathDirEntry: "/a/b/." → ["/a/b", "."], "/a/b/" → ["/a", "b"]. */
export function splitPathDirEntry(p: string): [string, string] {
  const contents = /\/\.$/.test(p);
  const c = clean(p);
  if (contents) return [c, "."];
  const i = c.lastIndexOf("/");
  return [i <= 0 ? "/" : c.slice(0, i), c.slice(i + 1) || "."];
}

/** CopyInfoDestinationPath on the host: the destination, or its parent, must exist. */
export async function hostDestination(fs: IFileSystem, p: string): Promise<CopyInfo> {
  const st = await fs.stat(clean(p)).catch(() => null);
  if (st) return { path: p, exists: true, isDir: st.isDirectory };
  const [parent] = splitPathDirEntry(p);
  const pst = await fs.stat(parent).catch(() => null);
  if (!pst) throw new CopyError(`stat ${parent}: no such file or directory`);
  if (!pst.isDirectory) throw new CopyError(ErrNotDirectory);
  return { path: p, exists: false, isDir: false };
}

/** command.ValidateOutputPath: the directory of a local destination must exist. */
export async function validateOutputPath(fs: IFileSystem, p: string): Promise<void> {
  const dir = splitPathDirEntry(p.replace(/\/\.?$/, "") || "/")[0];
  if (!(await fs.exists(dir))) throw new CopyError(`invalid output path: directory "${dir}" does not exist`);
  const st = await fs.stat(clean(p)).catch(() => null);
  if (st && !st.isDirectory && assertsDirectory(p)) throw new CopyError(`stat ${p}: not a directory`);
}

/** Rename the archive's root entry (and everything under it) from `oldBase` to `newBase`. */
export function rebase(archive: Archive, oldBase: string, newBase: string): Archive {
  const out: Archive = new Map();
  for (const [name, e] of archive) {
    let n = name;
    if (name === oldBase) n = newBase;
    else if (name.startsWith(`${oldBase}/`)) n = `${newBase}${name.slice(oldBase.length)}`;
    out.set(n, e);
  }
  return out;
}

/**
 * PrepareArchiveCopy: where to extract and under which names, given what the source is
 * (a file or a directory, its base name) and what the destination is.
 */
export function prepareArchiveCopy(
  archive: Archive,
  src: { path: string; isDir: boolean },
  dst: CopyInfo,
): { dir: string; archive: Archive } {
  const [dstDir, dstBase] = splitPathDirEntry(dst.path);
  const [, srcBase] = splitPathDirEntry(src.path);
  if (dst.exists && dst.isDir) return { dir: clean(dst.path), archive };
  if (dst.exists && src.isDir) throw new CopyError(ErrCannotCopyDir);
  if (dst.exists) return { dir: dstDir, archive: rebase(archive, srcBase, dstBase) };
  if (src.isDir) return { dir: dstDir, archive: rebase(archive, srcBase, dstBase) };
  if (assertsDirectory(dst.path)) throw new CopyError(ErrDirNotExists);
  return { dir: dstDir, archive: rebase(archive, srcBase, dstBase) };
}

/** TarResource of a host path: its base name (or "." for "dir/.") and everything below. */
export async function hostArchive(fs: IFileSystem, p: string, followLink = false): Promise<Archive> {
  const out: Archive = new Map();
  const [, base] = splitPathDirEntry(p);
  const walk = async (abs: string, name: string, top: boolean) => {
    const st = top && followLink ? await fs.stat(abs) : await fs.lstat(abs);
    const mtime = st.mtime.getTime();
    if (st.isSymbolicLink) out.set(name, { type: "symlink", target: await fs.readlink(abs), mode: 0o777, mtime });
    else if (st.isDirectory) {
      out.set(name, { type: "dir", mode: st.mode & 0o7777, mtime });
      for (const child of await fs.readdir(abs))
        await walk(
          abs === "/" ? `/${child}` : `${abs}/${child}`,
          name === "." ? `./${child}` : `${name}/${child}`,
          false,
        );
    } else out.set(name, { type: "file", content: await fs.readFileBuffer(abs), mode: st.mode & 0o7777, mtime });
  };
  await walk(clean(p), base, true);
  return out;
}

/** Untar with NoOverwriteDirNonDir into an existing host directory. */
export async function extractToHost(fs: IFileSystem, dir: string, archive: Archive): Promise<void> {
  const base = clean(dir);
  for (const [name, e] of archive) {
    const target = clean(`${base}/${name}`);
    if (target === base && e.type === "dir") continue;
    const existing = await fs.lstat(target).catch(() => null);
    if (existing?.isDirectory && e.type !== "dir")
      throw new CopyError(`cannot overwrite directory "${target}" with non-directory "${base}"`);
    if (existing && !existing.isDirectory && e.type === "dir")
      throw new CopyError(`cannot overwrite non-directory "${target}" with directory "${base}"`);
    const parent = target.slice(0, target.lastIndexOf("/")) || "/";
    await fs.mkdir(parent, { recursive: true });
    if (e.type === "dir") {
      if (!existing) await fs.mkdir(target);
      await fs.chmod(target, e.mode).catch(() => {});
    } else if (e.type === "symlink") {
      if (existing) await fs.rm(target, { force: true });
      await fs.symlink(e.target, target);
    } else {
      if (existing?.isSymbolicLink) await fs.rm(target, { force: true });
      await fs.writeFile(target, e.content);
      await fs.chmod(target, e.mode).catch(() => {});
    }
  }
}

const bytesOf = (e: ArchiveEntry) =>
  e.type === "file" ? (typeof e.content === "string" ? new TextEncoder().encode(e.content) : e.content) : null;

/** Bytes of the tar stream (what "Successfully copied 2.05kB" counts). */
export function tarSize(archive: Archive): number {
  let n = 1024;
  for (const e of archive.values()) {
    n += 512;
    const b = bytesOf(e);
    if (b) n += Math.ceil(b.length / 512) * 512;
  }
  return n;
}

/** A ustar stream of the archive (root-owned members, as the daemon writes them). */
export function toTar(archive: Archive): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const octal = (n: number, len: number) => `${n.toString(8).padStart(len - 1, "0")}\0`;
  for (const [rawName, e] of archive) {
    const data = bytesOf(e) ?? new Uint8Array(0);
    const name = e.type === "dir" ? `${rawName}/` : rawName;
    const h = new Uint8Array(512);
    const put = (text: string, at: number, max: number) => h.set(enc.encode(text).subarray(0, max), at);
    put(name.length > 100 ? name.slice(name.length - 100) : name, 0, 100);
    if (name.length > 100) put(name.slice(0, name.length - 100).replace(/\/$/, ""), 345, 155);
    put(octal(e.mode & 0o7777, 8), 100, 8);
    put(octal(0, 8), 108, 8);
    put(octal(0, 8), 116, 8);
    put(octal(data.length, 12), 124, 12);
    put(octal(Math.floor(e.mtime / 1000), 12), 136, 12);
    put("        ", 148, 8);
    h[156] = (e.type === "dir" ? "5" : e.type === "symlink" ? "2" : "0").charCodeAt(0);
    if (e.type === "symlink") put(e.target, 157, 100);
    put("ustar\0", 257, 6);
    put("00", 263, 2);
    put("root", 265, 32);
    put("root", 297, 32);
    let sum = 0;
    for (const b of h) sum += b;
    put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
    parts.push(h);
    if (data.length) {
      parts.push(data);
      const pad = (512 - (data.length % 512)) % 512;
      if (pad) parts.push(new Uint8Array(pad));
    }
  }
  parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Read a ustar stream; throws on anything that is not one. */
export function fromTar(buf: Uint8Array): Archive {
  const dec = new TextDecoder();
  const str = (a: number, n: number) => {
    const s = dec.decode(buf.subarray(a, a + n));
    const z = s.indexOf("\0");
    return z < 0 ? s : s.slice(0, z);
  };
  const out: Archive = new Map();
  let at = 0;
  while (at + 512 <= buf.length) {
    if (buf.subarray(at, at + 512).every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : buf[at + i];
    if (Number.parseInt(str(at + 148, 8).trim(), 8) !== sum) throw new CopyError("archive/tar: invalid tar header");
    const size = Number.parseInt(str(at + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(buf[at + 156] || 48);
    const prefix = str(at + 345, 155);
    const name = (prefix ? `${prefix}/${str(at, 100)}` : str(at, 100)).replace(/\/$/, "");
    const mode = Number.parseInt(str(at + 100, 8).trim() || "0", 8) & 0o7777;
    const mtime = Number.parseInt(str(at + 136, 12).trim() || "0", 8) * 1000;
    const linkname = str(at + 157, 100);
    const data = buf.slice(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === "5") out.set(name, { type: "dir", mode, mtime });
    else if (type === "2") out.set(name, { type: "symlink", target: linkname, mode, mtime });
    else if (type === "0" || type === "\0" || type === "7") out.set(name, { type: "file", content: data, mode, mtime });
  }
  if (at === 0 && buf.length > 0 && !buf.every((b) => b === 0)) throw new CopyError("archive/tar: invalid tar header");
  return out;
}

/** Bytes as the one-char-per-byte string a shell pipe carries. */
export const latin1 = (b: Uint8Array) => {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
};
export const fromLatin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
