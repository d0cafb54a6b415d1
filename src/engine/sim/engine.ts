/**
 * The simulated Docker engine: implements the Engine API in memory. Images are
 * content-addressed stacks of shared read-only layers; a container is a
 * writable layer over its image plus a main process whose life is the
 * container's life (PID 1 semantics).
 */

import type { IFileSystem } from "just-bash";
import { ExecError, type ProcessEntry, resolveExecutable, runProcess, type Sandbox } from "../../machine/kernel";
import { type Layer, LayeredFs, LowerView, normalize } from "../../machine/layered-fs";
import { type NetNamespace, Network } from "../../machine/network";
import type { Program } from "../../machine/program";
import { Pty } from "../../machine/tty";
import { USERLAND_PROGRAMS } from "../../machine/userland";
import type { Clock, SleepOptions } from "../../shared/clock";
import { rfc3339Nano } from "../../shared/clock";
import { humanDuration } from "../../shared/format";
import type { IdGenerator } from "../../shared/ids";
import { familiarString, parseReference, ReferenceError_ } from "../../shared/reference";
import { sha256Hex } from "../../shared/sha256";
import { BuildFailedError, badRequest, conflict, EngineError, notFound, serverError } from "../api/errors";
import type {
  Archive,
  AttachOptions,
  BuildCacheRecord,
  BuildContext,
  BuildOptions,
  BuildStatus,
  CommitOptions,
  ContainerCreateBody,
  ContainerCreateResponse,
  ContainerInspect,
  ContainerPathStat,
  ContainerStatsResponse,
  ContainerStatus,
  ContainerSummary,
  ContainerTop,
  ContainerWaitResponse,
  EngineApi,
  EngineEvent,
  EventsOptions,
  ExecCreateBody,
  ExecInspect,
  FilesystemChange,
  HijackedStream,
  HistoryItem,
  ImageConfig,
  ImageInspect,
  ImageSearchResult,
  ImageSummary,
  ListContainersOptions,
  LogFrame,
  LogsOptions,
  NetworkResource,
  PullProgress,
  RegistryAuth,
  SystemDataUsage,
  SystemInfo,
  SystemVersion,
  Volume,
} from "../api/types";
import { archivePath, extractArchive, statPath } from "./archive";
import { type BuildBase, BuildError, Builder, type HistoryEntry, layerFromUpper, qualify } from "./build";
import { applyChanges } from "./commit";
import { EventLog, matchesEvent, notAfter, parseApiTime, pastEvents } from "./events";
import { findRepo, findTag, HUB, type HubImageSpec, type MaterialisedLayer, materialiseLayer, searchHub } from "./hub";
import { identityPrograms, type ProcessUser, ROOT, resolveUser, UserFs } from "./identity";
import { generateName } from "./names";
import type { EcrRegistry, RegistryImage } from "./registry";
import {
  containerView,
  fsBytes,
  mountPoints,
  NetworkStore,
  type ResolvedMount,
  resolveMounts,
  VolumeStore,
} from "./resources";

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
  /** The image a commit was made on (images from commits and classic builds have a parent). */
  parent?: string;
  comment?: string;
  author?: string;
}

interface ProcessHandle {
  pid: number;
  argv: string[];
  started: number;
  kill: AbortController;
  signalHandler: ((sig: string) => void) | null;
  done: Promise<number>;
  /** The signal that ended it (exit status 128 + n). */
  killSignal?: number;
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
  /** The main process was OOM-killed (State.OOMKilled); cleared when it starts again. */
  oomKilled: boolean;
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
  /** The container's view of time: frozen while paused. */
  clock: PausableClock;
  /** Output written while paused, delivered on unpause. */
  held: ["stdout" | "stderr", string][];
  /** Signals sent while paused, delivered on unpause. */
  pendingSignals: number[];
  /** docker stop / kill: the restart policy must not bring it back. */
  manualStop: boolean;
  /** A restart the policy has scheduled (cancelled by stop, kill, rm). */
  restartTimer: AbortController | null;
  /** Restart back-off: 100 ms, doubling, reset after 10 s of running (moby's restartmanager). */
  restartDelay: number;
  /** Who the main process runs as (resolved at start). */
  user: ProcessUser;
  /** Files each non-root uid created (it may change them again). */
  owned: Map<number, Set<string>>;
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
  private readonly eventLog = new EventLog();
  /** Host pids of container processes (five digits, as on a host that has been up a while). */
  private nextPid = 23_140;
  private nextSeq = 1;
  readonly daemonId: string;
  readonly network: Network;
  readonly volumes: VolumeStore;
  readonly networkStore: NetworkStore;

  /** When the machine (and its kernel) came up: `uptime` in containers counts from here. */
  private readonly bootedAt: number;

  constructor(private readonly o: SimEngineOptions) {
    this.bootedAt = o.clock.now();
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

  private lastEventNano = 0;

  private emit(type: EngineEvent["Type"], action: string, id: string, attrs: Record<string, string> = {}): void {
    const now = this.o.clock.now();
    // Times that never repeat (a microsecond apart at least), so --since/--until and ordering behave
    // as on a real daemon. (Nanoseconds since 1970 exceed a double's 53 bits: µs are what survives.)
    const nano = Math.max(now * 1e6, this.lastEventNano + 1000);
    this.lastEventNano = nano;
    const sorted = Object.fromEntries(Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const e: EngineEvent = {
      ...(type === "container" || type === "image" ? { status: action, id } : {}),
      ...(type === "container" && attrs.image !== undefined ? { from: attrs.image } : {}),
      Type: type,
      Action: action,
      Actor: { ID: id, Attributes: sorted },
      scope: "local",
      time: Math.floor(nano / 1e9),
      timeNano: nano,
    };
    this.eventLog.add(e);
    for (const l of [...this.listeners]) l(e);
  }

  /** A container event with the attributes moby adds to all of them: its labels, image and name. */
  private containerEvent(c: Container, action: string, extra: Record<string, string> = {}): void {
    this.emit("container", action, c.id, {
      ...(c.config.Labels ?? {}),
      ...(c.image.config.Labels ?? {}),
      image: c.imageRef,
      name: c.name,
      ...extra,
    });
  }

  async events(opts: EventsOptions, onEvent: (e: EngineEvent) => void, signal?: AbortSignal): Promise<void> {
    const until = parseApiTime(opts.until);
    const since = parseApiTime(opts.since);
    if (opts.since !== undefined && opts.since !== "" && since === undefined)
      throw badRequest(`failed to parse value as time or duration: "${opts.since}"`);
    for (const e of pastEvents(this.eventLog, opts)) onEvent(e);
    const nowNano = () => this.o.clock.now() * 1e6;
    if (signal?.aborted || (until !== undefined && Math.floor(until / 1e6) <= this.o.clock.now())) return;
    await new Promise<void>((resolve) => {
      const stop = new AbortController();
      const finish = () => {
        this.listeners.delete(listener);
        stop.abort();
        resolve();
      };
      const listener = (e: EngineEvent) => {
        if (!notAfter(e, until)) return;
        if (matchesEvent(e, opts.filters)) onEvent(e);
      };
      this.listeners.add(listener);
      signal?.addEventListener("abort", finish, { once: true });
      if (until !== undefined)
        this.o.clock.sleep(Math.max(0, Math.ceil((until - nowNano()) / 1e6)), stop.signal).then(finish, () => {});
    });
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
        ParentId: i.parent ?? "",
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
    // moby's image inspect wraps ErrImageDoesNotExist: "no such image: x: No such image: x:latest".
    if (!img) throw notFound(`no such image: ${name}: No such image: ${noSuchImageRef(name)}`);
    return {
      Id: img.id,
      RepoTags: [...img.repoTags],
      RepoDigests: [...img.repoDigests],
      Parent: img.parent ?? "",
      Comment: img.comment ?? "",
      Created: img.created,
      DockerVersion: "",
      Author: img.author ?? "",
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
      await this.transfer("Downloading", short, l.compressedSize, onProgress);
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
    if (!img) throw notFound(`No such image: ${noSuchImageRef(name)}`);
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
    // A committed image's parent, while it is still here, names its own part of the history.
    let own = img.history.length;
    for (
      let p = img.parent ? this.images.get(img.parent) : undefined;
      p;
      p = p.parent ? this.images.get(p.parent) : undefined
    ) {
      const at = own - p.history.length;
      if (at < 0 || at >= out.length) break;
      out[at].Id = p.id;
      out[at].Tags = p.repoTags.length ? [...p.repoTags] : null;
      own = p.history.length;
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
      await this.transfer("Pushing", short, l.compressedSize, onProgress);
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

  /** A layer moving to or from a registry: three progress steps, paced by its size on the clock. */
  private async transfer(
    status: "Downloading" | "Pushing",
    id: string,
    total: number,
    onProgress: (p: PullProgress) => void,
  ): Promise<void> {
    for (const frac of [0.3, 0.7, 1]) {
      await this.o.clock.sleep(Math.min(120, 10 + total / 2_000_000));
      onProgress({
        status,
        id,
        progressDetail: { current: Math.round(total * frac), total },
        progress: bar(total * frac, total),
      });
    }
  }

  private untagEverywhere(tag: string): void {
    for (const img of this.images.values()) img.repoTags = img.repoTags.filter((t) => t !== tag);
  }

  /** Images whose parent is `id` (only commits record a parent, as classic builds did). */
  private children(id: string): StoredImage[] {
    return [...this.images.values()].filter((i) => i.parent === id);
  }

  /**
   * DELETE /images/{name}, as moby's ImageService.ImageDelete: a tag is untagged first
   * (refused while a container uses the image and it is the only reference, unless forced);
   * an ID deletes the image, refused on hard conflicts (child images, running containers)
   * and, unless forced, on soft ones (stopped containers, references in several repositories).
   */
  async imageDelete(
    name: string,
    opts: { force?: boolean; noprune?: boolean } = {},
  ): Promise<{ Untagged?: string; Deleted?: string }[]> {
    const img = this.findImage(name);
    if (!img) throw notFound(`No such image: ${noSuchImageRef(name)}`);
    const records: { Untagged?: string; Deleted?: string }[] = [];
    const force = !!opts.force;
    const using = () => [...this.containers.values()].find((c) => c.image.id === img.id);
    const isIdPrefix = img.id.startsWith(name) || img.id.slice(7).startsWith(name);
    let removedRepositoryRef = false;
    if (!isIdPrefix) {
      if (!force && isSingleReference(img)) {
        const c = using();
        if (c)
          throw conflict(
            `conflict: unable to remove repository reference "${name}" (must force) - container ${c.id.slice(0, 12)} is using its referenced image ${img.id.slice(7, 19)}`,
          );
      }
      let tagged: string;
      try {
        tagged = familiarString(parseReference(name));
      } catch (e) {
        throw badRequest((e as Error).message);
      }
      img.repoTags = img.repoTags.filter((t) => t !== tagged);
      img.repoDigests = img.repoDigests.filter((d) => d !== tagged);
      records.push({ Untagged: tagged });
      this.emit("image", "untag", img.id, { name: img.id });
      // The last tag of a repository takes that repository's digest references with it.
      if (!img.repoTags.some((t) => sameRepo(t, tagged))) {
        for (const d of img.repoDigests.filter((d) => sameRepo(d, tagged))) records.push({ Untagged: d });
        img.repoDigests = img.repoDigests.filter((d) => !sameRepo(d, tagged));
      }
      if (img.repoTags.length || img.repoDigests.length) return records;
      removedRepositoryRef = true;
    } else if (isSingleReference(img)) {
      const conflictMsg = this.deleteConflict(img, force ? "hard" : "hard+stopped");
      if (conflictMsg) throw conflict(conflictMsg.message);
      for (const t of img.repoTags) {
        records.push({ Untagged: t });
        this.emit("image", "untag", img.id, { name: img.id });
      }
      for (const d of img.repoDigests) records.push({ Untagged: d });
      img.repoTags = [];
      img.repoDigests = [];
    }
    this.imageDeleteHelper(img, records, force, !opts.noprune, removedRepositoryRef);
    return records;
  }

  /** moby's checkImageDeleteConflict: the first conflict of the given severity, or null. */
  private deleteConflict(
    img: StoredImage,
    mask: "hard" | "hard+stopped" | "all",
  ): { message: string; used: boolean } | null {
    const short = img.id.slice(7, 19);
    if (this.children(img.id).length)
      return {
        message: `conflict: unable to delete ${short} (cannot be forced) - image has dependent child images`,
        used: false,
      };
    const running = [...this.containers.values()].find(
      (c) => c.image.id === img.id && (c.status === "running" || c.status === "paused" || c.status === "restarting"),
    );
    if (running)
      return {
        message: `conflict: unable to delete ${short} (cannot be forced) - image is being used by running container ${running.id.slice(0, 12)}`,
        used: true,
      };
    if (mask === "hard") return null;
    if (mask === "all" && (img.repoTags.length || img.repoDigests.length))
      return {
        message: `conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories`,
        used: false,
      };
    const stopped = [...this.containers.values()].find((c) => c.image.id === img.id);
    if (stopped)
      return {
        message: `conflict: unable to delete ${short} (must be forced) - image is being used by stopped container ${stopped.id.slice(0, 12)}`,
        used: true,
      };
    return null;
  }

  private imageDeleteHelper(
    img: StoredImage,
    records: { Untagged?: string; Deleted?: string }[],
    force: boolean,
    prune: boolean,
    quiet: boolean,
  ): void {
    const c = this.deleteConflict(img, force ? "hard" : "all");
    if (c) {
      const dangling = !img.repoTags.length && !img.repoDigests.length && !this.children(img.id).length;
      if (quiet && (!dangling || c.used)) return;
      throw conflict(c.message);
    }
    for (const t of img.repoTags) {
      records.push({ Untagged: t });
      this.emit("image", "untag", img.id, { name: img.id });
    }
    for (const d of img.repoDigests) records.push({ Untagged: d });
    img.repoTags = [];
    img.repoDigests = [];
    this.images.delete(img.id);
    this.emit("image", "delete", img.id, { name: img.id });
    records.push({ Deleted: img.id });
    const remaining = new Set<string>();
    for (const i of this.images.values()) for (const l of i.layers) remaining.add(l.diffId);
    const gone = new Set<string>();
    for (const l of img.layers)
      if (!remaining.has(l.diffId) && !gone.has(l.diffId)) {
        gone.add(l.diffId);
        records.push({ Deleted: layerChainId(img.layers, l) });
      }
    if (!prune || !img.parent) return;
    const parent = this.images.get(img.parent);
    if (parent) this.imageDeleteHelper(parent, records, false, true, true);
  }

  /** Size of layers a delete record freed (for prune's SpaceReclaimed). */
  private freedBytes(records: { Deleted?: string }[], layersBefore: Map<string, MaterialisedLayer>): number {
    let n = 0;
    for (const r of records) {
      const l = r.Deleted ? layersBefore.get(r.Deleted) : undefined;
      if (l) n += l.size;
    }
    return n;
  }

  /** Every layer by chain id (what a Deleted record names). */
  private layersByChainId(): Map<string, MaterialisedLayer> {
    const m = new Map<string, MaterialisedLayer>();
    for (const i of this.images.values()) for (const l of i.layers) m.set(layerChainId(i.layers, l), l);
    return m;
  }

  async imagePrune(
    opts: { filters?: Record<string, string[]> } = {},
  ): Promise<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed: number }> {
    const f = opts.filters ?? {};
    for (const k of Object.keys(f))
      if (!["dangling", "until", "label", "label!"].includes(k)) throw badRequest(`invalid filter '${k}'`);
    const danglingOnly = !(f.dangling ?? []).some((v) => v === "false" || v === "0");
    const until = f.until?.length ? parseUntil(f.until[0], this.o.clock.now()) : undefined;
    const layersBefore = this.layersByChainId();
    const deleted: { Untagged?: string; Deleted?: string }[] = [];
    const candidates = [...this.images.values()].filter((img) => {
      if (danglingOnly && this.children(img.id).length) return false;
      if (!img.repoTags.length && this.children(img.id).length) return false;
      if (until !== undefined && Date.parse(img.created) > until) return false;
      if (!matchLabels(img.config.Labels ?? {}, f)) return false;
      return true;
    });
    for (const img of candidates) {
      if (!this.images.has(img.id)) continue;
      try {
        if (img.repoTags.length || img.repoDigests.length) {
          if (danglingOnly && img.repoTags.length) continue;
          for (const ref of [...img.repoTags, ...img.repoDigests]) {
            if (!this.images.has(img.id)) break;
            deleted.push(...(await this.imageDelete(ref, { force: false })));
          }
        } else deleted.push(...(await this.imageDelete(img.id.slice(7), { force: false })));
      } catch (e) {
        if (!(e instanceof EngineError) || e.statusCode !== 409) throw e;
      }
    }
    this.emit("image", "prune", "", { reclaimed: String(this.freedBytes(deleted, layersBefore)) });
    return { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: this.freedBytes(deleted, layersBefore) };
  }

  async imageSearch(opts: {
    term: string;
    limit?: number;
    filters?: Record<string, string[]>;
  }): Promise<ImageSearchResult[]> {
    const limit = opts.limit || 25;
    if (limit < 1 || limit > 100) throw badRequest(`limit ${limit} is outside the range of [1, 100]`);
    const f = opts.filters ?? {};
    for (const k of Object.keys(f))
      if (!["stars", "is-official", "is-automated"].includes(k)) throw badRequest(`invalid filter '${k}'`);
    const bool = (k: string) => {
      const v = f[k]?.[0];
      if (v === undefined) return undefined;
      if (v !== "true" && v !== "false" && v !== "1" && v !== "0") throw badRequest(`invalid filter '${k}=${v}'`);
      return v === "true" || v === "1";
    };
    const official = bool("is-official");
    const automated = bool("is-automated");
    let minStars = 0;
    for (const v of f.stars ?? []) {
      if (!/^\d+$/.test(v)) throw badRequest(`invalid filter 'stars=${v}'`);
      minStars = Math.max(minStars, Number(v));
    }
    return searchHub(opts.term)
      .filter((r) => (official === undefined || r.official === official) && automated !== true && r.stars >= minStars)
      .slice(0, limit)
      .map((r) => ({
        name: r.name,
        description: r.description,
        star_count: r.stars,
        is_official: r.official,
        is_automated: false,
      }));
  }

  async buildPrune(
    opts: { all?: boolean; filters?: Record<string, string[]> } = {},
  ): Promise<{ CachesDeleted: string[] | null; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let space = 0;
    for (const [key, step] of [...this.buildCache]) {
      const id = sha256Hex(`cache:${key}`).slice(0, 25);
      // Without --all only what no image uses any more goes (dangling cache).
      const used =
        step.layer && [...this.images.values()].some((i) => i.layers.some((l) => l.diffId === step.layer?.diffId));
      if (!opts.all && used) continue;
      this.buildCache.delete(key);
      deleted.push(id);
      space += step.layer?.size ?? 0;
    }
    return { CachesDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
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

  /** The daemon's verifyContainerSettings: resources and restart policy, before anything is created. */
  private verifySettings(body: ContainerCreateBody): void {
    // moby's verifyContainerSettings: the config first (before the image is looked up, so
    // `docker run -w app busybox` fails here, not on a pull).
    if (body.WorkingDir && !body.WorkingDir.startsWith("/"))
      throw badRequest(`the working directory '${body.WorkingDir}' is invalid, it needs to be an absolute path`);
    const hc = body.HostConfig ?? {};
    if (hc.Memory && hc.Memory > 0 && hc.Memory < 6 * 1024 * 1024)
      throw badRequest("Minimum memory limit allowed is 6MB");
    const ncpu = 2;
    if (hc.NanoCpus && (hc.NanoCpus < 0 || hc.NanoCpus > ncpu * 1e9 || hc.NanoCpus < 1e7))
      throw badRequest(`range of CPUs is from 0.01 to ${ncpu}.00, as there are only ${ncpu} CPUs available`);
    const rp = hc.RestartPolicy;
    if (rp) {
      const n = rp.MaximumRetryCount ?? 0;
      switch (rp.Name) {
        case "always":
        case "unless-stopped":
        case "no":
          if (n !== 0)
            throw badRequest(
              `invalid restart policy: maximum retry count can only be used with 'on-failure'${n < 0 ? " and cannot be negative" : ""}`,
            );
          break;
        case "on-failure":
          if (n < 0) throw badRequest("invalid restart policy: maximum retry count cannot be negative");
          break;
        case "":
          break;
        default:
          throw badRequest(
            `invalid restart policy: unknown policy '${rp.Name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`,
          );
      }
      if (hc.AutoRemove && rp.Name !== "no" && rp.Name !== "")
        throw badRequest("can't create 'AutoRemove' container with restart policy");
    }
  }

  async containerCreate(body: ContainerCreateBody, opts: { name?: string } = {}): Promise<ContainerCreateResponse> {
    this.verifySettings(body);
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
    const mode = body.HostConfig?.NetworkMode;
    const networkMode = !mode || mode === "default" ? "bridge" : mode;
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
      oomKilled: false,
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
      clock: new PausableClock(this.o.clock),
      held: [],
      pendingSignals: [],
      manualStop: false,
      restartTimer: null,
      restartDelay: 100,
      user: ROOT,
      owned: new Map(),
    };
    this.containers.set(id, c);
    this.containerEvent(c, "create");
    return { Id: id, Warnings: [] };
  }

  /** What a container can run besides just-bash's commands: the machine's programs plus userland ones (id, whoami). */
  private containerPrograms(): Record<string, Program> {
    return { ...USERLAND_PROGRAMS, ...this.o.programs };
  }

  /**
   * What a process of this container sees. `user` is who it runs as: `id` and `whoami`
   * answer for it, and a non-root user's writes go through UserFs. The main process's
   * sleeps are in the background until someone watches the container; an exec'd
   * process is waited for by its client (`foreground`). Both stop while paused.
   */
  private sandbox(c: Container, o: { user?: ProcessUser; foreground?: boolean } = {}): Sandbox {
    const user = o.user ?? c.user;
    const readText = (p: string) => c.fs.readText(p);
    const owned = c.owned.get(user.uid) ?? new Set<string>();
    c.owned.set(user.uid, owned);
    const asUser = user.uid === 0 ? null : new UserFs(c.view ?? c.fs, owned);
    const foreground = o.foreground ? () => true : () => c.watchers > 0;
    return {
      id: c.id,
      fs: c.fs,
      get view() {
        return asUser ?? c.view ?? undefined;
      },
      hostname: c.hostname,
      programs: { ...this.containerPrograms(), ...identityPrograms(user, readText) },
      ownerOf: (p) => {
        for (const [uid, paths] of c.owned) if (uid !== 0 && paths.has(p)) return uid;
        return undefined;
      },
      // runc mounts proc, sysfs and a tmpfs /dev when the container starts.
      mountPoint: (p) => {
        const mtime = c.startedAt || this.o.clock.now();
        if (p === "/proc") return { mode: 0o555, size: 0, nlink: 127 + this.processList(c).length, mtime };
        if (p === "/sys") return { mode: 0o555, size: 0, nlink: 12, mtime };
        if (p === "/dev") return { mode: 0o755, size: 320, nlink: 5, mtime };
        return undefined;
      },
      clock: {
        now: () => this.o.clock.now(),
        sleep: (ms, signal) => c.clock.sleep(ms, signal, { foreground }),
      },
      kernelRelease: KERNEL_RELEASE,
      bootedAt: this.bootedAt,
      network: this.network,
      netns: c.networks.has("host") ? this.network.host : c.netns,
      processes: () => this.processList(c),
      memoryLimit: c.config.HostConfig?.Memory ?? 0,
    };
  }

  /** The container's pid namespace: PID 1 (docker-init with --init), then exec'd processes. */
  private processList(c: Container): ProcessEntry[] {
    const list: ProcessEntry[] = [];
    const who = (u: ProcessUser) => u.name ?? String(u.uid);
    const argv = [c.path, ...c.args];
    if (c.main) {
      if (c.config.HostConfig?.Init) {
        list.push({ pid: 1, user: "root", argv: ["/sbin/docker-init", "--", ...argv], started: c.main.started });
        list.push({ pid: 7, user: who(c.user), argv, started: c.main.started });
      } else list.push({ pid: 1, user: who(c.user), argv, started: c.main.started });
    }
    let n = list.length > 1 ? 8 : 2;
    for (const e of c.execs.values()) list.push({ pid: n++ + 5, user: who(c.user), argv: e.argv, started: e.started });
    return list;
  }

  private record(c: Container, stream: "stdout" | "stderr", data: string): void {
    if (!data) return;
    if (c.status === "paused") {
      // A frozen process writes nothing: what was already in flight comes out on unpause.
      c.held.push([stream, data]);
      return;
    }
    c.logs.push({ stream, text: data, time: rfc3339Nano(this.o.clock.now()) });
    if (c.logs.length > 5000) c.logs.splice(0, c.logs.length - 5000);
    for (const l of [...c.outputListeners]) l(stream, data);
  }

  async containerStart(id: string): Promise<void> {
    const c = this.lookup(id);
    if (c.status === "running" || c.status === "restarting") return;
    if (c.status === "paused") throw conflict(`cannot start a paused container, try unpause instead`);
    c.manualStop = false;
    c.restartDelay = 100;
    await this.startMain(c);
  }

  /** Start the main process (docker start, or the restart policy bringing it back). */
  private async startMain(c: Container): Promise<void> {
    // Resolve the executable first: runc fails before the container runs.
    try {
      resolveExecutable(c.fs, c.path, c.env);
    } catch (e) {
      if (e instanceof ExecError) {
        c.exitCode = e.exitCode;
        c.status = c.status === "created" ? "created" : "exited";
        // Current engines (containerd 1.7+, runc 1.2) word it like this; Engine 20.10 said
        // "failed to create shim task: … unable to start container process: exec: …: unknown".
        throw new EngineError(
          400,
          `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${e.message}`,
        );
      }
      throw e;
    }
    // The user is looked up in the container's own passwd and group files when it starts.
    try {
      c.user = resolveUser(c.config.User || c.image.config.User, (p) => c.fs.readText(p));
    } catch (e) {
      c.exitCode = 128;
      c.status = c.status === "created" ? "created" : "exited";
      throw e;
    }
    if (!this.explicitHome(c)) c.env.HOME = c.user.home;
    try {
      this.connectNetwork(c);
    } catch (e) {
      c.exitCode = 128;
      throw e;
    }
    const hostFs = this.o.hostFs?.();
    const readOnly = !!c.config.HostConfig?.ReadonlyRootfs;
    c.view =
      hostFs || c.mounts.length || readOnly
        ? await containerView(c.fs, c.mounts, this.volumes, hostFs ?? c.fs, readOnly)
        : null;
    await this.writeEtcFiles(c);
    const sandbox = this.sandbox(c);
    c.status = "running";
    c.oomKilled = false;
    c.startedAt = this.o.clock.now();
    c.finishedAt = 0;
    c.pid = this.nextPid++;
    const [rows, cols] = c.config.HostConfig?.ConsoleSize ?? [0, 0];
    c.pty = c.config.Tty ? new Pty(cols || 80, rows || 24) : null;
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
    // The main process out of memory: the cgroup's OOM killer (dockerd reports `oom`, then `die` 137).
    sandbox.onOom = () => {
      if (c.main !== handle) return;
      c.oomKilled = true;
      this.containerEvent(c, "oom");
      this.deliverSignal(c, handle, 9);
    };
    const stdinPromise = c.config.OpenStdin && !c.config.Tty ? this.collectStdin(c) : Promise.resolve(null);
    handle.done = (async () => {
      const stdin = await stdinPromise;
      return runProcess({
        sandbox,
        argv: handle.argv,
        env: c.env,
        cwd: c.config.WorkingDir || c.image.config.WorkingDir || "/",
        pid: c.config.HostConfig?.Init ? 7 : 1,
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
      if (!kill.signal.aborted) this.record(c, "stderr", `${(e as Error).message}\n`);
      return kill.signal.aborted ? 128 + (handle.killSignal ?? 9) : 1;
    });
    this.containerEvent(c, "start");
    void handle.done.then((code) =>
      this.onMainExit(c, handle, kill.signal.aborted ? 128 + (handle.killSignal ?? 9) : code),
    );
  }

  /** Did the image or `-e` set HOME? Otherwise it follows the user's passwd entry. */
  private explicitHome(c: Container): boolean {
    return [...c.image.config.Env, ...(c.config.Env ?? [])].some((kv) => kv.startsWith("HOME="));
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
      // The daemon's init layer also links /etc/mtab to the kernel's mount table.
      if (!(await c.fs.lstat("/etc/mtab").catch(() => null))) await c.fs.symlink("/proc/mounts", "/etc/mtab");
      if (!(await c.fs.exists("/.dockerenv"))) {
        await c.fs.writeFile("/.dockerenv", "");
        await c.fs.chmod("/.dockerenv", 0o755);
      }
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
      this.networkEvent(net, "connect", c);
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
      if (ep.ip) this.networkEvent(net, "disconnect", c);
      ep.ip = "";
    }
    c.netns.listeners.clear();
    c.published = [];
  }

  private networkEvent(net: string, action: "connect" | "disconnect", c: Container): void {
    const n = this.networkStore.networks.get(net);
    if (n) this.emit("network", action, n.id, { container: c.id, name: n.name, type: n.driver });
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
    this.flushHeld(c);
    c.clock.thaw();
    c.pendingSignals = [];
    this.disconnectNetwork(c);
    const ranFor = this.o.clock.now() - c.startedAt;
    c.exitCode = code;
    c.finishedAt = this.o.clock.now();
    c.pid = 0;
    c.pty = null;
    const restart = this.shouldRestart(c, code);
    c.status = restart ? "restarting" : "exited";
    this.containerEvent(c, "die", { exitCode: String(code) });
    const waiters = c.waiters;
    c.waiters = [];
    for (const w of waiters) w();
    if (restart) this.scheduleRestart(c, ranFor);
    else if (c.config.HostConfig?.AutoRemove) void this.removeContainer(c);
  }

  /** moby's restartmanager: always and unless-stopped restart, on-failure[:N] on a non-zero exit; never after stop or kill. */
  private shouldRestart(c: Container, code: number): boolean {
    const rp = c.config.HostConfig?.RestartPolicy;
    if (!rp || c.manualStop || c.removed) return false;
    if (rp.Name === "always" || rp.Name === "unless-stopped") return true;
    if (rp.Name === "on-failure") return code !== 0 && (!rp.MaximumRetryCount || c.restartCount < rp.MaximumRetryCount);
    return false;
  }

  /** Restart after a back-off (100 ms, doubling up to a minute; back to 100 ms after 10 s of running). */
  private scheduleRestart(c: Container, ranFor: number): void {
    if (ranFor >= 10_000) c.restartDelay = 100;
    const delay = c.restartDelay;
    c.restartDelay = Math.min(c.restartDelay * 2, 60_000);
    const timer = new AbortController();
    c.restartTimer = timer;
    // The restart is the container's own business: it waits like its processes do (only while watched).
    this.o.clock.sleep(delay, timer.signal, { foreground: () => c.watchers > 0 }).then(
      async () => {
        if (c.restartTimer !== timer) return;
        c.restartTimer = null;
        if (c.status !== "restarting" || c.removed) return;
        c.restartCount++;
        try {
          await this.startMain(c);
        } catch (e) {
          c.status = "exited";
          this.record(c, "stderr", `${(e as Error).message}\n`);
        }
      },
      () => {},
    );
  }

  /** Stop a pending restart: the container stays exited. */
  private cancelRestart(c: Container): void {
    c.restartTimer?.abort();
    c.restartTimer = null;
    if (c.status === "restarting") c.status = "exited";
  }

  private flushHeld(c: Container): void {
    const held = c.held.splice(0);
    const status = c.status;
    if (status === "paused") c.status = "running";
    for (const [stream, data] of held) this.record(c, stream, data);
    c.status = status;
  }

  private async removeContainer(c: Container, removeAnonymousVolumes = false): Promise<void> {
    if (c.removed) return;
    c.removed = true;
    this.containers.delete(c.id);
    if (removeAnonymousVolumes || c.config.HostConfig?.AutoRemove)
      for (const m of c.mounts)
        if (m.name && this.volumes.volumes.get(m.name)?.anonymous) this.volumes.volumes.delete(m.name);
    this.containerEvent(c, "destroy");
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
        Running: c.status === "running" || c.status === "paused" || c.status === "restarting",
        Paused: c.status === "paused",
        Restarting: c.status === "restarting",
        OOMKilled: c.oomKilled,
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
      HostConfig: inspectHostConfig(c.config.HostConfig ?? {}),
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

  /**
   * Send a signal to the main process. PID 1 has no default signal actions, so a signal it
   * does not handle is ignored, unless `--init` made docker-init PID 1: it forwards the
   * signal and the process gets the default action (terminate, 128 + n). SIGKILL always
   * works; other signals wait while the container is frozen.
   */
  private deliverSignal(c: Container, h: ProcessHandle, sig: number): void {
    if (sig === 9) {
      h.killSignal = 9;
      h.kill.abort();
      return;
    }
    if (c.status === "paused") {
      c.pendingSignals.push(sig);
      return;
    }
    if (h.signalHandler) {
      h.signalHandler(Object.keys(SIGNALS).find((k) => SIGNALS[k] === sig) ?? String(sig));
      return;
    }
    if (c.config.HostConfig?.Init && sig !== 19) {
      h.killSignal = sig;
      h.kill.abort();
    }
  }

  async containerStop(id: string, opts: { t?: number; signal?: string } = {}): Promise<void> {
    const c = this.lookup(id);
    c.manualStop = true;
    if (c.status === "restarting") {
      this.cancelRestart(c);
      this.containerEvent(c, "stop");
      return;
    }
    if (c.status !== "running" && c.status !== "paused") return;
    const main = c.main;
    if (!main) return;
    const stopSignal = signalNumber(opts.signal ?? c.image.config.StopSignal ?? "SIGTERM") ?? 15;
    this.containerEvent(c, "kill", { signal: String(stopSignal) });
    // The daemon thaws a paused container so that it receives its stop signal.
    if (c.status === "paused") this.thaw(c);
    this.deliverSignal(c, main, stopSignal);
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
      this.containerEvent(c, "kill", { signal: "9" });
      this.deliverSignal(c, main, 9);
      await main.done;
    }
    await this.settle(c);
    this.containerEvent(c, "stop");
  }

  /** Let the exit handler run (it is chained after the process promise). */
  private async settle(c: Container): Promise<void> {
    for (let i = 0; i < 5 && c.status === "running"; i++) await Promise.resolve();
    await new Promise<void>((r) => setTimeout(r, 0));
  }

  async containerRestart(id: string, opts: { t?: number; signal?: string } = {}): Promise<void> {
    const c = this.lookup(id);
    await this.containerStop(c.id, opts);
    await this.containerStart(c.id);
    this.containerEvent(c, "restart");
  }

  async containerKill(id: string, opts: { signal?: string } = {}): Promise<void> {
    // moby parses the signal in the API router, before it looks the container up.
    const sigName = opts.signal ?? "SIGKILL";
    const sig = signalNumber(sigName);
    if (sig === undefined) throw badRequest(`Invalid signal: ${sigName}`);
    const c = this.lookup(id);
    if (c.status === "restarting") {
      c.manualStop = true;
      this.cancelRestart(c);
      return;
    }
    if ((c.status !== "running" && c.status !== "paused") || !c.main)
      throw conflict(`Cannot kill container: ${id}: container ${c.id} is not running`);
    const stopSignal = signalNumber(c.image.config.StopSignal ?? "SIGTERM") ?? 15;
    // SIGKILL or the stop signal: the restart policy must not bring it back (moby's ExitOnNext).
    if (sig === 9 || sig === stopSignal) {
      c.manualStop = true;
      if (c.status === "paused") this.thaw(c);
    }
    this.containerEvent(c, "kill", { signal: String(sig) });
    this.deliverSignal(c, c.main, sig);
    if (sig === 9) {
      await c.main?.done;
      await this.settle(c);
    }
  }

  async containerDelete(id: string, opts: { force?: boolean; v?: boolean } = {}): Promise<void> {
    const c = this.lookup(id);
    if ((c.status === "running" || c.status === "paused" || c.status === "restarting") && !opts.force) {
      throw conflict(
        `cannot remove container "/${c.name}": container is ${c.status === "restarting" ? "restarting" : "running"}: stop the container before removing or force remove`,
      );
    }
    c.manualStop = true;
    this.cancelRestart(c);
    if (c.main) {
      c.config.HostConfig = { ...(c.config.HostConfig ?? {}), AutoRemove: false };
      this.containerEvent(c, "kill", { signal: "9" });
      if (c.status === "paused") this.thaw(c);
      this.deliverSignal(c, c.main, 9);
      await c.main.done;
      await this.settle(c);
    }
    await this.removeContainer(c, !!opts.v);
  }

  async containerPause(id: string): Promise<void> {
    const c = this.lookup(id);
    if (c.status === "restarting")
      throw conflict(`Container ${c.id} is restarting, wait until the container is running`);
    if (c.status !== "running" && c.status !== "paused") throw conflict(`container ${c.id} is not running`);
    if (c.status === "paused") throw conflict(`Container ${c.id} is already paused`);
    c.status = "paused";
    c.clock.freeze();
    this.containerEvent(c, "pause");
  }

  async containerUnpause(id: string): Promise<void> {
    const c = this.lookup(id);
    if (c.status !== "paused") {
      if (c.status !== "running") throw conflict(`container ${c.id} is not running`);
      throw conflict(`Container ${c.id} is not paused`);
    }
    this.thaw(c);
  }

  /** Resume a frozen container: sleeps end, held output and signals are delivered. */
  private thaw(c: Container): void {
    c.status = "running";
    c.clock.thaw();
    this.flushHeld(c);
    this.containerEvent(c, "unpause");
    const pending = c.pendingSignals.splice(0);
    for (const sig of pending) if (c.main) this.deliverSignal(c, c.main, sig);
  }

  async containerRename(id: string, opts: { name: string }): Promise<void> {
    const newName = opts.name;
    if (!id || !newName) throw badRequest("Neither old nor new names may be empty");
    const c = this.lookup(id);
    const want = newName.replace(/^\//, "");
    if (want === c.name) throw badRequest("Renaming a container with the same name as its current name");
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(want))
      throw badRequest(
        `Error when allocating new name: Invalid container name (/${want}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      );
    const holder = [...this.containers.values()].find((x) => x.name === want);
    if (holder)
      throw conflict(
        `Error when allocating new name: Conflict. The container name "/${want}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    const old = c.name;
    c.name = want;
    // On user-defined networks the container answers to its new name.
    // (The bridge holds the same alias array: change it in place.)
    for (const ep of c.networks.values()) {
      const i = ep.aliases.indexOf(old);
      if (i >= 0) ep.aliases[i] = want;
    }
    this.containerEvent(c, "rename", { oldName: `/${old}` });
  }

  async containerWait(
    id: string,
    opts: { condition?: "not-running" | "next-exit" | "removed" } = {},
  ): Promise<ContainerWaitResponse> {
    const c = this.lookup(id);
    const cond = opts.condition ?? "not-running";
    // A restarting container still counts as running (moby sets Running and Restarting).
    const alive = () => c.status === "running" || c.status === "paused" || c.status === "restarting";
    if (cond === "not-running" && !alive()) return { StatusCode: c.exitCode };
    if (cond === "removed" && c.removed) return { StatusCode: c.exitCode };
    const unwatch = this.watch(c);
    await new Promise<void>((resolve) => {
      const w = () => {
        if (cond === "removed" && !c.removed && c.config.HostConfig?.AutoRemove) c.waiters.push(w);
        else if (cond === "not-running" && !c.removed && alive()) c.waiters.push(w);
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
    if (!opts.follow || (c.status !== "running" && c.status !== "paused")) return;
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
    this.containerEvent(c, "attach");
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

  async containerTop(id: string, opts: { ps_args?: string } = {}): Promise<ContainerTop> {
    const c = this.lookup(id);
    if (c.status !== "running" && c.status !== "paused") throw conflict(`container ${c.id} is not running`);
    const now = this.o.clock.now();
    const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
    const shim = c.pid - 19;
    const procs = this.processList(c).map((p, i) => {
      const hostPid = c.pid + i * 37;
      const argv0 = p.argv[0]?.split("/").pop() ?? "";
      const mem = processMemory(argv0);
      return {
        p,
        hostPid,
        // Under --init the main process is docker-init's child; everything else the shim's.
        ppid: c.config.HostConfig?.Init && i === 1 ? c.pid : shim,
        comm: argv0,
        args: p.argv.join(" "),
        uid: p.user === "root" ? "0" : p.user,
        user: p.user,
        tty: c.pty && i === 0 ? "pts/0" : "?",
        stime: hhmm(p.started),
        elapsed: elapsed(now - p.started),
        vsz: Math.round(mem / 1024 / 0.6),
        rss: Math.round(mem / 1024),
      };
    });
    const argsRaw = (opts.ps_args ?? "").trim();
    type Row = (typeof procs)[number];
    const columns: Record<string, [string, (r: Row) => string]> = {
      pid: ["PID", (r) => String(r.hostPid)],
      ppid: ["PPID", (r) => String(r.ppid)],
      user: ["USER", (r) => r.user],
      uid: ["UID", (r) => (r.user === "root" ? "0" : r.uid)],
      comm: ["COMMAND", (r) => r.comm],
      ucmd: ["CMD", (r) => r.comm],
      args: ["COMMAND", (r) => r.args],
      command: ["COMMAND", (r) => r.args],
      cmd: ["CMD", (r) => r.args],
      etime: ["ELAPSED", (r) => r.elapsed],
      time: ["TIME", () => "00:00:00"],
      cputime: ["TIME", () => "00:00:00"],
      tty: ["TT", (r) => r.tty],
      tname: ["TTY", (r) => r.tty],
      stat: ["STAT", (r) => (r.tty === "?" ? "Ss" : "Ss+")],
      s: ["S", () => "S"],
      pcpu: ["%CPU", () => "0.0"],
      "%cpu": ["%CPU", () => "0.0"],
      pmem: ["%MEM", () => "0.0"],
      "%mem": ["%MEM", () => "0.0"],
      rss: ["RSS", (r) => String(r.rss)],
      rssize: ["RSS", (r) => String(r.rss)],
      vsz: ["VSZ", (r) => String(r.vsz)],
      stime: ["STIME", (r) => r.stime],
      start_time: ["START", (r) => r.stime],
      c: ["C", () => "0"],
      gid: ["GID", () => "0"],
      group: ["GROUP", () => "root"],
      ni: ["NI", () => "0"],
      nice: ["NI", () => "0"],
      pri: ["PRI", () => "19"],
    };
    this.containerEvent(c, "top");
    let fields: string[];
    const o = /(?:^|\s)-?o\s*(\S+)/.exec(argsRaw) ?? /(?:^|\s)--format[=\s](\S+)/.exec(argsRaw);
    if (o) {
      fields = o[1].split(",").filter(Boolean);
      for (const f of fields)
        if (!columns[f.toLowerCase()]) throw serverError(`ps: error: unknown user-defined format specifier "${f}"`);
      if (!fields.some((f) => columns[f.toLowerCase()][0] === "PID"))
        throw serverError("Couldn't find PID field in ps output");
    } else if (/^-?a?u[x]*$|^aux$|^-?aux$/.test(argsRaw)) {
      return {
        Titles: ["USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"],
        Processes: procs.map((r) => [
          r.user,
          String(r.hostPid),
          "0.0",
          "0.0",
          String(r.vsz),
          String(r.rss),
          r.tty,
          r.tty === "?" ? "Ss" : "Ss+",
          r.stime,
          "0:00",
          r.args,
        ]),
      };
    } else if (/^-?x$/.test(argsRaw)) {
      return {
        Titles: ["PID", "TTY", "STAT", "TIME", "COMMAND"],
        Processes: procs.map((r) => [String(r.hostPid), r.tty, r.tty === "?" ? "Ss" : "Ss+", "0:00", r.args]),
      };
    } else {
      return {
        Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
        Processes: procs.map((r) => [
          r.uid === "0" ? "root" : r.user,
          String(r.hostPid),
          String(r.ppid),
          "0",
          r.stime,
          r.tty,
          "00:00:00",
          r.args,
        ]),
      };
    }
    return {
      Titles: fields.map((f) => columns[f.toLowerCase()][0]),
      Processes: procs.map((r) => fields.map((f) => columns[f.toLowerCase()][1](r))),
    };
  }

  async containerStats(id: string): Promise<ContainerStatsResponse> {
    const c = this.lookup(id);
    const now = this.o.clock.now();
    const read = rfc3339Nano(now);
    const zeroCpu = { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 } };
    const base = { name: `/${c.name}`, id: c.id, blkio_stats: { io_service_bytes_recursive: null } };
    if (c.status !== "running" && c.status !== "paused")
      return {
        ...base,
        read: "0001-01-01T00:00:00Z",
        preread: "0001-01-01T00:00:00Z",
        pids_stats: {},
        cpu_stats: zeroCpu,
        precpu_stats: zeroCpu,
        memory_stats: {},
      };
    const ncpu = 2;
    const procs = this.processList(c);
    const mem = procs.reduce((sum, p) => sum + processMemory(p.argv[0]?.split("/").pop() ?? ""), 0);
    // Busy shells use a little CPU; a sleeping or paused process none.
    const busy =
      c.status === "running" && procs.some((p) => /^(sh|ash|bash|dash)$/.test(p.argv[0]?.split("/").pop() ?? ""));
    const pct = busy ? 0.01 + (Number.parseInt(c.id.slice(0, 4), 16) % 5) / 100 : 0;
    const systemNow = Math.floor(now * 1e6) * ncpu;
    const systemDelta = 1e9 * ncpu;
    const cpuNow = Math.round(((now - c.startedAt) / 1000) * 1e6 * (busy ? 10 : 1));
    const cpuDelta = Math.round(((pct / 100) * systemDelta) / ncpu);
    const uptime = Math.max(0, now - c.startedAt);
    const rx = c.ip ? 196 + 70 * Math.min(8, Math.floor(uptime / 15_000)) : 0;
    return {
      ...base,
      read,
      preread: rfc3339Nano(now - 1000),
      pids_stats: {
        current: procs.length,
        ...(c.config.HostConfig?.PidsLimit ? { limit: c.config.HostConfig.PidsLimit } : {}),
      },
      cpu_stats: {
        cpu_usage: { total_usage: cpuNow + cpuDelta, usage_in_kernelmode: 0, usage_in_usermode: cpuNow + cpuDelta },
        system_cpu_usage: systemNow,
        online_cpus: ncpu,
      },
      precpu_stats: {
        cpu_usage: { total_usage: cpuNow, usage_in_kernelmode: 0, usage_in_usermode: cpuNow },
        system_cpu_usage: systemNow - systemDelta,
        online_cpus: ncpu,
      },
      memory_stats: {
        usage: mem + 40_960,
        limit: c.config.HostConfig?.Memory || MEM_TOTAL,
        stats: { inactive_file: 40_960, anon: mem },
      },
      networks: c.ip
        ? { eth0: { rx_bytes: rx, rx_packets: Math.ceil(rx / 90), tx_bytes: 0, tx_packets: 0 } }
        : undefined,
    };
  }

  /** The writable layer as `docker diff` reports it: /etc/hosts, /etc/hostname, /etc/mtab and /.dockerenv are the daemon's, not changes. */
  private changes(c: Container): FilesystemChange[] {
    const own = new Set(["/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/etc/mtab", "/.dockerenv"]);
    const out = new Map<string, FilesystemChange>();
    for (const ch of c.fs.diff()) {
      if (own.has(ch.Path)) continue;
      // /etc itself is in the upper layer only because the daemon's files went there.
      if (ch.Path === "/etc") continue;
      out.set(ch.Path, ch);
      // A change below a directory of the image changes that directory (overlayfs copies it up).
      for (let p = ch.Path.slice(0, ch.Path.lastIndexOf("/")); p; p = p.slice(0, p.lastIndexOf("/")))
        if (!out.has(p)) {
          if (c.fs.lower.nodes.has(p)) out.set(p, { Path: p, Kind: 0 });
          else if (c.fs.upper.has(p)) out.set(p, { Path: p, Kind: 1 });
        }
    }
    return [...out.values()].sort((a, b) => (a.Path < b.Path ? -1 : a.Path > b.Path ? 1 : 0));
  }

  async containerChanges(id: string): Promise<FilesystemChange[]> {
    return this.changes(this.lookup(id));
  }

  /** Bytes in a container's writable layer (SizeRw), without the daemon's own files. */
  private sizeRw(c: Container): number {
    let n = 0;
    for (const ch of this.changes(c)) {
      const node = c.fs.upper.get(ch.Path);
      if (node?.type === "file")
        n += typeof node.content === "string" ? new TextEncoder().encode(node.content).length : node.content.length;
    }
    return n;
  }

  /** What a container's processes see (root, volumes, binds), for the archive endpoints. */
  private async viewOf(c: Container): Promise<IFileSystem> {
    if (c.view) return c.view;
    const hostFs = this.o.hostFs?.();
    return c.mounts.length && hostFs ? containerView(c.fs, c.mounts, this.volumes, hostFs) : c.fs;
  }

  async containerStatPath(id: string, path: string): Promise<ContainerPathStat> {
    const c = this.lookup(id);
    const st = await statPath(await this.viewOf(c), path);
    if (!st) throw notFound(`Could not find the file ${path} in container ${id}`);
    return st;
  }

  async containerArchive(id: string, path: string): Promise<{ stat: ContainerPathStat; archive: Archive }> {
    const c = this.lookup(id);
    const fs = await this.viewOf(c);
    const st = await statPath(fs, path);
    if (!st) throw notFound(`Could not find the file ${path} in container ${id}`);
    const archive = await archivePath(fs, path);
    this.containerEvent(c, "archive-path");
    return { stat: st, archive };
  }

  async containerExtractArchive(
    id: string,
    path: string,
    archive: Archive,
    opts: { noOverwriteDirNonDir?: boolean; copyUIDGID?: boolean } = {},
  ): Promise<void> {
    const c = this.lookup(id);
    const fs = await this.viewOf(c);
    const st = await fs.stat(path).catch(() => null);
    if (!st) throw notFound(`Could not find the file ${path} in container ${id}`);
    if (!st.isDirectory) throw badRequest("extraction point is not a directory");
    const dir = normalize(path);
    const onVolume = c.mounts.some((m) => dir === m.destination || dir.startsWith(`${m.destination}/`));
    if (c.config.HostConfig?.ReadonlyRootfs && !onVolume) throw serverError("container rootfs is marked read-only");
    await extractArchive(fs, dir, archive, { noOverwriteDirNonDir: opts.noOverwriteDirNonDir });
    this.containerEvent(c, "extract-to-dir");
  }

  async containerPrune(
    opts: { filters?: Record<string, string[]> } = {},
  ): Promise<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }> {
    const f = opts.filters ?? {};
    for (const k of Object.keys(f))
      if (!["until", "label", "label!"].includes(k)) throw badRequest(`invalid filter '${k}'`);
    const until = f.until?.length ? parseUntil(f.until[0], this.o.clock.now()) : undefined;
    if (f.until?.length && until === undefined)
      throw badRequest(`failed to parse value as time or duration: "${f.until[0]}"`);
    const deleted: string[] = [];
    let space = 0;
    for (const c of [...this.containers.values()].sort((a, b) => a.seq - b.seq)) {
      if (c.status !== "exited" && c.status !== "created" && c.status !== "dead") continue;
      if (until !== undefined && c.created > until) continue;
      if (!matchLabels(c.config.Labels ?? {}, f)) continue;
      space += this.sizeRw(c);
      await this.removeContainer(c);
      deleted.push(c.id);
    }
    this.emit("container", "prune", "", { reclaimed: String(space) });
    return { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
  }

  /**
   * POST /commit: a new image from the container's writable layer on top of its image
   * (one new layer, one history entry), its config with `changes` applied.
   */
  async containerCommit(opts: CommitOptions): Promise<{ Id: string }> {
    const c = this.lookup(opts.container);
    let tagged: string | undefined;
    if (opts.repo) {
      try {
        tagged = familiarString(parseReference(`${opts.repo}${opts.tag ? `:${opts.tag}` : ""}`));
      } catch (e) {
        throw badRequest((e as Error).message);
      }
    }
    const base: ImageConfig = {
      ...structuredClone(c.image.config),
      User: c.config.User || c.image.config.User,
      Env: Object.entries(c.env)
        .filter(
          ([k]) => k !== "HOSTNAME" && !(k === "HOME" && !this.explicitHome(c)) && !(k === "TERM" && c.config.Tty),
        )
        .map(([k, v]) => `${k}=${v}`),
      Cmd: c.config.Cmd?.length ? [...c.config.Cmd] : c.image.config.Cmd,
      Entrypoint: c.config.Entrypoint ?? c.image.config.Entrypoint,
      WorkingDir: c.config.WorkingDir || c.image.config.WorkingDir,
      Labels: { ...(c.image.config.Labels ?? {}), ...(c.config.Labels ?? {}) },
      ...(Object.keys(c.config.ExposedPorts ?? {}).length || c.image.config.ExposedPorts
        ? { ExposedPorts: { ...(c.image.config.ExposedPorts ?? {}), ...(c.config.ExposedPorts ?? {}) } }
        : {}),
    };
    if (base.Labels && !Object.keys(base.Labels).length) base.Labels = null;
    const config = applyChanges(base, opts.changes ?? []);
    const pause = opts.pause !== false && c.status === "running";
    if (pause) await this.containerPause(c.id);
    try {
      // The writable layer without the files the daemon bind-mounts (/etc/hosts, /etc/hostname).
      const upper: Layer = new Map();
      for (const ch of this.changes(c)) {
        const n = c.fs.upper.get(ch.Path);
        if (n) upper.set(ch.Path, n);
        else if (ch.Kind === 0) {
          const lowerNode = c.fs.node(ch.Path);
          if (lowerNode) upper.set(ch.Path, lowerNode);
        }
      }
      const layer = layerFromUpper(upper, "commit");
      const layers = layer ? [...c.image.layers, layer] : [...c.image.layers];
      const created = new Date(this.o.clock.now()).toISOString();
      const history: HistoryEntry[] = [
        ...c.image.history,
        {
          created,
          createdBy: (c.config.Cmd?.length ? c.config.Cmd : (c.image.config.Cmd ?? [])).join(" "),
          emptyLayer: !layer,
          ...(opts.comment ? { comment: opts.comment } : {}),
        },
      ];
      // Real commits differ at least in their nanosecond creation time: a sequence number stands in for it.
      const id = `sha256:${sha256Hex(JSON.stringify({ config, parent: c.image.id, container: c.id, created, seq: this.nextSeq++, rootfs: layers.map((l) => l.diffId), author: opts.author ?? "", comment: opts.comment ?? "" }))}`;
      if (tagged) this.untagEverywhere(tagged);
      this.images.set(id, {
        id,
        repoTags: tagged ? [tagged] : [],
        repoDigests: [],
        layers,
        lower: new LowerView(layers.map((l) => l.files)),
        config,
        created,
        os: c.image.os,
        architecture: c.image.architecture,
        size: layers.reduce((sum, l) => sum + l.size, 0),
        history,
        parent: c.image.id,
        comment: opts.comment ?? "",
        author: opts.author ?? "",
      });
      if (tagged) this.emit("image", "tag", id, { name: tagged });
      this.containerEvent(c, "commit", {
        comment: opts.comment ?? "",
        imageID: id,
        imageRef: tagged ?? "",
      });
      return { Id: id };
    } finally {
      if (pause && c.status === "paused") this.thaw(c);
    }
  }

  async systemDataUsage(): Promise<SystemDataUsage> {
    const all = [...this.containers.values()].sort((a, b) => b.created - a.created || b.seq - a.seq);
    const layerUsers = new Map<string, number>();
    for (const img of this.images.values())
      for (const l of new Set(img.layers)) layerUsers.set(l.diffId, (layerUsers.get(l.diffId) ?? 0) + 1);
    const unique = new Map<string, number>();
    for (const img of this.images.values()) for (const l of img.layers) unique.set(l.diffId, l.size);
    const summaries = await this.imageList();
    const images = summaries.map((s) => {
      const img = this.images.get(s.Id) as StoredImage;
      const shared = img.layers.reduce((sum, l) => sum + ((layerUsers.get(l.diffId) ?? 0) > 1 ? l.size : 0), 0);
      return {
        ...s,
        RepoTags: img.repoTags.length ? [...img.repoTags] : [],
        SharedSize: shared,
        Containers: all.filter((c) => c.image.id === img.id).length,
      };
    });
    const containers = (await this.containerList({ all: true })).map((s) => {
      const c = this.containers.get(s.Id) as Container;
      return { ...s, SizeRw: this.sizeRw(c), SizeRootFs: this.sizeRw(c) + c.image.size };
    });
    const volumes = [...this.volumes.volumes.values()].map((v) => ({
      ...this.volumes.toApi(v),
      UsageData: { Size: fsBytes(v.data), RefCount: this.volumeUsers(v.name).length },
    }));
    const buildCache: BuildCacheRecord[] = [];
    for (const [key, step] of this.buildCache) {
      if (!step.layer) continue;
      const used = [...this.images.values()].some((i) => i.layers.some((l) => l.diffId === step.layer?.diffId));
      buildCache.push({
        ID: sha256Hex(`cache:${key}`).slice(0, 25),
        Parents: null,
        Type: "regular",
        Description: "",
        InUse: false,
        Shared: used,
        Size: step.layer.size,
        CreatedAt: new Date(this.o.clock.now()).toISOString(),
        LastUsedAt: null,
        UsageCount: 1,
      });
    }
    return {
      LayersSize: [...unique.values()].reduce((a, b) => a + b, 0),
      Images: images,
      Containers: containers,
      Volumes: volumes,
      BuildCache: buildCache,
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
      this.emit("volume", "destroy", v.name, { driver: "local" });
    }
    this.emit("volume", "prune", "", { reclaimed: String(space) });
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
    // moby refuses the predefined names before it looks for an existing network.
    if (["bridge", "host", "none"].includes(body.Name))
      throw new EngineError(403, `operation is not permitted on predefined ${body.Name} network`);
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

  async networkPrune(opts: { filters?: Record<string, string[]> } = {}): Promise<{ NetworksDeleted: string[] | null }> {
    const f = opts.filters ?? {};
    for (const k of Object.keys(f))
      if (!["until", "label", "label!"].includes(k)) throw badRequest(`invalid filter '${k}'`);
    const until = f.until?.length ? parseUntil(f.until[0], this.o.clock.now()) : undefined;
    const deleted: string[] = [];
    for (const n of [...this.networkStore.networks.values()]) {
      if (n.builtin) continue;
      // Only running containers have endpoints: a network that only stopped containers name is unused.
      if (this.networkMembers(n.name).some((c) => c.status === "running" || c.status === "paused")) continue;
      if (until !== undefined && n.created > until) continue;
      if (!matchLabels(n.labels, f)) continue;
      for (const c of this.networkMembers(n.name)) c.networks.delete(n.name);
      this.networkStore.remove(n);
      this.emit("network", "destroy", n.id, { name: n.name, type: n.driver });
      deleted.push(n.name);
    }
    this.emit("network", "prune", "", { reclaimed: "0" });
    return { NetworksDeleted: deleted.length ? deleted : null };
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
    // moby resolves the container before the network.
    const c = this.lookup(body.Container);
    const n = this.networkStore.find(id);
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
    if (c.status === "paused") throw conflict(`Container ${containerId} is paused, unpause the container before exec`);
    if (c.status === "restarting")
      throw conflict(`Container ${c.id} is restarting, wait until the container is running`);
    if (c.status !== "running") throw conflict(`container ${c.id} is not running`);
    // exec -u: looked up in the container's passwd and group, like its main process.
    if (body.User) resolveUser(body.User, (p) => c.fs.readText(p));
    const id = this.o.ids.hex64();
    this.execs.set(id, { id, container: c, body: structuredClone(body), running: false, exitCode: null, pid: 0 });
    this.containerEvent(c, `exec_create: ${body.Cmd.join(" ")}`, { execID: id });
    return { Id: id };
  }

  async execStart(execId: string, opts: { Detach: boolean; Tty: boolean }): Promise<HijackedStream | null> {
    const ex = this.execs.get(execId);
    if (!ex) throw notFound(`No such exec instance: ${execId}`);
    const c = ex.container;
    if (c.status === "paused") throw conflict(`Container ${c.id} is paused, unpause the container before exec`);
    if (c.status !== "running") throw conflict(`container ${c.id} is not running`);
    const execUser = ex.body.User ? resolveUser(ex.body.User, (p) => c.fs.readText(p)) : c.user;
    this.containerEvent(c, `exec_start: ${ex.body.Cmd.join(" ")}`, { execID: execId });
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
        // An exec'd process is waited for by its client: its sleeps are in the foreground. Out of
        // memory, only it is killed (137); the container runs on and State.OOMKilled stays false.
        sandbox: Object.assign(this.sandbox(c, { user: execUser, foreground: true }), { onOom: () => kill.abort() }),
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
      this.containerEvent(c, "exec_die", { execID: execId, exitCode: String(ex.exitCode) });
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
      images: [...this.images.values()].map((i) => {
        const fromHub = HUB.some((h) => h.layers.length && imageIdOf(h, h.layers.map(materialiseLayer)) === i.id);
        if (fromHub) return { id: i.id, repoTags: i.repoTags, repoDigests: i.repoDigests };
        // Built and committed images: their own layers travel with the snapshot; hub layers by id.
        const hubLayers = new Set(HUB.flatMap((h) => h.layers.map((l) => materialiseLayer(l).diffId)));
        return {
          id: i.id,
          repoTags: i.repoTags,
          repoDigests: i.repoDigests,
          local: {
            config: i.config,
            created: i.created,
            os: i.os,
            architecture: i.architecture,
            history: i.history,
            parent: i.parent,
            comment: i.comment,
            author: i.author,
            layers: i.layers.map((l) =>
              hubLayers.has(l.diffId)
                ? { diffId: l.diffId }
                : {
                    diffId: l.diffId,
                    blobDigest: l.blobDigest,
                    size: l.size,
                    compressedSize: l.compressedSize,
                    files: [...l.files.entries()].map(([p, n]) => [
                      p,
                      n.type === "file" && typeof n.content !== "string" ? { ...n, content: Array.from(n.content) } : n,
                    ]),
                  },
            ),
          },
        };
      }),
      containers: [...this.containers.values()].map((c) => ({
        id: c.id,
        name: c.name,
        created: c.created,
        imageRef: c.imageRef,
        imageId: c.image.id,
        config: c.config,
        status: c.status === "running" || c.status === "paused" || c.status === "restarting" ? "running" : c.status,
        exitCode: c.exitCode,
        oomKilled: c.oomKilled,
        restartCount: c.restartCount,
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
      images: { id: string; repoTags: string[]; repoDigests: string[]; local?: SavedLocalImage }[];
      containers: {
        id: string;
        name: string;
        created: number;
        imageRef: string;
        imageId: string;
        config: ContainerCreateBody;
        status: ContainerStatus;
        exitCode: number;
        oomKilled?: boolean;
        startedAt: number;
        finishedAt: number;
        restartCount?: number;
        logs: LogFrame[];
        upper: [string, FsNodeJson][];
      }[];
    };
    if (!d || !Array.isArray(d.images)) return;
    const hubLayers = new Map<string, MaterialisedLayer>();
    for (const h of HUB)
      for (const l of h.layers) {
        const m = materialiseLayer(l);
        hubLayers.set(m.diffId, m);
      }
    for (const saved of d.images) {
      if (saved.local) {
        const local = saved.local;
        const layers: MaterialisedLayer[] = [];
        for (const l of local.layers) {
          const m =
            hubLayers.get(l.diffId) ??
            (l.files
              ? {
                  diffId: l.diffId,
                  blobDigest: l.blobDigest ?? `sha256:${sha256Hex(`blob:${l.diffId}`)}`,
                  size: l.size ?? 0,
                  compressedSize: l.compressedSize ?? 0,
                  files: new Map(
                    l.files.map(
                      ([p, n]) =>
                        [
                          p,
                          n.type === "file" && Array.isArray(n.content)
                            ? { ...n, content: Uint8Array.from(n.content) }
                            : n,
                        ] as [string, never],
                    ),
                  ),
                }
              : undefined);
          if (m) layers.push(m);
        }
        if (layers.length !== local.layers.length) continue;
        this.images.set(saved.id, {
          id: saved.id,
          repoTags: saved.repoTags,
          repoDigests: saved.repoDigests,
          layers,
          lower: new LowerView(layers.map((l) => l.files)),
          config: local.config,
          created: local.created,
          os: local.os,
          architecture: local.architecture,
          size: layers.reduce((sum, l) => sum + l.size, 0),
          history: local.history,
          parent: local.parent,
          comment: local.comment,
          author: local.author,
        });
        continue;
      }
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
      c.oomKilled = s.oomKilled ?? false;
      c.startedAt = s.startedAt;
      c.finishedAt = s.finishedAt;
      c.restartCount = s.restartCount ?? 0;
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

/** A built or committed image in a snapshot: config, history and the layers the hub does not have. */
interface SavedLocalImage {
  config: ImageConfig;
  created: string;
  os: string;
  architecture: string;
  history: HistoryEntry[];
  parent?: string;
  comment?: string;
  author?: string;
  layers: {
    diffId: string;
    blobDigest?: string;
    size?: number;
    compressedSize?: number;
    files?: [string, FsNodeJson][];
  }[];
}

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

/**
 * A container's time: the kernel clock, except that while the container is
 * paused (cgroup freezer) its sleeps do not end; they end on unpause.
 */
class PausableClock {
  private paused = false;
  private waiting: (() => void)[] = [];
  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now();
  }

  async sleep(ms: number, signal?: AbortSignal, opts?: SleepOptions): Promise<void> {
    await this.base.sleep(ms, signal, opts);
    while (this.paused) {
      await new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
        this.waiting.push(resolve);
        signal?.addEventListener("abort", () => reject(signal.reason ?? new Error("aborted")), { once: true });
      });
    }
  }

  freeze(): void {
    this.paused = true;
  }

  thaw(): void {
    this.paused = false;
    for (const w of this.waiting.splice(0)) w();
  }
}

/** The host's memory (what an unlimited container's MEM LIMIT shows). */
const MEM_TOTAL = 4_101_443_584;

/** Resident memory of a process in a container, by program (what `docker stats` adds up). */
function processMemory(program: string): number {
  const kib: Record<string, number> = {
    sleep: 700,
    "docker-init": 64,
    sh: 1_100,
    ash: 1_100,
    bash: 3_300,
    dash: 900,
    nginx: 3_600,
    httpd: 5_200,
    node: 41_000,
    python: 9_800,
    python3: 9_800,
    "redis-server": 3_300,
    top: 1_000,
    tail: 750,
    cat: 700,
  };
  return (kib[program] ?? 1_024) * 1024;
}

/** ps's ELAPSED: [[dd-]hh:]mm:ss */
function elapsed(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d ? `${d}-` : ""}${d || h ? `${two(h)}:` : ""}${two(m)}:${two(s)}`;
}

/** Do two references name the same repository ("alpine:3.20" and "alpine@sha256:…")? */
function sameRepo(a: string, b: string): boolean {
  const repo = (r: string) => r.split("@")[0].replace(/:[^:/]+$/, "");
  return repo(a) === repo(b);
}

/** The chain id of a layer in its image (what `docker rmi` prints as Deleted for layers). */
function layerChainId(layers: MaterialisedLayer[], layer: MaterialisedLayer): string {
  let chain = "";
  for (const l of layers) {
    chain = chain ? `sha256:${sha256Hex(`${chain} ${l.diffId}`)}` : l.diffId;
    if (l === layer) break;
  }
  return chain === layer.diffId ? `sha256:${sha256Hex(`chain:${layer.diffId}`)}` : chain;
}

/** prune's `until` filter: a timestamp or a duration before now. */
function parseUntil(v: string, now: number): number | undefined {
  const d = goDurationMs(v);
  if (d !== undefined) return now - d;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** A Go duration ("10m", "1h30m", "0s") in milliseconds, or undefined. */
export function goDurationMs(v: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v)) return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * unit[m[2]];
  return ms;
}

/** prune's label filters: label=k, label=k=v, label!=k … */
function matchLabels(labels: Record<string, string>, f: Record<string, string[]>): boolean {
  const has = (l: string) => {
    const i = l.indexOf("=");
    return i < 0 ? l in labels : labels[l.slice(0, i)] === l.slice(i + 1);
  };
  return (f.label ?? []).every(has) && !(f["label!"] ?? []).some(has);
}

/** moby's isSingleReference: every reference in one repository, with at most one tag. */
function isSingleReference(img: { repoTags: string[]; repoDigests: string[] }): boolean {
  const refs = [...img.repoTags, ...img.repoDigests];
  if (refs.length <= 1) return refs.length === 1;
  let single: string | undefined;
  const canonical = new Set<string>();
  const repo = (r: string) => r.split("@")[0].replace(/:[^:/]+$/, "");
  for (const r of refs) {
    if (r.includes("@")) canonical.add(repo(r));
    else if (single === undefined) single = r;
    else return false;
  }
  return canonical.size === 1 && canonical.has(repo(single ?? refs[0]));
}

/** HostConfig as GET /containers/{id}/json shows it: what was asked for, and the daemon's defaults around it. */
function inspectHostConfig(
  hc: import("../api/types").HostConfig,
): import("../api/types").ContainerInspect["HostConfig"] {
  const memory = hc.Memory ?? 0;
  const out: Record<string, unknown> = {
    Binds: hc.Binds?.length ? [...hc.Binds] : null,
    ContainerIDFile: "",
    LogConfig: { Type: "json-file", Config: {} },
    NetworkMode: hc.NetworkMode || "default",
    PortBindings: structuredClone(hc.PortBindings ?? {}),
    RestartPolicy: {
      Name: hc.RestartPolicy?.Name || "no",
      MaximumRetryCount: hc.RestartPolicy?.MaximumRetryCount ?? 0,
    },
    AutoRemove: !!hc.AutoRemove,
    VolumeDriver: "",
    VolumesFrom: null,
    ConsoleSize: hc.ConsoleSize ? [...hc.ConsoleSize] : [0, 0],
    ...(hc.Mounts?.length ? { Mounts: structuredClone(hc.Mounts) } : {}),
    CapAdd: null,
    CapDrop: null,
    CgroupnsMode: "private",
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: null,
    GroupAdd: null,
    IpcMode: "private",
    Cgroup: "",
    Links: null,
    OomScoreAdj: 0,
    PidMode: "",
    Privileged: !!hc.Privileged,
    PublishAllPorts: !!hc.PublishAllPorts,
    ReadonlyRootfs: !!hc.ReadonlyRootfs,
    SecurityOpt: null,
    UTSMode: "",
    UsernsMode: "",
    ShmSize: 67108864,
    Runtime: "runc",
    Isolation: "",
    CpuShares: 0,
    Memory: memory,
    NanoCpus: hc.NanoCpus ?? 0,
    CgroupParent: "",
    BlkioWeight: 0,
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: [],
    CpuPeriod: 0,
    CpuQuota: 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: "",
    CpusetMems: "",
    Devices: [],
    DeviceCgroupRules: null,
    DeviceRequests: null,
    MemoryReservation: 0,
    // The daemon gives as much swap as memory when only --memory is set.
    MemorySwap: hc.MemorySwap ?? (memory > 0 ? memory * 2 : 0),
    MemorySwappiness: null,
    OomKillDisable: null,
    PidsLimit: hc.PidsLimit || null,
    Ulimits: [],
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    MaskedPaths: [
      "/proc/asound",
      "/proc/acpi",
      "/proc/interrupts",
      "/proc/kcore",
      "/proc/keys",
      "/proc/latency_stats",
      "/proc/timer_list",
      "/proc/timer_stats",
      "/proc/sched_debug",
      "/proc/scsi",
      "/sys/firmware",
      "/sys/devices/virtual/powercap",
    ],
    ReadonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
    ...(hc.Init ? { Init: true } : {}),
  };
  return out as import("../api/types").ContainerInspect["HostConfig"];
}
