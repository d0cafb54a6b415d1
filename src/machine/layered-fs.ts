/**
 * A copy-on-write filesystem in the manner of overlayfs: read-only lower layers
 * (an image's layers, merged once and shared by every container of that image)
 * under one writable upper layer (the container's own). Deleting a lower file
 * leaves a whiteout in the upper layer; the lower layers are never touched.
 * Implements just-bash's IFileSystem so the shell runs on it directly.
 */
import type { BufferEncoding, CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from "just-bash";

type ReadFileOptions = { encoding?: BufferEncoding | null };
type WriteFileOptions = { encoding?: BufferEncoding };
type DirentEntry = { name: string; isFile: boolean; isDirectory: boolean; isSymbolicLink: boolean };

export type FsNode =
  | { type: "file"; content: string | Uint8Array; mode: number; mtime: number }
  | { type: "dir"; mode: number; mtime: number; opaque?: boolean }
  | { type: "symlink"; target: string; mode: number; mtime: number }
  | { type: "whiteout" };

/** A layer: absolute normalised path → node. */
export type Layer = Map<string, FsNode>;

/** Immutable merged view of a stack of lower layers, with a directory index. */
export class LowerView {
  readonly nodes: Map<string, FsNode>;
  readonly children: Map<string, Set<string>>;
  constructor(layersBottomFirst: Layer[]) {
    this.nodes = new Map();
    for (const layer of layersBottomFirst) {
      for (const [p, n] of layer) {
        if (n.type === "whiteout") {
          for (const k of [...this.nodes.keys()]) if (k === p || k.startsWith(`${p}/`)) this.nodes.delete(k);
        } else if (n.type === "dir" && n.opaque) {
          for (const k of [...this.nodes.keys()]) if (k.startsWith(`${p}/`)) this.nodes.delete(k);
          this.nodes.set(p, { type: "dir", mode: n.mode, mtime: n.mtime });
        } else this.nodes.set(p, n);
      }
    }
    if (!this.nodes.has("/")) {
      // The root directory is as old as the newest thing in it.
      let mtime = 0;
      for (const n of this.nodes.values()) if (n.type !== "whiteout" && n.mtime > mtime) mtime = n.mtime;
      this.nodes.set("/", { type: "dir", mode: 0o755, mtime });
    }
    this.children = new Map();
    for (const p of this.nodes.keys()) {
      if (p === "/") continue;
      const parent = dirname(p);
      let set = this.children.get(parent);
      if (!set) {
        set = new Set();
        this.children.set(parent, set);
      }
      set.add(basename(p));
    }
  }
}

export const EMPTY_LOWER = new LowerView([]);

export function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}
export function dirname(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}
export function basename(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

function fsError(code: string, text: string, op: string, path: string): Error {
  const e = new Error(`${code}: ${text}, ${op} '${path}'`) as Error & { code: string };
  e.code = code;
  return e;
}
const enoent = (op: string, p: string) => fsError("ENOENT", "no such file or directory", op, p);
const enotdir = (op: string, p: string) => fsError("ENOTDIR", "not a directory", op, p);
const eisdir = (op: string, p: string) => fsError("EISDIR", "illegal operation on a directory", op, p);
const eexist = (op: string, p: string) => fsError("EEXIST", "file already exists", op, p);

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");
const toBytes = (c: string | Uint8Array) => (typeof c === "string" ? encoder.encode(c) : c);
const toText = (c: string | Uint8Array) => (typeof c === "string" ? c : decoder.decode(c));

function encodeContent(content: FileContent, enc?: BufferEncoding): string | Uint8Array {
  if (typeof content !== "string") return content;
  if (enc === "base64") return Uint8Array.from(atobSafe(content), (c) => c.charCodeAt(0));
  if (enc === "binary" || enc === "latin1") return Uint8Array.from(content, (c) => c.charCodeAt(0) & 0xff);
  return content;
}
function atobSafe(s: string): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let out = "";
  let buf = 0;
  let bits = 0;
  for (const ch of s.replace(/[^A-Za-z0-9+/]/g, "")) {
    buf = (buf << 6) | chars.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buf >> bits) & 0xff);
    }
  }
  return out;
}

export class LayeredFs implements IFileSystem {
  readonly upper: Layer;
  private readonly upperChildren = new Map<string, Set<string>>();
  private inodes = new Map<string, number>();
  private nextInode = 1;

  constructor(
    readonly lower: LowerView = EMPTY_LOWER,
    upper?: Layer,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.upper = upper ?? new Map();
    for (const p of this.upper.keys()) this.indexUpper(p);
  }

  // ---- raw node access (no symlink following) ----

  private indexUpper(p: string): void {
    if (p === "/") return;
    const parent = dirname(p);
    let set = this.upperChildren.get(parent);
    if (!set) {
      set = new Set();
      this.upperChildren.set(parent, set);
    }
    set.add(basename(p));
  }

  /** Is `p` hidden from the lower view by an upper whiteout or opaque dir on it or an ancestor? */
  private hiddenBelow(p: string): boolean {
    let cur = p;
    for (;;) {
      const n = this.upper.get(cur);
      if (n && (n.type === "whiteout" || (n.type === "dir" && n.opaque && cur !== p))) return true;
      if (cur === "/") return false;
      cur = dirname(cur);
    }
  }

  /** The node at a normalised path, without following a symlink at the end. */
  node(p: string): FsNode | undefined {
    const u = this.upper.get(p);
    if (u) return u.type === "whiteout" ? undefined : u;
    if (this.hiddenBelow(p)) return undefined;
    return this.lower.nodes.get(p);
  }

  private setNode(p: string, n: FsNode): void {
    this.upper.set(p, n);
    this.indexUpper(p);
  }

  /** Resolve symlinks along the path. Returns the real path (the last part followed only if `followLast`). */
  private resolve(path: string, followLast: boolean, op: string): string {
    let parts = normalize(path).split("/").filter(Boolean);
    let resolved = "/";
    let hops = 0;
    for (let i = 0; i < parts.length; i++) {
      const next = resolved === "/" ? `/${parts[i]}` : `${resolved}/${parts[i]}`;
      const n = this.node(next);
      const last = i === parts.length - 1;
      if (n?.type === "symlink" && (!last || followLast)) {
        if (++hops > 40) throw fsError("ELOOP", "too many symbolic links encountered", op, path);
        const target = n.target.startsWith("/") ? n.target : `${resolved}/${n.target}`;
        parts = [...normalize(target).split("/").filter(Boolean), ...parts.slice(i + 1)];
        resolved = "/";
        i = -1;
        continue;
      }
      if (!last && n && n.type !== "dir") throw enotdir(op, path);
      resolved = next;
    }
    return resolved;
  }

  /** Make sure the parent of `p` exists as a directory (copy-up is implicit: nodes are values). */
  private requireParentDir(p: string, op: string, display: string): void {
    const parent = this.node(dirname(p));
    if (!parent) throw enoent(op, display);
    if (parent.type !== "dir") throw enotdir(op, display);
  }

  private listNames(p: string): string[] {
    const names = new Set<string>();
    if (!this.hiddenBelowOrOpaque(p)) for (const n of this.lower.children.get(p) ?? []) names.add(n);
    for (const n of this.upperChildren.get(p) ?? []) names.add(n);
    const child = (n: string) => (p === "/" ? `/${n}` : `${p}/${n}`);
    return [...names].filter((n) => this.node(child(n)) !== undefined).sort();
  }
  private hiddenBelowOrOpaque(p: string): boolean {
    const u = this.upper.get(p);
    if (u?.type === "dir" && u.opaque) return true;
    return this.hiddenBelow(p);
  }

  // ---- IFileSystem ----

  async readFile(path: string, options?: ReadFileOptions | BufferEncoding): Promise<string> {
    const buf = await this.readFileBuffer(path);
    const enc = typeof options === "string" ? options : options?.encoding;
    if (enc === "binary" || enc === "latin1") return String.fromCharCode(...buf);
    return decoder.decode(buf);
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    const p = this.resolve(path, true, "open");
    const n = this.node(p);
    if (!n) throw enoent("open", path);
    if (n.type === "dir") throw eisdir("read", path);
    if (n.type !== "file") throw enoent("open", path);
    return toBytes(n.content);
  }

  /** Text content of a file (fast path for programs). */
  readText(path: string): string | undefined {
    try {
      const n = this.node(this.resolve(path, true, "open"));
      return n?.type === "file" ? toText(n.content) : undefined;
    } catch {
      return undefined;
    }
  }

  async writeFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    const enc = typeof options === "string" ? options : options?.encoding;
    const p = this.resolve(path, true, "open");
    const existing = this.node(p);
    if (existing?.type === "dir") throw eisdir("open", path);
    this.requireParentDir(p, "open", path);
    this.setNode(p, {
      type: "file",
      content: encodeContent(content, enc),
      mode: existing?.type === "file" ? existing.mode : 0o644,
      mtime: this.now(),
    });
  }

  async appendFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    const p = this.resolve(path, true, "open");
    const existing = this.node(p);
    if (existing?.type === "dir") throw eisdir("open", path);
    if (!existing) return this.writeFile(p, content, options);
    if (existing.type !== "file") throw enoent("open", path);
    const enc = typeof options === "string" ? options : options?.encoding;
    const add = encodeContent(content, enc);
    const merged =
      typeof existing.content === "string" && typeof add === "string"
        ? existing.content + add
        : concat(toBytes(existing.content), toBytes(add));
    this.setNode(p, { ...existing, content: merged, mtime: this.now() });
  }

  async exists(path: string): Promise<boolean> {
    try {
      return this.node(this.resolve(path, true, "access")) !== undefined;
    } catch {
      return false;
    }
  }

  private statNode(p: string, n: FsNode): FsStat {
    if (n.type === "whiteout") throw enoent("stat", p);
    let ino = this.inodes.get(p);
    if (!ino) {
      ino = this.nextInode++;
      this.inodes.set(p, ino);
    }
    return {
      isFile: n.type === "file",
      isDirectory: n.type === "dir",
      isSymbolicLink: n.type === "symlink",
      // Permission bits only, as just-bash's own filesystems report them (ls and stat add the type).
      mode: n.mode,
      size: n.type === "file" ? toBytes(n.content).length : n.type === "symlink" ? n.target.length : 4096,
      mtime: new Date(n.mtime),
      ino,
      dev: 1,
      identity: `layered:${ino}`,
    };
  }

  async stat(path: string): Promise<FsStat> {
    const p = this.resolve(path, true, "stat");
    const n = this.node(p);
    if (!n) throw enoent("stat", path);
    return this.statNode(p, n);
  }

  async lstat(path: string): Promise<FsStat> {
    const p = this.resolve(path, false, "lstat");
    const n = this.node(p);
    if (!n) throw enoent("lstat", path);
    return this.statNode(p, n);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    const p = this.resolve(path, true, "mkdir");
    const existing = this.node(p);
    if (existing) {
      if (options?.recursive && existing.type === "dir") return;
      throw eexist("mkdir", path);
    }
    if (options?.recursive) {
      const parent = dirname(p);
      if (parent !== p && !this.node(parent)) await this.mkdir(parent, options);
    }
    this.requireParentDir(p, "mkdir", path);
    const wasWhiteout = this.upper.get(p)?.type === "whiteout" || this.hiddenBelow(p);
    this.setNode(p, { type: "dir", mode: 0o755, mtime: this.now(), ...(wasWhiteout ? { opaque: true } : {}) });
  }

  async readdir(path: string): Promise<string[]> {
    const p = this.resolve(path, true, "scandir");
    const n = this.node(p);
    if (!n) throw enoent("scandir", path);
    if (n.type !== "dir") throw enotdir("scandir", path);
    return this.listNames(p);
  }

  async readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    const p = this.resolve(path, true, "scandir");
    const names = await this.readdir(p);
    return names.map((name) => {
      const n = this.node(p === "/" ? `/${name}` : `${p}/${name}`);
      return {
        name,
        isFile: n?.type === "file",
        isDirectory: n?.type === "dir",
        isSymbolicLink: n?.type === "symlink",
      };
    });
  }

  async rm(path: string, options?: RmOptions): Promise<void> {
    const p = this.resolve(path, false, "rm");
    const n = this.node(p);
    if (!n) {
      if (options?.force) return;
      throw enoent("rm", path);
    }
    if (n.type === "dir") {
      const kids = this.listNames(p);
      if (kids.length && !options?.recursive) throw fsError("ENOTEMPTY", "directory not empty", "rm", path);
      for (const k of kids) await this.rm(p === "/" ? `/${k}` : `${p}/${k}`, { recursive: true, force: true });
    }
    this.removeNode(p);
  }

  private removeNode(p: string): void {
    const inLower = !this.hiddenBelow(p) && this.lower.nodes.has(p);
    if (inLower) this.setNode(p, { type: "whiteout" });
    else {
      this.upper.delete(p);
      this.upperChildren.get(dirname(p))?.delete(basename(p));
    }
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    const s = this.resolve(src, true, "cp");
    const n = this.node(s);
    if (!n) throw enoent("cp", src);
    const d = this.resolve(dest, true, "cp");
    if (n.type === "dir") {
      if (!options?.recursive) throw eisdir("cp", src);
      if (!this.node(d)) await this.mkdir(d);
      for (const k of this.listNames(s)) await this.cp(`${s}/${k}`, `${d}/${k}`, options);
      return;
    }
    this.requireParentDir(d, "cp", dest);
    this.setNode(d, { ...n, mtime: this.now() } as FsNode);
  }

  async mv(src: string, dest: string): Promise<void> {
    const s = this.resolve(src, false, "rename");
    const n = this.node(s);
    if (!n) throw enoent("rename", src);
    const d = this.resolve(dest, true, "rename");
    if (d === s) return;
    if (d.startsWith(`${s}/`)) throw fsError("EINVAL", "invalid argument", "rename", src);
    this.requireParentDir(d, "rename", dest);
    if (n.type === "dir") {
      await this.mkdirIfMissing(d);
      for (const k of this.listNames(s)) await this.mv(`${s}/${k}`, `${d}/${k}`);
    } else this.setNode(d, n);
    this.removeNode(s);
  }
  private async mkdirIfMissing(p: string): Promise<void> {
    if (!this.node(p)) await this.mkdir(p);
  }

  resolvePath(base: string, path: string): string {
    return normalize(path.startsWith("/") ? path : `${base}/${path}`);
  }

  getAllPaths(): string[] {
    const out: string[] = [];
    const walk = (p: string) => {
      out.push(p);
      const n = this.node(p);
      if (n?.type === "dir") for (const k of this.listNames(p)) walk(p === "/" ? `/${k}` : `${p}/${k}`);
    };
    walk("/");
    return out;
  }

  async chmod(path: string, mode: number): Promise<void> {
    const p = this.resolve(path, true, "chmod");
    const n = this.node(p);
    if (!n || n.type === "whiteout") throw enoent("chmod", path);
    this.setNode(p, { ...n, mode: mode & 0o7777 } as FsNode);
  }

  async symlink(target: string, linkPath: string): Promise<void> {
    const p = this.resolve(linkPath, false, "symlink");
    if (this.node(p)) throw eexist("symlink", linkPath);
    this.requireParentDir(p, "symlink", linkPath);
    this.setNode(p, { type: "symlink", target, mode: 0o777, mtime: this.now() });
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    const s = this.resolve(existingPath, true, "link");
    const n = this.node(s);
    if (!n) throw enoent("link", existingPath);
    if (n.type === "dir") throw fsError("EPERM", "operation not permitted", "link", existingPath);
    const d = this.resolve(newPath, false, "link");
    if (this.node(d)) throw eexist("link", newPath);
    this.requireParentDir(d, "link", newPath);
    this.setNode(d, n);
  }

  async readlink(path: string): Promise<string> {
    const p = this.resolve(path, false, "readlink");
    const n = this.node(p);
    if (!n) throw enoent("readlink", path);
    if (n.type !== "symlink") throw fsError("EINVAL", "invalid argument", "readlink", path);
    return n.target;
  }

  async realpath(path: string): Promise<string> {
    const p = this.resolve(path, true, "realpath");
    if (!this.node(p)) throw enoent("realpath", path);
    return p;
  }

  async utimes(path: string, _atime: Date, mtime: Date): Promise<void> {
    const p = this.resolve(path, true, "utime");
    const n = this.node(p);
    if (!n || n.type === "whiteout") throw enoent("utime", path);
    this.setNode(p, { ...n, mtime: mtime.getTime() } as FsNode);
  }

  /** `docker diff`: changes in the upper layer relative to the lower view (A/C/D). */
  diff(): { Path: string; Kind: 0 | 1 | 2 }[] {
    const out: { Path: string; Kind: 0 | 1 | 2 }[] = [];
    for (const [p, n] of this.upper) {
      if (n.type === "whiteout") out.push({ Path: p, Kind: 2 });
      else out.push({ Path: p, Kind: this.lower.nodes.has(p) && !this.hiddenBelow(p) ? 0 : 1 });
    }
    return out.sort((a, b) => (a.Path < b.Path ? -1 : 1));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Build a layer from a simple description: paths ending in "/" are directories. */
export function layerFrom(
  entries: Record<string, string | { symlink: string } | { mode: number; content: string }>,
  mtime = 0,
): Layer {
  const layer: Layer = new Map();
  const ensureDir = (p: string) => {
    for (let cur = p; cur !== "/" && !layer.has(cur); cur = dirname(cur))
      layer.set(cur, { type: "dir", mode: 0o755, mtime });
  };
  for (const [raw, v] of Object.entries(entries)) {
    if (raw.endsWith("/")) {
      ensureDir(normalize(raw));
      continue;
    }
    const p = normalize(raw);
    ensureDir(dirname(p));
    if (typeof v === "string") layer.set(p, { type: "file", content: v, mode: 0o644, mtime });
    else if ("symlink" in v) layer.set(p, { type: "symlink", target: v.symlink, mode: 0o777, mtime });
    else layer.set(p, { type: "file", content: v.content, mode: v.mode, mtime });
  }
  return layer;
}
