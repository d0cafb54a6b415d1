/**
 * A minimal ustar writer: enough for a rootfs to `docker import` and for `docker build` contexts.
 * Files, directories, hard links and symbolic links; owner root; names up to 255 bytes (ustar prefix).
 */

export type TarEntry =
  | { type: "file"; name: string; content: Buffer | string; mode?: number }
  | { type: "dir"; name: string; mode?: number }
  /** A hard link: give it the target's mode (an extractor may apply it to the shared inode). */
  | { type: "link"; name: string; target: string; mode?: number }
  | { type: "symlink"; name: string; target: string };

const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, "0")}\0`;
}

function splitName(name: string): { name: string; prefix: string } {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: "" };
  for (let i = name.lastIndexOf("/"); i > 0; i = name.lastIndexOf("/", i - 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { name: rest, prefix };
  }
  throw new Error(`tar: name too long: ${name}`);
}

function header(e: TarEntry, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const raw = e.type === "dir" && !e.name.endsWith("/") ? `${e.name}/` : e.name;
  const { name, prefix } = splitName(raw);
  const typeflag = { file: "0", link: "1", symlink: "2", dir: "5" }[e.type];
  const mode = "mode" in e && e.mode !== undefined ? e.mode : e.type === "dir" ? 0o755 : 0o644;
  h.write(name, 0, 100);
  h.write(octal(e.type === "symlink" ? 0o777 : mode & 0o7777, 8), 100);
  h.write(octal(0, 8), 108); // uid
  h.write(octal(0, 8), 116); // gid
  h.write(octal(size, 12), 124);
  h.write(octal(mtime, 12), 136);
  h.write("        ", 148); // checksum placeholder: eight spaces
  h.write(typeflag, 156);
  if (e.type === "link" || e.type === "symlink") h.write(e.target, 157, 100);
  h.write("ustar\0", 257);
  h.write("00", 263);
  h.write("root", 265, 32);
  h.write("root", 297, 32);
  h.write(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

/** The whole archive as one buffer (two zero blocks at the end). */
export function tarArchive(entries: TarEntry[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = e.type === "file" ? (Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content)) : null;
    parts.push(header(e, body?.length ?? 0, mtime));
    if (body) {
      parts.push(body);
      const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
