/**
 * `docker build` through the classroom: the build context (a tar, possibly gzipped) is read, its
 * Dockerfile checked and rewritten, and a new context is forwarded. The engine then builds exactly
 * the Dockerfile the gateway checked:
 *  - every FROM and COPY --from names an allowed shared image, the session's own image (rewritten
 *    to its engine name) or an earlier stage; ARG values in FROM are resolved and written in;
 *  - ADD from a URL is refused (the engine itself, not a container, would fetch it);
 *  - labels reserved for the gateway are refused.
 * The Dockerfile entry must be a regular file, and no entry may be written through a symbolic link
 * (which could replace the checked Dockerfile after the gateway read it).
 */
import { posix } from "node:path";
import { gunzipSync } from "node:zlib";
import { DockerfileParser, type From, type Instruction } from "dockerfile-ast";
import { HttpError } from "./http-util";
import { PolicyError } from "./policy";
import { LABEL_PREFIX } from "./registry";

const refuse = (code: string, en: string, ko: string): PolicyError =>
  new PolicyError(code, `classroom policy: ${en} (교실 정책: ${ko})`);

// ── a small tar reader ───────────────────────────────────────────────────────────────────────

export interface TarEntry {
  /** Normalized path inside the context ("Dockerfile", "src/app.js"). */
  name: string;
  /** The typeflag: "0" file, "1" hard link, "2" symlink, "5" directory, … */
  type: string;
  header: number;
  data: number;
  size: number;
  /** A PAX header gave this entry's size (the header's own size field is then not authoritative). */
  paxSize: boolean;
}

const BLOCK = 512;

function cstring(b: Buffer): string {
  const z = b.indexOf(0);
  return b.subarray(0, z < 0 ? b.length : z).toString("utf8");
}

function octal(b: Buffer, what: string): number {
  if (b[0] & 0x80) throw new HttpError(400, `build context: ${what} too large`);
  const s = cstring(b).trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s)) throw new HttpError(400, "build context: not a valid tar archive");
  return Number.parseInt(s, 8);
}

function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum;
}

export function normalizeTarPath(name: string): string {
  const n = posix.normalize(`/${name}`).replace(/^\/+/, "").replace(/\/+$/, "");
  return n === "" ? "." : n;
}

export function looksLikeTar(buf: Buffer): boolean {
  return buf.length >= BLOCK && buf.subarray(257, 262).toString("latin1") === "ustar";
}

export function tarEntries(buf: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | null = null;
  let pax: Record<string, string> = {};
  while (off + BLOCK <= buf.length) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    if (octal(h.subarray(148, 156), "checksum") !== checksum(h))
      throw new HttpError(400, "build context: not a valid tar archive (bad header checksum)");
    const type = h[156] === 0 ? "0" : String.fromCharCode(h[156]);
    let size = octal(h.subarray(124, 136), "entry");
    if (type !== "x" && type !== "g" && pax.size !== undefined) size = Number(pax.size);
    const data = off + BLOCK;
    const next = data + Math.ceil(size / BLOCK) * BLOCK;
    if (!Number.isSafeInteger(size) || next > buf.length)
      throw new HttpError(400, "build context: truncated tar archive");
    const body = buf.subarray(data, data + size);
    if (type === "x") {
      pax = {};
      let i = 0;
      const text = body.toString("utf8");
      while (i < text.length) {
        const sp = text.indexOf(" ", i);
        const len = Number(text.slice(i, sp));
        if (!(len > 0) || sp < 0) break;
        const rec = text.slice(sp + 1, i + len - 1);
        const eq = rec.indexOf("=");
        if (eq > 0) pax[rec.slice(0, eq)] = rec.slice(eq + 1);
        i += len;
      }
    } else if (type === "L") {
      longName = cstring(body);
    } else if (type !== "g" && type !== "K") {
      const posix = h.subarray(257, 263).toString("latin1") === "ustar\0";
      const prefix = posix ? cstring(h.subarray(345, 500)) : "";
      const raw =
        pax.path ?? longName ?? (prefix ? `${prefix}/${cstring(h.subarray(0, 100))}` : cstring(h.subarray(0, 100)));
      out.push({ name: normalizeTarPath(raw), type, header: off, data, size, paxSize: pax.size !== undefined });
      pax = {};
      longName = null;
    }
    off = next;
  }
  return out;
}

/** The same archive with one regular file's content replaced (header size and checksum rewritten). */
export function replaceTarFile(buf: Buffer, e: TarEntry, content: Buffer): Buffer {
  const h = Buffer.from(buf.subarray(e.header, e.header + BLOCK));
  h.write(`${content.length.toString(8).padStart(11, "0")}\0`, 124, 12, "latin1");
  h.write(`${checksum(h).toString(8).padStart(6, "0")}\0 `, 148, 8, "latin1");
  const pad = Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK);
  const end = e.data + Math.ceil(e.size / BLOCK) * BLOCK;
  return Buffer.concat([buf.subarray(0, e.header), h, content, pad, buf.subarray(end)]);
}

// ── the context ──────────────────────────────────────────────────────────────────────────────

export interface BuildContextPlan {
  /** The (decompressed) tar to forward. */
  tar: Buffer;
  /** The Dockerfile's path inside the context, as the engine should be told. */
  dockerfilePath: string;
  dockerfile: string;
  entry: TarEntry;
}

/** Read the context: gunzip, find the Dockerfile (docker's default name, then "dockerfile"), refuse link tricks. */
export function readBuildContext(body: Buffer, dockerfileParam: string | null, max: number): BuildContextPlan {
  let tar = body;
  if (body[0] === 0x1f && body[1] === 0x8b) {
    try {
      tar = gunzipSync(body, { maxOutputLength: max });
    } catch (e) {
      if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError)
        throw refuse(
          "build-context-too-large",
          `the build context is larger than ${max} bytes once unpacked`,
          "빌드 컨텍스트가 너무 큽니다",
        );
      throw new HttpError(400, "build context: invalid gzip data");
    }
  } else if (body.subarray(0, 3).toString("latin1") === "BZh" || body.subarray(0, 6).equals(XZ_MAGIC)) {
    throw new HttpError(400, "build context: only plain or gzip-compressed tar archives are accepted");
  }
  if (!looksLikeTar(tar)) throw new HttpError(400, "build context: the request body must be a tar archive");
  const entries = tarEntries(tar);
  const links = new Set(entries.filter((e) => e.type === "2").map((e) => e.name));
  for (const e of entries) {
    const parts = e.name.split("/");
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join("/");
      if (links.has(parent))
        throw refuse(
          "build-context-symlink",
          `the build context writes ${e.name} through the symbolic link ${parent}`,
          `빌드 컨텍스트가 심볼릭 링크 ${parent}를 거쳐 ${e.name}에 씁니다`,
        );
    }
  }
  const param = (dockerfileParam ?? "").trim();
  const wanted = param ? normalizeTarPath(param) : "Dockerfile";
  if (wanted.startsWith("../") || wanted === "..")
    throw new HttpError(400, `Cannot locate specified Dockerfile: ${param}`);
  const find = (n: string) => entries.filter((e) => e.name === n).at(-1);
  let path = wanted;
  let entry = find(path);
  if (!entry && wanted === "Dockerfile") {
    path = "dockerfile";
    entry = find(path);
  }
  if (!entry) throw new HttpError(400, `Cannot locate specified Dockerfile: ${param || "Dockerfile"}`);
  if (entry.type !== "0" && entry.type !== "7")
    throw refuse(
      "build-dockerfile-type",
      `the Dockerfile ${path} must be a regular file in the build context, not a link`,
      `Dockerfile ${path}은 링크가 아닌 일반 파일이어야 합니다`,
    );
  if (entry.paxSize)
    throw new HttpError(400, "build context: the Dockerfile entry uses a PAX size; write the archive in ustar format");
  const dockerfile = tar.subarray(entry.data, entry.data + entry.size).toString("utf8");
  return { tar, dockerfilePath: path, dockerfile, entry };
}

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

// ── the Dockerfile ───────────────────────────────────────────────────────────────────────────

export interface DockerfileCheckDeps {
  /**
   * The engine reference to build FROM (or COPY --from) for a learner's image reference:
   * the session's own image (prefixed), or an allowed shared image. Throws (403) for anything else.
   */
  baseImage(ref: string): Promise<string>;
  /**
   * The session's labels, given to every stage but the last as a `LABEL` at its end.
   * The classic builder puts the build's own labels on the final stage only, so an earlier stage's
   * image would otherwise be left unlabelled: the reaper could not find it, nor a restarted gateway.
   */
  stageLabels?: Record<string, string>;
  /** `--target`: the stage the build stops at (and so the last one built). */
  target?: string | null;
}

export interface CheckedDockerfile {
  dockerfile: string;
  /** How many `LABEL` steps were added, and will run: they are hidden from the build's output. */
  labelSteps: number;
  /** The steps of the rewritten Dockerfile after its first FROM (what a builder numbers). */
  steps: number;
}

/** ${VAR}, $VAR, ${VAR:-word}, ${VAR:+word}, as docker substitutes them in FROM. */
export function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? "";
      const v = vars.get(name);
      if (op === ":-") return v ? v : (word ?? "");
      if (op === "-") return v !== undefined ? v : (word ?? "");
      if (op === ":+") return v ? (word ?? "") : "";
      if (op === "+") return v !== undefined ? (word ?? "") : "";
      return v ?? "";
    },
  );
}

const URL_SOURCE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/|^git@/;

function unquote(s: string): string {
  return s.replace(/\\(.)/g, "$1").replace(/["']/g, "");
}

function argValues(i: Instruction): string[] {
  const json = (i as unknown as { getJSONStrings?: () => { getJSONValue(): string }[] }).getJSONStrings?.();
  if (json?.length) return json.map((j) => j.getJSONValue());
  return i
    .getArguments()
    .map((a) => a.getValue())
    .filter((v) => !v.startsWith("--"));
}

/** Checks an instruction that is not FROM (also an ONBUILD trigger). Returns the --from value to resolve, if any. */
function checkInstruction(i: Instruction, onbuild: boolean): { value: string; range: Instruction } | null {
  const kw = i.getKeyword();
  if (kw === "LABEL") {
    const props = (i as unknown as { getProperties(): { getName(): string }[] }).getProperties();
    for (const p of props) {
      const key = unquote(p.getName());
      if (key.includes("$"))
        throw refuse(
          "build-label-variable",
          `label names with variables (${key}) are not allowed`,
          `변수가 들어간 라벨 이름(${key})은 허용되지 않습니다`,
        );
      if (key.toLowerCase().startsWith(LABEL_PREFIX))
        throw refuse(
          "reserved-label",
          `label ${key} is reserved for the gateway`,
          `${key} 라벨은 게이트웨이 전용입니다`,
        );
    }
  }
  if (kw === "ADD") {
    const vals = argValues(i);
    for (const src of vals.slice(0, -1)) {
      if (URL_SOURCE.test(src))
        throw refuse(
          "build-add-url",
          `ADD from a URL (${src}) is not allowed: the server itself would fetch it; download it in a RUN step or copy the file into the build context`,
          `URL에서 ADD(${src})하는 것은 허용되지 않습니다. 서버가 직접 받아 오게 되기 때문입니다. RUN 단계에서 받거나 파일을 빌드 컨텍스트에 넣으세요`,
        );
    }
  }
  if (kw === "COPY" || kw === "ADD") {
    const from = (i as unknown as { getFromFlag?: () => { getValue(): string | null } | null }).getFromFlag?.();
    const v = from?.getValue();
    if (v !== undefined && v !== null) {
      if (onbuild)
        throw refuse(
          "build-onbuild-from",
          "ONBUILD COPY --from is not allowed",
          "ONBUILD COPY --from은 허용되지 않습니다",
        );
      return { value: v, range: i };
    }
  }
  if (kw === "ONBUILD") {
    const t = (i as unknown as { getTriggerInstruction(): Instruction | null }).getTriggerInstruction();
    if (t) checkInstruction(t, true);
  }
  return null;
}

interface Span {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Check a Dockerfile and return it with every image reference written as the engine should see it.
 * `buildargs` are the learner's --build-arg values (they override ARGs declared before the first FROM).
 */
export async function checkDockerfile(
  text: string,
  buildargs: Record<string, string>,
  deps: DockerfileCheckDeps,
): Promise<CheckedDockerfile> {
  const df = DockerfileParser.parse(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  const meta = new Map<string, string>();
  for (const a of df.getInitialARGs()) {
    const p = a.getProperty();
    if (!p) continue;
    const name = p.getName();
    const v = buildargs[name] ?? (p.getValue() !== null ? unquote(p.getValue() ?? "") : undefined);
    if (v !== undefined) meta.set(name, substitute(v, meta));
  }
  const edits: Edit[] = [];
  const stages: string[] = [];
  /** Where each stage's FROM instruction starts, and its name (or null). */
  const froms: { start: number; name: string | null }[] = [];
  let sawFrom = false;
  for (const i of df.getInstructions()) {
    const kw = i.getKeyword();
    if (kw === "FROM") {
      sawFrom = true;
      const f = i as From;
      froms.push({ start: offset(i.getRange().start), name: f.getBuildStage()?.toLowerCase() ?? null });
      const range = f.getImageRange();
      const raw = f.getImage();
      if (!range || !raw) throw new HttpError(400, "Dockerfile parse error: FROM requires one argument");
      const image = substitute(raw, meta).trim();
      if (image.includes("$") || !image)
        throw refuse(
          "build-from-variable",
          `FROM ${raw}: the base image must be a name, or use ARGs declared before the first FROM`,
          `FROM ${raw}: 기본 이미지는 이름이거나, 첫 FROM 앞에 선언한 ARG여야 합니다`,
        );
      const stage = stages.find((s) => s === image.toLowerCase());
      let real = image;
      if (!stage && image.toLowerCase() !== "scratch") real = await deps.baseImage(image);
      if (real !== raw) edits.push({ start: offset(range.start), end: offset(range.end), text: real });
      const as = f.getBuildStage();
      if (as) stages.push(as.toLowerCase());
      continue;
    }
    const from = checkInstruction(i, false);
    if (from) {
      const v = from.value;
      if (v.includes("$"))
        throw refuse(
          "build-copy-from-variable",
          `COPY --from=${v}: use a stage name or an image name without variables`,
          `COPY --from=${v}: 변수 없이 스테이지 이름이나 이미지 이름을 쓰세요`,
        );
      if (/^\d+$/.test(v) || stages.includes(v.toLowerCase())) continue;
      const real = await deps.baseImage(v);
      if (real !== v) {
        const flag = (i as unknown as { getFromFlag(): { getValueRange(): Span | null } })
          .getFromFlag()
          .getValueRange();
        if (flag) edits.push({ start: offset(flag.start), end: offset(flag.end), text: real });
      }
    }
  }
  if (!sawFrom) throw new HttpError(400, "Dockerfile parse error: no build stage in current context");
  let labelSteps = 0;
  const labels = Object.entries(deps.stageLabels ?? {});
  if (labels.length && froms.length > 1) {
    const target = deps.target ? froms.findIndex((f) => f.name === deps.target?.toLowerCase()) : -1;
    // The classic builder builds every stage up to the target (or the last), in order; the build's
    // own labels reach that one. Each stage before it ends with the LABEL, just before the next FROM:
    // its other steps stay the same as anyone else's, so the build cache is still shared.
    const last = target >= 0 ? target : froms.length - 1;
    const line = `LABEL ${labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ")}\n`;
    for (const f of froms.slice(1, last + 1)) edits.push({ start: f.start, end: f.start, text: line });
    labelSteps = last;
  }
  let out = text;
  // Right to left, so that each edit's offsets still hold.
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  const steps = df.getInstructions().length - df.getInitialARGs().length + labelSteps;
  return { dockerfile: out, labelSteps, steps };
}

/** `docker commit --change` instructions: the same label and ONBUILD rules as a Dockerfile. */
export function checkCommitChanges(changes: string[]) {
  for (const c of changes) for (const i of DockerfileParser.parse(c).getInstructions()) checkInstruction(i, false);
}

// ── the build's output ───────────────────────────────────────────────────────────────────────

/**
 * The classic builder adds one `LABEL` step per build label at the end of the last stage. The
 * gateway's own labels (`hidden` steps) are taken out of the output and the steps renumbered, so a
 * learner sees the steps of their Dockerfile; the final image id is shown under the last step.
 */
const GATEWAY_LABEL_STEP = new RegExp(`^LABEL\\s+"?${LABEL_PREFIX.replace(/\./g, "\\.")}`);

export function buildOutputFilter(hidden: number, write: (line: string) => void) {
  let hiddenSoFar = 0;
  let hiding = false;
  let held: string | null = null;
  const flush = () => {
    if (held !== null) write(held);
    held = null;
  };
  return {
    line(raw: string) {
      let msg: { stream?: unknown };
      try {
        msg = JSON.parse(raw) as { stream?: unknown };
      } catch {
        flush();
        write(raw);
        return;
      }
      const s = typeof msg.stream === "string" ? msg.stream : null;
      if (s === null) {
        flush();
        write(raw);
        return;
      }
      const step = /^Step (\d+)\/(\d+) : ([\s\S]*)$/.exec(s);
      if (step) {
        if (hidden > 0 && GATEWAY_LABEL_STEP.test(step[3])) {
          hiding = true;
          hiddenSoFar++;
          return;
        }
        hiding = false;
        flush();
        const n = Number(step[1]) - hiddenSoFar;
        write(JSON.stringify({ ...msg, stream: `Step ${n}/${Number(step[2]) - hidden} : ${step[3]}` }));
        return;
      }
      if (/^ ---> [0-9a-f]{11,64}\s*$/.test(s)) {
        // A step's resulting image: held, so that a hidden step's id can take its place.
        if (!hiding) flush();
        held = raw;
        return;
      }
      // The builder sends a step's text and its newline as two messages.
      if (
        hiding &&
        (s.trim() === "" || /^( ---> Running in |Removing intermediate container | ---> Using cache)/.test(s))
      )
        return;
      hiding = false;
      flush();
      write(raw);
    },
    end() {
      flush();
    },
  };
}
