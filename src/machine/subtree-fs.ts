/**
 * A directory of another filesystem seen as a filesystem of its own: what a
 * bind mount (`-v /home/student/site:/usr/share/nginx/html`) gives the
 * container. Optionally read-only, failing writes with EROFS like the kernel.
 */
import type { BufferEncoding, CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from "just-bash";
import { normalize } from "./layered-fs";

type ReadFileOptions = { encoding?: BufferEncoding | null };
type WriteFileOptions = { encoding?: BufferEncoding };

export class SubtreeFs implements IFileSystem {
  constructor(
    private readonly base: IFileSystem,
    private readonly root: string,
    private readonly readOnly = false,
    /** Where this tree is mounted, so errors name the path the process used. */
    private readonly mountedAt = "",
  ) {}

  private map(path: string): string {
    const p = normalize(path);
    return p === "/" ? this.root : `${this.root}${p}`;
  }

  private unmap(path: string): string {
    return path === this.root ? "/" : path.startsWith(`${this.root}/`) ? path.slice(this.root.length) : path;
  }

  private guard(op: string, path: string): void {
    if (this.readOnly) {
      const e = new Error("Read-only file system") as Error & { code: string; op: string; path: string };
      e.op = op;
      e.path = this.mountedAt ? normalize(`${this.mountedAt}/${path}`) : path;
      e.code = "EROFS";
      throw e;
    }
  }

  readFile(path: string, options?: ReadFileOptions | BufferEncoding): Promise<string> {
    return this.base.readFile(this.map(path), options as never);
  }
  readFileBuffer(path: string): Promise<Uint8Array> {
    return this.base.readFileBuffer(this.map(path));
  }
  async writeFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    this.guard("open", path);
    return this.base.writeFile(this.map(path), content, options as never);
  }
  async appendFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    this.guard("open", path);
    return this.base.appendFile(this.map(path), content, options as never);
  }
  exists(path: string): Promise<boolean> {
    return this.base.exists(this.map(path));
  }
  stat(path: string): Promise<FsStat> {
    return this.base.stat(this.map(path));
  }
  lstat(path: string): Promise<FsStat> {
    return this.base.lstat(this.map(path));
  }
  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    this.guard("mkdir", path);
    return this.base.mkdir(this.map(path), options);
  }
  readdir(path: string): Promise<string[]> {
    return this.base.readdir(this.map(path));
  }
  async rm(path: string, options?: RmOptions): Promise<void> {
    this.guard("rm", path);
    return this.base.rm(this.map(path), options);
  }
  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    this.guard("cp", dest);
    return this.base.cp(this.map(src), this.map(dest), options);
  }
  async mv(src: string, dest: string): Promise<void> {
    this.guard("rename", src);
    return this.base.mv(this.map(src), this.map(dest));
  }
  resolvePath(base: string, path: string): string {
    return normalize(path.startsWith("/") ? path : `${base}/${path}`);
  }
  getAllPaths(): string[] {
    return this.base
      .getAllPaths()
      .filter((p) => p === this.root || p.startsWith(`${this.root}/`))
      .map((p) => this.unmap(p));
  }
  async chmod(path: string, mode: number): Promise<void> {
    this.guard("chmod", path);
    return this.base.chmod(this.map(path), mode);
  }
  async symlink(target: string, linkPath: string): Promise<void> {
    this.guard("symlink", linkPath);
    return this.base.symlink(target, this.map(linkPath));
  }
  async link(existingPath: string, newPath: string): Promise<void> {
    this.guard("link", newPath);
    return this.base.link(this.map(existingPath), this.map(newPath));
  }
  readlink(path: string): Promise<string> {
    return this.base.readlink(this.map(path));
  }
  async realpath(path: string): Promise<string> {
    return this.unmap(await this.base.realpath(this.map(path)));
  }
  async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    this.guard("utime", path);
    return this.base.utimes(this.map(path), atime, mtime);
  }
}
