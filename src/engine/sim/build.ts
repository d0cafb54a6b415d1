/**
 * `docker build` in the simulated engine, in the manner of BuildKit: the
 * Dockerfile is parsed with dockerfile-ast, each stage starts from its base
 * image, RUN executes in a build container on the same kernel, COPY and ADD
 * take files from the build context or another stage, and every filesystem
 * step becomes a content-addressed layer. A step whose parent chain and inputs
 * are unchanged is taken from the cache and reported CACHED.
 */
import { DockerfileParser } from "dockerfile-ast";
import { type Layer, LayeredFs, LowerView, normalize } from "../../machine/layered-fs";
import { sha256Hex } from "../../shared/sha256";
import type { BuildStatus, ImageConfig } from "../api/types";
import type { MaterialisedLayer } from "./hub";

export interface HistoryEntry {
  created: string;
  createdBy: string;
  emptyLayer: boolean;
  comment?: string;
}

export interface BuildBase {
  id: string;
  layers: MaterialisedLayer[];
  config: ImageConfig;
  history: HistoryEntry[];
  /** Shown in the FROM step: docker.io/library/alpine:3.20@sha256:… */
  displayRef: string;
}

/** What the builder needs from the engine. */
export interface BuildRuntime {
  now(): number;
  /** A base image, pulled when missing (BuildKit resolves and pulls it itself). */
  resolveBase(name: string, onPull: (line: string) => void): Promise<BuildBase>;
  /** Run `/bin/sh -c script` in a build container over these layers; output lines go to onOutput. */
  run(
    fs: LayeredFs,
    argv: string[],
    env: Record<string, string>,
    cwd: string,
    onOutput: (data: string) => void,
  ): Promise<number>;
  /** A cache shared across builds: key → result. */
  cache: Map<string, CachedStep>;
}

export interface CachedStep {
  layer: MaterialisedLayer | null;
}

export interface BuildOptions {
  dockerfile: string;
  buildArgs: Record<string, string>;
  target?: string;
  noCache: boolean;
}

export interface BuildResult {
  layers: MaterialisedLayer[];
  config: ImageConfig;
  history: HistoryEntry[];
}

export class BuildError extends Error {
  constructor(
    message: string,
    /** Dockerfile line (1-based) the error points at, if any. */
    readonly line?: number,
  ) {
    super(message);
  }
}

type Emit = (s: BuildStatus) => void;

interface Stage {
  name: string;
  index: number;
  base: BuildBase | null;
  layers: MaterialisedLayer[];
  config: ImageConfig;
  history: HistoryEntry[];
  /** Cache chain: changes with every step. */
  chain: string;
  args: Record<string, string>;
}

const KNOWN = new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "MAINTAINER",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
]);

/** Expand $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} as Dockerfile substitution does. */
export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, braced, op, word, bare) => {
      if (m === "\\$") return "$";
      const name = braced ?? bare;
      const v = vars[name];
      if (op === "-") return v === undefined || v === "" ? word : v;
      if (op === "+") return v === undefined || v === "" ? "" : word;
      return v ?? "";
    },
  );
}

/** JSON (exec) form or shell form of CMD/ENTRYPOINT/RUN. */
function execForm(args: string, shell: string[]): { argv: string[]; json: boolean } {
  const t = args.trim();
  if (t.startsWith("[")) {
    try {
      const v = JSON.parse(t);
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return { argv: v, json: true };
    } catch {}
  }
  return { argv: [...shell, t], json: false };
}

export function layerFromUpper(upper: Layer, label: string): MaterialisedLayer | null {
  if (upper.size === 0) return null;
  const entries = [...upper.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  let size = 0;
  const parts: string[] = [];
  for (const [p, n] of entries) {
    if (n.type === "file") {
      const len = typeof n.content === "string" ? new TextEncoder().encode(n.content).length : n.content.length;
      size += len;
      parts.push(`${p}:${n.mode}:${typeof n.content === "string" ? n.content : Array.from(n.content).join(",")}`);
    } else parts.push(`${p}:${n.type}:${"target" in n ? n.target : ""}`);
  }
  const diffId = `sha256:${sha256Hex(`${label}\n${parts.join("\n")}`)}`;
  return {
    diffId,
    blobDigest: `sha256:${sha256Hex(`blob:${diffId}`)}`,
    files: new Map(upper),
    size,
    compressedSize: Math.max(32, Math.round(size * 0.45)),
  };
}

const durationStr = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export class Builder {
  private vertexSeq = 0;
  constructor(
    private readonly rt: BuildRuntime,
    private readonly emit: Emit,
  ) {}

  /** The final "exporting to image" step, reported by the engine. */
  exportVertex() {
    return this.vertex("exporting to image");
  }

  private vertex(name: string): {
    id: string;
    start(): void;
    done(cached?: boolean): void;
    log(data: string): void;
    fail(msg: string): void;
    status(name: string): void;
  } {
    const id = `sha256:${sha256Hex(`vertex:${this.vertexSeq++}:${name}`)}`;
    let started = 0;
    return {
      id,
      start: () => {
        started = this.rt.now();
        this.emit({ vertexes: [{ digest: id, name, started }] });
      },
      done: (cached = false) =>
        this.emit({ vertexes: [{ digest: id, name, started, completed: this.rt.now(), cached }] }),
      log: (data) => this.emit({ logs: [{ vertex: id, stream: 1, data, timestamp: this.rt.now() - started }] }),
      fail: (msg) => this.emit({ vertexes: [{ digest: id, name, started, completed: this.rt.now(), error: msg }] }),
      status: (s) => this.emit({ statuses: [{ vertex: id, id: s, completed: this.rt.now() }] }),
    };
  }

  async build(
    context: Map<string, { content: string | Uint8Array; mode: number }>,
    opts: BuildOptions,
  ): Promise<BuildResult> {
    const dfName = opts.dockerfile || "Dockerfile";
    const load = this.vertex(`[internal] load build definition from ${dfName.split("/").pop()}`);
    load.start();
    const dfEntry = context.get(normalize(`/${dfName}`).slice(1));
    if (!dfEntry) {
      load.fail("failed to read dockerfile");
      throw new BuildError(`failed to solve: failed to read dockerfile: open ${dfName}: no such file or directory`);
    }
    const text = typeof dfEntry.content === "string" ? dfEntry.content : new TextDecoder().decode(dfEntry.content);
    load.status(`transferring dockerfile: ${new TextEncoder().encode(text).length}B`);
    load.done();
    const lines = text.split("\n");
    const df = DockerfileParser.parse(text);
    const instructions = df.getInstructions();
    for (const ins of instructions) {
      const kw = ins.getKeyword().toUpperCase();
      if (!KNOWN.has(kw)) {
        throw new BuildError(
          `failed to solve: dockerfile parse error on line ${ins.getRange().start.line + 1}: unknown instruction: ${ins.getKeyword()}`,
          ins.getRange().start.line + 1,
        );
      }
    }
    const firstFrom = instructions.findIndex((i) => i.getKeyword().toUpperCase() === "FROM");
    if (firstFrom < 0)
      throw new BuildError("failed to solve: dockerfile parse error: no build stage in current context");
    for (const ins of instructions.slice(0, firstFrom)) {
      if (ins.getKeyword().toUpperCase() !== "ARG") {
        throw new BuildError(`failed to solve: no build stage in current context`, ins.getRange().start.line + 1);
      }
    }
    // Global ARGs before the first FROM.
    const globalArgs: Record<string, string> = {};
    for (const ins of instructions.slice(0, firstFrom)) {
      for (const part of ins.getArgumentsContent()?.split(/\s+/) ?? []) {
        const [k, ...v] = part.split("=");
        globalArgs[k] = opts.buildArgs[k] ?? (v.length ? v.join("=").replace(/^"|"$/g, "") : "");
      }
    }
    // Split into stages.
    const stageIns: { from: (typeof instructions)[number]; body: typeof instructions }[] = [];
    for (const ins of instructions.slice(firstFrom)) {
      if (ins.getKeyword().toUpperCase() === "FROM") stageIns.push({ from: ins, body: [] });
      else stageIns[stageIns.length - 1].body.push(ins);
    }
    let lastIndex = stageIns.length - 1;
    if (opts.target) {
      lastIndex = stageIns.findIndex(
        (s) => (s.from.getArgumentsContent() ?? "").split(/\s+/)[2]?.toLowerCase() === opts.target?.toLowerCase(),
      );
      if (lastIndex < 0) throw new BuildError(`failed to solve: target stage "${opts.target}" could not be found`);
    }
    // Count the numbered steps of the stages that are built.
    const needed = stageIns.slice(0, lastIndex + 1);
    const fsKinds = new Set(["FROM", "RUN", "COPY", "ADD", "WORKDIR"]);
    const total = needed.reduce(
      (n, s) => n + 1 + s.body.filter((i) => fsKinds.has(i.getKeyword().toUpperCase())).length,
      0,
    );
    const metaVertices = new Map<string, ReturnType<Builder["vertex"]>>();
    const dockerignore = this.vertex("[internal] load .dockerignore");
    const stages: Stage[] = [];
    let step = 0;
    let contextLoaded = false;
    const stepName = (s: string) => `[${++step}/${total}] ${s}`;
    const fail = (v: ReturnType<Builder["vertex"]>, ins: (typeof instructions)[number], message: string): never => {
      v.fail(message);
      const line = ins.getRange().start.line + 1;
      throw new BuildError(message, line);
    };
    for (let si = 0; si <= lastIndex; si++) {
      const { from, body } = stageIns[si];
      const fromArgs = (from.getArgumentsContent() ?? "").trim().split(/\s+/);
      const baseName = expand(fromArgs[0], globalArgs);
      const stageName = fromArgs[1]?.toUpperCase() === "AS" ? (fromArgs[2] ?? "").toLowerCase() : String(si);
      const fromStage = stages.find((s) => s.name === baseName.toLowerCase());
      let stage: Stage;
      if (fromStage) {
        stage = {
          ...fromStage,
          name: stageName,
          index: si,
          layers: [...fromStage.layers],
          config: structuredClone(fromStage.config),
          history: [...fromStage.history],
          args: { ...globalArgs },
        };
        const v = this.vertex(stepName(`FROM ${baseName}`));
        v.start();
        v.done(true);
      } else if (baseName === "scratch") {
        stage = {
          name: stageName,
          index: si,
          base: null,
          layers: [],
          config: { User: "", Env: [], Cmd: null, Entrypoint: null, WorkingDir: "", Labels: null },
          history: [],
          chain: "scratch",
          args: { ...globalArgs },
        };
      } else {
        let meta = metaVertices.get(baseName);
        if (!meta) {
          meta = this.vertex(`[internal] load metadata for ${qualify(baseName)}`);
          metaVertices.set(baseName, meta);
          meta.start();
        }
        let base: BuildBase;
        try {
          base = await this.rt.resolveBase(baseName, () => {});
        } catch (e) {
          meta.fail((e as Error).message);
          throw new BuildError(
            `failed to solve: ${baseName}: failed to resolve source metadata for ${qualify(baseName)}: ${(e as Error).message}`,
            from.getRange().start.line + 1,
          );
        }
        meta.done();
        if (si === 0) {
          dockerignore.start();
          dockerignore.status("transferring context: 2B");
          dockerignore.done();
        }
        const v = this.vertex(stepName(`FROM ${base.displayRef}`));
        v.start();
        v.done();
        stage = {
          name: stageName,
          index: si,
          base,
          layers: [...base.layers],
          config: structuredClone(base.config),
          history: [...base.history],
          chain: base.id,
          args: { ...globalArgs },
        };
      }
      stages.push(stage);
      for (const ins of body) {
        const kw = ins.getKeyword().toUpperCase();
        const raw = ins.getArgumentsContent() ?? "";
        const env = envMap(stage.config.Env);
        const vars = { ...stage.args, ...env };
        const created = new Date(this.rt.now()).toISOString();
        switch (kw) {
          case "ARG": {
            for (const part of raw.split(/\s+/).filter(Boolean)) {
              const [k, ...v] = part.split("=");
              stage.args[k] = opts.buildArgs[k] ?? globalArgs[k] ?? (v.length ? v.join("=").replace(/^"|"$/g, "") : "");
            }
            stage.history.push({
              created,
              createdBy: `ARG ${raw}`,
              emptyLayer: true,
              comment: "buildkit.dockerfile.v0",
            });
            break;
          }
          case "ENV": {
            const props = (
              ins as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }
            ).getProperties();
            const e = envMap(stage.config.Env);
            for (const p of props) e[p.getName()] = expand(p.getValue() ?? "", { ...stage.args, ...e });
            stage.config.Env = Object.entries(e).map(([k, v]) => `${k}=${v}`);
            stage.chain = sha256Hex(`${stage.chain}\nENV ${raw}`);
            stage.history.push({
              created,
              createdBy: `ENV ${raw}`,
              emptyLayer: true,
              comment: "buildkit.dockerfile.v0",
            });
            break;
          }
          case "LABEL":
          case "MAINTAINER": {
            const labels = { ...(stage.config.Labels ?? {}) };
            if (kw === "MAINTAINER") labels.maintainer = raw;
            else
              for (const m of raw.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|\S+)/g))
                labels[m[1].replace(/^"|"$/g, "")] = expand(m[2].replace(/^"|"$/g, ""), vars);
            stage.config.Labels = labels;
            stage.history.push({
              created,
              createdBy: `${kw} ${raw}`,
              emptyLayer: true,
              comment: "buildkit.dockerfile.v0",
            });
            break;
          }
          case "EXPOSE": {
            const ports = { ...(stage.config.ExposedPorts ?? {}) };
            for (const p of expand(raw, vars).split(/\s+/).filter(Boolean))
              ports[p.includes("/") ? p : `${p}/tcp`] = {};
            stage.config.ExposedPorts = ports;
            stage.history.push({
              created,
              createdBy: `EXPOSE map[${Object.keys(ports)
                .map((p) => `${p}:{}`)
                .join(" ")}]`,
              emptyLayer: true,
              comment: "buildkit.dockerfile.v0",
            });
            break;
          }
          case "CMD":
          case "ENTRYPOINT": {
            const { argv, json } = execForm(raw, ["/bin/sh", "-c"]);
            if (kw === "CMD") stage.config.Cmd = argv;
            else {
              stage.config.Entrypoint = argv;
              stage.config.Cmd = null;
            }
            stage.history.push({
              created,
              createdBy: `${kw} ${JSON.stringify(argv).replace(/","/g, '" "')}`,
              emptyLayer: true,
              comment: "buildkit.dockerfile.v0",
            });
            void json;
            break;
          }
          case "USER":
          case "STOPSIGNAL": {
            if (kw === "USER") stage.config.User = expand(raw, vars);
            else stage.config.StopSignal = raw;
            stage.history.push({
              created,
              createdBy: `${kw} ${raw}`,
              emptyLayer: true,
              comment: "buildkit.dockerfile.v0",
            });
            break;
          }
          case "VOLUME": {
            const { argv, json } = execForm(raw, []);
            const vols = json ? argv : raw.split(/\s+/).filter(Boolean);
            stage.config.Volumes = { ...(stage.config.Volumes ?? {}), ...Object.fromEntries(vols.map((v) => [v, {}])) };
            stage.history.push({
              created,
              createdBy: `VOLUME [${vols.join(" ")}]`,
              emptyLayer: true,
              comment: "buildkit.dockerfile.v0",
            });
            break;
          }
          case "HEALTHCHECK":
          case "SHELL":
          case "ONBUILD":
            stage.history.push({
              created,
              createdBy: `${kw} ${raw}`,
              emptyLayer: true,
              comment: "buildkit.dockerfile.v0",
            });
            break;
          case "WORKDIR":
          case "RUN":
          case "COPY":
          case "ADD": {
            const shown = `${kw} ${raw}`;
            const flags = Object.fromEntries(
              (
                (ins as unknown as { getFlags?(): { getName(): string; getValue(): string | null }[] }).getFlags?.() ??
                []
              ).map((f) => [f.getName(), f.getValue() ?? ""]),
            );
            const flagText = Object.entries(flags)
              .map(([k, v]) => `--${k}=${v}`)
              .join(" ");
            const displayName = stepName(`${kw} ${flagText ? `${flagText} ` : ""}${raw.replace(/\s+/g, " ")}`);
            // Inputs that decide the cache key.
            let inputs = `${kw} ${flagText} ${raw}\n${JSON.stringify(stage.config.Env)}\n${stage.config.WorkingDir}`;
            let sources: { path: string; content: string | Uint8Array; mode: number }[] = [];
            let dest = "";
            if (kw === "COPY" || kw === "ADD") {
              const parts = splitArgs(raw).map((p) => expand(p, vars));
              dest = parts.pop() ?? "";
              const src =
                flags.from !== undefined
                  ? stages.find((s) => s.name === flags.from.toLowerCase() || String(s.index) === flags.from)
                  : null;
              if (flags.from !== undefined && !src)
                fail(
                  this.vertex(displayName),
                  ins,
                  `failed to solve: failed to resolve source metadata for ${qualify(flags.from)}: pull access denied, repository does not exist or may require authorization`,
                );
              if (!src && !contextLoaded) {
                contextLoaded = true;
                const cv = this.vertex("[internal] load build context");
                cv.start();
                let bytes = 0;
                for (const e of context.values())
                  bytes +=
                    typeof e.content === "string" ? new TextEncoder().encode(e.content).length : e.content.length;
                cv.status(`transferring context: ${bytes}B`);
                cv.done();
              }
              for (const p of parts) {
                const found = src ? filesFromLayers(src.layers, p) : filesFromContext(context, p);
                if (!found.length) {
                  const v = this.vertex(displayName);
                  v.start();
                  fail(
                    v,
                    ins,
                    `failed to solve: failed to compute cache key: failed to calculate checksum of ref ${sha256Hex(p).slice(0, 25)}::${sha256Hex(`ctx${p}`).slice(0, 25)}: "/${p.replace(/^\.?\//, "")}": not found`,
                  );
                }
                sources = sources.concat(found);
              }
              inputs += `\n${sources.map((s) => `${s.path}:${s.mode}:${sha256Hex(typeof s.content === "string" ? s.content : s.content)}`).join("\n")}`;
            }
            const key = sha256Hex(`${stage.chain}\n${inputs}`);
            const v = this.vertex(displayName);
            v.start();
            const hit = opts.noCache ? undefined : this.rt.cache.get(key);
            let layer: MaterialisedLayer | null;
            if (hit) {
              layer = hit.layer;
              if (kw === "WORKDIR")
                stage.config.WorkingDir = resolveWorkdir(stage.config.WorkingDir, expand(raw, vars));
              v.done(true);
            } else {
              const fs = new LayeredFs(new LowerView(stage.layers.map((l) => l.files)), undefined, () => this.rt.now());
              if (kw === "WORKDIR") {
                stage.config.WorkingDir = resolveWorkdir(stage.config.WorkingDir, expand(raw, vars));
                await fs.mkdir(stage.config.WorkingDir, { recursive: true }).catch(() => {});
              } else if (kw === "RUN") {
                const { argv } = execForm(raw, ["/bin/sh", "-c"]);
                let pending = "";
                const code = await this.rt.run(
                  fs,
                  argv,
                  { ...stage.args, ...envMap(stage.config.Env) },
                  stage.config.WorkingDir || "/",
                  (d) => {
                    pending += d;
                    const i = pending.lastIndexOf("\n");
                    if (i >= 0) {
                      v.log(pending.slice(0, i + 1));
                      pending = pending.slice(i + 1);
                    }
                  },
                );
                if (pending) v.log(`${pending}\n`);
                if (code !== 0) {
                  const proc =
                    argv[0] === "/bin/sh" && argv[1] === "-c" ? `/bin/sh -c ${argv[2]}` : JSON.stringify(argv);
                  fail(v, ins, `process "${proc}" did not complete successfully: exit code: ${code}`);
                }
              } else {
                const target = dest.startsWith("/") ? dest : `${stage.config.WorkingDir || "/"}/${dest}`;
                const intoDir = dest.endsWith("/") || sources.length > 1 || sources.some((s) => s.path.includes("/"));
                for (const s of sources) {
                  const out = normalize(intoDir || (await isDir(fs, target)) ? `${target}/${s.path}` : target);
                  await fs.mkdir(out.slice(0, out.lastIndexOf("/")) || "/", { recursive: true }).catch(() => {});
                  await fs.writeFile(out, s.content);
                  await fs.chmod(out, s.mode);
                }
              }
              layer = layerFromUpper(fs.upper, key);
              this.rt.cache.set(key, { layer });
              v.done(false);
            }
            if (layer) stage.layers.push(layer);
            stage.chain = key;
            stage.history.push({
              created,
              createdBy:
                kw === "RUN"
                  ? `RUN ${execForm(raw, ["/bin/sh", "-c"]).argv.join(" ")} # buildkit`
                  : `${kw} ${raw} # buildkit`,
              emptyLayer: !layer,
              comment: "buildkit.dockerfile.v0",
            });
            void shown;
            void lines;
            break;
          }
        }
      }
    }
    const out = stages[lastIndex];
    return { layers: out.layers, config: out.config, history: out.history };
  }
}

export function qualify(name: string): string {
  const first = name.split("/")[0];
  if (name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")) return name;
  const [repo, tag = "latest"] = name.split(":");
  return `docker.io/${repo.includes("/") ? repo : `library/${repo}`}:${tag}`;
}

function envMap(env: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of env) {
    const i = kv.indexOf("=");
    if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

function resolveWorkdir(current: string, next: string): string {
  return normalize(next.startsWith("/") ? next : `${current || "/"}/${next}`);
}

function splitArgs(raw: string): string[] {
  const t = raw.trim();
  if (t.startsWith("[")) {
    try {
      const v = JSON.parse(t);
      if (Array.isArray(v)) return v.map(String);
    } catch {}
  }
  return t.split(/\s+/).filter(Boolean);
}

async function isDir(fs: LayeredFs, p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory;
  } catch {
    return false;
  }
}

function globToRegex(glob: string): RegExp {
  const re = glob
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*\*/g, "\u0000")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]")
    .replace(/\u0000/g, ".*");
  return new RegExp(`^${re}$`);
}

/** Files of the context matching a COPY source (a file, a directory or a glob), with paths relative to it. */
export function filesFromContext(
  context: Map<string, { content: string | Uint8Array; mode: number }>,
  src: string,
): { path: string; content: string | Uint8Array; mode: number }[] {
  const clean = normalize(`/${src}`).slice(1);
  const out: { path: string; content: string | Uint8Array; mode: number }[] = [];
  if (clean === "") {
    for (const [p, e] of context) out.push({ path: p, ...e });
    return out;
  }
  if (/[*?]/.test(clean)) {
    const re = globToRegex(clean);
    for (const [p, e] of context) if (re.test(p)) out.push({ path: p.slice(p.lastIndexOf("/") + 1), ...e });
    return out;
  }
  const exact = context.get(clean);
  if (exact) return [{ path: clean.slice(clean.lastIndexOf("/") + 1), ...exact }];
  for (const [p, e] of context) if (p.startsWith(`${clean}/`)) out.push({ path: p.slice(clean.length + 1), ...e });
  return out;
}

function filesFromLayers(
  layers: MaterialisedLayer[],
  src: string,
): { path: string; content: string | Uint8Array; mode: number }[] {
  const fs = new LayeredFs(new LowerView(layers.map((l) => l.files)));
  const p = normalize(src.startsWith("/") ? src : `/${src}`);
  const n = fs.node(p);
  if (!n) return [];
  if (n.type === "file") return [{ path: p.slice(p.lastIndexOf("/") + 1), content: n.content, mode: n.mode }];
  const out: { path: string; content: string | Uint8Array; mode: number }[] = [];
  for (const q of fs.getAllPaths()) {
    if (!q.startsWith(`${p}/`)) continue;
    const m = fs.node(q);
    if (m?.type === "file") out.push({ path: q.slice(p.length + 1), content: m.content, mode: m.mode });
  }
  return out;
}

export { durationStr };
