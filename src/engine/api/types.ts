/**
 * The Engine API contract: a TypeScript mirror of the Docker Engine API (v1.47).
 * Both the simulated engine (src/engine/sim) and the gateway client (real mode)
 * implement `EngineApi`. The docker CLI, lesson checks and the engine view only
 * see this interface. Field names and shapes follow the API's JSON exactly.
 */

/** GET /version */
export interface SystemVersion {
  Platform: { Name: string };
  Components: { Name: string; Version: string; Details?: Record<string, string> }[];
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  BuildTime: string;
}

/** GET /info (subset of fields the CLI prints) */
export interface SystemInfo {
  ID: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver: string;
  DriverStatus: [string, string][];
  Plugins: { Volume: string[]; Network: string[]; Log: string[] };
  MemoryLimit: boolean;
  SwapLimit: boolean;
  CpuCfsPeriod: boolean;
  CpuCfsQuota: boolean;
  KernelMemoryTCP: boolean;
  IPv4Forwarding: boolean;
  Debug: boolean;
  NFd: number;
  NGoroutines: number;
  LoggingDriver: string;
  CgroupDriver: string;
  CgroupVersion: string;
  KernelVersion: string;
  OperatingSystem: string;
  OSVersion: string;
  OSType: string;
  Architecture: string;
  NCPU: number;
  MemTotal: number;
  IndexServerAddress: string;
  Name: string;
  Labels: string[];
  ExperimentalBuild: boolean;
  ServerVersion: string;
  DefaultRuntime: string;
  Runtimes: Record<string, { path: string }>;
  LiveRestoreEnabled: boolean;
  Isolation: string;
  InitBinary: string;
  SecurityOptions: string[];
  DockerRootDir: string;
  HttpProxy: string;
  HttpsProxy: string;
  NoProxy: string;
  RegistryConfig: { InsecureRegistryCIDRs: string[]; Mirrors: string[] };
  Swarm: { LocalNodeState: string };
  ContainerdCommit: { ID: string };
  RuncCommit: { ID: string };
  InitCommit: { ID: string };
}

/** GET /images/json item */
export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[];
  RepoDigests: string[];
  Created: number; // unix seconds
  Size: number;
  SharedSize: number;
  Labels: Record<string, string> | null;
  Containers: number;
}

/** Image config as stored in the image and in GET /images/{name}/json .Config */
export interface ImageConfig {
  Hostname?: string;
  User: string;
  Env: string[];
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  WorkingDir: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Volumes?: Record<string, Record<string, never>> | null;
  Labels: Record<string, string> | null;
  StopSignal?: string;
}

/** GET /images/{name}/json */
export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string; // RFC 3339
  DockerVersion: string;
  Author: string;
  Config: ImageConfig;
  Architecture: string;
  Os: string;
  Size: number;
  RootFS: { Type: "layers"; Layers: string[] };
  Metadata: { LastTagTime: string };
}

/** POST /images/create progress message (JSON stream) */
export interface PullProgress {
  status: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
}

/** One step (vertex) of a BuildKit solve, as the build stream reports it. */
export interface BuildVertex {
  digest: string;
  name: string;
  started?: number;
  completed?: number;
  cached?: boolean;
  error?: string;
}

/** A BuildKit SolveStatus message from POST /build (moby.buildkit.trace). */
export interface BuildStatus {
  vertexes?: BuildVertex[];
  statuses?: { vertex: string; id: string; completed?: number }[];
  logs?: { vertex: string; stream: number; data: string; timestamp: number }[];
}

/** The build context the CLI sends (a tar in the real API): relative path → file. */
export type BuildContext = Map<string, { content: string | Uint8Array; mode: number }>;

export interface BuildOptions {
  t?: string[];
  dockerfile?: string;
  buildargs?: Record<string, string>;
  target?: string;
  nocache?: boolean;
}

/** GET /images/{name}/history item */
export interface HistoryItem {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** X-Registry-Auth / POST /auth body */
export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

/** POST /containers/create body */
export interface ContainerCreateBody {
  Image: string;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  Hostname?: string;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  HostConfig?: HostConfig;
}

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

/** HostConfig.Mounts item (--mount). */
export interface MountSpec {
  Type: "volume" | "bind" | "tmpfs";
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
}

/** ContainerInspect.Mounts / ContainerSummary.Mounts item. */
export interface MountPoint {
  Type: "volume" | "bind" | "tmpfs";
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** GET /volumes/{name} */
export interface Volume {
  CreatedAt: string;
  Driver: string;
  Labels: Record<string, string> | null;
  Mountpoint: string;
  Name: string;
  Options: Record<string, string> | null;
  Scope: "local";
  /** Only in GET /system/df: bytes used and how many containers use the volume. */
  UsageData?: { Size: number; RefCount: number } | null;
}

/** GET /networks/{id} */
export interface NetworkResource {
  Name: string;
  Id: string;
  Created: string;
  Scope: "local";
  Driver: string;
  EnableIPv6: boolean;
  IPAM: { Driver: string; Options: Record<string, string> | null; Config: { Subnet: string; Gateway: string }[] };
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  Containers: Record<
    string,
    { Name: string; EndpointID: string; MacAddress: string; IPv4Address: string; IPv6Address: string }
  >;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

export interface HostConfig {
  /** The terminal's [rows, cols] for a tty, which the CLI sends at create (`docker run -t`). */
  ConsoleSize?: [number, number];
  /** -v specs: "name:/path", "/host:/path:ro". */
  Binds?: string[];
  Mounts?: MountSpec[];
  /** "80/tcp" → host bindings (-p 8080:80). */
  PortBindings?: Record<string, PortBinding[]>;
  /** -P: publish every exposed port on a random host port. */
  PublishAllPorts?: boolean;
  NetworkMode?: string;
  AutoRemove?: boolean;
  RestartPolicy?: { Name: "" | "no" | "always" | "unless-stopped" | "on-failure"; MaximumRetryCount?: number };
  Privileged?: boolean;
  Init?: boolean | null;
  /** --memory, in bytes (0: unlimited). */
  Memory?: number;
  /** Memory + swap in bytes; the daemon sets 2 × Memory when only --memory is given. */
  MemorySwap?: number;
  /** --cpus × 10⁹. */
  NanoCpus?: number;
  /** --pids-limit (null or 0: unlimited). */
  PidsLimit?: number | null;
  /** --read-only */
  ReadonlyRootfs?: boolean;
}

/** POST /containers/create response */
export interface ContainerCreateResponse {
  Id: string;
  Warnings: string[];
}

export type ContainerStatus = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

/** GET /containers/json item */
export interface ContainerSummary {
  Id: string;
  Names: string[]; // with leading "/"
  Image: string; // as given at create time
  ImageID: string;
  Command: string;
  Created: number; // unix seconds
  State: ContainerStatus;
  Status: string; // "Up 3 seconds", "Exited (0) 2 minutes ago"
  Ports: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
  Labels: Record<string, string>;
  SizeRw?: number;
  SizeRootFs?: number;
  HostConfig: { NetworkMode: string };
  Mounts: MountPoint[];
}

export interface ContainerState {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

/** GET /containers/{id}/json */
export interface ContainerInspect {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerState;
  Image: string; // image id
  Name: string; // with leading "/"
  RestartCount: number;
  Driver: string;
  Platform: string;
  /** The create-time HostConfig plus what the daemon fills in (LogConfig, ShmSize, MaskedPaths …). */
  HostConfig: HostConfig & Record<string, unknown>;
  Config: ImageConfig & {
    Hostname: string;
    Image: string;
    Tty: boolean;
    OpenStdin: boolean;
    AttachStdin: boolean;
    AttachStdout: boolean;
    AttachStderr: boolean;
  };
  Mounts: MountPoint[];
  NetworkSettings: {
    /** User-defined and default networks the container is attached to. */
    Networks: Record<string, { IPAddress: string; Gateway: string; Aliases: string[] | null; NetworkID: string }>;
    IPAddress: string;
    Gateway: string;
    MacAddress: string;
    /** "80/tcp" → bindings, null when exposed but not published. */
    Ports: Record<string, PortBinding[] | null>;
  };
}

/** GET /containers/{id}/top */
export interface ContainerTop {
  Titles: string[];
  Processes: string[][];
}

/** POST /containers/{id}/wait response */
export interface ContainerWaitResponse {
  StatusCode: number;
  Error?: { Message: string } | null;
}

/** One frame of GET /containers/{id}/logs (the multiplexed stream, decoded) */
export interface LogFrame {
  stream: "stdout" | "stderr";
  text: string;
  time: string; // RFC 3339 nano, for --timestamps
}

/** POST /containers/{id}/exec body */
export interface ExecCreateBody {
  Cmd: string[];
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  Tty?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
}

/** GET /exec/{id}/json */
export interface ExecInspect {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  ContainerID: string;
  Pid: number;
}

/** GET /events message */
export interface EngineEvent {
  Type: "container" | "image" | "network" | "volume" | "daemon" | "builder";
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope?: "local";
  time: number;
  timeNano: number;
  /** Deprecated fields still sent with container and image events (status = Action, id = Actor.ID, from = image). */
  status?: string;
  id?: string;
  from?: string;
}

/** GET /events query: since/until are Unix times in seconds ("1795869030" or "1795869030.123456789"). */
export interface EventsOptions {
  since?: string;
  until?: string;
  filters?: Record<string, string[]>;
}

/** GET /containers/{id}/stats?stream=false: the fields the CLI reads (cgroup v2 names). */
export interface ContainerStatsResponse {
  name: string;
  id: string;
  read: string;
  preread: string;
  pids_stats: { current?: number; limit?: number };
  cpu_stats: CpuStats;
  precpu_stats: CpuStats;
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes: number; rx_packets: number; tx_bytes: number; tx_packets: number }>;
  blkio_stats: { io_service_bytes_recursive: { major: number; minor: number; op: string; value: number }[] | null };
}

export interface CpuStats {
  cpu_usage: { total_usage: number; usage_in_kernelmode: number; usage_in_usermode: number };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** X-Docker-Container-Path-Stat of HEAD/GET /containers/{id}/archive. `mode` is a Go os.FileMode (dir bit 1<<31, symlink 1<<27). */
export interface ContainerPathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

/** One member of the tar stream of /containers/{id}/archive. */
export type ArchiveEntry =
  | { type: "file"; content: string | Uint8Array; mode: number; mtime: number }
  | { type: "dir"; mode: number; mtime: number }
  | { type: "symlink"; target: string; mode: number; mtime: number };

/**
 * The tar stream of GET/PUT /containers/{id}/archive, modelled as a file map:
 * member path relative to the archive root ("data", "data/f.txt") → entry, in tar order.
 */
export type Archive = Map<string, ArchiveEntry>;

/** POST /commit query (the body, a container config, is not used by the CLI). */
export interface CommitOptions {
  container: string;
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  /** Pause the container while committing (default true). */
  pause?: boolean;
  /** Dockerfile instructions to apply (CMD, ENV, EXPOSE …). */
  changes?: string[];
}

/** GET /containers/{id}/changes item: Kind 0 = modified, 1 = added, 2 = deleted. */
export interface FilesystemChange {
  Path: string;
  Kind: 0 | 1 | 2;
}

/** GET /system/df build cache record. */
export interface BuildCacheRecord {
  ID: string;
  Parents: string[] | null;
  Type: string;
  Description: string;
  InUse: boolean;
  Shared: boolean;
  Size: number;
  CreatedAt: string;
  LastUsedAt: string | null;
  UsageCount: number;
}

/** GET /system/df */
export interface SystemDataUsage {
  LayersSize: number;
  Images: ImageSummary[];
  Containers: ContainerSummary[];
  Volumes: Volume[];
  BuildCache: BuildCacheRecord[];
}

/** GET /images/search item */
export interface ImageSearchResult {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}

/**
 * A hijacked attach/exec connection. Output arrives through `onOutput`; with a
 * TTY everything comes as "stdout" (as the real API does). `closed` resolves
 * when the remote side ends the stream.
 */
export interface HijackedStream {
  write(data: string): void;
  /** Half-close: no more stdin. */
  closeWrite(): void;
  resize(cols: number, rows: number): void;
  onOutput(handler: (stream: "stdout" | "stderr", data: string) => void): () => void;
  close(): void;
  readonly closed: Promise<void>;
}

export interface AttachOptions {
  stream: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Replay already-logged output before streaming (the API's `logs=1`). */
  logs?: boolean;
}

export interface ListContainersOptions {
  all?: boolean;
  limit?: number;
  filters?: Record<string, string[]>;
}

export interface LogsOptions {
  stdout: boolean;
  stderr: boolean;
  follow?: boolean;
  tail?: number | "all";
  timestamps?: boolean;
  since?: number;
}

/** The Docker Engine API, as one interface. */
export interface EngineApi {
  /** GET /_ping */
  ping(): Promise<void>;
  /** GET /version */
  version(): Promise<SystemVersion>;
  /** GET /info */
  info(): Promise<SystemInfo>;
  /** GET /events (subscribe; returns unsubscribe) */
  subscribe(handler: (e: EngineEvent) => void): () => void;
  /**
   * GET /events?since=&until=&filters= : past events from `since`, then live ones, until `until`
   * has passed (resolves) or `signal` aborts. Without `until` it streams until aborted.
   */
  events(opts: EventsOptions, onEvent: (e: EngineEvent) => void, signal?: AbortSignal): Promise<void>;
  /** GET /system/df */
  systemDataUsage(): Promise<SystemDataUsage>;

  /** GET /images/json */
  imageList(opts?: { all?: boolean; filters?: Record<string, string[]> }): Promise<ImageSummary[]>;
  /** GET /images/{name}/json */
  imageInspect(name: string): Promise<ImageInspect>;
  /** POST /images/create?fromImage=&tag= — progress messages stream through onProgress */
  imageCreate(
    params: { fromImage: string; tag: string; platform?: string },
    onProgress: (p: PullProgress) => void,
    auth?: RegistryAuth | null,
  ): Promise<void>;
  /** POST /build (BuildKit): progress through onStatus; resolves with the new image id. */
  imageBuild(context: BuildContext, opts: BuildOptions, onStatus: (s: BuildStatus) => void): Promise<{ id: string }>;
  /** GET /images/{name}/history */
  imageHistory(name: string): Promise<HistoryItem[]>;
  /** POST /images/{name}/tag?repo=&tag= */
  imageTag(name: string, params: { repo: string; tag: string }): Promise<void>;
  /** POST /images/{name}/push?tag= (X-Registry-Auth carries the credentials) */
  imagePush(
    name: string,
    params: { tag: string },
    auth: RegistryAuth | null,
    onProgress: (p: PullProgress) => void,
  ): Promise<void>;
  /** POST /auth */
  systemAuth(auth: RegistryAuth): Promise<{ Status: string; IdentityToken?: string }>;
  /** POST /images/prune?filters= (dangling=false: every unused image, as `docker image prune -a`) */
  imagePrune(opts?: {
    filters?: Record<string, string[]>;
  }): Promise<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed: number }>;
  /** GET /images/search?term=&limit=&filters= */
  imageSearch(opts: { term: string; limit?: number; filters?: Record<string, string[]> }): Promise<ImageSearchResult[]>;
  /** POST /build/prune?all=&filters= */
  buildPrune(opts?: {
    all?: boolean;
    filters?: Record<string, string[]>;
  }): Promise<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>;
  /** DELETE /images/{name} */
  imageDelete(
    name: string,
    opts?: { force?: boolean; noprune?: boolean },
  ): Promise<{ Untagged?: string; Deleted?: string }[]>;

  /** POST /containers/create?name= */
  containerCreate(
    body: ContainerCreateBody,
    opts?: { name?: string; platform?: string },
  ): Promise<ContainerCreateResponse>;
  /** GET /containers/json */
  containerList(opts?: ListContainersOptions): Promise<ContainerSummary[]>;
  /** GET /containers/{id}/json */
  containerInspect(id: string): Promise<ContainerInspect>;
  /** POST /containers/{id}/start */
  containerStart(id: string): Promise<void>;
  /** POST /containers/{id}/stop?t= */
  containerStop(id: string, opts?: { t?: number; signal?: string }): Promise<void>;
  /** POST /containers/{id}/restart?t=&signal= */
  containerRestart(id: string, opts?: { t?: number; signal?: string }): Promise<void>;
  /** POST /containers/{id}/kill?signal= */
  containerKill(id: string, opts?: { signal?: string }): Promise<void>;
  /** DELETE /containers/{id}?force=&v= */
  containerDelete(id: string, opts?: { force?: boolean; v?: boolean }): Promise<void>;
  /** POST /containers/{id}/wait?condition= */
  containerWait(
    id: string,
    opts?: { condition?: "not-running" | "next-exit" | "removed" },
  ): Promise<ContainerWaitResponse>;
  /** GET /containers/{id}/logs (follow=false returns everything; follow=true streams into onFrame until signal aborts or the container stops) */
  containerLogs(id: string, opts: LogsOptions, onFrame: (f: LogFrame) => void, signal?: AbortSignal): Promise<void>;
  /** POST /containers/{id}/attach (hijacked) */
  containerAttach(id: string, opts: AttachOptions): Promise<HijackedStream>;
  /** POST /containers/{id}/resize */
  containerResize(id: string, opts: { h: number; w: number }): Promise<void>;
  /** GET /containers/{id}/top?ps_args= */
  containerTop(id: string, opts?: { ps_args?: string }): Promise<ContainerTop>;
  /** POST /containers/{id}/pause */
  containerPause(id: string): Promise<void>;
  /** POST /containers/{id}/unpause */
  containerUnpause(id: string): Promise<void>;
  /** POST /containers/{id}/rename?name= */
  containerRename(id: string, opts: { name: string }): Promise<void>;
  /** GET /containers/{id}/stats?stream=false (one sample, with the previous one in precpu_stats) */
  containerStats(id: string): Promise<ContainerStatsResponse>;
  /** GET /containers/{id}/changes */
  containerChanges(id: string): Promise<FilesystemChange[]>;
  /** HEAD /containers/{id}/archive?path= (the X-Docker-Container-Path-Stat header) */
  containerStatPath(id: string, path: string): Promise<ContainerPathStat>;
  /** GET /containers/{id}/archive?path= : a tar of the path (its base name is the archive root) */
  containerArchive(id: string, path: string): Promise<{ stat: ContainerPathStat; archive: Archive }>;
  /** PUT /containers/{id}/archive?path=&noOverwriteDirNonDir=&copyUIDGID= : extract a tar into a directory */
  containerExtractArchive(
    id: string,
    path: string,
    archive: Archive,
    opts?: { noOverwriteDirNonDir?: boolean; copyUIDGID?: boolean },
  ): Promise<void>;
  /** POST /containers/prune?filters= */
  containerPrune(opts?: {
    filters?: Record<string, string[]>;
  }): Promise<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>;
  /** POST /commit?container=&repo=&tag=&comment=&author=&pause=&changes= */
  containerCommit(opts: CommitOptions): Promise<{ Id: string }>;

  /** POST /volumes/create */
  volumeCreate(body: { Name?: string; Driver?: string; Labels?: Record<string, string> }): Promise<Volume>;
  /** GET /volumes */
  volumeList(opts?: { filters?: Record<string, string[]> }): Promise<{ Volumes: Volume[]; Warnings: string[] }>;
  /** GET /volumes/{name} */
  volumeInspect(name: string): Promise<Volume>;
  /** DELETE /volumes/{name} */
  volumeDelete(name: string, opts?: { force?: boolean }): Promise<void>;
  /** POST /volumes/prune */
  volumePrune(opts?: { all?: boolean }): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }>;

  /** POST /networks/create */
  networkCreate(body: {
    Name: string;
    Driver?: string;
    Labels?: Record<string, string>;
  }): Promise<{ Id: string; Warning: string }>;
  /** GET /networks */
  networkList(opts?: { filters?: Record<string, string[]> }): Promise<NetworkResource[]>;
  /** GET /networks/{id} */
  networkInspect(id: string): Promise<NetworkResource>;
  /** DELETE /networks/{id} */
  networkDelete(id: string): Promise<void>;
  /** POST /networks/prune?filters= */
  networkPrune(opts?: { filters?: Record<string, string[]> }): Promise<{ NetworksDeleted: string[] | null }>;
  /** POST /networks/{id}/connect */
  networkConnect(id: string, body: { Container: string; EndpointConfig?: { Aliases?: string[] } }): Promise<void>;
  /** POST /networks/{id}/disconnect */
  networkDisconnect(id: string, body: { Container: string; Force?: boolean }): Promise<void>;

  /** POST /containers/{id}/exec */
  execCreate(containerId: string, body: ExecCreateBody): Promise<{ Id: string }>;
  /** POST /exec/{id}/start (hijacked unless Detach) */
  execStart(execId: string, opts: { Detach: boolean; Tty: boolean }): Promise<HijackedStream | null>;
  /** GET /exec/{id}/json */
  execInspect(execId: string): Promise<ExecInspect>;
}
