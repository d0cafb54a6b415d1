/**
 * The simulated Docker engine: implements the Engine API in memory. Images are
 * content-addressed stacks of shared read-only layers; a container is a
 * writable layer over its image plus a main process whose life is the
 * container's life (PID 1 semantics).
 */

import type { IFileSystem } from "just-bash";
import { ExecError, type ProcessEntry, resolveExecutable, runProcess, type Sandbox } from "../../machine/kernel";
import { type Layer, LayeredFs, LowerView } from "../../machine/layered-fs";
import { type NetNamespace, Network } from "../../machine/network";
import type { Program } from "../../machine/program";
import { Pty } from "../../machine/tty";
import { USERLAND_PROGRAMS } from "../../machine/userland";
import type { Clock } from "../../shared/clock";
import { rfc3339Nano } from "../../shared/clock";
import { humanDuration } from "../../shared/format";
import type { IdGenerator } from "../../shared/ids";
import { familiarString, parseReference, ReferenceError_ } from "../../shared/reference";
import { sha256Hex } from "../../shared/sha256";
import { BuildFailedError, badRequest, conflict, EngineError, notFound, serverError } from "../api/errors";
import type {
  AttachOptions,
  BuildContext,
  BuildOptions,
  BuildStatus,
  ContainerCreateBody,
  ContainerCreateResponse,
  ContainerInspect,
  ContainerStatus,
  ContainerSummary,
  ContainerTop,
  ContainerWaitResponse,
  EngineApi,
  EngineEvent,
  ExecCreateBody,
  ExecInspect,
  HijackedStream,
  HistoryItem,
  ImageConfig,
  ImageInspect,
  ImageSummary,
  ListContainersOptions,
  LogFrame,
  LogsOptions,
  NetworkResource,
  PullProgress,
  RegistryAuth,
  SystemInfo,
  SystemVersion,
  Volume,
} from "../api/types";
import { type BuildBase, BuildError, Builder, type HistoryEntry, qualify } from "./build";
import { findRepo, findTag, HUB, type HubImageSpec, type MaterialisedLayer, materialiseLayer } from "./hub";
import { generateName } from "./names";
import type { EcrRegistry, RegistryImage } from "./registry";
import { containerView, mountPoints, NetworkStore, type ResolvedMount, resolveMounts, VolumeStore } from "./resources";

export const ENGINE_VERSION = "28.2.2";
export const API_VERSION = "1.50";
export const KERNEL_RELEASE = "6.8.0-49-generic";

interface StoredImage {
  id: string; // sha256:…
  repoTags: string[];
  repoDigests: string[];
  layers: MaterialisedLayer[];
  lower: LowerView;
  config: ImageConfig;
  created: string;
  os: string;
  architecture: string;
  size: number;
  history: HistoryEntry[];
}

interface ProcessHandle {
  pid: number;
  argv: string[];
  started: number;
  kill: AbortController;
  signalHandler: ((sig: string) => void) | null;
  done: Promise<number>;
}

interface Container {
  id: string;
  name: string;
  created: number;
  imageRef: string;
  image: StoredImage;
  config: ContainerCreateBody;
  path: string;
  args: string[];
  env: Record<string, string>;
  hostname: string;
  fs: LayeredFs;
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  startedAt: number;
  finishedAt: number;
  restartCount: number;
  main: ProcessHandle | null;
  execs: Map<string, ProcessHandle>;
  pty: Pty | null;
  logs: LogFrame[];
  outputListeners: Set<(stream: "stdout" | "stderr", data: string) => void>;
  stdinListeners: Set<(data: string | null) => void>;
  /** Stdin attached before the process reads it (docker run -i attaches, then starts): kept, as the daemon's pipe does. */
  stdinBuffer: string | null;
  stdinClosed: boolean;
  /** Creation order: breaks ties between containers created in the same millisecond (newest first in lists). */
  seq: number;
  waiters: (() => void)[];
  ip: string;
  netns: NetNamespace;
  /** How many clients wait on this container right now (attach, wait, logs -f). */
  watchers: number;
  mounts: ResolvedMount[];
  /** What processes see (root + mounts), set at start. */
  view: IFileSystem | null;
  /** Networks the container is attached to (by name), with its address on each while running. */
  networks: Map<string, { ip: string; aliases: string[] }>;
  /** Published ports while running: container port/proto → host port. */
  published: { containerPort: number; proto: string; hostPort: number }[];
  removed: boolean;
}

interface ExecRecord {
  id: string;
  container: Container;
  body: ExecCreateBody;
  running: boolean;
  exitCode: number | null;
  pid: number;
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGTERM: 15,
  SIGSTOP: 19,
};

export function signalNumber(sig: string): number | undefined {
  if (/^\d+$/.test(sig)) return Number(sig);
  const up = sig.toUpperCase();
  return SIGNALS[up.startsWith("SIG") ? up : `SIG${up}`];
}

export interface SimEngineOptions {
  clock: Clock;
  ids: IdGenerator;
  programs: Record<string, Program>;
  /** The simulated world's private registry (Amazon ECR). */
  ecr?: EcrRegistry;
  /** The kernel's network: bridges, namespaces, published ports. */
  network?: Network;
  /** The host's filesystem, for bind mounts. */
  hostFs?: () => IFileSystem;
}

export class SimEngine implements EngineApi {
  private images = new Map<string, StoredImage>();
  private containers = new Map<string, Container>();
  private execs = new Map<string, ExecRecord>();
  private listeners = new Set<(e: EngineEvent) => void>();
  private nextPid = 1000;
  private nextSeq = 1;
  readonly daemonId: string;
  readonly network: Network;
  readonly volumes: VolumeStore;
  readonly networkStore: NetworkStore;

  constructor(private readonly o: SimEngineOptions) {
    this.daemonId = sha256Hex("daemon").slice(0, 36);
    this.network = o.network ?? new Network();
    this.volumes = new VolumeStore(
      () => o.clock.now(),
      () => o.ids.hex64(),
    );
    this.networkStore = new NetworkStore(
      this.network,
      () => o.clock.now(),
      () => o.ids.hex64(),
    );
  }

  // ---------------- system ----------------

  async ping(): Promise<void> {}

  async version(): Promise<SystemVersion> {
    return {
      Platform: { Name: "Docker Engine - Community" },
      Components: [
        {
          Name: "Engine",
          Version: ENGINE_VERSION,
          Details: {
            ApiVersion: API_VERSION,
            Arch: "amd64",
            BuildTime: "2025-01-21T00:00:00.000000000+00:00",
            Experimental: "false",
            GitCommit: "4c9b3b0",
            GoVersion: "go1.22.11",
            KernelVersion: KERNEL_RELEASE,
            MinAPIVersion: "1.24",
            Os: "linux",
          },
        },
        { Name: "containerd", Version: "1.7.25", Details: { GitCommit: "bcc810d6b9066471b0b6fa75f557a15a1cbf31bb" } },
        { Name: "runc", Version: "1.2.4", Details: { GitCommit: "v1.2.4-0-g6c52b3f" } },
        { Name: "docker-init", Version: "0.19.0", Details: { GitCommit: "de40ad0" } },
      ],
      Version: ENGINE_VERSION,
      ApiVersion: API_VERSION,
      MinAPIVersion: "1.24",
      GitCommit: "4c9b3b0",
      GoVersion: "go1.22.11",
      Os: "linux",
      Arch: "amd64",
      KernelVersion: KERNEL_RELEASE,
      BuildTime: "2025-01-21T00:00:00.000000000+00:00",
    };
  }

  async info(): Promise<SystemInfo> {
    const all = [...this.containers.values()];
    return {
      ID: this.daemonId,
      Containers: all.length,
      ContainersRunning: all.filter((c) => c.status === "running").length,
      ContainersPaused: all.filter((c) => c.status === "paused").length,
      ContainersStopped: all.filter((c) => c.status !== "running" && c.status !== "paused").length,
      Images: this.images.size,
      Driver: "overlay2",
      DriverStatus: [
        ["Backing Filesystem", "extfs"],
        ["Supports d_type", "true"],
        ["Using metacopy", "false"],
        ["Native Overlay Diff", "true"],
        ["userxattr", "false"],
      ],
      Plugins: {
        Volume: ["local"],
        Network: ["bridge", "host", "ipvlan", "macvlan", "null", "overlay"],
        Log: ["awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local", "splunk", "syslog"],
      },
      MemoryLimit: true,
      SwapLimit: true,
      CpuCfsPeriod: true,
      CpuCfsQuota: true,
      KernelMemoryTCP: false,
      IPv4Forwarding: true,
      Debug: false,
      NFd: 24,
      NGoroutines: 41,
      LoggingDriver: "json-file",
      CgroupDriver: "systemd",
      CgroupVersion: "2",
      KernelVersion: KERNEL_RELEASE,
      OperatingSystem: "Ubuntu 24.04.1 LTS",
      OSVersion: "24.04",
      OSType: "linux",
      Architecture: "x86_64",
      NCPU: 2,
      MemTotal: 4_101_443_584,
      IndexServerAddress: "https://index.docker.io/v1/",
      Name: "classroom",
      Labels: [],
      ExperimentalBuild: false,
      ServerVersion: ENGINE_VERSION,
      DefaultRuntime: "runc",
      Runtimes: { "io.containerd.runc.v2": { path: "runc" }, runc: { path: "runc" } },
      LiveRestoreEnabled: false,
      Isolation: "",
      InitBinary: "docker-init",
      SecurityOptions: ["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"],
      DockerRootDir: "/var/lib/docker",
      HttpProxy: "",
      HttpsProxy: "",
      NoProxy: "",
      RegistryConfig: { InsecureRegistryCIDRs: ["::1/128", "127.0.0.0/8"], Mirrors: [] },
      Swarm: { LocalNodeState: "inactive" },
      ContainerdCommit: { ID: "bcc810d6b9066471b0b6fa75f557a15a1cbf31bb" },
      RuncCommit: { ID: "v1.2.4-0-g6c52b3f" },
      InitCommit: { ID: "de40ad0" },
    };
  }

  subscribe(handler: (e: EngineEvent) => void): () => void {
    this.listeners.add(handler);
    return () => this.listeners.delete(handler);
  }

  private emit(type: EngineEvent["Type"], action: string, id: string, attrs: Record<string, string> = {}): void {
    const now = this.o.clock.now();
    const e: EngineEvent = {
      Type: type,
      Action: action,
      Actor: { ID: id, Attributes: attrs },
      time: Math.floor(now / 1000),
      timeNano: now * 1e6,
    };
    for (const l of [...this.listeners]) l(e);
  }

  // ---------------- images ----------------

  private findImage(name: string): StoredImage | undefined {
    const byId = name.replace(/^sha256:/, "");
    if (/^[a-f0-9]{4,64}$/.test(byId)) {
      const matches = [...this.images.values()].filter((i) => i.id.slice(7).startsWith(byId));
      if (matches.length === 1) return matches[0];
    }
    let ref: ReturnType<typeof parseReference>;
    try {
      ref = parseReference(name);
    } catch {
      return undefined;
    }
    const want = familiarString(ref);
    for (const img of this.images.values()) if (img.repoTags.includes(want)) return img;
    return undefined;
  }

  async imageList(): Promise<ImageSummary[]> {
    const counts = new Map<string, number>();
    for (const c of this.containers.values()) counts.set(c.image.id, (counts.get(c.image.id) ?? 0) + 1);
    return [...this.images.values()]
      .sort((a, b) => Date.parse(b.created) - Date.parse(a.created))
      .map((i) => ({
        Id: i.id,
        ParentId: "",
        RepoTags: i.repoTags.length ? [...i.repoTags] : ["<none>:<none>"],
        RepoDigests: [...i.repoDigests],
        Created: Math.floor(Date.parse(i.created) / 1000),
        Size: i.size,
        SharedSize: -1,
        Labels: i.config.Labels,
        Containers: -1,
      }));
  }

  async imageInspect(name: string): Promise<ImageInspect> {
    const img = this.findImage(name);
    if (!img) throw notFound(`No such image: ${name}`);
    return {
      Id: img.id,
      RepoTags: [...img.repoTags],
      RepoDigests: [...img.repoDigests],
      Parent: "",
      Comment: "",
      Created: img.created,
      DockerVersion: "",
      Author: "",
      Config: structuredClone(img.config),
      Architecture: img.architecture,
      Os: img.os,
      Size: img.size,
      RootFS: { Type: "layers", Layers: img.layers.map((l) => l.diffId) },
      Metadata: { LastTagTime: "0001-01-01T00:00:00Z" },
    };
  }

  /** Find what a reference names on its registry (Docker Hub or the simulated ECR). */
  private resolveRemote(
    ref: ReturnType<typeof parseReference>,
    auth: RegistryAuth | null | undefined,
  ): RegistryImage & { digest: string } {
    const ecr = this.o.ecr;
    if (ecr && ref.domain === ecr.host) {
      if (
        !auth ||
        auth.serveraddress.replace(/^https?:\/\//, "").replace(/\/.*$/, "") !== ecr.host ||
        !ecr.checkCredentials(auth.username, auth.password)
      ) {
        throw serverError(`Head "https://${ecr.host}/v2/${ref.path}/manifests/${ref.tag}": no basic auth credentials`);
      }
      const repo = ecr.repositories.get(ref.path);
      if (!repo)
        throw notFound(
          `pull access denied for ${ref.familiar}, repository does not exist or may require 'docker login': denied: The repository with name '${ref.path}' does not exist in the registry with id '${ecr.host.split(".")[0]}'`,
        );
      const entry = repo.tags.get(ref.tag);
      if (!entry)
        throw notFound(`manifest for ${familiarString(ref)} not found: manifest unknown: Requested image not found`);
      return { ...entry.image, digest: entry.digest };
    }
    if (ref.domain !== "docker.io" && !ref.domain.startsWith("mcr.microsoft.com")) {
      throw serverError(`Get "https://${ref.domain}/v2/": dial tcp: lookup ${ref.domain}: no such host`);
    }
    const repoShown = ref.familiar;
    const repoPath = ref.domain === "docker.io" ? ref.path : `${ref.domain}/${ref.path}`;
    if (findRepo(repoPath).length === 0) {
      throw notFound(
        `pull access denied for ${repoShown}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
      );
    }
    const spec = findTag(repoPath, ref.tag);
    if (!spec) throw notFound(`manifest for ${familiarString(ref)} not found: manifest unknown: manifest unknown`);
    if (spec.os !== "linux") {
      throw notFound(`no matching manifest for linux/amd64 in the manifest list entries`);
    }
    const layers = spec.layers.map(materialiseLayer);
    const id = imageIdOf(spec, layers);
    return {
      id,
      layers,
      config: spec.config,
      created: spec.created,
      os: spec.os,
      architecture: spec.architecture,
      digest: `sha256:${sha256Hex(`manifest:${repoPath}:${id}`)}`,
    };
  }

  async imageCreate(
    params: { fromImage: string; tag: string; platform?: string },
    onProgress: (p: PullProgress) => void,
    auth?: RegistryAuth | null,
  ): Promise<void> {
    let ref: ReturnType<typeof parseReference>;
    try {
      ref = parseReference(params.tag ? `${params.fromImage}:${params.tag}` : params.fromImage);
    } catch (e) {
      throw badRequest((e as Error).message);
    }
    const remote = this.resolveRemote(ref, auth);
    const { layers, id, digest } = remote;
    const tagged = familiarString(ref);
    const existing = this.images.get(id);
    onProgress({ status: `Pulling from ${ref.path}`, id: ref.tag });
    if (existing?.repoTags.includes(tagged)) {
      onProgress({ status: `Digest: ${digest}` });
      onProgress({ status: `Status: Image is up to date for ${tagged}` });
      return;
    }
    const have = new Set<string>();
    for (const img of this.images.values()) for (const l of img.layers) have.add(l.diffId);
    for (const l of layers) {
      const short = l.blobDigest.slice(7, 19);
      if (have.has(l.diffId)) {
        onProgress({ status: "Already exists", id: short, progressDetail: {} });
        continue;
      }
      onProgress({ status: "Pulling fs layer", id: short, progressDetail: {} });
    }
    for (const l of layers) {
      if (have.has(l.diffId)) continue;
      const short = l.blobDigest.slice(7, 19);
      const total = l.compressedSize;
      for (const frac of [0.25, 0.6, 1]) {
        await this.o.clock.sleep(Math.min(120, 10 + total / 2_000_000));
        onProgress({
          status: "Downloading",
          id: short,
          progressDetail: { current: Math.round(total * frac), total },
          progress: bar(total * frac, total),
        });
      }
      onProgress({ status: "Verifying Checksum", id: short, progressDetail: {} });
      onProgress({ status: "Download complete", id: short, progressDetail: {} });
    }
    for (const l of layers) {
      if (have.has(l.diffId)) continue;
      const short = l.blobDigest.slice(7, 19);
      await this.o.clock.sleep(20);
      onProgress({
        status: "Extracting",
        id: short,
        progressDetail: { current: l.compressedSize, total: l.compressedSize },
        progress: bar(1, 1),
      });
      onProgress({ status: "Pull complete", id: short, progressDetail: {} });
    }
    onProgress({ status: `Digest: ${digest}` });
    const repoDigest = `${ref.familiar}@${digest}`;
    this.untagEverywhere(tagged);
    if (existing) {
      existing.repoTags.push(tagged);
      if (!existing.repoDigests.includes(repoDigest)) existing.repoDigests.push(repoDigest);
    } else {
      this.images.set(id, {
        id,
        repoTags: [tagged],
        repoDigests: [repoDigest],
        layers,
        lower: new LowerView(layers.map((l) => l.files)),
        config: structuredClone(remote.config),
        created: remote.created,
        os: remote.os,
        architecture: remote.architecture,
        size: layers.reduce((sum, l) => sum + l.size, 0),
        history: remote.history ?? hubHistory(remote.config, layers, remote.created),
      });
    }
    onProgress({ status: `Status: Downloaded newer image for ${tagged}` });
    this.emit("image", "pull", tagged, { name: ref.familiar });
  }

  private buildCache = new Map<string, { layer: MaterialisedLayer | null }>();

  async imageBuild(
    context: BuildContext,
    opts: BuildOptions,
    onStatus: (s: BuildStatus) => void,
  ): Promise<{ id: string }> {
    const builder = new Builder(
      {
        now: () => this.o.clock.now(),
        cache: this.buildCache,
        resolveBase: async (name) => {
          let img = this.findImage(name);
          if (!img) {
            await this.imageCreate({ fromImage: name, tag: "" }, () => {});
            img = this.findImage(name);
          }
          if (!img) throw notFound(`No such image: ${name}`);
          const digest = img.repoDigests[0]?.split("@")[1];
          return {
            id: img.id,
            layers: img.layers,
            config: img.config,
            history: img.history,
            displayRef: `${qualify(name)}${digest ? `@${digest}` : ""}`,
          } satisfies BuildBase;
        },
        run: async (fs, argv, env, cwd, onOutput) => {
          const netns = this.network.namespace(`build-${this.o.ids.hex64().slice(0, 12)}`);
          this.network.attach("bridge", netns);
          try {
            return await runProcess({
              sandbox: {
                id: netns.id,
                fs,
                hostname: netns.id.slice(6),
                processes: () => [],
                programs: this.containerPrograms(),
                clock: this.o.clock,
                kernelRelease: KERNEL_RELEASE,
                network: this.network,
                netns,
              },
              argv,
              env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/root", ...env },
              cwd,
              pid: 1,
              tty: null,
              stdin: null,
              stdout: onOutput,
              stderr: onOutput,
              kill: new AbortController().signal,
              onSignal: () => {},
            });
          } catch (e) {
            if (e instanceof ExecError) {
              onOutput(`runc run failed: unable to start container process: ${e.message}\n`);
              return e.exitCode;
            }
            throw e;
          } finally {
            this.network.detach("bridge", netns);
          }
        },
      },
      onStatus,
    );
    let result: Awaited<ReturnType<Builder["build"]>>;
    try {
      result = await builder.build(context, {
        dockerfile: opts.dockerfile ?? "Dockerfile",
        buildArgs: opts.buildargs ?? {},
        target: opts.target,
        noCache: !!opts.nocache,
      });
    } catch (e) {
      if (e instanceof BuildError) throw new BuildFailedError(e.message, e.line);
      throw e;
    }
    const created = new Date(this.o.clock.now()).toISOString();
    const id = `sha256:${sha256Hex(JSON.stringify({ config: result.config, rootfs: result.layers.map((l) => l.diffId), history: result.history.map((h) => h.createdBy) }))}`;
    const exportV = builder.exportVertex();
    exportV.start();
    exportV.status("exporting layers");
    exportV.status(`writing image ${id}`);
    const tags: string[] = [];
    for (const t of opts.t ?? []) {
      try {
        tags.push(familiarString(parseReference(t)));
      } catch (e) {
        throw badRequest((e as Error).message);
      }
    }
    for (const t of tags) {
      exportV.status(
        `naming to ${t.includes("/") && t.split("/")[0].includes(".") ? t : `docker.io/${t.includes("/") ? t : `library/${t}`}`}`,
      );
      this.untagEverywhere(t);
    }
    exportV.done();
    const existing = this.images.get(id);
    if (existing) {
      for (const t of tags) if (!existing.repoTags.includes(t)) existing.repoTags.push(t);
    } else {
      this.images.set(id, {
        id,
        repoTags: tags,
        repoDigests: [],
        layers: result.layers,
        lower: new LowerView(result.layers.map((l) => l.files)),
        config: result.config,
        created,
        os: "linux",
        architecture: "amd64",
        size: result.layers.reduce((s, l) => s + l.size, 0),
        history: result.history,
      });
    }
    for (const t of tags) this.emit("image", "tag", id, { name: t });
    return { id };
  }

  async imageHistory(name: string): Promise<HistoryItem[]> {
    const img = this.findImage(name);
    if (!img) throw notFound(`No such image: ${name}`);
    const out: HistoryItem[] = [];
    let li = 0;
    for (const h of img.history) {
      const layer = h.emptyLayer ? null : img.layers[li++];
      out.push({
        Id: "<missing>",
        Created: Math.floor(Date.parse(h.created) / 1000),
        CreatedBy: h.createdBy,
        Tags: null,
        Size: layer ? layer.size : 0,
        Comment: h.comment ?? "",
      });
    }
    out.reverse();
    if (out.length) {
      out[0].Id = img.id;
      out[0].Tags = img.repoTags.length ? [...img.repoTags] : null;
    }
    return out;
  }

  async imageTag(name: string, params: { repo: string; tag: string }): Promise<void> {
    const img = this.findImage(name);
    if (!img)
      throw notFound(
        `No such image: ${name.includes(":") || /^[a-f0-9]{12,64}$/.test(name) ? name : `${name}:latest`}`,
      );
    let target: ReturnType<typeof parseReference>;
    try {
      target = parseReference(`${params.repo}${params.tag ? `:${params.tag}` : ""}`);
    } catch (e) {
      throw badRequest((e as Error).message);
    }
    const tagged = familiarString(target);
    if (img.repoTags.includes(tagged)) return;
    this.untagEverywhere(tagged);
    img.repoTags.push(tagged);
    this.emit("image", "tag", img.id, { name: tagged });
  }

  async systemAuth(auth: RegistryAuth): Promise<{ Status: string; IdentityToken?: string }> {
    const host = auth.serveraddress.replace(/^https?:\/\//, "").replace(/\/.*$/, "") || "index.docker.io";
    const ecr = this.o.ecr;
    if (ecr && host === ecr.host) {
      if (!ecr.checkCredentials(auth.username, auth.password)) {
        throw new EngineError(401, `login attempt to https://${ecr.host}/v2/ failed with status: 400 Bad Request`);
      }
      return { Status: "Login Succeeded" };
    }
    if (host === "index.docker.io" || host === "docker.io" || host === "registry-1.docker.io") {
      throw new EngineError(
        401,
        'Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password',
      );
    }
    throw serverError(`Get "https://${host}/v2/": dial tcp: lookup ${host}: no such host`);
  }

  async imagePush(
    name: string,
    params: { tag: string },
    auth: RegistryAuth | null,
    onProgress: (p: PullProgress) => void,
  ): Promise<void> {
    let ref: ReturnType<typeof parseReference>;
    try {
      ref = parseReference(params.tag ? `${name}:${params.tag}` : name);
    } catch (e) {
      throw badRequest((e as Error).message);
    }
    const tagged = familiarString(ref);
    const img = this.findImage(tagged);
    if (!img) throw notFound(`No such image: ${tagged}`);
    const ecr = this.o.ecr;
    for (const l of img.layers) onProgress({ status: "Preparing", id: l.blobDigest.slice(7, 19), progressDetail: {} });
    if (!ecr || ref.domain !== ecr.host) {
      // Docker Hub and unknown registries: no account in this simulated world.
      await this.o.clock.sleep(30);
      if (ref.domain === "docker.io") throw new EngineError(401, "denied: requested access to the resource is denied");
      throw serverError(`Get "https://${ref.domain}/v2/": dial tcp: lookup ${ref.domain}: no such host`);
    }
    if (!auth || !ecr.checkCredentials(auth.username, auth.password))
      throw new EngineError(401, "no basic auth credentials");
    const repo = ecr.repositories.get(ref.path);
    if (!repo) {
      throw notFound(
        `name unknown: The repository with name '${ref.path}' does not exist in the registry with id '${ecr.host.split(".")[0]}'`,
      );
    }
    for (const l of img.layers) {
      const short = l.blobDigest.slice(7, 19);
      if (ecr.hasBlob(l.blobDigest)) {
        onProgress({ status: "Layer already exists", id: short, progressDetail: {} });
        continue;
      }
      const total = l.compressedSize;
      for (const frac of [0.3, 0.7, 1]) {
        await this.o.clock.sleep(Math.min(120, 10 + total / 2_000_000));
        onProgress({
          status: "Pushing",
          id: short,
          progressDetail: { current: Math.round(total * frac), total },
          progress: bar(total * frac, total),
        });
      }
      onProgress({ status: "Pushed", id: short, progressDetail: {} });
    }
    const digest = ecr.put(
      repo,
      ref.tag,
      {
        id: img.id,
        layers: img.layers,
        config: img.config,
        created: img.created,
        os: img.os,
        architecture: img.architecture,
        history: img.history,
      },
      this.o.clock.now(),
    );
    const size = 400 + img.layers.length * 127;
    onProgress({ status: `${ref.tag}: digest: ${digest} size: ${size}` });
    const repoDigest = `${ref.familiar}@${digest}`;
    if (!img.repoDigests.includes(repoDigest)) img.repoDigests.push(repoDigest);
    this.emit("image", "push", tagged, { name: ref.familiar });
  }

  private untagEverywhere(tag: string): void {
    for (const img of this.images.values()) img.repoTags = img.repoTags.filter((t) => t !== tag);
  }

  async imageDelete(name: string, opts: { force?: boolean } = {}): Promise<{ Untagged?: string; Deleted?: string }[]> {
    const img = this.findImage(name);
    if (!img) throw notFound(`No such image: ${noSuchImageRef(name)}`);
    const users = [...this.containers.values()].filter((c) => c.image.id === img.id);
    let byTag: string | undefined;
    try {
      const want = familiarString(parseReference(name));
      if (img.repoTags.includes(want)) byTag = want;
    } catch {}
    const out: { Untagged?: string; Deleted?: string }[] = [];
    if (byTag && img.repoTags.length > 1) {
      img.repoTags = img.repoTags.filter((t) => t !== byTag);
      this.emit("image", "untag", img.id, { name: byTag });
      return [{ Untagged: byTag }];
    }
    if (users.length && !opts.force) {
      const c = users[0];
      if (byTag)
        throw conflict(
          `conflict: unable to remove repository reference "${name}" (must force) - container ${c.id.slice(0, 12)} is using its referenced image ${img.id.slice(7, 19)}`,
        );
      throw conflict(
        `conflict: unable to delete ${img.id.slice(7, 19)} (must be forced) - image is being used by stopped container ${c.id.slice(0, 12)}`,
      );
    }
    for (const t of img.repoTags) out.push({ Untagged: t });
    for (const d of img.repoDigests) out.push({ Untagged: d });
    if (users.length) {
      img.repoTags = [];
      return out;
    }
    this.images.delete(img.id);
    out.push({ Deleted: img.id });
    const remaining = new Set<string>();
    for (const i of this.images.values()) for (const l of i.layers) remaining.add(l.diffId);
    for (const l of img.layers)
      if (!remaining.has(l.diffId)) out.push({ Deleted: `sha256:${sha256Hex(`chain:${l.diffId}`)}` });
    this.emit("image", "delete", img.id);
    return out;
  }

  /** Add a locally built or committed image (used by build/commit and by lesson setup). */
  hasImage(name: string): boolean {
    return !!this.findImage(name);
  }

  // ---------------- containers ----------------

  private lookup(idOrName: string): Container {
    const key = idOrName.replace(/^\//, "");
    for (const c of this.containers.values()) if (c.name === key) return c;
    const full = this.containers.get(key);
    if (full) return full;
    if (key.length > 0 && /^[a-f0-9]+$/.test(key)) {
      const matches = [...this.containers.values()].filter((c) => c.id.startsWith(key));
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) throw badRequest(`Multiple IDs found with provided prefix: ${key}`);
    }
    throw notFound(`No such container: ${idOrName}`);
  }

  async containerCreate(body: ContainerCreateBody, opts: { name?: string } = {}): Promise<ContainerCreateResponse> {
    const img = this.findImage(body.Image);
    if (!img) {
      let shown = body.Image;
      try {
        shown = familiarString(parseReference(body.Image));
      } catch (e) {
        if (e instanceof ReferenceError_) throw badRequest(e.message);
      }
      throw notFound(`No such image: ${shown}`);
    }
    let name = opts.name;
    if (name !== undefined && name !== "") {
      name = name.replace(/^\//, "");
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
        throw badRequest(`Invalid container name (${opts.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
      }
      const holder = [...this.containers.values()].find((c) => c.name === name);
      if (holder) {
        throw conflict(
          `Conflict. The container name "/${name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
        );
      }
    } else
      name = generateName(
        () => this.o.ids.random(),
        (n) => [...this.containers.values()].some((c) => c.name === n),
      );
    const networkMode = body.HostConfig?.NetworkMode || "bridge";
    if (!this.networkStore.networks.has(networkMode)) {
      try {
        this.networkStore.find(networkMode);
      } catch {
        throw notFound(`network ${networkMode} not found`);
      }
    }
    const hostFs = this.o.hostFs?.();
    const existingSources = new Set<string>();
    for (const m of body.HostConfig?.Mounts ?? [])
      if (m.Type === "bind" && m.Source && hostFs && (await hostFs.exists(m.Source))) existingSources.add(m.Source);
    const mounts = resolveMounts(
      body.HostConfig?.Binds ?? [],
      body.HostConfig?.Mounts ?? [],
      Object.keys(img.config.Volumes ?? {}),
      this.volumes,
      (p) => existingSources.has(p),
    );
    const id = this.o.ids.hex64();
    const entrypoint =
      body.Entrypoint !== undefined && body.Entrypoint !== null ? body.Entrypoint : img.config.Entrypoint;
    const cmd = body.Cmd?.length ? body.Cmd : body.Entrypoint?.length ? [] : img.config.Cmd;
    const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
    if (argv.length === 0) throw badRequest("no command specified");
    const env: Record<string, string> = {};
    for (const kv of [...img.config.Env, ...(body.Env ?? [])]) {
      const i = kv.indexOf("=");
      if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
    }
    const hostname = body.Hostname || id.slice(0, 12);
    env.HOSTNAME = hostname;
    if (!env.HOME) env.HOME = "/root";
    if (body.Tty) env.TERM = "xterm";
    const c: Container = {
      id,
      name,
      created: this.o.clock.now(),
      imageRef: body.Image,
      image: img,
      config: structuredClone(body),
      path: argv[0],
      args: argv.slice(1),
      env,
      hostname,
      fs: new LayeredFs(img.lower, undefined, () => this.o.clock.now()),
      status: "created",
      pid: 0,
      exitCode: 0,
      startedAt: 0,
      finishedAt: 0,
      restartCount: 0,
      main: null,
      execs: new Map(),
      pty: null,
      logs: [],
      outputListeners: new Set(),
      stdinListeners: new Set(),
      stdinBuffer: null,
      stdinClosed: false,
      seq: this.nextSeq++,
      waiters: [],
      ip: "",
      netns: this.network.namespace(id),
      watchers: 0,
      mounts,
      view: null,
      networks: new Map([[networkMode, { ip: "", aliases: [] }]]),
      published: [],
      removed: false,
    };
    this.containers.set(id, c);
    this.emit("container", "create", id, { image: body.Image, name });
    return { Id: id, Warnings: [] };
  }

  /** What a container can run besides just-bash's commands: the machine's programs plus userland ones (id, whoami). */
  private containerPrograms(): Record<string, Program> {
    return { ...USERLAND_PROGRAMS, ...this.o.programs };
  }

  private sandbox(c: Container): Sandbox {
    return {
      id: c.id,
      fs: c.fs,
      get view() {
        return c.view ?? undefined;
      },
      hostname: c.hostname,
      programs: this.containerPrograms(),
      clock: {
        now: () => this.o.clock.now(),
        // A container's own sleeps are in the background until someone watches it.
        sleep: (ms, signal) => this.o.clock.sleep(ms, signal, { foreground: () => c.watchers > 0 }),
      },
      kernelRelease: KERNEL_RELEASE,
      network: this.network,
      netns: c.networks.has("host") ? this.network.host : c.netns,
      processes: () => {
        const list: ProcessEntry[] = [];
        if (c.main) list.push({ pid: 1, user: "root", argv: [c.path, ...c.args], started: c.main.started });
        let n = 2;
        for (const e of c.execs.values()) list.push({ pid: n++ + 5, user: "root", argv: e.argv, started: e.started });
        return list;
      },
    };
  }

  private record(c: Container, stream: "stdout" | "stderr", data: string): void {
    if (!data) return;
    c.logs.push({ stream, text: data, time: rfc3339Nano(this.o.clock.now()) });
    if (c.logs.length > 5000) c.logs.splice(0, c.logs.length - 5000);
    for (const l of [...c.outputListeners]) l(stream, data);
  }

  async containerStart(id: string): Promise<void> {
    const c = this.lookup(id);
    if (c.status === "running") return;
    if (c.status === "paused") throw conflict(`cannot start a paused container, try unpause instead`);
    const sandbox = this.sandbox(c);
    // Resolve the executable first: runc fails before the container runs.
    try {
      resolveExecutable(c.fs, c.path, c.env);
    } catch (e) {
      if (e instanceof ExecError) {
        c.exitCode = e.exitCode;
        c.status = c.status === "exited" ? "exited" : "created";
        // Current engines (containerd 1.7+, runc 1.2) word it like this; Engine 20.10 said
        // "failed to create shim task: … unable to start container process: exec: …: unknown".
        throw new EngineError(
          400,
          `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${e.message}`,
        );
      }
      throw e;
    }
    try {
      this.connectNetwork(c);
    } catch (e) {
      c.exitCode = 128;
      throw e;
    }
    const hostFs = this.o.hostFs?.();
    c.view = hostFs || c.mounts.length ? await containerView(c.fs, c.mounts, this.volumes, hostFs ?? c.fs) : null;
    await this.writeEtcFiles(c);
    c.status = "running";
    c.startedAt = this.o.clock.now();
    c.finishedAt = 0;
    c.pid = this.nextPid++;
    c.pty = c.config.Tty ? new Pty(80, 24) : null;
    if (c.pty) c.pty.onOutput((d) => this.record(c, "stdout", d));
    const kill = new AbortController();
    const handle: ProcessHandle = {
      pid: 1,
      argv: [c.path, ...c.args],
      started: this.o.clock.now(),
      kill,
      signalHandler: null,
      done: Promise.resolve(0),
    };
    c.main = handle;
    const stdinPromise = c.config.OpenStdin && !c.config.Tty ? this.collectStdin(c) : Promise.resolve(null);
    handle.done = (async () => {
      const stdin = await stdinPromise;
      return runProcess({
        sandbox,
        argv: handle.argv,
        env: c.env,
        cwd: c.config.WorkingDir || c.image.config.WorkingDir || "/",
        pid: 1,
        tty: c.pty,
        stdin,
        stdout: (s) => this.record(c, "stdout", s),
        stderr: (s) => this.record(c, "stderr", s),
        kill: kill.signal,
        onSignal: (h) => {
          handle.signalHandler = h;
        },
      });
    })().catch((e) => {
      if (e instanceof ExecError) {
        this.record(c, "stderr", `${e.message}\n`);
        return e.exitCode;
      }
      this.record(c, "stderr", `${(e as Error).message}\n`);
      return kill.signal.aborted ? 137 : 1;
    });
    this.emit("container", "start", c.id, { name: c.name, image: c.imageRef });
    void handle.done.then((code) => this.onMainExit(c, handle, kill.signal.aborted ? 137 : code));
  }

  /** The files the daemon bind-mounts into every container: /etc/hosts (with this container's address) and /etc/hostname. */
  private async writeEtcFiles(c: Container): Promise<void> {
    const hosts = [
      "127.0.0.1\tlocalhost",
      "::1\tlocalhost ip6-localhost ip6-loopback",
      "fe00::0\tip6-localnet",
      "ff00::0\tip6-mcastprefix",
      "ff02::1\tip6-allnodes",
      "ff02::2\tip6-allrouters",
      ...(c.ip ? [`${c.ip}\t${c.hostname}`] : []),
      "",
    ].join("\n");
    try {
      await c.fs.mkdir("/etc", { recursive: true });
      await c.fs.writeFile("/etc/hosts", hosts);
      await c.fs.writeFile("/etc/hostname", `${c.hostname}\n`);
    } catch {
      // A read-only or odd rootfs: the container still starts, as with a failed bind mount target.
    }
  }

  /** Exposed ports of a container: the image's and its own. */
  private exposed(c: Container): string[] {
    return [
      ...new Set([
        ...Object.keys(c.image.config.ExposedPorts ?? {}),
        ...Object.keys(c.config.ExposedPorts ?? {}),
        ...Object.keys(c.config.HostConfig?.PortBindings ?? {}),
      ]),
    ];
  }

  /** Join the bridge and publish ports, as the daemon does before the process starts. */
  private connectNetwork(c: Container): void {
    c.published = [];
    c.ip = "";
    if (c.networks.has("host") || c.networks.has("none")) return;
    for (const [net, ep] of c.networks) {
      ep.aliases = net === "bridge" ? [] : [c.name, c.id.slice(0, 12)];
      ep.ip = this.network.attach(net, c.netns, ep.aliases);
      if (!c.ip) c.ip = ep.ip;
    }
    const wanted: { port: string; hostPort: number }[] = [];
    for (const [port, bindings] of Object.entries(c.config.HostConfig?.PortBindings ?? {}))
      for (const b of bindings) wanted.push({ port, hostPort: b.HostPort ? Number(b.HostPort) : 0 });
    if (c.config.HostConfig?.PublishAllPorts)
      for (const port of this.exposed(c)) if (!wanted.some((w) => w.port === port)) wanted.push({ port, hostPort: 0 });
    try {
      for (const w of wanted) {
        const [p, proto = "tcp"] = w.port.split("/");
        const hostPort = w.hostPort || this.network.ephemeralPort();
        this.network.publish(c.netns, Number(p), hostPort, proto);
        c.published.push({ containerPort: Number(p), proto, hostPort });
      }
    } catch (e) {
      this.disconnectNetwork(c);
      c.status = c.status === "running" ? "created" : c.status;
      throw serverError(
        `driver failed programming external connectivity on endpoint ${c.name} (${c.id}): ${(e as Error).message}`,
      );
    }
  }

  private disconnectNetwork(c: Container): void {
    this.network.unpublishAll(c.netns);
    for (const [net, ep] of c.networks) {
      if (net !== "host" && net !== "none") this.network.detach(net, c.netns);
      ep.ip = "";
    }
    c.netns.listeners.clear();
    c.published = [];
  }

  private collectStdin(c: Container): Promise<string | null> {
    return new Promise((resolve) => {
      let buf = c.stdinBuffer ?? "";
      c.stdinBuffer = null;
      if (c.stdinClosed) {
        c.stdinClosed = false;
        resolve(buf);
        return;
      }
      const l = (d: string | null) => {
        if (d === null) {
          c.stdinListeners.delete(l);
          resolve(buf);
        } else buf += d;
      };
      c.stdinListeners.add(l);
    });
  }

  private onMainExit(c: Container, handle: ProcessHandle, code: number): void {
    if (c.main !== handle) return;
    c.main = null;
    for (const e of c.execs.values()) e.kill.abort();
    this.disconnectNetwork(c);
    c.status = "exited";
    c.exitCode = code;
    c.finishedAt = this.o.clock.now();
    c.pid = 0;
    c.pty = null;
    this.emit("container", "die", c.id, { exitCode: String(code), name: c.name, image: c.imageRef });
    const waiters = c.waiters;
    c.waiters = [];
    for (const w of waiters) w();
    if (c.config.HostConfig?.AutoRemove) void this.removeContainer(c);
  }

  private async removeContainer(c: Container, removeAnonymousVolumes = false): Promise<void> {
    if (c.removed) return;
    c.removed = true;
    this.containers.delete(c.id);
    if (removeAnonymousVolumes || c.config.HostConfig?.AutoRemove)
      for (const m of c.mounts)
        if (m.name && this.volumes.volumes.get(m.name)?.anonymous) this.volumes.volumes.delete(m.name);
    this.emit("container", "destroy", c.id, { name: c.name, image: c.imageRef });
    const waiters = c.waiters;
    c.waiters = [];
    for (const w of waiters) w();
  }

  async containerList(opts: ListContainersOptions = {}): Promise<ContainerSummary[]> {
    const now = this.o.clock.now();
    let list = [...this.containers.values()].sort((a, b) => b.created - a.created || b.seq - a.seq);
    if (!opts.all)
      list = list.filter((c) => c.status === "running" || c.status === "paused" || c.status === "restarting");
    const f = opts.filters ?? {};
    if (f.name) list = list.filter((c) => f.name.some((n) => new RegExp(n).test(c.name)));
    if (f.id) list = list.filter((c) => f.id.some((n) => c.id.startsWith(n)));
    if (f.status) list = list.filter((c) => f.status.includes(c.status));
    if (f.exited) list = list.filter((c) => c.status === "exited" && f.exited.includes(String(c.exitCode)));
    if (f.ancestor)
      list = list.filter((c) =>
        f.ancestor.some((a) => {
          const img = this.findImage(a);
          return img ? img.id === c.image.id : c.imageRef === a;
        }),
      );
    if (f.label)
      list = list.filter((c) =>
        f.label.every((l) => {
          const [k, v] = l.split("=");
          const labels = c.config.Labels ?? {};
          return v === undefined ? k in labels : labels[k] === v;
        }),
      );
    if (opts.limit && opts.limit > 0) list = list.slice(0, opts.limit);
    return list.map((c) => ({
      Id: c.id,
      Names: [`/${c.name}`],
      Image: c.imageRef,
      ImageID: c.image.id,
      Command: [c.path, ...c.args].map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(" "),
      Created: Math.floor(c.created / 1000),
      State: c.status,
      Status: statusText(c, now),
      Ports: this.portsOf(c),
      Labels: { ...(c.config.Labels ?? {}) },
      HostConfig: { NetworkMode: [...c.networks.keys()][0] ?? "bridge" },
      Mounts: mountPoints(c.mounts),
    }));
  }

  private portsOf(c: Container): ContainerSummary["Ports"] {
    const out: ContainerSummary["Ports"] = [];
    for (const port of this.exposed(c)) {
      const [p, proto = "tcp"] = port.split("/");
      const pub =
        c.status === "running" ? c.published.filter((x) => x.containerPort === Number(p) && x.proto === proto) : [];
      if (!pub.length) out.push({ PrivatePort: Number(p), Type: proto });
      for (const b of pub) {
        out.push({ IP: "0.0.0.0", PrivatePort: b.containerPort, PublicPort: b.hostPort, Type: proto });
        out.push({ IP: "::", PrivatePort: b.containerPort, PublicPort: b.hostPort, Type: proto });
      }
    }
    return out;
  }

  async containerInspect(id: string): Promise<ContainerInspect> {
    const c = this.lookup(id);
    const zero = "0001-01-01T00:00:00Z";
    return {
      Id: c.id,
      Created: rfc3339Nano(c.created),
      Path: c.path,
      Args: [...c.args],
      State: {
        Status: c.status,
        Running: c.status === "running" || c.status === "paused",
        Paused: c.status === "paused",
        Restarting: c.status === "restarting",
        OOMKilled: false,
        Dead: c.status === "dead",
        Pid: c.pid,
        ExitCode: c.exitCode,
        Error: "",
        StartedAt: c.startedAt ? rfc3339Nano(c.startedAt) : zero,
        FinishedAt: c.finishedAt ? rfc3339Nano(c.finishedAt) : zero,
      },
      Image: c.image.id,
      Name: `/${c.name}`,
      RestartCount: c.restartCount,
      Driver: "overlay2",
      Platform: "linux",
      HostConfig: structuredClone(c.config.HostConfig ?? {}),
      Config: {
        Hostname: c.hostname,
        User: c.config.User ?? c.image.config.User,
        Env: Object.entries(c.env)
          .filter(([k]) => k !== "HOSTNAME" && k !== "HOME")
          .map(([k, v]) => `${k}=${v}`),
        Cmd: c.config.Cmd?.length ? [...c.config.Cmd] : c.image.config.Cmd,
        Entrypoint: c.config.Entrypoint ?? c.image.config.Entrypoint,
        WorkingDir: c.config.WorkingDir ?? c.image.config.WorkingDir,
        Labels: { ...(c.image.config.Labels ?? {}), ...(c.config.Labels ?? {}) },
        Image: c.imageRef,
        Tty: !!c.config.Tty,
        OpenStdin: !!c.config.OpenStdin,
        AttachStdin: !!c.config.AttachStdin,
        AttachStdout: !!c.config.AttachStdout,
        AttachStderr: !!c.config.AttachStderr,
      },
      Mounts: mountPoints(c.mounts),
      NetworkSettings: {
        Networks: Object.fromEntries(
          [...c.networks].map(([net, ep]) => [
            net,
            {
              IPAddress: c.status === "running" ? ep.ip : "",
              Gateway: c.status === "running" && ep.ip ? `${ep.ip.split(".").slice(0, 3).join(".")}.1` : "",
              Aliases: ep.aliases.length ? ep.aliases : null,
              NetworkID: this.networkStore.networks.get(net)?.id ?? "",
            },
          ]),
        ),
        IPAddress: c.status === "running" ? c.ip : "",
        Gateway: c.status === "running" ? "172.17.0.1" : "",
        MacAddress: "",
        Ports: Object.fromEntries(
          this.exposed(c).map((port) => {
            const [p, proto = "tcp"] = port.split("/");
            const pub =
              c.status === "running"
                ? c.published.filter((x) => x.containerPort === Number(p) && x.proto === proto)
                : [];
            return [
              port,
              pub.length
                ? pub.flatMap((b) => [
                    { HostIp: "0.0.0.0", HostPort: String(b.hostPort) },
                    { HostIp: "::", HostPort: String(b.hostPort) },
                  ])
                : null,
            ];
          }),
        ),
      },
    };
  }

  private deliverSignal(c: Container, h: ProcessHandle, sig: number, isPid1: boolean): void {
    if (sig === 9) {
      h.kill.abort();
      return;
    }
    if (h.signalHandler) {
      h.signalHandler(Object.keys(SIGNALS).find((k) => SIGNALS[k] === sig) ?? String(sig));
      return;
    }
    // PID 1 has no default signal actions: unhandled signals are ignored.
    if (!isPid1) h.kill.abort();
    void c;
  }

  async containerStop(id: string, opts: { t?: number; signal?: string } = {}): Promise<void> {
    const c = this.lookup(id);
    if (c.status !== "running" && c.status !== "paused") return;
    const main = c.main;
    if (!main) return;
    const stopSignal = signalNumber(opts.signal ?? c.image.config.StopSignal ?? "SIGTERM") ?? 15;
    this.deliverSignal(c, main, stopSignal, true);
    const grace = (opts.t ?? 10) * 1000;
    const cancelGrace = new AbortController();
    const exited = await Promise.race([
      main.done.then(() => true),
      this.o.clock.sleep(grace, cancelGrace.signal).then(
        () => false,
        () => true,
      ),
    ]);
    cancelGrace.abort();
    if (!exited && c.main === main) {
      this.emit("container", "kill", c.id, { signal: "9", name: c.name });
      main.kill.abort();
      await main.done;
    }
    await this.settle(c);
    this.emit("container", "stop", c.id, { name: c.name, image: c.imageRef });
  }

  /** Let the exit handler run (it is chained after the process promise). */
  private async settle(c: Container): Promise<void> {
    for (let i = 0; i < 5 && c.status === "running"; i++) await Promise.resolve();
    await new Promise<void>((r) => setTimeout(r, 0));
  }

  async containerRestart(id: string, opts: { t?: number } = {}): Promise<void> {
    const c = this.lookup(id);
    await this.containerStop(c.id, opts);
    await this.containerStart(c.id);
    this.emit("container", "restart", c.id, { name: c.name });
  }

  async containerKill(id: string, opts: { signal?: string } = {}): Promise<void> {
    const c = this.lookup(id);
    const sigName = opts.signal ?? "SIGKILL";
    const sig = signalNumber(sigName);
    if (sig === undefined) throw badRequest(`Invalid signal: ${sigName}`);
    if (c.status !== "running" || !c.main)
      throw conflict(`Cannot kill container: ${id}: container ${c.id} is not running`);
    this.emit("container", "kill", c.id, { signal: String(sig), name: c.name });
    this.deliverSignal(c, c.main, sig, true);
    if (sig === 9) {
      await c.main?.done;
      await this.settle(c);
    }
  }

  async containerDelete(id: string, opts: { force?: boolean; v?: boolean } = {}): Promise<void> {
    const c = this.lookup(id);
    if ((c.status === "running" || c.status === "paused") && !opts.force) {
      throw conflict(
        `cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`,
      );
    }
    if (c.main) {
      c.config.HostConfig = { ...(c.config.HostConfig ?? {}), AutoRemove: false };
      this.emit("container", "kill", c.id, { signal: "9", name: c.name });
      c.main.kill.abort();
      await c.main.done;
      await this.settle(c);
    }
    await this.removeContainer(c, !!opts.v);
  }

  async containerWait(
    id: string,
    opts: { condition?: "not-running" | "next-exit" | "removed" } = {},
  ): Promise<ContainerWaitResponse> {
    const c = this.lookup(id);
    const cond = opts.condition ?? "not-running";
    if (cond === "not-running" && c.status !== "running" && c.status !== "paused") return { StatusCode: c.exitCode };
    if (cond === "removed" && c.removed) return { StatusCode: c.exitCode };
    const unwatch = this.watch(c);
    await new Promise<void>((resolve) => {
      const w = () => {
        if (cond === "removed" && !c.removed && c.config.HostConfig?.AutoRemove) c.waiters.push(w);
        else resolve();
      };
      c.waiters.push(w);
    });
    unwatch();
    return { StatusCode: c.exitCode };
  }

  /** Someone waits on this container's processes: their sleeps are in the foreground meanwhile. */
  private watch(c: Container): () => void {
    c.watchers++;
    this.o.clock.poke?.();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      c.watchers--;
    };
  }

  async containerLogs(
    id: string,
    opts: LogsOptions,
    onFrame: (f: LogFrame) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const c = this.lookup(id);
    let frames = c.logs.filter((f) => (f.stream === "stdout" ? opts.stdout : opts.stderr));
    if (opts.tail !== undefined && opts.tail !== "all") {
      // tail counts lines
      const lines: LogFrame[] = [];
      for (const f of frames)
        for (const part of f.text.match(/[^\n]*\n|[^\n]+$/g) ?? []) lines.push({ ...f, text: part });
      frames = opts.tail <= 0 ? [] : lines.slice(-opts.tail);
    }
    for (const f of frames) onFrame(f);
    if (!opts.follow || c.status !== "running") return;
    const unwatch = this.watch(c);
    await new Promise<void>((resolve) => {
      const listener = (stream: "stdout" | "stderr", text: string) => {
        if (stream === "stdout" ? opts.stdout : opts.stderr)
          onFrame({ stream, text, time: rfc3339Nano(this.o.clock.now()) });
      };
      c.outputListeners.add(listener);
      const done = () => {
        c.outputListeners.delete(listener);
        resolve();
      };
      c.waiters.push(done);
      signal?.addEventListener("abort", done, { once: true });
    });
    unwatch();
  }

  async containerAttach(id: string, opts: AttachOptions): Promise<HijackedStream> {
    const c = this.lookup(id);
    const handlers = new Set<(stream: "stdout" | "stderr", data: string) => void>();
    let closedResolve!: () => void;
    const closed = new Promise<void>((r) => {
      closedResolve = r;
    });
    const listener = (stream: "stdout" | "stderr", data: string) => {
      if (stream === "stdout" ? opts.stdout : opts.stderr) for (const h of handlers) h(stream, data);
    };
    c.outputListeners.add(listener);
    const unwatch = this.watch(c);
    let isClosed = false;
    const close = () => {
      if (isClosed) return;
      isClosed = true;
      unwatch();
      c.outputListeners.delete(listener);
      closedResolve();
    };
    // The stream ends when the container stops.
    const onStop = () => {
      if (c.status === "running" || c.status === "paused") c.waiters.push(onStop);
      else queueMicrotask(close);
    };
    c.waiters.push(onStop);
    if (opts.logs)
      queueMicrotask(() => {
        for (const f of c.logs) listener(f.stream, f.text);
      });
    return {
      write: (data) => {
        if (!opts.stdin) return;
        if (c.pty) c.pty.input(data);
        else if (c.stdinListeners.size) for (const l of [...c.stdinListeners]) l(data);
        else if (c.status !== "running") c.stdinBuffer = (c.stdinBuffer ?? "") + data;
      },
      closeWrite: () => {
        if (!opts.stdin || c.pty) return;
        if (c.stdinListeners.size) for (const l of [...c.stdinListeners]) l(null);
        else if (c.status !== "running") c.stdinClosed = true;
      },
      resize: (cols, rows) => c.pty?.resize(cols, rows),
      onOutput: (h) => {
        handlers.add(h);
        return () => handlers.delete(h);
      },
      close,
      closed,
    };
  }

  async containerResize(id: string, opts: { h: number; w: number }): Promise<void> {
    this.lookup(id).pty?.resize(opts.w, opts.h);
  }

  async containerTop(id: string): Promise<ContainerTop> {
    const c = this.lookup(id);
    if (c.status !== "running") throw conflict(`container ${c.id} is not running`);
    const procs = this.sandbox(c).processes();
    return {
      Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
      Processes: procs.map((p, i) => [
        "root",
        String(c.pid + i * 37),
        i === 0 ? String(c.pid - 23) : String(c.pid),
        "0",
        "09:00",
        c.pty ? "pts/0" : "?",
        "00:00:00",
        p.argv.join(" "),
      ]),
    };
  }

  // ---------------- volumes ----------------

  private volumeUsers(name: string): Container[] {
    return [...this.containers.values()].filter((c) => c.mounts.some((m) => m.name === name));
  }

  async volumeCreate(body: { Name?: string; Driver?: string; Labels?: Record<string, string> }): Promise<Volume> {
    if (body.Driver && body.Driver !== "local") throw notFound(`plugin "${body.Driver}" not found`);
    const existed = body.Name ? this.volumes.volumes.has(body.Name) : false;
    const v = this.volumes.create(body.Name, body.Labels ?? {});
    if (!existed) this.emit("volume", "create", v.name, { driver: "local" });
    return this.volumes.toApi(v);
  }

  async volumeList(
    opts: { filters?: Record<string, string[]> } = {},
  ): Promise<{ Volumes: Volume[]; Warnings: string[] }> {
    let vols = [...this.volumes.volumes.values()];
    const f = opts.filters ?? {};
    if (f.dangling)
      vols = vols.filter(
        (v) => (this.volumeUsers(v.name).length === 0) === (f.dangling[0] === "true" || f.dangling[0] === "1"),
      );
    if (f.name) vols = vols.filter((v) => f.name.some((n) => v.name.includes(n)));
    return { Volumes: vols.sort((a, b) => (a.name < b.name ? -1 : 1)).map((v) => this.volumes.toApi(v)), Warnings: [] };
  }

  async volumeInspect(name: string): Promise<Volume> {
    return this.volumes.toApi(this.volumes.get(name));
  }

  async volumeDelete(name: string, opts: { force?: boolean } = {}): Promise<void> {
    const v = this.volumes.get(name);
    const users = this.volumeUsers(v.name);
    if (users.length && !opts.force)
      throw conflict(`remove ${name}: volume is in use - [${users.map((c) => c.id).join(", ")}]`);
    this.volumes.volumes.delete(v.name);
    this.emit("volume", "destroy", v.name, { driver: "local" });
  }

  async volumePrune(opts: { all?: boolean } = {}): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let space = 0;
    for (const v of [...this.volumes.volumes.values()]) {
      if (this.volumeUsers(v.name).length) continue;
      if (!v.anonymous && !opts.all) continue;
      for (const n of v.data.upper.values())
        if (n.type === "file")
          space += typeof n.content === "string" ? new TextEncoder().encode(n.content).length : n.content.length;
      this.volumes.volumes.delete(v.name);
      deleted.push(v.name);
    }
    return { VolumesDeleted: deleted, SpaceReclaimed: space };
  }

  // ---------------- networks ----------------

  private networkMembers(name: string): Container[] {
    return [...this.containers.values()].filter((c) => c.networks.has(name));
  }

  async networkCreate(body: {
    Name: string;
    Driver?: string;
    Labels?: Record<string, string>;
  }): Promise<{ Id: string; Warning: string }> {
    if (!body.Name || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(body.Name))
      throw badRequest(`invalid network name: ${body.Name}`);
    const n = this.networkStore.create(body.Name, body.Driver ?? "bridge", body.Labels ?? {});
    this.emit("network", "create", n.id, { name: n.name, type: n.driver });
    return { Id: n.id, Warning: "" };
  }

  async networkList(opts: { filters?: Record<string, string[]> } = {}): Promise<NetworkResource[]> {
    let list = [...this.networkStore.networks.values()];
    const f = opts.filters ?? {};
    if (f.name) list = list.filter((n) => f.name.some((x) => n.name.includes(x)));
    if (f.driver) list = list.filter((n) => f.driver.includes(n.driver));
    return list.map((n) => this.networkStore.toApi(n, this.networkContainers(n.name)));
  }

  private networkContainers(name: string): NetworkResource["Containers"] {
    const out: NetworkResource["Containers"] = {};
    for (const c of this.networkMembers(name)) {
      const ep = c.networks.get(name);
      if (c.status !== "running" || !ep) continue;
      out[c.id] = {
        Name: c.name,
        EndpointID: sha256Hex(`ep:${c.id}:${name}`),
        MacAddress: "",
        IPv4Address: ep.ip ? `${ep.ip}/16` : "",
        IPv6Address: "",
      };
    }
    return out;
  }

  async networkInspect(id: string): Promise<NetworkResource> {
    const n = this.networkStore.find(id);
    return this.networkStore.toApi(n, this.networkContainers(n.name));
  }

  async networkDelete(id: string): Promise<void> {
    const n = this.networkStore.find(id);
    if (n.builtin) throw new EngineError(403, `${n.name} is a pre-defined network and cannot be removed`);
    if (this.networkMembers(n.name).some((c) => c.status === "running")) {
      throw new EngineError(403, `error while removing network: network ${n.name} id ${n.id} has active endpoints`);
    }
    for (const c of this.networkMembers(n.name)) c.networks.delete(n.name);
    this.networkStore.remove(n);
    this.emit("network", "destroy", n.id, { name: n.name, type: n.driver });
  }

  async networkConnect(
    id: string,
    body: { Container: string; EndpointConfig?: { Aliases?: string[] } },
  ): Promise<void> {
    const n = this.networkStore.find(id);
    const c = this.lookup(body.Container);
    if (c.networks.has(n.name))
      throw new EngineError(403, `endpoint with name ${c.name} already exists in network ${n.name}`);
    if (c.networks.has("host") || n.name === "host")
      throw new EngineError(400, "container cannot be disconnected from host network or connected to host network");
    const ep = {
      ip: "",
      aliases: n.name === "bridge" ? [] : [c.name, c.id.slice(0, 12), ...(body.EndpointConfig?.Aliases ?? [])],
    };
    if (c.status === "running") ep.ip = this.network.attach(n.name, c.netns, ep.aliases);
    c.networks.set(n.name, ep);
    this.emit("network", "connect", n.id, { container: c.id, name: n.name, type: n.driver });
  }

  async networkDisconnect(id: string, body: { Container: string; Force?: boolean }): Promise<void> {
    const n = this.networkStore.find(id);
    const c = this.lookup(body.Container);
    if (!c.networks.has(n.name)) throw new EngineError(403, `container ${c.id} is not connected to network ${n.name}`);
    if (c.status === "running" && n.name !== "host" && n.name !== "none") this.network.detach(n.name, c.netns);
    c.networks.delete(n.name);
    this.emit("network", "disconnect", n.id, { container: c.id, name: n.name, type: n.driver });
  }

  // ---------------- exec ----------------

  async execCreate(containerId: string, body: ExecCreateBody): Promise<{ Id: string }> {
    const c = this.lookup(containerId);
    if (c.status === "paused") throw conflict(`Container ${c.id} is paused, unpause the container before exec`);
    if (c.status !== "running") throw conflict(`container ${c.id} is not running`);
    const id = this.o.ids.hex64();
    this.execs.set(id, { id, container: c, body: structuredClone(body), running: false, exitCode: null, pid: 0 });
    this.emit("container", `exec_create: ${body.Cmd.join(" ")}`, c.id, { name: c.name });
    return { Id: id };
  }

  async execStart(execId: string, opts: { Detach: boolean; Tty: boolean }): Promise<HijackedStream | null> {
    const ex = this.execs.get(execId);
    if (!ex) throw notFound(`No such exec instance: ${execId}`);
    const c = ex.container;
    if (c.status !== "running") throw conflict(`container ${c.id} is not running`);
    const pty = ex.body.Tty ? new Pty(80, 24) : null;
    const handlers = new Set<(stream: "stdout" | "stderr", data: string) => void>();
    // The process starts before the client reads the hijacked stream: keep what it writes
    // until someone listens (a fast program like `uname` would otherwise print nothing).
    const early: ["stdout" | "stderr", string][] = [];
    const emitOut = (stream: "stdout" | "stderr", data: string) => {
      if (handlers.size === 0) {
        if (!opts.Detach) early.push([stream, data]);
        return;
      }
      for (const h of handlers) h(stream, data);
    };
    if (pty) pty.onOutput((d) => emitOut("stdout", d));
    let stdinBuf = "";
    let stdinDone!: (s: string | null) => void;
    const stdinP = new Promise<string | null>((r) => {
      stdinDone = r;
    });
    if (!ex.body.AttachStdin || pty) stdinDone(null);
    const kill = new AbortController();
    const env = { ...c.env };
    for (const kv of ex.body.Env ?? []) {
      const i = kv.indexOf("=");
      if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
    }
    const handle: ProcessHandle = {
      pid: 0,
      argv: ex.body.Cmd,
      started: this.o.clock.now(),
      kill,
      signalHandler: null,
      done: Promise.resolve(0),
    };
    c.execs.set(execId, handle);
    ex.running = true;
    let closedResolve!: () => void;
    const closed = new Promise<void>((r) => {
      closedResolve = r;
    });
    handle.done = (async () => {
      const stdin = await stdinP;
      return runProcess({
        // An exec'd process is waited for by its client: its sleeps are in the foreground.
        sandbox: { ...this.sandbox(c), clock: this.o.clock },
        argv: ex.body.Cmd,
        env,
        cwd: ex.body.WorkingDir || c.config.WorkingDir || c.image.config.WorkingDir || "/",
        pid: 10,
        tty: pty,
        stdin,
        stdout: (s) => emitOut("stdout", s),
        stderr: (s) => emitOut("stderr", s),
        kill: kill.signal,
        onSignal: (h) => {
          handle.signalHandler = h;
        },
      });
    })().catch((e) => {
      if (e instanceof ExecError) {
        // The API writes the start error into the attached stream (CRLF); the daemon
        // records exit code 126 for any exec that failed to start (daemon/exec.go).
        emitOut(
          "stdout",
          `OCI runtime exec failed: exec failed: unable to start container process: ${e.message}: unknown\r\n`,
        );
        return 126;
      }
      return kill.signal.aborted ? 137 : 1;
    });
    void handle.done.then((code) => {
      ex.running = false;
      ex.exitCode = kill.signal.aborted ? 137 : code;
      c.execs.delete(execId);
      this.emit("container", "exec_die", c.id, { execID: execId, exitCode: String(ex.exitCode), name: c.name });
      queueMicrotask(closedResolve);
    });
    if (opts.Detach) return null;
    return {
      write: (data) => {
        if (pty) pty.input(data);
        else stdinBuf += data;
      },
      closeWrite: () => {
        if (!pty) stdinDone(stdinBuf);
      },
      resize: (cols, rows) => pty?.resize(cols, rows),
      onOutput: (h) => {
        handlers.add(h);
        for (const [stream, data] of early.splice(0)) h(stream, data);
        return () => handlers.delete(h);
      },
      close: () => closedResolve(),
      closed,
    };
  }

  async execInspect(execId: string): Promise<ExecInspect> {
    const ex = this.execs.get(execId);
    if (!ex) throw notFound(`No such exec instance: ${execId}`);
    return { ID: ex.id, Running: ex.running, ExitCode: ex.exitCode, ContainerID: ex.container.id, Pid: ex.pid };
  }

  // ---------------- snapshot ----------------

  /** Serialisable state: pulled images by tag and containers with their writable layers. */
  snapshot(): unknown {
    return {
      images: [...this.images.values()].map((i) => ({ id: i.id, repoTags: i.repoTags, repoDigests: i.repoDigests })),
      containers: [...this.containers.values()].map((c) => ({
        id: c.id,
        name: c.name,
        created: c.created,
        imageRef: c.imageRef,
        imageId: c.image.id,
        config: c.config,
        status: c.status === "running" || c.status === "paused" ? "running" : c.status,
        exitCode: c.exitCode,
        startedAt: c.startedAt,
        finishedAt: c.finishedAt,
        logs: c.logs.slice(-500),
        upper: [...c.fs.upper.entries()].map(([p, n]) => [
          p,
          n.type === "file" && typeof n.content !== "string" ? { ...n, content: Array.from(n.content) } : n,
        ]),
      })),
    };
  }

  /** Restore from snapshot(); running containers are started again (as after a daemon restart with restart policies). */
  async restore(data: unknown): Promise<void> {
    const d = data as ReturnType<SimEngine["snapshot"]> & {
      images: { id: string; repoTags: string[]; repoDigests: string[] }[];
      containers: {
        id: string;
        name: string;
        created: number;
        imageRef: string;
        imageId: string;
        config: ContainerCreateBody;
        status: ContainerStatus;
        exitCode: number;
        startedAt: number;
        finishedAt: number;
        logs: LogFrame[];
        upper: [string, FsNodeJson][];
      }[];
    };
    if (!d || !Array.isArray(d.images)) return;
    for (const saved of d.images) {
      const spec = HUB.find((s) => s.layers.length && imageIdOf(s, s.layers.map(materialiseLayer)) === saved.id);
      if (!spec) continue;
      const layers = spec.layers.map(materialiseLayer);
      this.images.set(saved.id, {
        id: saved.id,
        repoTags: saved.repoTags,
        repoDigests: saved.repoDigests,
        layers,
        lower: new LowerView(layers.map((l) => l.files)),
        config: structuredClone(spec.config),
        created: spec.created,
        os: spec.os,
        architecture: spec.architecture,
        size: layers.reduce((s, l) => s + l.size, 0),
        history: hubHistory(spec.config, layers, spec.created),
      });
    }
    for (const s of d.containers) {
      const img = this.images.get(s.imageId);
      if (!img) continue;
      const upper: Layer = new Map(
        s.upper.map(
          ([p, n]) =>
            [p, n.type === "file" && Array.isArray(n.content) ? { ...n, content: Uint8Array.from(n.content) } : n] as [
              string,
              never,
            ],
        ),
      );
      const res = await this.containerCreate({ ...s.config, Image: img.id }, { name: s.name }).catch(() => null);
      if (!res) continue;
      const c = this.containers.get(res.Id);
      if (!c) continue;
      this.containers.delete(c.id);
      c.id = s.id;
      c.imageRef = s.imageRef;
      c.created = s.created;
      c.fs = new LayeredFs(img.lower, upper, () => this.o.clock.now());
      c.exitCode = s.exitCode;
      c.startedAt = s.startedAt;
      c.finishedAt = s.finishedAt;
      c.logs = s.logs ?? [];
      c.hostname = s.config.Hostname || s.id.slice(0, 12);
      c.env.HOSTNAME = c.hostname;
      c.status = s.status === "running" ? "created" : s.status;
      this.containers.set(c.id, c);
      if (s.status === "running") await this.containerStart(c.id).catch(() => {});
    }
  }
}

type FsNodeJson = { type: string; content?: unknown; [k: string]: unknown };

/** How moby's ErrImageDoesNotExist names a missing image: the reference with its tag ("nosuch:latest"). */
function noSuchImageRef(name: string): string {
  if (/^(sha256:)?[a-f0-9]{64}$/.test(name)) return name;
  try {
    return familiarString(parseReference(name));
  } catch {
    return name;
  }
}

function imageIdOf(spec: HubImageSpec, layers: MaterialisedLayer[]): string {
  return `sha256:${sha256Hex(JSON.stringify({ config: spec.config, created: spec.created, rootfs: layers.map((l) => l.diffId), os: spec.os }))}`;
}

function bar(current: number, total: number): string {
  const width = 50;
  const filled = Math.max(0, Math.min(width, Math.round((current / total) * width)));
  return `[${"=".repeat(Math.max(0, filled - 1))}${filled ? ">" : ""}${" ".repeat(width - filled)}]`;
}

function statusText(c: Container, now: number): string {
  switch (c.status) {
    case "created":
      return "Created";
    case "running":
      return `Up ${humanDuration(now - c.startedAt)}`;
    case "paused":
      return `Up ${humanDuration(now - c.startedAt)} (Paused)`;
    case "restarting":
      return `Restarting (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
    case "exited":
      return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
    case "dead":
      return "Dead";
    default:
      return "Removal In Progress";
  }
}

/** The history Docker Hub images show: one ADD per layer, then their config instructions. */
function hubHistory(config: ImageConfig, layers: MaterialisedLayer[], created: string): HistoryEntry[] {
  const h: HistoryEntry[] = layers.map((l) => ({
    created,
    createdBy: `/bin/sh -c #(nop) ADD file:${l.diffId.slice(7, 71)} in / `,
    emptyLayer: false,
  }));
  if (config.Labels)
    for (const [k, v] of Object.entries(config.Labels))
      h.push({ created, createdBy: `/bin/sh -c #(nop)  LABEL ${k}=${v}`, emptyLayer: true });
  for (const e of config.Env.filter((e) => !e.startsWith("PATH=")))
    h.push({ created, createdBy: `/bin/sh -c #(nop)  ENV ${e}`, emptyLayer: true });
  if (config.Entrypoint)
    h.push({
      created,
      createdBy: `/bin/sh -c #(nop)  ENTRYPOINT ${JSON.stringify(config.Entrypoint)}`,
      emptyLayer: true,
    });
  if (config.ExposedPorts)
    h.push({
      created,
      createdBy: `/bin/sh -c #(nop)  EXPOSE ${Object.keys(config.ExposedPorts).join(" ")}`,
      emptyLayer: true,
    });
  if (config.StopSignal)
    h.push({ created, createdBy: `/bin/sh -c #(nop)  STOPSIGNAL ${config.StopSignal}`, emptyLayer: true });
  if (config.Cmd)
    h.push({ created, createdBy: `/bin/sh -c #(nop)  CMD ${JSON.stringify(config.Cmd)}`, emptyLayer: true });
  return h;
}
