/**
 * Wire formats of the Docker Engine API that have no JSON shape: the multiplexed
 * stdout/stderr stream (8-byte frame headers), JSON-lines progress streams, UTF-8 that
 * arrives split across chunks, base64url for X-Registry-Auth, and the tar archive a build
 * context travels in.
 */
import type { Archive, BuildContext } from "../api/types";

/** Decodes UTF-8 that arrives in pieces: a character split across chunks is kept for the next one. */
export class Utf8Stream {
  private rest: Uint8Array = new Uint8Array(0);
  private readonly decoder = new TextDecoder("utf-8");

  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.rest.length) {
      bytes = new Uint8Array(this.rest.length + chunk.length);
      bytes.set(this.rest);
      bytes.set(chunk, this.rest.length);
    }
    const cut = completeLength(bytes);
    this.rest = bytes.slice(cut);
    return cut ? this.decoder.decode(bytes.subarray(0, cut)) : "";
  }

  /** Whatever is left (an incomplete character decodes to U+FFFD). */
  flush(): string {
    const r = this.rest;
    this.rest = new Uint8Array(0);
    return r.length ? this.decoder.decode(r) : "";
  }
}

/** How many leading bytes of `b` form complete UTF-8 characters. */
function completeLength(b: Uint8Array): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const c = b[n - back];
    if ((c & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/**
 * The Engine API's multiplexed stream (attach/logs/exec without a TTY): frames of
 * [stream, 0, 0, 0, size(4 bytes, big endian)] followed by `size` bytes.
 */
export class Demuxer {
  private buf: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): { stream: 0 | 1 | 2; data: Uint8Array }[] {
    let b = chunk;
    if (this.buf.length) {
      b = new Uint8Array(this.buf.length + chunk.length);
      b.set(this.buf);
      b.set(chunk, this.buf.length);
    }
    const out: { stream: 0 | 1 | 2; data: Uint8Array }[] = [];
    let at = 0;
    while (b.length - at >= 8) {
      const size = ((b[at + 4] << 24) >>> 0) + (b[at + 5] << 16) + (b[at + 6] << 8) + b[at + 7];
      if (b.length - at - 8 < size) break;
      const kind = b[at];
      out.push({ stream: kind === 2 ? 2 : kind === 0 ? 0 : 1, data: b.slice(at + 8, at + 8 + size) });
      at += 8 + size;
    }
    this.buf = b.slice(at);
    return out;
  }
}

/** Splits a text stream into lines (JSON-lines progress of pull, push, build and events). */
export class LineSplitter {
  private buf = "";
  push(text: string): string[] {
    this.buf += text;
    const parts = this.buf.split("\n");
    this.buf = parts.pop() ?? "";
    return parts.map((l) => l.replace(/\r$/, "")).filter((l) => l.trim() !== "");
  }
  flush(): string[] {
    const l = this.buf.trim();
    this.buf = "";
    return l ? [l] : [];
  }
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url of the UTF-8 bytes of `s` (docker/cli's encoding of X-Registry-Auth). */
export function base64Url(s: string): string {
  const b = new TextEncoder().encode(s);
  let out = "";
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < b.length ? B64[(n >> 6) & 63] : "=";
    out += i + 2 < b.length ? B64[n & 63] : "=";
  }
  return out;
}

/** A POSIX tar of a build context (what `docker build` sends as the request body). */
export function tarContext(ctx: BuildContext, now = 0): Uint8Array {
  const archive: Archive = new Map();
  const mtime = now;
  const dirs = new Set<string>();
  for (const path of ctx.keys()) {
    const segs = path.split("/");
    for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join("/"));
  }
  for (const d of [...dirs].sort()) archive.set(d, { type: "dir", mode: 0o755, mtime });
  for (const [p, f] of [...ctx.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
    archive.set(p, { type: "file", content: f.content, mode: f.mode & 0o7777, mtime });
  return writeTar(archive);
}

/** Write an archive (paths relative to its root, in order; mtime in ms) as a tar stream; long names get PAX headers. */
export function writeTar(archive: Archive): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const pushData = (data: Uint8Array) => {
    parts.push(data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(new Uint8Array(pad));
  };
  for (const [path, e] of archive) {
    const name = e.type === "dir" && !path.endsWith("/") ? `${path}/` : path;
    const target = e.type === "symlink" ? e.target : "";
    const pax: string[] = [];
    if (enc.encode(name).length > 100) pax.push(paxRecord("path", name));
    if (enc.encode(target).length > 100) pax.push(paxRecord("linkpath", target));
    if (pax.length) {
      const body = enc.encode(pax.join(""));
      parts.push(tarHeader({ name: "PaxHeaders/entry", size: body.length, mode: 0o644, type: "x", mtime: e.mtime }));
      pushData(body);
    }
    const data = e.type === "file" ? (typeof e.content === "string" ? enc.encode(e.content) : e.content) : null;
    parts.push(
      tarHeader({
        name: name.slice(0, 100),
        size: data?.length ?? 0,
        mode: e.mode & 0o7777,
        type: e.type === "dir" ? "5" : e.type === "symlink" ? "2" : "0",
        mtime: e.mtime,
        linkname: target.slice(0, 100),
      }),
    );
    if (data?.length) pushData(data);
  }
  parts.push(new Uint8Array(1024));
  return concat(parts);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bytes = new TextEncoder().encode(body).length;
  let len = bytes + String(bytes).length;
  if (String(len).length !== String(bytes).length) len = bytes + String(len).length;
  return `${len}${body}`;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function tarHeader(h: { name: string; size: number; mode: number; type: string; mtime: number; linkname?: string }) {
  const b = new Uint8Array(512);
  const enc = new TextEncoder();
  const put = (s: string, off: number, len: number) => b.set(enc.encode(s).subarray(0, len), off);
  const octal = (n: number, len: number) =>
    `${Math.max(0, Math.floor(n))
      .toString(8)
      .padStart(len - 1, "0")}\0`;
  put(h.name, 0, 100);
  put(octal(h.mode || (h.type === "5" ? 0o755 : 0o644), 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(h.size, 12), 124, 12);
  put(octal(h.mtime / 1000, 12), 136, 12);
  put("        ", 148, 8);
  put(h.type, 156, 1);
  put(h.linkname ?? "", 157, 100);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const byte of b) sum += byte;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  return b;
}

/** Read a tar stream (ustar, GNU long names, PAX) into an archive: path → entry, in order (mtime in ms). */
export function readTar(bytes: Uint8Array): Archive {
  const dec = new TextDecoder("utf-8");
  const str = (off: number, len: number) => {
    const sub = bytes.subarray(off, off + len);
    const nul = sub.indexOf(0);
    return dec.decode(nul >= 0 ? sub.subarray(0, nul) : sub);
  };
  const num = (off: number, len: number) => Number.parseInt(str(off, len).trim() || "0", 8) || 0;
  const out: Archive = new Map();
  let at = 0;
  let longName: string | null = null;
  let longLink: string | null = null;
  while (at + 512 <= bytes.length) {
    if (bytes.subarray(at, at + 512).every((x) => x === 0)) break;
    const type = String.fromCharCode(bytes[at + 156] || 48);
    const size = num(at + 124, 12);
    const dataAt = at + 512;
    const data = bytes.subarray(dataAt, dataAt + size);
    at = dataAt + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = dec.decode(data).replace(/\0+$/, "");
      continue;
    }
    if (type === "K") {
      longLink = dec.decode(data).replace(/\0+$/, "");
      continue;
    }
    if (type === "x" || type === "g") {
      const text = dec.decode(data);
      let i = 0;
      while (i < text.length) {
        const sp = text.indexOf(" ", i);
        const len = Number.parseInt(text.slice(i, sp), 10);
        if (!(len > 0)) break;
        const rec = text.slice(sp + 1, i + len - 1);
        const eq = rec.indexOf("=");
        if (type === "x" && rec.slice(0, eq) === "path") longName = rec.slice(eq + 1);
        if (type === "x" && rec.slice(0, eq) === "linkpath") longLink = rec.slice(eq + 1);
        i += len;
      }
      continue;
    }
    const headerAt = dataAt - 512;
    const ustarPrefix = str(headerAt + 257, 5) === "ustar" ? str(headerAt + 345, 155) : "";
    let name = longName ?? (ustarPrefix ? `${ustarPrefix}/${str(headerAt, 100)}` : str(headerAt, 100));
    const linkname = longLink ?? str(headerAt + 157, 100);
    longName = null;
    longLink = null;
    name = name.replace(/^\.\//, "").replace(/\/$/, "");
    if (!name) continue;
    const mode = num(headerAt + 100, 8) & 0o7777;
    const mtime = num(headerAt + 136, 12) * 1000;
    if (type === "5") out.set(name, { type: "dir", mode, mtime });
    else if (type === "2") out.set(name, { type: "symlink", target: linkname, mode, mtime });
    else if (type === "1") {
      const target = out.get(linkname.replace(/^\.\//, ""));
      if (target?.type === "file") out.set(name, { ...target, mode, mtime });
    } else if (type === "0" || type === "7") out.set(name, { type: "file", content: data.slice(), mode, mtime });
  }
  return out;
}

/** Standard base64 (Go's StdEncoding, as in X-Docker-Container-Path-Stat) to text. */
export function fromBase64(b64: string): string {
  const clean = b64.replace(/[^A-Za-z0-9+/_-]/g, "");
  const bytes: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of clean) {
    const v = ch === "+" || ch === "-" ? 62 : ch === "/" || ch === "_" ? 63 : B64.indexOf(ch);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return new TextDecoder("utf-8").decode(new Uint8Array(bytes));
}
