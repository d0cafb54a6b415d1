/**
 * just-bash runs a registered command only when PATH lookup finds its file in
 * /bin or /usr/bin; an executable elsewhere (/sbin/apk, /usr/sbin/nginx) is
 * read and run as a shell script. For the interpreter only, this view shows
 * such a simulated binary as not executable where it really lives and as an
 * executable at /usr/bin/<name>, so the lookup lands on the kernel's program.
 * Everything else passes straight through.
 */
import type { BufferEncoding, CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from "just-bash";

type ReadFileOptions = { encoding?: BufferEncoding | null };
type WriteFileOptions = { encoding?: BufferEncoding };

export class ProgramPathFs implements IFileSystem {
  /** /usr/bin/<name> → where the program's file really is. */
  private readonly virtual = new Map<string, string>();
  private readonly hidden = new Set<string>();

  constructor(
    private readonly base: IFileSystem,
    programs: { name: string; path: string }[],
  ) {
    for (const p of programs) {
      if (p.path === `/usr/bin/${p.name}` || p.path === `/bin/${p.name}`) continue;
      this.virtual.set(`/usr/bin/${p.name}`, p.path);
      this.hidden.add(p.path);
    }
  }

  private async statVia(path: string, lstat: boolean): Promise<FsStat> {
    const real = this.virtual.get(path);
    if (real) return this.base.stat(real);
    const st = lstat ? await this.base.lstat(path) : await this.base.stat(path);
    return this.hidden.has(path) ? { ...st, mode: st.mode & ~0o111 } : st;
  }

  stat(path: string): Promise<FsStat> {
    return this.statVia(path, false);
  }
  lstat(path: string): Promise<FsStat> {
    return this.statVia(path, true);
  }
  async exists(path: string): Promise<boolean> {
    return this.virtual.has(path) || this.base.exists(path);
  }
  readFile(path: string, options?: ReadFileOptions | BufferEncoding): Promise<string> {
    return this.base.readFile(this.virtual.get(path) ?? path, options as never);
  }
  readFileBuffer(path: string): Promise<Uint8Array> {
    return this.base.readFileBuffer(this.virtual.get(path) ?? path);
  }
  writeFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    return this.base.writeFile(path, content, options as never);
  }
  appendFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    return this.base.appendFile(path, content, options as never);
  }
  mkdir(path: string, options?: MkdirOptions): Promise<void> {
    return this.base.mkdir(path, options);
  }
  readdir(path: string): Promise<string[]> {
    return this.base.readdir(path);
  }
  rm(path: string, options?: RmOptions): Promise<void> {
    return this.base.rm(path, options);
  }
  cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    return this.base.cp(src, dest, options);
  }
  mv(src: string, dest: string): Promise<void> {
    return this.base.mv(src, dest);
  }
  resolvePath(base: string, path: string): string {
    return this.base.resolvePath(base, path);
  }
  getAllPaths(): string[] {
    return this.base.getAllPaths();
  }
  chmod(path: string, mode: number): Promise<void> {
    return this.base.chmod(path, mode);
  }
  symlink(target: string, linkPath: string): Promise<void> {
    return this.base.symlink(target, linkPath);
  }
  link(existingPath: string, newPath: string): Promise<void> {
    return this.base.link(existingPath, newPath);
  }
  readlink(path: string): Promise<string> {
    return this.base.readlink(path);
  }
  realpath(path: string): Promise<string> {
    return this.base.realpath(path);
  }
  utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    return this.base.utimes(path, atime, mtime);
  }
}
