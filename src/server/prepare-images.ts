/**
 * `npm run server -- --prepare-images`: the course's images without a registry.
 *
 * 1. busybox:latest is imported (POST /images/create?fromSrc=-) from the host's static busybox
 *    (Debian: apt-get install busybox-static), laid out like tests/fidelity/build-busybox-image.sh.
 * 2. Every other image the course uses is built (POST /build) FROM busybox:latest out of the
 *    Dockerfiles in src/server/images/<name>/: labelled stand-ins
 *    (org.container-classroom.stand-in=true) with just what the lessons need. See
 *    docs/classroom-server.md for what they do and do not do.
 *
 * Idempotent: an image whose tags are all present is skipped; --force rebuilds the stand-ins. An
 * image that is not a stand-in (busybox:latest, or a real image loaded with `docker load`) is never
 * replaced: remove it first (`docker rmi`) to have it made again.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EngineClient, EngineUnreachable, engineMessage } from "./engine";
import { type TarEntry, tarArchive } from "./tar";

export const STAND_IN_LABEL = "org.container-classroom.stand-in";
export const IMAGES_DIR = resolve(fileURLToPath(new URL("./images", import.meta.url)));
const PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface StandIn {
  /** Folder under src/server/images holding its Dockerfile. */
  dir: string;
  /** Files from src/server/images/shared copied into the build context. */
  shared?: string[];
  buildArgs?: Record<string, string>;
  /** Every tag it answers to; the first is the name printed. */
  tags: string[];
}

/** The images lessons/ko/*.md use (setup, tasks and ▶ 실행 blocks), mirroring the simulator's hub. */
export const STAND_INS: StandIn[] = [
  { dir: "hello-world", tags: ["hello-world:latest", "hello-world:linux"] },
  {
    dir: "alpine",
    shared: ["printenv"],
    buildArgs: { ALPINE_VERSION: "3.20.3" },
    tags: ["alpine:latest", "alpine:3.20", "alpine:3.20.3", "alpine:3"],
  },
  {
    dir: "alpine",
    shared: ["printenv"],
    buildArgs: { ALPINE_VERSION: "3.19.4" },
    tags: ["alpine:3.19", "alpine:3.19.4"],
  },
  {
    dir: "ubuntu",
    shared: ["bash", "apt-get", "printenv", "no-libc.txt"],
    buildArgs: {
      UBUNTU_VERSION: "24.04",
      UBUNTU_FULL: "24.04.1 LTS",
      UBUNTU_CODENAME: "noble",
      UBUNTU_NAME: "Noble Numbat",
    },
    tags: ["ubuntu:latest", "ubuntu:24.04", "ubuntu:noble"],
  },
  {
    dir: "ubuntu",
    shared: ["bash", "apt-get", "printenv", "no-libc.txt"],
    buildArgs: {
      UBUNTU_VERSION: "22.04",
      UBUNTU_FULL: "22.04.5 LTS",
      UBUNTU_CODENAME: "jammy",
      UBUNTU_NAME: "Jammy Jellyfish",
    },
    tags: ["ubuntu:22.04", "ubuntu:jammy"],
  },
  {
    dir: "debian",
    shared: ["bash", "apt-get", "printenv", "no-libc.txt"],
    tags: ["debian:bookworm", "debian:latest", "debian:12", "debian:bookworm-slim"],
  },
  { dir: "nginx", tags: ["nginx:latest", "nginx:1.27", "nginx:1.27.2", "nginx:mainline"] },
];

export interface PrepareOptions {
  engine: string;
  force: boolean;
  /** The static busybox binary on this host. */
  busybox: string;
  /** Where busybox is imported to (tests use another tag; the stand-ins always build FROM busybox:latest). */
  baseTag?: string;
  /** Build only these stand-ins (default: all). Tests use it. */
  only?: StandIn[];
  log?: (line: string) => void;
}

export class PrepareError extends Error {}

/** True when `file` is an ELF executable without a program interpreter (statically linked). */
export function isStaticElf(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const h = Buffer.alloc(64);
    readSync(fd, h, 0, 64, 0);
    if (h.readUInt32BE(0) !== 0x7f454c46) return false;
    const is64 = h[4] === 2;
    const le = h[5] === 1;
    const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const phoff = is64 ? Number(le ? h.readBigUInt64LE(32) : h.readBigUInt64BE(32)) : u32(h, 28);
    const phentsize = u16(h, is64 ? 54 : 42);
    const phnum = u16(h, is64 ? 56 : 44);
    const ph = Buffer.alloc(phentsize * phnum);
    readSync(fd, ph, 0, ph.length, phoff);
    for (let i = 0; i < phnum; i++) if (u32(ph, i * phentsize) === 3 /* PT_INTERP */) return false;
    return true;
  } finally {
    closeSync(fd);
  }
}

const PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;
const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
wheel:x:10:root
mail:x:12:
www-data:x:33:
operator:x:37:
staff:x:50:
audio:x:29:
users:x:100:
nogroup:x:65534:
`;

/** The rootfs tests/fidelity/build-busybox-image.sh imports: applets hard-linked in /bin. */
export function busyboxRootfs(busybox: string): Buffer {
  const list = spawnSync(busybox, ["--list"], { encoding: "utf8" });
  if (list.status !== 0) throw new PrepareError(`${busybox} --list failed: ${list.stderr || list.error?.message}`);
  const applets = list.stdout.split("\n").filter((a) => a && a !== "busybox" && !a.includes("/"));
  const mode = statSync(busybox).mode & 0o7777;
  const entries: TarEntry[] = [{ type: "dir", name: "./" }];
  for (const d of ["bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "usr/sbin", "var"])
    entries.push({ type: "dir", name: `./${d}/`, mode: d === "tmp" ? 0o1777 : d === "root" ? 0o700 : 0o755 });
  entries.push(
    { type: "dir", name: "./var/spool/" },
    { type: "dir", name: "./var/spool/mail/" },
    { type: "dir", name: "./var/www/" },
    { type: "file", name: "./bin/busybox", content: readFileSync(busybox), mode },
    ...applets.map((a): TarEntry => ({ type: "link", name: `./bin/${a}`, target: "./bin/busybox", mode })),
    { type: "file", name: "./etc/passwd", content: PASSWD },
    { type: "file", name: "./etc/group", content: GROUP },
  );
  return tarArchive(entries);
}

/** The build context of a stand-in: its folder plus the shared files it names. */
export function buildContext(s: StandIn, imagesDir = IMAGES_DIR): Buffer {
  const entries: TarEntry[] = [];
  const add = (dir: string, name: string) => {
    const p = join(dir, name);
    const st = statSync(p);
    if (!st.isFile()) return;
    const content = readFileSync(p);
    // Scripts are executable whatever the checkout did to their mode bits.
    entries.push({ type: "file", name, content, mode: content.subarray(0, 2).toString() === "#!" ? 0o755 : 0o644 });
  };
  for (const f of readdirSync(join(imagesDir, s.dir)).sort()) add(join(imagesDir, s.dir), f);
  for (const f of s.shared ?? []) add(join(imagesDir, "shared"), f);
  return tarArchive(entries);
}

interface ImageInfo {
  Id: string;
  RepoTags: string[] | null;
  Config?: { Labels?: Record<string, string> | null };
}

/** Read a JSON-lines progress stream (import, build): the last "aux"/"status" and any error. */
function progress(body: Buffer): { error: string | null; lines: string[] } {
  const lines: string[] = [];
  let error: string | null = null;
  for (const raw of body.toString("utf8").split(/\r?\n/)) {
    if (!raw.trim()) continue;
    try {
      const j = JSON.parse(raw) as {
        stream?: string;
        status?: string;
        error?: string;
        errorDetail?: { message?: string };
      };
      if (j.error || j.errorDetail) error = j.errorDetail?.message ?? j.error ?? "error";
      if (j.stream) lines.push(...j.stream.split("\n").filter(Boolean));
      if (j.status) lines.push(j.status);
    } catch {
      lines.push(raw);
    }
  }
  return { error, lines };
}

export async function prepareImages(o: PrepareOptions): Promise<{ built: string[]; skipped: string[] }> {
  const log = o.log ?? ((l: string) => console.log(l));
  const baseTag = o.baseTag ?? "busybox:latest";
  const engine = new EngineClient(o.engine);
  const built: string[] = [];
  const skipped: string[] = [];
  try {
    try {
      const ping = await engine.request("GET", "/_ping", { timeoutMs: 5000 });
      if (ping.status !== 200) throw new PrepareError(`the engine at ${engine.target.label} answered ${ping.status}`);
    } catch (e) {
      if (e instanceof EngineUnreachable) throw new PrepareError(e.message);
      throw e;
    }
    const inspect = async (ref: string): Promise<ImageInfo | null> => {
      const r = await engine.request("GET", `/images/${encodeURIComponent(ref)}/json`);
      if (r.status === 404) return null;
      if (r.status !== 200) throw new PrepareError(`inspect ${ref}: ${engineMessage(r.body)}`);
      return JSON.parse(r.body.toString("utf8")) as ImageInfo;
    };
    const isStandIn = (i: ImageInfo | null) => i?.Config?.Labels?.[STAND_IN_LABEL] === "true";

    // ── the base: busybox from the host ──────────────────────────────────────────────
    const base = await inspect(baseTag);
    if (base) {
      // Never replaced, not even with --force: it is the real busybox (or one an administrator loaded).
      log(`${baseTag.padEnd(22)} present, kept (${base.Id.slice(7, 19)})`);
      skipped.push(baseTag);
    } else {
      if (!existsSync(o.busybox))
        throw new PrepareError(
          `${o.busybox} not found: install a static busybox (Debian/Ubuntu: sudo apt-get install busybox-static) or give --busybox PATH`,
        );
      if (!isStaticElf(o.busybox))
        throw new PrepareError(
          `${o.busybox} is not a statically linked executable; it cannot run in an image without a C library (Debian/Ubuntu: sudo apt-get install busybox-static)`,
        );
      const [repo, tag = "latest"] = baseTag.split(":");
      const latestBefore = tag === "latest" ? null : await inspect(`${repo}:latest`);
      const q = new URLSearchParams({ fromSrc: "-", repo, tag, message: "" });
      q.append("changes", 'CMD ["sh"]');
      q.append("changes", `ENV ${PATH_ENV}`);
      const r = await engine.request("POST", `/images/create?${q}`, {
        body: busyboxRootfs(o.busybox),
        headers: { "Content-Type": "application/x-tar" },
      });
      const p = progress(r.body);
      if (r.status !== 200 || p.error) throw new PrepareError(`import ${baseTag}: ${p.error ?? engineMessage(r.body)}`);
      // Podman 4's import ignores `tag` and names the image repo:latest: tag it as asked, and take
      // back a repo:latest that only the import made.
      const imported = p.lines.filter((l) => /^sha256:[0-9a-f]{64}$/.test(l)).at(-1);
      if (imported && (await inspect(baseTag))?.Id !== imported) {
        const t = await engine.request("POST", `/images/${imported}/tag?${new URLSearchParams({ repo, tag })}`);
        if (t.status >= 300) throw new PrepareError(`tag ${baseTag}: ${engineMessage(t.body)}`);
        if (tag !== "latest" && !latestBefore && (await inspect(`${repo}:latest`))?.Id === imported)
          await engine.request("DELETE", `/images/${encodeURIComponent(`${repo}:latest`)}`);
      }
      const now = await inspect(baseTag);
      log(`${baseTag.padEnd(22)} imported from ${o.busybox} (${now?.Id.slice(7, 19)})`);
      built.push(baseTag);
    }

    // ── the stand-ins, FROM the base ─────────────────────────────────────────────────
    async function buildStandIn(s: StandIn): Promise<{ name: string; line: string; didBuild: boolean }> {
      const name = s.tags[0];
      const found = await Promise.all(s.tags.map((t) => inspect(t)));
      if (found.some((i) => i && !isStandIn(i)))
        return { name, line: `${name.padEnd(22)} present (not a stand-in), kept`, didBuild: false };
      if (!o.force && found.every(Boolean))
        return { name, line: `${name.padEnd(22)} present, kept (${found[0]?.Id.slice(7, 19)})`, didBuild: false };
      const dockerfile = readFileSync(join(IMAGES_DIR, s.dir, "Dockerfile"), "utf8");
      if (/^FROM\s+(\S+)/m.exec(dockerfile)?.[1] !== "busybox:latest")
        throw new PrepareError(`${s.dir}/Dockerfile must start FROM busybox:latest`);
      const q = new URLSearchParams({ rm: "1", forcerm: "1", q: "1" });
      for (const t of s.tags) q.append("t", t);
      if (s.buildArgs) q.set("buildargs", JSON.stringify(s.buildArgs));
      const r = await engine.request("POST", `/build?${q}`, {
        body: buildContext(s),
        headers: { "Content-Type": "application/x-tar" },
        timeoutMs: 300_000,
      });
      const p = progress(r.body);
      if (r.status !== 200 || p.error)
        throw new PrepareError(`build ${name}: ${p.error ?? engineMessage(r.body)}\n${p.lines.slice(-10).join("\n")}`);
      const now = await inspect(name);
      // --force: the stand-in it replaced goes too, unless a container still uses it.
      for (const id of new Set(found.map((i) => i?.Id)))
        if (id && id !== now?.Id) await engine.request("DELETE", `/images/${id}`).catch(() => undefined);
      const also = s.tags.length > 1 ? `; also ${s.tags.slice(1).join(", ")}` : "";
      return { name, line: `${name.padEnd(22)} built (stand-in, ${now?.Id.slice(7, 19)})${also}`, didBuild: true };
    }
    // Built side by side (the engine's builder copes), reported in the table's order.
    const results = await Promise.all((o.only ?? STAND_INS).map((s) => buildStandIn(s)));
    for (const { name, line, didBuild } of results) {
      log(line);
      (didBuild ? built : skipped).push(name);
    }
    return { built, skipped };
  } finally {
    engine.close();
  }
}
