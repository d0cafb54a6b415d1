/**
 * Gateway configuration: flags first, then environment variables (CC_*), then defaults.
 * `--port`, `--join-code` and `--open` are relied on by scripts and tests: keep them stable.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDuration, formatSize, parseDuration, parseSize } from "./units";

export interface GatewayConfig {
  port: number;
  host: string;
  /** Class mode: students exchange this code for a session token. */
  joinCode: string | null;
  /** Single-user mode: no join code needed. */
  open: boolean;
  /** Where the real engine listens: unix:///var/run/docker.sock, tcp://127.0.0.1:2375, … */
  engine: string;
  stateDir: string;
  /** Labels every object with this gateway's id, so two gateways can share one engine. */
  instance: string | null;
  distDir: string | null;
  auditLog: string | null;
  ttlMs: number;
  idleMs: number;
  warnBeforeMs: number;
  reapIntervalMs: number;
  allowImages: string[];
  /** "local": an allowed image already on the engine is "up to date" without asking a registry. */
  pull: "local" | "always";
  maxSessions: number;
  maxContainers: number;
  maxVolumes: number;
  maxNetworks: number;
  /** Images a session may own (built, committed or tagged; distinct image ids). */
  maxImages: number;
  /** Per-container memory cap (and default); swap is always equal to it. */
  memory: number;
  /** Total memory of one session's containers. */
  sessionMemory: number;
  /** Per-container CPU cap (and default), in CPUs. */
  cpus: number;
  pidsLimit: number;
  logSize: number;
  shmSize: number;
  tmpfsSize: number;
  /** Capabilities every container gets (after --cap-drop ALL). */
  caps: string[];
  /** Capabilities a learner may add with --cap-add. */
  capAddAllow: string[];
  publishIp: string;
  minHostPort: number;
  maxBody: number;
  maxArchiveBody: number;
  /** Engine API requests per second per token (token bucket refill) and the bucket size. */
  rate: number;
  burst: number;
  /** Extra origins allowed for WebSocket upgrades and CORS (the gateway's own origin always is). */
  allowOrigins: string[];
  wsMaxMessage: number;
  quiet: boolean;
  /** `--prepare-images`: build the course's images on the engine (no registry needed), then exit. */
  prepareImages: boolean;
  /** With --prepare-images: rebuild the stand-ins even when present. */
  force: boolean;
  /** The static busybox binary --prepare-images imports. */
  busybox: string;
}

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export const DEFAULT_CAPS = [
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "SETGID",
  "SETUID",
  "NET_BIND_SERVICE",
];
export const DEFAULT_CAP_ADD_ALLOW = ["NET_RAW", "SYS_CHROOT", "AUDIT_WRITE", "SETFCAP", "SETPCAP", "MKNOD"];
export const DEFAULT_IMAGES = [
  "busybox",
  "alpine",
  "debian",
  "ubuntu",
  "nginx",
  "httpd",
  "hello-world",
  "python",
  "node",
  "redis",
];

interface FlagSpec {
  name: string;
  env: string;
  arg?: string;
  help: string;
  def: (c: GatewayConfig) => string;
}

function defaults(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const xdg = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return {
    port: 8080,
    host: "127.0.0.1",
    joinCode: null,
    open: false,
    engine: env.DOCKER_HOST || "unix:///var/run/docker.sock",
    stateDir: join(xdg, "container-classroom"),
    instance: null,
    distDir: join(ROOT, "dist"),
    auditLog: null,
    ttlMs: 4 * 3_600_000,
    idleMs: 30 * 60_000,
    warnBeforeMs: 10 * 60_000,
    reapIntervalMs: 30_000,
    allowImages: DEFAULT_IMAGES,
    pull: "local",
    maxSessions: 100,
    maxContainers: 15,
    maxVolumes: 5,
    maxNetworks: 2,
    maxImages: 10,
    memory: parseSize("128m"),
    sessionMemory: parseSize("2g"),
    cpus: 0.5,
    pidsLimit: 128,
    logSize: parseSize("1m"),
    shmSize: parseSize("64m"),
    tmpfsSize: parseSize("64m"),
    caps: DEFAULT_CAPS,
    capAddAllow: DEFAULT_CAP_ADD_ALLOW,
    publishIp: "127.0.0.1",
    minHostPort: 1024,
    maxBody: parseSize("1m"),
    maxArchiveBody: parseSize("32m"),
    rate: 20,
    burst: 60,
    allowOrigins: [],
    wsMaxMessage: parseSize("64k"),
    quiet: false,
    prepareImages: false,
    force: false,
    busybox: "/bin/busybox",
  };
}

const list = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const caps = (v: string) => list(v).map((c) => c.toUpperCase().replace(/^CAP_/, ""));
function posInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a whole number, got "${v}"`);
  return n;
}

type Setter = (c: GatewayConfig, v: string) => void;
const FLAGS: (FlagSpec & { set?: Setter; bool?: (c: GatewayConfig) => void })[] = [
  {
    name: "port",
    env: "CC_PORT",
    arg: "P",
    help: "TCP port for the app and the gateway",
    def: (c) => String(c.port),
    set: (c, v) => {
      c.port = posInt(v, "port");
    },
  },
  {
    name: "host",
    env: "CC_HOST",
    arg: "ADDR",
    help: "bind address (0.0.0.0 to serve a classroom network)",
    def: (c) => c.host,
    set: (c, v) => {
      c.host = v;
    },
  },
  {
    name: "join-code",
    env: "CC_JOIN_CODE",
    arg: "CODE",
    help: "class mode: students need this code to get a session",
    def: () => "(none)",
    set: (c, v) => {
      c.joinCode = v;
    },
  },
  {
    name: "open",
    env: "CC_OPEN",
    help: "single-user mode: anyone who reaches the port gets a session",
    def: () => "off",
    bool: (c) => {
      c.open = true;
    },
  },
  {
    name: "engine",
    env: "CC_ENGINE",
    arg: "URL",
    help: "the real engine: unix:///path.sock or tcp://host:port (else $DOCKER_HOST, else the default socket); Podman's Docker-compatible socket works too",
    def: (c) => c.engine,
    set: (c, v) => {
      c.engine = v;
    },
  },
  {
    name: "state-dir",
    env: "CC_STATE_DIR",
    arg: "DIR",
    help: "where sessions (token hashes) and the audit log are kept",
    def: (c) => c.stateDir,
    set: (c, v) => {
      c.stateDir = resolve(v);
    },
  },
  {
    name: "instance",
    env: "CC_INSTANCE",
    arg: "ID",
    help: "gateway id written into object labels (default: random, kept in the state dir)",
    def: () => "(from state)",
    set: (c, v) => {
      c.instance = v;
    },
  },
  {
    name: "dist",
    env: "CC_DIST",
    arg: "DIR",
    help: "the built app to serve (npm run build); 'none' to serve only the API",
    def: (c) => c.distDir ?? "none",
    set: (c, v) => {
      c.distDir = v === "none" ? null : resolve(v);
    },
  },
  {
    name: "audit-log",
    env: "CC_AUDIT_LOG",
    arg: "FILE",
    help: "audit log of refused requests (JSON lines)",
    def: () => "<state-dir>/audit.log",
    set: (c, v) => {
      c.auditLog = resolve(v);
    },
  },
  {
    name: "ttl",
    env: "CC_TTL",
    arg: "DURATION",
    help: "a session's lifetime; its containers are removed after it",
    def: (c) => formatDuration(c.ttlMs),
    set: (c, v) => {
      c.ttlMs = parseDuration(v);
    },
  },
  {
    name: "idle",
    env: "CC_IDLE",
    arg: "DURATION",
    help: "a session with no request for this long ends",
    def: (c) => formatDuration(c.idleMs),
    set: (c, v) => {
      c.idleMs = parseDuration(v);
    },
  },
  {
    name: "warn-before",
    env: "CC_WARN_BEFORE",
    arg: "DURATION",
    help: "warn the learner this long before the session ends",
    def: (c) => formatDuration(c.warnBeforeMs),
    set: (c, v) => {
      c.warnBeforeMs = parseDuration(v);
    },
  },
  {
    name: "reap-interval",
    env: "CC_REAP_INTERVAL",
    arg: "DURATION",
    help: "how often expired sessions are cleaned up",
    def: (c) => formatDuration(c.reapIntervalMs),
    set: (c, v) => {
      c.reapIntervalMs = parseDuration(v);
    },
  },
  {
    name: "allow-images",
    env: "CC_ALLOW_IMAGES",
    arg: "LIST",
    help: "images that may be pulled and run (name = any tag, name:tag = that tag)",
    def: (c) => c.allowImages.join(","),
    set: (c, v) => {
      c.allowImages = list(v);
    },
  },
  {
    name: "pull",
    env: "CC_PULL",
    arg: "local|always",
    help: "local: an allowed image already present is reported up to date without a registry (offline classrooms)",
    def: (c) => c.pull,
    set: (c, v) => {
      if (v !== "local" && v !== "always") throw new Error("--pull: local or always");
      c.pull = v;
    },
  },
  {
    name: "max-sessions",
    env: "CC_MAX_SESSIONS",
    arg: "N",
    help: "sessions at once",
    def: (c) => String(c.maxSessions),
    set: (c, v) => {
      c.maxSessions = posInt(v, "max-sessions");
    },
  },
  {
    name: "max-containers",
    env: "CC_MAX_CONTAINERS",
    arg: "N",
    help: "containers per session",
    def: (c) => String(c.maxContainers),
    set: (c, v) => {
      c.maxContainers = posInt(v, "max-containers");
    },
  },
  {
    name: "max-volumes",
    env: "CC_MAX_VOLUMES",
    arg: "N",
    help: "volumes per session",
    def: (c) => String(c.maxVolumes),
    set: (c, v) => {
      c.maxVolumes = posInt(v, "max-volumes");
    },
  },
  {
    name: "max-networks",
    env: "CC_MAX_NETWORKS",
    arg: "N",
    help: "networks per session (each takes an address pool on the engine)",
    def: (c) => String(c.maxNetworks),
    set: (c, v) => {
      c.maxNetworks = posInt(v, "max-networks");
    },
  },
  {
    name: "max-images",
    env: "CC_MAX_IMAGES",
    arg: "N",
    help: "images per session (docker build, commit and tag; tags of one image count once)",
    def: (c) => String(c.maxImages),
    set: (c, v) => {
      c.maxImages = posInt(v, "max-images");
    },
  },
  {
    name: "memory",
    env: "CC_MEMORY",
    arg: "SIZE",
    help: "memory per container (cap and default); swap = memory",
    def: (c) => formatSize(c.memory),
    set: (c, v) => {
      c.memory = parseSize(v);
    },
  },
  {
    name: "session-memory",
    env: "CC_SESSION_MEMORY",
    arg: "SIZE",
    help: "total memory of one session's containers",
    def: (c) => formatSize(c.sessionMemory),
    set: (c, v) => {
      c.sessionMemory = parseSize(v);
    },
  },
  {
    name: "cpus",
    env: "CC_CPUS",
    arg: "N",
    help: "CPUs per container (cap and default)",
    def: (c) => String(c.cpus),
    set: (c, v) => {
      const n = Number(v);
      if (!(n > 0)) throw new Error("--cpus: a positive number");
      c.cpus = n;
    },
  },
  {
    name: "pids-limit",
    env: "CC_PIDS_LIMIT",
    arg: "N",
    help: "processes per container (stops fork bombs)",
    def: (c) => String(c.pidsLimit),
    set: (c, v) => {
      c.pidsLimit = posInt(v, "pids-limit");
    },
  },
  {
    name: "log-size",
    env: "CC_LOG_SIZE",
    arg: "SIZE",
    help: "container log size cap (json-file max-size)",
    def: (c) => formatSize(c.logSize),
    set: (c, v) => {
      c.logSize = parseSize(v);
    },
  },
  {
    name: "shm-size",
    env: "CC_SHM_SIZE",
    arg: "SIZE",
    help: "/dev/shm cap",
    def: (c) => formatSize(c.shmSize),
    set: (c, v) => {
      c.shmSize = parseSize(v);
    },
  },
  {
    name: "tmpfs-size",
    env: "CC_TMPFS_SIZE",
    arg: "SIZE",
    help: "cap of each --tmpfs mount",
    def: (c) => formatSize(c.tmpfsSize),
    set: (c, v) => {
      c.tmpfsSize = parseSize(v);
    },
  },
  {
    name: "caps",
    env: "CC_CAPS",
    arg: "LIST",
    help: "capabilities every container keeps after cap-drop ALL",
    def: (c) => c.caps.join(","),
    set: (c, v) => {
      c.caps = caps(v);
    },
  },
  {
    name: "cap-add-allow",
    env: "CC_CAP_ADD_ALLOW",
    arg: "LIST",
    help: "capabilities a learner may --cap-add",
    def: (c) => c.capAddAllow.join(","),
    set: (c, v) => {
      c.capAddAllow = caps(v);
    },
  },
  {
    name: "publish-ip",
    env: "CC_PUBLISH_IP",
    arg: "ADDR",
    help: "host address published ports (-p) bind to",
    def: (c) => c.publishIp,
    set: (c, v) => {
      c.publishIp = v;
    },
  },
  {
    name: "min-host-port",
    env: "CC_MIN_HOST_PORT",
    arg: "N",
    help: "lowest host port a learner may publish",
    def: (c) => String(c.minHostPort),
    set: (c, v) => {
      c.minHostPort = posInt(v, "min-host-port");
    },
  },
  {
    name: "max-body",
    env: "CC_MAX_BODY",
    arg: "SIZE",
    help: "largest JSON request body",
    def: (c) => formatSize(c.maxBody),
    set: (c, v) => {
      c.maxBody = parseSize(v);
    },
  },
  {
    name: "max-archive-body",
    env: "CC_MAX_ARCHIVE_BODY",
    arg: "SIZE",
    help: "largest upload into a container (docker cp) and largest docker build context",
    def: (c) => formatSize(c.maxArchiveBody),
    set: (c, v) => {
      c.maxArchiveBody = parseSize(v);
    },
  },
  {
    name: "rate",
    env: "CC_RATE",
    arg: "N",
    help: "Engine API requests per second per session (sustained)",
    def: (c) => String(c.rate),
    set: (c, v) => {
      c.rate = posInt(v, "rate");
    },
  },
  {
    name: "burst",
    env: "CC_BURST",
    arg: "N",
    help: "requests a session may make in a burst",
    def: (c) => String(c.burst),
    set: (c, v) => {
      c.burst = posInt(v, "burst");
    },
  },
  {
    name: "allow-origin",
    env: "CC_ALLOW_ORIGIN",
    arg: "LIST",
    help: "extra browser origins allowed (e.g. http://127.0.0.1:5173 for vite dev)",
    def: () => "(same origin only)",
    set: (c, v) => {
      c.allowOrigins = list(v);
    },
  },
  {
    name: "ws-max-message",
    env: "CC_WS_MAX_MESSAGE",
    arg: "SIZE",
    help: "largest WebSocket message from a browser",
    def: (c) => formatSize(c.wsMaxMessage),
    set: (c, v) => {
      c.wsMaxMessage = parseSize(v);
    },
  },
  {
    name: "quiet",
    env: "CC_QUIET",
    help: "log only warnings and refusals",
    def: () => "off",
    bool: (c) => {
      c.quiet = true;
    },
  },
  {
    name: "prepare-images",
    env: "CC_PREPARE_IMAGES",
    help: "offline classrooms: import busybox:latest from the host's busybox-static and build the course's images (labelled stand-ins) on the engine, then exit instead of serving",
    def: () => "off",
    bool: (c) => {
      c.prepareImages = true;
    },
  },
  {
    name: "force",
    env: "CC_FORCE",
    help: "with --prepare-images: rebuild the stand-in images even when present (real images are never replaced)",
    def: () => "off",
    bool: (c) => {
      c.force = true;
    },
  },
  {
    name: "busybox",
    env: "CC_BUSYBOX",
    arg: "PATH",
    help: "with --prepare-images: the statically linked busybox to import (Debian/Ubuntu: apt-get install busybox-static)",
    def: (c) => c.busybox,
    set: (c, v) => {
      c.busybox = resolve(v);
    },
  },
];

export function helpText(): string {
  const d = defaults();
  const lines = [
    "컨테이너 교실 게이트웨이 · Container Classroom gateway",
    "",
    "Serves the built app and a policed Docker Engine API (v1.41+) in front of a real engine, on one port.",
    "",
    "Usage: npm run server -- [options]",
    "  e.g. npm run server -- --port 8080 --join-code 7wq2k",
    "       npm run server -- --open            (one learner on a laptop)",
    "       npm run server -- --prepare-images  (build the course's images offline, then exit)",
    "",
    "Options (each also read from the environment variable shown):",
  ];
  for (const f of FLAGS) {
    const left = `  --${f.name}${f.arg ? ` ${f.arg}` : ""}`;
    lines.push(`${left.padEnd(30)} ${f.help}`);
    lines.push(`${"".padEnd(30)}   [${f.env}; default: ${f.def(d)}]`);
  }
  lines.push(`  ${"--help".padEnd(28)} this text`);
  lines.push(
    "",
    'Learners get a token with POST /api/sessions {"joinCode": "…"} and send it as \'Authorization: Bearer <token>\'.',
    'The real docker CLI works too: put {"HttpHeaders": {"Authorization": "Bearer <token>"}} in $DOCKER_CONFIG/config.json',
    "and set DOCKER_HOST=tcp://HOST:PORT.  Docs: docs/classroom-server.md",
  );
  return lines.join("\n");
}

export class ConfigError extends Error {}

/** Parse argv (without node and script) and env into a config. Returns "help" for --help. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): GatewayConfig | "help" {
  const c = defaults(env);
  for (const f of FLAGS) {
    const v = env[f.env];
    if (v === undefined || v === "") continue;
    try {
      if (f.bool) {
        if (!/^(0|false|no|off)$/i.test(v)) f.bool(c);
      } else f.set?.(c, v);
    } catch (e) {
      throw new ConfigError(`${f.env}: ${(e as Error).message}`);
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return "help";
    if (!a.startsWith("--")) throw new ConfigError(`unexpected argument "${a}" (see --help)`);
    const eq = a.indexOf("=");
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const f = FLAGS.find((x) => x.name === name);
    if (!f) throw new ConfigError(`unknown option --${name} (see --help)`);
    try {
      if (f.bool) {
        if (eq >= 0) throw new Error(`--${name} takes no value`);
        f.bool(c);
        continue;
      }
      let v: string | undefined;
      if (eq >= 0) v = a.slice(eq + 1);
      else v = argv[++i];
      if (v === undefined) throw new Error(`--${name} needs a value`);
      f.set?.(c, v);
    } catch (e) {
      throw new ConfigError(
        (e as Error).message.startsWith("--") ? (e as Error).message : `--${name}: ${(e as Error).message}`,
      );
    }
  }
  if (c.prepareImages) return c; // an administrator's step: no session mode needed
  if (c.open && c.joinCode) throw new ConfigError("choose one: --open (single user) or --join-code CODE (class)");
  if (!c.open && !c.joinCode)
    throw new ConfigError("give --join-code CODE for a class, or --open for a single-user laptop (see --help)");
  if (c.joinCode !== null && c.joinCode.length < 4) throw new ConfigError("--join-code: use at least 4 characters");
  if (c.port < 1 || c.port > 65535) throw new ConfigError("--port: 1–65535");
  if (c.sessionMemory < c.memory) c.sessionMemory = c.memory;
  if (!c.auditLog) c.auditLog = join(c.stateDir, "audit.log");
  return c;
}
