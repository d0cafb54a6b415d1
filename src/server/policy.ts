/**
 * The classroom policy: every create body is parsed against an allow-list and a new engine body is
 * built from the parsed values, with limits the learner cannot lift. Nothing is forwarded as it came.
 *
 * Rules for fields:
 *  - known and allowed: type-checked, mapped into the session (names, ids) and copied;
 *  - known and forbidden (privileged, host namespaces, devices, …): refused unless zero-valued;
 *  - unknown: refused unless zero-valued (clients send many empty defaults; newer clients add fields).
 * A refusal is a PolicyError; the gateway answers 403 with its message and writes an audit line.
 */
import type { GatewayConfig } from "./config";
import { LABEL_GATEWAY, LABEL_PREFIX, LABEL_SESSION, type OwnedContainer, type Resolved, VALID_NAME } from "./registry";
import { formatSize } from "./units";

export class PolicyError extends Error {
  constructor(
    /** A short stable code for tests and the audit log, e.g. "privileged". */
    readonly code: string,
    message: string,
    readonly status = 403,
  ) {
    super(message);
  }
}

const refuse = (code: string, en: string, ko: string): PolicyError =>
  new PolicyError(code, `classroom policy: ${en} (교실 정책: ${ko})`);

export type PolicyLimits = Pick<
  GatewayConfig,
  | "memory"
  | "sessionMemory"
  | "cpus"
  | "pidsLimit"
  | "logSize"
  | "shmSize"
  | "tmpfsSize"
  | "caps"
  | "capAddAllow"
  | "publishIp"
  | "minHostPort"
  | "allowImages"
>;

export interface PolicyContext {
  sid: string;
  gatewayId: string;
  limits: PolicyLimits;
  /** A container of this session (by id, name or prefix). */
  container(ref: string): Resolved<OwnedContainer>;
  /** The engine name of a network this session may attach to, or null. Shared: bridge, none. */
  network(ref: string): string | null;
  /** The engine name of a learner's volume (whether or not it exists yet). */
  volumeRealName(name: string): string;
}

export interface ContainerPlan {
  body: Record<string, unknown>;
  memory: number;
  warnings: string[];
  /** Learner volume names the container mounts; the gateway creates missing ones (labelled) first. */
  volumes: string[];
}

// ── value helpers ────────────────────────────────────────────────────────────────────────────

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** null, "", false, 0, [], {} and containers of those: what clients send for "not set". */
export function isZero(v: unknown): boolean {
  if (v === null || v === undefined || v === "" || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.every(isZero);
  if (isObj(v)) return Object.values(v).every(isZero);
  return false;
}

function str(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw refuse("type", `${field} must be a string`, `${field}는 문자열이어야 합니다`);
  return v;
}
function bool(v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean")
    throw refuse("type", `${field} must be true or false`, `${field}는 true/false여야 합니다`);
  return v;
}
function num(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v))
    throw refuse("type", `${field} must be a number`, `${field}는 숫자여야 합니다`);
  return v;
}
function strList(v: unknown, field: string, max = 256): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    throw refuse("type", `${field} must be a list of strings`, `${field}는 문자열 목록이어야 합니다`);
  }
  if (v.length > max)
    throw refuse("too-many", `${field} has more than ${max} entries`, `${field} 항목이 너무 많습니다`);
  return v as string[];
}
function strMap(v: unknown, field: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw refuse("type", `${field} must map strings to strings`, `${field}는 문자열→문자열 맵이어야 합니다`);
  }
  return v as Record<string, string>;
}

/** Fields a learner may not set at all (any non-zero value is refused with this message). */
function forbid(obj: Obj, field: string, code: string, en: string, ko: string) {
  if (!isZero(obj[field])) throw refuse(code, en, ko);
}

function checkUnknown(obj: Obj, known: Set<string>, where: string) {
  for (const [k, v] of Object.entries(obj)) {
    if (!known.has(k) && !isZero(v)) {
      throw refuse(
        "unknown-field",
        `${where}${k} is not allowed through the classroom gateway`,
        `${where}${k} 필드는 교실 서버에서 쓸 수 없습니다`,
      );
    }
  }
}

function learnerLabels(v: unknown, field: string): Record<string, string> {
  const labels = strMap(v, field) ?? {};
  for (const k of Object.keys(labels)) {
    if (k.startsWith(LABEL_PREFIX)) {
      throw refuse("reserved-label", `label ${k} is reserved for the gateway`, `${k} 라벨은 게이트웨이 전용입니다`);
    }
  }
  return labels;
}

export function sessionLabels(ctx: Pick<PolicyContext, "sid" | "gatewayId">): Record<string, string> {
  return { [LABEL_GATEWAY]: ctx.gatewayId, [LABEL_SESSION]: ctx.sid };
}

const normCap = (c: string) => c.toUpperCase().replace(/^CAP_/, "");

// ── images ───────────────────────────────────────────────────────────────────────────────────

/** "docker.io/library/busybox:1.36@sha256:…" → { name: "busybox", tag: "1.36" } */
export function parseImageRef(ref: string): { name: string; tag: string; digest: string | null } {
  let r = ref.trim();
  let digest: string | null = null;
  const at = r.indexOf("@");
  if (at >= 0) {
    digest = r.slice(at + 1);
    r = r.slice(0, at);
  }
  const slash = r.lastIndexOf("/");
  const colon = r.lastIndexOf(":");
  let tag = "latest";
  if (colon > slash) {
    tag = r.slice(colon + 1);
    r = r.slice(0, colon);
  } else if (digest) tag = "";
  r = r.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "").replace(/^library\//, "");
  return { name: r.toLowerCase(), tag, digest };
}

export function imageAllowed(ref: string, allow: string[]): boolean {
  const { name, tag } = parseImageRef(ref);
  return allow.some((entry) => {
    const e = parseImageRef(entry);
    const explicitTag = entry.slice(entry.lastIndexOf("/") + 1).includes(":");
    return e.name === name && (!explicitTag || e.tag === tag);
  });
}

/** Refs that are image ids rather than names: "sha256:…" or 12–64 hex digits. */
export const looksLikeImageId = (ref: string) => /^(sha256:)?[0-9a-f]{12,64}$/.test(ref);

export function refuseImage(ref: string, allow: string[]): PolicyError {
  return refuse(
    "image-not-allowed",
    `image "${ref}" is not allowed in this classroom; allowed: ${allow.join(", ")}`,
    `"${ref}" 이미지는 이 교실에서 쓸 수 없습니다. 허용된 이미지: ${allow.join(", ")}`,
  );
}

// ── containers ───────────────────────────────────────────────────────────────────────────────

const CONFIG_FIELDS = new Set([
  "Hostname",
  "Domainname",
  "User",
  "AttachStdin",
  "AttachStdout",
  "AttachStderr",
  "ExposedPorts",
  "Tty",
  "OpenStdin",
  "StdinOnce",
  "Env",
  "Cmd",
  "Healthcheck",
  "ArgsEscaped",
  "Image",
  "Volumes",
  "WorkingDir",
  "Entrypoint",
  "NetworkDisabled",
  "OnBuild",
  "Labels",
  "StopSignal",
  "StopTimeout",
  "Shell",
  "HostConfig",
  "NetworkingConfig",
]);

const HOST_FIELDS = new Set([
  "Binds",
  "ContainerIDFile",
  "LogConfig",
  "NetworkMode",
  "PortBindings",
  "RestartPolicy",
  "AutoRemove",
  "VolumeDriver",
  "VolumesFrom",
  "Mounts",
  "ConsoleSize",
  "CapAdd",
  "CapDrop",
  "CgroupnsMode",
  "Dns",
  "DnsOptions",
  "DnsSearch",
  "ExtraHosts",
  "GroupAdd",
  "IpcMode",
  "Cgroup",
  "Links",
  "OomScoreAdj",
  "PidMode",
  "Privileged",
  "PublishAllPorts",
  "ReadonlyRootfs",
  "SecurityOpt",
  "StorageOpt",
  "Tmpfs",
  "UTSMode",
  "UsernsMode",
  "ShmSize",
  "Sysctls",
  "Runtime",
  "Isolation",
  "CpuShares",
  "Memory",
  "NanoCpus",
  "CgroupParent",
  "BlkioWeight",
  "BlkioWeightDevice",
  "BlkioDeviceReadBps",
  "BlkioDeviceWriteBps",
  "BlkioDeviceReadIOps",
  "BlkioDeviceWriteIOps",
  "CpuPeriod",
  "CpuQuota",
  "CpuRealtimePeriod",
  "CpuRealtimeRuntime",
  "CpusetCpus",
  "CpusetMems",
  "Devices",
  "DeviceCgroupRules",
  "DeviceRequests",
  "KernelMemory",
  "KernelMemoryTCP",
  "MemoryReservation",
  "MemorySwap",
  "MemorySwappiness",
  "OomKillDisable",
  "Init",
  "PidsLimit",
  "Ulimits",
  "CpuCount",
  "CpuPercent",
  "IOMaximumIOps",
  "IOMaximumBandwidth",
  "MaskedPaths",
  "ReadonlyPaths",
  "Annotations",
]);

/** `host` / `container:<ref>` namespace modes. Returns the engine value. */
function namespaceMode(
  hc: Obj,
  field: string,
  flag: string,
  allowed: string[],
  ctx: PolicyContext,
): string | undefined {
  const v = str(hc[field], `HostConfig.${field}`);
  if (!v) return undefined;
  if (v === "host") {
    throw refuse(
      `host-${flag}`,
      `--${flag}=host would share the server's ${flag} namespace`,
      `--${flag}=host는 서버의 ${flag} 네임스페이스를 공유하므로 허용되지 않습니다`,
    );
  }
  if (v.startsWith("container:")) {
    if (field === "UTSMode" || field === "UsernsMode" || field === "CgroupnsMode") {
      throw refuse(`${flag}-mode`, `--${flag}=${v} is not allowed`, `--${flag}=${v}는 허용되지 않습니다`);
    }
    const ref = v.slice("container:".length);
    const c = ctx.container(ref);
    if (!("ok" in c)) {
      throw refuse(
        "container-mode-not-owned",
        `--${flag}=container:${ref}: no such container in your session`,
        `--${flag}=container:${ref}: 내 세션에 그런 컨테이너가 없습니다`,
      );
    }
    return `container:${c.ok.id}`;
  }
  if (allowed.includes(v)) return v;
  throw refuse(`${flag}-mode`, `--${flag}=${v} is not allowed`, `--${flag}=${v}는 허용되지 않습니다`);
}

const HOST_PATH_MSG = (src: string) =>
  src.includes("docker.sock") || src.includes("podman.sock")
    ? refuse(
        "docker-socket",
        `mounting the engine socket (${src}) would hand over the whole server`,
        `엔진 소켓(${src})을 마운트하면 서버 전체를 넘겨주게 됩니다`,
      )
    : refuse(
        "bind-mount",
        `bind mounts of host paths (${src}) are not allowed; use a named volume (-v name:/path)`,
        `호스트 경로(${src}) 바인드 마운트는 허용되지 않습니다. 이름 있는 볼륨(-v 이름:/경로)을 쓰세요`,
      );

function tmpfsOptions(opts: string, cap: number): string {
  const parts = opts
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  let size: number | null = null;
  const rest: string[] = [];
  for (const p of parts) {
    const m = /^size=(\d+)([kmg]?)$/i.exec(p);
    if (m) size = Number(m[1]) * ({ "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()] ?? 1);
    else if (/^(ro|rw|exec|noexec|suid|nosuid|dev|nodev|mode=[0-7]{3,4}|uid=\d+|gid=\d+|nr_inodes=\d+[kmg]?)$/i.test(p))
      rest.push(p);
    else throw refuse("tmpfs-option", `tmpfs option "${p}" is not allowed`, `tmpfs 옵션 "${p}"는 허용되지 않습니다`);
  }
  const s = size === null || size > cap ? cap : size;
  return [...rest, `size=${s}`].join(",");
}

export function planContainerCreate(raw: unknown, ctx: PolicyContext, query: { name?: string | null }): ContainerPlan {
  if (!isObj(raw))
    throw refuse("empty-body", "a container config (JSON body) is required", "컨테이너 설정(JSON 본문)이 필요합니다");
  const L = ctx.limits;
  const warnings: string[] = [];
  const volumes: string[] = [];
  checkUnknown(raw, CONFIG_FIELDS, "");

  const image = str(raw.Image, "Image");
  if (!image) throw refuse("no-image", "Image is required", "이미지를 지정해야 합니다");

  const out: Obj = { Image: image };
  for (const f of ["Hostname", "Domainname", "User", "WorkingDir", "StopSignal"]) {
    const v = str(raw[f], f);
    if (v) out[f] = v;
  }
  if (out.Hostname && !/^[a-zA-Z0-9][a-zA-Z0-9.-]{0,62}$/.test(String(out.Hostname))) {
    throw refuse("hostname", "invalid hostname", "올바르지 않은 호스트 이름입니다");
  }
  for (const f of [
    "AttachStdin",
    "AttachStdout",
    "AttachStderr",
    "Tty",
    "OpenStdin",
    "StdinOnce",
    "NetworkDisabled",
    "ArgsEscaped",
  ]) {
    const v = bool(raw[f], f);
    if (v !== undefined) out[f] = v;
  }
  for (const f of ["Env", "Cmd", "Entrypoint", "Shell"]) {
    const v = strList(raw[f], f, 1024);
    if (v !== undefined) out[f] = v;
  }
  const stopTimeout = num(raw.StopTimeout, "StopTimeout");
  if (stopTimeout !== undefined) out.StopTimeout = Math.max(0, Math.min(60, Math.floor(stopTimeout)));
  if (!isZero(raw.ExposedPorts)) {
    if (!isObj(raw.ExposedPorts))
      throw refuse("type", "ExposedPorts must be an object", "ExposedPorts는 객체여야 합니다");
    const ports: Obj = {};
    for (const k of Object.keys(raw.ExposedPorts)) {
      if (!/^\d{1,5}(\/(tcp|udp|sctp))?$/.test(k)) throw refuse("port", `invalid port ${k}`, `올바르지 않은 포트 ${k}`);
      ports[k] = {};
    }
    out.ExposedPorts = ports;
  }
  if (!isZero(raw.Volumes)) {
    if (!isObj(raw.Volumes)) throw refuse("type", "Volumes must be an object", "Volumes는 객체여야 합니다");
    const vols: Obj = {};
    for (const k of Object.keys(raw.Volumes)) {
      if (!k.startsWith("/"))
        throw refuse("volume", `anonymous volume path ${k} must be absolute`, `볼륨 경로 ${k}는 절대 경로여야 합니다`);
      vols[k] = {};
    }
    out.Volumes = vols;
  }
  if (!isZero(raw.Healthcheck)) {
    const h = raw.Healthcheck;
    if (!isObj(h)) throw refuse("type", "Healthcheck must be an object", "Healthcheck는 객체여야 합니다");
    checkUnknown(
      h,
      new Set(["Test", "Interval", "Timeout", "Retries", "StartPeriod", "StartInterval"]),
      "Healthcheck.",
    );
    const hc: Obj = {};
    const test = strList(h.Test, "Healthcheck.Test");
    if (test) hc.Test = test;
    for (const f of ["Interval", "Timeout", "StartPeriod", "StartInterval"]) {
      const v = num(h[f], `Healthcheck.${f}`);
      // At least 1 s between checks: a healthcheck must not become a process storm.
      if (v) hc[f] = f === "Interval" ? Math.max(v, 1e9) : v;
    }
    const retries = num(h.Retries, "Healthcheck.Retries");
    if (retries) hc.Retries = Math.min(retries, 100);
    out.Healthcheck = hc;
  }
  out.Labels = { ...learnerLabels(raw.Labels, "Labels"), ...sessionLabels(ctx) };

  // ── HostConfig ─────────────────────────────────────────────────────────────────────────
  const hc: Obj = isObj(raw.HostConfig) ? raw.HostConfig : {};
  if (raw.HostConfig !== undefined && raw.HostConfig !== null && !isObj(raw.HostConfig)) {
    throw refuse("type", "HostConfig must be an object", "HostConfig는 객체여야 합니다");
  }
  checkUnknown(hc, HOST_FIELDS, "HostConfig.");
  const h: Obj = {};

  if (hc.Privileged === true)
    throw refuse("privileged", "--privileged containers are not allowed", "--privileged 컨테이너는 만들 수 없습니다");
  forbid(
    hc,
    "Devices",
    "devices",
    "--device is not allowed (no host devices in containers)",
    "--device(호스트 장치 연결)는 허용되지 않습니다",
  );
  forbid(
    hc,
    "DeviceRequests",
    "device-requests",
    "--gpus / device requests are not allowed",
    "--gpus(장치 요청)는 허용되지 않습니다",
  );
  forbid(
    hc,
    "DeviceCgroupRules",
    "device-cgroup-rules",
    "--device-cgroup-rule is not allowed",
    "--device-cgroup-rule은 허용되지 않습니다",
  );
  forbid(hc, "Sysctls", "sysctls", "--sysctl is not allowed", "--sysctl은 허용되지 않습니다");
  forbid(hc, "CgroupParent", "cgroup-parent", "--cgroup-parent is not allowed", "--cgroup-parent는 허용되지 않습니다");
  forbid(
    hc,
    "Runtime",
    "runtime",
    "changing the runtime (--runtime) is not allowed",
    "런타임 변경(--runtime)은 허용되지 않습니다",
  );
  forbid(
    hc,
    "OomKillDisable",
    "oom-kill-disable",
    "--oom-kill-disable is not allowed",
    "--oom-kill-disable은 허용되지 않습니다",
  );
  // An empty list is not "unset" here: it unmasks /proc and /sys (systempaths=unconfined). Only null is.
  if (hc.MaskedPaths != null || hc.ReadonlyPaths != null) {
    throw refuse(
      "systempaths",
      "changing masked or read-only paths (systempaths=unconfined) is not allowed",
      "마스킹/읽기 전용 경로 변경(systempaths=unconfined)은 허용되지 않습니다",
    );
  }
  forbid(hc, "VolumeDriver", "volume-driver", "--volume-driver is not allowed", "--volume-driver는 허용되지 않습니다");
  forbid(hc, "StorageOpt", "storage-opt", "--storage-opt is not allowed", "--storage-opt는 허용되지 않습니다");
  forbid(hc, "KernelMemory", "kernel-memory", "--kernel-memory is not allowed", "--kernel-memory는 허용되지 않습니다");
  forbid(
    hc,
    "KernelMemoryTCP",
    "kernel-memory",
    "kernel TCP memory limits are not allowed",
    "커널 TCP 메모리 설정은 허용되지 않습니다",
  );
  forbid(hc, "Cgroup", "cgroup", "HostConfig.Cgroup is not allowed", "HostConfig.Cgroup은 허용되지 않습니다");
  forbid(
    hc,
    "CpuPeriod",
    "cpu-period",
    "--cpu-period/--cpu-quota are not allowed; use --cpus",
    "--cpu-period/--cpu-quota 대신 --cpus를 쓰세요",
  );
  forbid(
    hc,
    "CpuQuota",
    "cpu-period",
    "--cpu-period/--cpu-quota are not allowed; use --cpus",
    "--cpu-period/--cpu-quota 대신 --cpus를 쓰세요",
  );
  forbid(
    hc,
    "CpuRealtimePeriod",
    "cpu-rt",
    "real-time CPU scheduling is not allowed",
    "실시간 CPU 스케줄링은 허용되지 않습니다",
  );
  forbid(
    hc,
    "CpuRealtimeRuntime",
    "cpu-rt",
    "real-time CPU scheduling is not allowed",
    "실시간 CPU 스케줄링은 허용되지 않습니다",
  );
  for (const f of [
    "BlkioWeightDevice",
    "BlkioDeviceReadBps",
    "BlkioDeviceWriteBps",
    "BlkioDeviceReadIOps",
    "BlkioDeviceWriteIOps",
  ]) {
    forbid(
      hc,
      f,
      "blkio-device",
      "per-device I/O limits name host devices and are not allowed",
      "장치별 I/O 제한은 호스트 장치를 가리키므로 허용되지 않습니다",
    );
  }
  forbid(hc, "Annotations", "annotations", "annotations are not allowed", "annotation은 허용되지 않습니다");
  const iso = str(hc.Isolation, "HostConfig.Isolation");
  if (iso && iso !== "default")
    throw refuse("isolation", `--isolation=${iso} is not allowed`, `--isolation=${iso}는 허용되지 않습니다`);

  // Namespaces.
  const pid = namespaceMode(hc, "PidMode", "pid", [], ctx);
  if (pid) h.PidMode = pid;
  const ipc = namespaceMode(hc, "IpcMode", "ipc", ["private", "none", "shareable"], ctx);
  if (ipc) h.IpcMode = ipc;
  const uts = namespaceMode(hc, "UTSMode", "uts", [], ctx);
  if (uts) h.UTSMode = uts;
  const userns = namespaceMode(hc, "UsernsMode", "userns", [], ctx);
  if (userns) h.UsernsMode = userns;
  const cgroupns = namespaceMode(hc, "CgroupnsMode", "cgroupns", ["private"], ctx);
  if (cgroupns) h.CgroupnsMode = cgroupns;

  // Network mode.
  const nm = str(hc.NetworkMode, "HostConfig.NetworkMode") || "default";
  if (nm === "host")
    throw refuse(
      "host-network",
      "--network=host would share the server's network namespace",
      "--network=host는 서버의 네트워크 네임스페이스를 공유하므로 허용되지 않습니다",
    );
  if (nm.startsWith("container:")) {
    const ref = nm.slice("container:".length);
    const c = ctx.container(ref);
    if (!("ok" in c))
      throw refuse(
        "container-mode-not-owned",
        `--network=container:${ref}: no such container in your session`,
        `--network=container:${ref}: 내 세션에 그런 컨테이너가 없습니다`,
      );
    h.NetworkMode = `container:${c.ok.id}`;
  } else if (nm === "default" || nm === "bridge" || nm === "none") {
    h.NetworkMode = nm;
  } else {
    const real = ctx.network(nm);
    if (!real) throw new PolicyError("no-network", `network ${nm} not found`, 404);
    h.NetworkMode = real;
  }

  // Capabilities: drop everything, give back the baseline, and only allowed extras.
  const capAdd = (strList(hc.CapAdd, "HostConfig.CapAdd") ?? []).map(normCap);
  const capDrop = (strList(hc.CapDrop, "HostConfig.CapDrop") ?? []).map(normCap);
  for (const c of capAdd) {
    if (!L.capAddAllow.includes(c) && !L.caps.includes(c)) {
      throw refuse(
        "cap-add",
        `--cap-add ${c} is not allowed; allowed: ${L.capAddAllow.join(", ") || "(none)"}`,
        `--cap-add ${c}는 허용되지 않습니다. 허용: ${L.capAddAllow.join(", ") || "(없음)"}`,
      );
    }
  }
  const dropAll = capDrop.includes("ALL");
  h.CapAdd = [...new Set([...(dropAll ? [] : L.caps.filter((c) => !capDrop.includes(c))), ...capAdd])];
  h.CapDrop = ["ALL"];

  // Security options: no-new-privileges always; nothing that loosens confinement.
  for (const o of strList(hc.SecurityOpt, "HostConfig.SecurityOpt") ?? []) {
    const s = o.replace(":", "=").toLowerCase();
    if (s === "no-new-privileges" || s === "no-new-privileges=true") continue;
    if (s.startsWith("seccomp=")) {
      throw s === "seccomp=unconfined"
        ? refuse(
            "seccomp-unconfined",
            "--security-opt seccomp=unconfined is not allowed",
            "seccomp=unconfined는 허용되지 않습니다",
          )
        : refuse(
            "seccomp-profile",
            "custom seccomp profiles are not allowed",
            "사용자 seccomp 프로필은 허용되지 않습니다",
          );
    }
    if (s.startsWith("apparmor=")) {
      throw refuse(
        "apparmor-unconfined",
        `--security-opt ${o} is not allowed`,
        `--security-opt ${o}는 허용되지 않습니다`,
      );
    }
    if (s.startsWith("label=")) {
      throw refuse("label-disable", `--security-opt ${o} is not allowed`, `--security-opt ${o}는 허용되지 않습니다`);
    }
    throw refuse("security-opt", `--security-opt ${o} is not allowed`, `--security-opt ${o}는 허용되지 않습니다`);
  }
  h.SecurityOpt = ["no-new-privileges"];

  // Resources.
  const memReq = num(hc.Memory, "HostConfig.Memory") ?? 0;
  let memory = L.memory;
  if (memReq > 0) {
    memory = Math.min(memReq, L.memory);
    if (memReq > L.memory)
      warnings.push(
        `classroom limit: memory lowered to ${formatSize(L.memory)} (교실 제한: 메모리를 ${formatSize(L.memory)}로 낮췄습니다)`,
      );
  }
  h.Memory = memory;
  h.MemorySwap = memory;
  const memRes = num(hc.MemoryReservation, "HostConfig.MemoryReservation");
  if (memRes && memRes > 0) h.MemoryReservation = Math.min(memRes, memory);
  const swappiness = num(hc.MemorySwappiness, "HostConfig.MemorySwappiness");
  if (swappiness !== undefined && swappiness >= 0 && swappiness <= 100) h.MemorySwappiness = swappiness;
  const nanoReq = num(hc.NanoCpus, "HostConfig.NanoCpus") ?? 0;
  const nanoCap = Math.round(L.cpus * 1e9);
  h.NanoCpus = nanoReq > 0 ? Math.min(nanoReq, nanoCap) : nanoCap;
  if (nanoReq > nanoCap)
    warnings.push(`classroom limit: CPUs lowered to ${L.cpus} (교실 제한: CPU를 ${L.cpus}개로 낮췄습니다)`);
  const shares = num(hc.CpuShares, "HostConfig.CpuShares");
  if (shares && shares > 0) h.CpuShares = Math.min(shares, 1024);
  const cpuset = str(hc.CpusetCpus, "HostConfig.CpusetCpus");
  if (cpuset) {
    if (!/^[0-9,-]{1,64}$/.test(cpuset)) throw refuse("cpuset", "invalid --cpuset-cpus", "올바르지 않은 --cpuset-cpus");
    h.CpusetCpus = cpuset;
  }
  forbid(hc, "CpusetMems", "cpuset-mems", "--cpuset-mems is not allowed", "--cpuset-mems는 허용되지 않습니다");
  const blkio = num(hc.BlkioWeight, "HostConfig.BlkioWeight");
  if (blkio) h.BlkioWeight = Math.max(10, Math.min(1000, blkio));
  const pidsReq = num(hc.PidsLimit, "HostConfig.PidsLimit") ?? 0;
  h.PidsLimit = pidsReq > 0 ? Math.min(pidsReq, L.pidsLimit) : L.pidsLimit;
  const oom = num(hc.OomScoreAdj, "HostConfig.OomScoreAdj");
  if (oom) {
    if (oom < 0)
      throw refuse(
        "oom-score-adj",
        "a negative --oom-score-adj is not allowed",
        "음수 --oom-score-adj는 허용되지 않습니다",
      );
    h.OomScoreAdj = Math.min(oom, 1000);
  }
  const shm = num(hc.ShmSize, "HostConfig.ShmSize");
  h.ShmSize = shm && shm > 0 ? Math.min(shm, L.shmSize) : Math.min(64 * 1024 ** 2, L.shmSize);
  for (const f of ["CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth"]) {
    forbid(hc, f, "windows-only", `HostConfig.${f} is not allowed`, `HostConfig.${f}는 허용되지 않습니다`);
  }
  if (!isZero(hc.Ulimits)) {
    if (!Array.isArray(hc.Ulimits)) throw refuse("type", "Ulimits must be a list", "Ulimits는 목록이어야 합니다");
    const ul: Obj[] = [];
    for (const u of hc.Ulimits) {
      if (!isObj(u) || u.Name !== "nofile")
        throw refuse("ulimit", "only --ulimit nofile is allowed", "--ulimit은 nofile만 허용됩니다");
      const soft = num(u.Soft, "Ulimit.Soft") ?? 0;
      const hard = num(u.Hard, "Ulimit.Hard") ?? 0;
      if (soft > 65536 || hard > 65536)
        throw refuse("ulimit", "--ulimit nofile is capped at 65536", "--ulimit nofile은 65536까지입니다");
      ul.push({ Name: "nofile", Soft: soft, Hard: hard });
    }
    h.Ulimits = ul;
  }

  // Logs: json-file with a size cap.
  const lc = hc.LogConfig;
  if (!isZero(lc)) {
    if (!isObj(lc)) throw refuse("type", "LogConfig must be an object", "LogConfig는 객체여야 합니다");
    const t = str(lc.Type, "LogConfig.Type") ?? "";
    if (t && t !== "json-file" && t !== "local") {
      throw refuse("log-driver", `--log-driver ${t} is not allowed`, `--log-driver ${t}는 허용되지 않습니다`);
    }
  }
  h.LogConfig = { Type: "json-file", Config: { "max-size": String(L.logSize), "max-file": "1" } };

  // Restart, removal, init, console.
  if (!isZero(hc.RestartPolicy)) {
    const rp = hc.RestartPolicy;
    if (!isObj(rp)) throw refuse("type", "RestartPolicy must be an object", "RestartPolicy는 객체여야 합니다");
    const name = str(rp.Name, "RestartPolicy.Name") ?? "";
    if (!["", "no", "always", "unless-stopped", "on-failure"].includes(name)) {
      throw refuse("restart", `--restart ${name} is not valid`, `--restart ${name}는 올바르지 않습니다`);
    }
    const max = num(rp.MaximumRetryCount, "RestartPolicy.MaximumRetryCount") ?? 0;
    h.RestartPolicy = { Name: name, MaximumRetryCount: Math.max(0, Math.min(max, 10)) };
  }
  for (const f of ["AutoRemove", "ReadonlyRootfs", "PublishAllPorts", "Init"]) {
    const v = bool(hc[f], `HostConfig.${f}`);
    if (v !== undefined) h[f] = v;
  }
  if (
    Array.isArray(hc.ConsoleSize) &&
    hc.ConsoleSize.length === 2 &&
    hc.ConsoleSize.every((n) => Number.isInteger(n) && n >= 0 && n < 10000)
  ) {
    h.ConsoleSize = hc.ConsoleSize;
  }
  for (const f of ["Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd"]) {
    const v = strList(hc[f], `HostConfig.${f}`, 32);
    if (v?.length) h[f] = v;
  }

  // Ports: published only on the classroom address, above the privileged range.
  if (!isZero(hc.PortBindings)) {
    if (!isObj(hc.PortBindings))
      throw refuse("type", "PortBindings must be an object", "PortBindings는 객체여야 합니다");
    const pb: Obj = {};
    for (const [port, binds] of Object.entries(hc.PortBindings)) {
      if (!/^\d{1,5}(\/(tcp|udp|sctp))?$/.test(port))
        throw refuse("port", `invalid port ${port}`, `올바르지 않은 포트 ${port}`);
      if (!Array.isArray(binds))
        throw refuse("type", "PortBindings values must be lists", "PortBindings 값은 목록이어야 합니다");
      pb[port] = binds.map((b) => {
        if (!isObj(b)) throw refuse("type", "invalid port binding", "올바르지 않은 포트 연결");
        const hp = str(b.HostPort, "HostPort") ?? "";
        if (hp !== "" && hp !== "0") {
          const n = Number(hp.split("-")[0]);
          if (!/^\d{1,5}(-\d{1,5})?$/.test(hp) || n < L.minHostPort || n > 65535) {
            throw refuse(
              "host-port",
              `host port ${hp} is not allowed; use ${L.minHostPort}–65535`,
              `호스트 포트 ${hp}는 쓸 수 없습니다. ${L.minHostPort}–65535를 쓰세요`,
            );
          }
        }
        return { HostIp: L.publishIp, HostPort: hp === "0" ? "" : hp };
      });
    }
    h.PortBindings = pb;
  }

  // Mounts: named volumes of this session and tmpfs; never a host path.
  const binds: string[] = [];
  for (const b of strList(hc.Binds, "HostConfig.Binds", 32) ?? []) {
    const parts = b.split(":");
    if (parts.length < 2 || parts.length > 3)
      throw refuse("bind-mount", `invalid volume spec "${b}"`, `올바르지 않은 볼륨 지정 "${b}"`);
    const [src, dst, mode] = parts;
    if (!VALID_NAME.test(src)) throw HOST_PATH_MSG(src);
    if (!dst.startsWith("/"))
      throw refuse(
        "bind-mount",
        `mount target ${dst} must be an absolute path`,
        `마운트 대상 ${dst}는 절대 경로여야 합니다`,
      );
    if (mode !== undefined && !/^(ro|rw|z|Z|nocopy|ro,nocopy|rw,nocopy|nocopy,ro|nocopy,rw)$/.test(mode)) {
      throw refuse("bind-mount", `volume mode "${mode}" is not allowed`, `볼륨 모드 "${mode}"는 허용되지 않습니다`);
    }
    volumes.push(src);
    binds.push([ctx.volumeRealName(src), dst, ...(mode ? [mode] : [])].join(":"));
  }
  if (binds.length) h.Binds = binds;
  if (!isZero(hc.Mounts)) {
    if (!Array.isArray(hc.Mounts)) throw refuse("type", "Mounts must be a list", "Mounts는 목록이어야 합니다");
    const mounts: Obj[] = [];
    for (const m of hc.Mounts) {
      if (!isObj(m)) throw refuse("type", "invalid mount", "올바르지 않은 마운트");
      const type = str(m.Type, "Mount.Type") ?? "volume";
      const target = str(m.Target, "Mount.Target") ?? "";
      if (!target.startsWith("/"))
        throw refuse("mount", "mount target must be an absolute path", "마운트 대상은 절대 경로여야 합니다");
      const ro = bool(m.ReadOnly, "Mount.ReadOnly") ?? false;
      if (type === "bind" || type === "npipe" || type === "cluster")
        throw HOST_PATH_MSG(str(m.Source, "Mount.Source") || type);
      if (type === "volume") {
        const vo = isObj(m.VolumeOptions) ? m.VolumeOptions : {};
        const dc = isObj(vo.DriverConfig) ? vo.DriverConfig : {};
        if (!isZero(dc.Options) || (dc.Name && dc.Name !== "local")) {
          throw refuse(
            "volume-driver-opts",
            "volume driver options (e.g. type=none,o=bind,device=/) are not allowed: they can bind host paths",
            "볼륨 드라이버 옵션(예: type=none,o=bind,device=/)은 호스트 경로를 연결할 수 있어 허용되지 않습니다",
          );
        }
        const src = str(m.Source, "Mount.Source") ?? "";
        if (src && !VALID_NAME.test(src)) throw HOST_PATH_MSG(src);
        const mount: Obj = { Type: "volume", Target: target, ReadOnly: ro };
        if (src) {
          volumes.push(src);
          mount.Source = ctx.volumeRealName(src);
        }
        const labels = learnerLabels(vo.Labels, "VolumeOptions.Labels");
        mount.VolumeOptions = {
          NoCopy: bool(vo.NoCopy, "VolumeOptions.NoCopy") ?? false,
          Labels: { ...labels, ...sessionLabels(ctx) },
        };
        mounts.push(mount);
      } else if (type === "tmpfs") {
        const to = isObj(m.TmpfsOptions) ? m.TmpfsOptions : {};
        const size = num(to.SizeBytes, "TmpfsOptions.SizeBytes") ?? 0;
        const mode = num(to.Mode, "TmpfsOptions.Mode");
        mounts.push({
          Type: "tmpfs",
          Target: target,
          ReadOnly: ro,
          TmpfsOptions: {
            SizeBytes: size > 0 ? Math.min(size, L.tmpfsSize) : L.tmpfsSize,
            ...(mode ? { Mode: mode } : {}),
          },
        });
      } else {
        throw refuse("mount", `mount type ${type} is not allowed`, `마운트 종류 ${type}는 허용되지 않습니다`);
      }
    }
    if (mounts.length) h.Mounts = mounts;
  }
  if (!isZero(hc.Tmpfs)) {
    const t = strMap(hc.Tmpfs, "HostConfig.Tmpfs") ?? {};
    if (Object.keys(t).length > 8) throw refuse("tmpfs", "at most 8 tmpfs mounts", "tmpfs는 8개까지입니다");
    const tm: Record<string, string> = {};
    for (const [path, opts] of Object.entries(t)) {
      if (!path.startsWith("/"))
        throw refuse("tmpfs", "tmpfs path must be absolute", "tmpfs 경로는 절대 경로여야 합니다");
      tm[path] = tmpfsOptions(opts, L.tmpfsSize);
    }
    h.Tmpfs = tm;
  }
  const vf = strList(hc.VolumesFrom, "HostConfig.VolumesFrom", 16) ?? [];
  if (vf.length) {
    h.VolumesFrom = vf.map((spec) => {
      const [ref, mode] = spec.split(":");
      const c = ctx.container(ref);
      if (!("ok" in c)) throw new PolicyError("no-such-container", c.message, c.status);
      if (mode !== undefined && mode !== "ro" && mode !== "rw")
        throw refuse("volumes-from", `invalid mode ${mode}`, `올바르지 않은 모드 ${mode}`);
      return mode ? `${c.ok.id}:${mode}` : c.ok.id;
    });
  }
  const links = strList(hc.Links, "HostConfig.Links", 16) ?? [];
  if (links.length) {
    h.Links = links.map((spec) => {
      const [ref, alias] = spec.split(":");
      const c = ctx.container(ref);
      if (!("ok" in c)) throw new PolicyError("no-such-container", `could not get container for ${ref}`, 404);
      return `${c.ok.realName}:${alias ?? ref}`;
    });
  }
  out.HostConfig = h;

  // ── NetworkingConfig ───────────────────────────────────────────────────────────────────
  const nc = raw.NetworkingConfig;
  if (!isZero(nc)) {
    if (!isObj(nc)) throw refuse("type", "NetworkingConfig must be an object", "NetworkingConfig는 객체여야 합니다");
    checkUnknown(nc, new Set(["EndpointsConfig"]), "NetworkingConfig.");
    const ec = nc.EndpointsConfig;
    if (!isZero(ec)) {
      if (!isObj(ec)) throw refuse("type", "EndpointsConfig must be an object", "EndpointsConfig는 객체여야 합니다");
      const outEc: Obj = {};
      for (const [netName, cfg] of Object.entries(ec)) {
        if (netName === "host")
          throw refuse(
            "host-network",
            "--network=host would share the server's network namespace",
            "--network=host는 서버의 네트워크 네임스페이스를 공유하므로 허용되지 않습니다",
          );
        let real: string | null = netName;
        if (netName !== "default" && netName !== "bridge" && netName !== "none") real = ctx.network(netName);
        if (!real) throw new PolicyError("no-network", `network ${netName} not found`, 404);
        const e = isObj(cfg) ? cfg : {};
        checkUnknown(
          e,
          new Set([
            "IPAMConfig",
            "Links",
            "Aliases",
            "MacAddress",
            "DriverOpts",
            "GwPriority",
            "NetworkID",
            "EndpointID",
            "Gateway",
            "IPAddress",
            "IPPrefixLen",
            "IPv6Gateway",
            "GlobalIPv6Address",
            "GlobalIPv6PrefixLen",
            "DNSNames",
          ]),
          `EndpointsConfig.${netName}.`,
        );
        forbid(
          e,
          "DriverOpts",
          "endpoint-driver-opts",
          "network endpoint driver options are not allowed",
          "네트워크 엔드포인트 드라이버 옵션은 허용되지 않습니다",
        );
        const ep: Obj = {};
        const aliases = strList(e.Aliases, "Aliases", 16);
        if (aliases?.length) ep.Aliases = aliases;
        if (isObj(e.IPAMConfig) && !isZero(e.IPAMConfig)) {
          const ip4 = str(e.IPAMConfig.IPv4Address, "IPAMConfig.IPv4Address");
          if (ip4) ep.IPAMConfig = { IPv4Address: ip4 };
        }
        outEc[real] = ep;
      }
      if (Object.keys(outEc).length) out.NetworkingConfig = { EndpointsConfig: outEc };
    }
  }

  if (query.name !== undefined && query.name !== null && query.name !== "") {
    const n = query.name.startsWith("/") ? query.name.slice(1) : query.name;
    if (!VALID_NAME.test(n) || n.length > 100) {
      throw new PolicyError("name", `Invalid container name (${n}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`, 400);
    }
    // On user networks a container is found by its name; the engine's name carries the session
    // prefix, so the learner's name becomes an alias there.
    const mode = String(h.NetworkMode);
    if (!["default", "bridge", "none"].includes(mode) && !mode.startsWith("container:")) {
      const nc = (out.NetworkingConfig as { EndpointsConfig: Record<string, Obj> } | undefined) ?? {
        EndpointsConfig: {},
      };
      const ep = nc.EndpointsConfig[mode] ?? {};
      const aliases = (ep.Aliases as string[] | undefined) ?? [];
      if (!aliases.includes(n)) aliases.push(n);
      nc.EndpointsConfig[mode] = { ...ep, Aliases: aliases };
      out.NetworkingConfig = nc;
    }
  }
  return { body: out, memory, warnings, volumes: [...new Set(volumes)] };
}

// ── exec ─────────────────────────────────────────────────────────────────────────────────────

const EXEC_FIELDS = new Set([
  "AttachStdin",
  "AttachStdout",
  "AttachStderr",
  "DetachKeys",
  "Tty",
  "ConsoleSize",
  "Env",
  "Cmd",
  "WorkingDir",
  "User",
  "Privileged",
  "Detach",
]);

export function planExecCreate(raw: unknown): Record<string, unknown> {
  if (!isObj(raw))
    throw refuse("empty-body", "an exec config (JSON body) is required", "exec 설정(JSON 본문)이 필요합니다");
  if (raw.Privileged === true)
    throw refuse(
      "privileged-exec",
      "docker exec --privileged is not allowed",
      "docker exec --privileged는 허용되지 않습니다",
    );
  checkUnknown(raw, EXEC_FIELDS, "");
  const cmd = strList(raw.Cmd, "Cmd", 1024);
  if (!cmd || cmd.length === 0) throw new PolicyError("no-cmd", "No exec command specified", 400);
  const out: Obj = { Cmd: cmd, Privileged: false };
  for (const f of ["AttachStdin", "AttachStdout", "AttachStderr", "Tty"]) {
    const v = bool(raw[f], f);
    if (v !== undefined) out[f] = v;
  }
  for (const f of ["DetachKeys", "WorkingDir", "User"]) {
    const v = str(raw[f], f);
    if (v) out[f] = v;
  }
  const env = strList(raw.Env, "Env", 1024);
  if (env) out.Env = env;
  if (
    Array.isArray(raw.ConsoleSize) &&
    raw.ConsoleSize.length === 2 &&
    raw.ConsoleSize.every((n) => Number.isInteger(n) && n >= 0 && n < 10000)
  ) {
    out.ConsoleSize = raw.ConsoleSize;
  }
  return out;
}

// ── volumes and networks ─────────────────────────────────────────────────────────────────────

export function planVolumeCreate(
  raw: unknown,
  ctx: Pick<PolicyContext, "sid" | "gatewayId">,
): { name: string | null; labels: Record<string, string> } {
  if (!isObj(raw))
    throw refuse("empty-body", "a volume config (JSON body) is required", "볼륨 설정(JSON 본문)이 필요합니다");
  checkUnknown(raw, new Set(["Name", "Driver", "DriverOpts", "Labels"]), "");
  const driver = str(raw.Driver, "Driver") ?? "";
  if (driver && driver !== "local")
    throw refuse(
      "volume-driver",
      `volume driver ${driver} is not allowed`,
      `볼륨 드라이버 ${driver}는 허용되지 않습니다`,
    );
  if (!isZero(raw.DriverOpts)) {
    throw refuse(
      "volume-driver-opts",
      "volume driver options (e.g. type=none,o=bind,device=/) are not allowed: they can bind host paths",
      "볼륨 드라이버 옵션(예: type=none,o=bind,device=/)은 호스트 경로를 연결할 수 있어 허용되지 않습니다",
    );
  }
  const name = str(raw.Name, "Name") || null;
  if (name && (!VALID_NAME.test(name) || name.length > 100)) {
    throw new PolicyError(
      "name",
      `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      400,
    );
  }
  return { name, labels: { ...learnerLabels(raw.Labels, "Labels"), ...sessionLabels(ctx) } };
}

export function planNetworkCreate(
  raw: unknown,
  ctx: Pick<PolicyContext, "sid" | "gatewayId">,
): { name: string; body: Record<string, unknown> } {
  if (!isObj(raw))
    throw refuse("empty-body", "a network config (JSON body) is required", "네트워크 설정(JSON 본문)이 필요합니다");
  checkUnknown(
    raw,
    new Set([
      "Name",
      "CheckDuplicate",
      "Driver",
      "Internal",
      "Attachable",
      "Ingress",
      "IPAM",
      "EnableIPv6",
      "Options",
      "Labels",
      "Scope",
      "ConfigOnly",
      "ConfigFrom",
    ]),
    "",
  );
  const name = str(raw.Name, "Name") ?? "";
  if (!name || !VALID_NAME.test(name) || name.length > 100)
    throw new PolicyError("name", `invalid network name "${name}"`, 400);
  const driver = str(raw.Driver, "Driver") ?? "";
  if (driver && driver !== "bridge")
    throw refuse(
      "network-driver",
      `network driver ${driver} is not allowed; use bridge`,
      `네트워크 드라이버 ${driver}는 허용되지 않습니다. bridge를 쓰세요`,
    );
  forbid(
    raw,
    "Options",
    "network-options",
    "network driver options are not allowed",
    "네트워크 드라이버 옵션은 허용되지 않습니다",
  );
  forbid(raw, "Ingress", "ingress", "ingress networks are not allowed", "ingress 네트워크는 허용되지 않습니다");
  forbid(raw, "EnableIPv6", "ipv6", "IPv6 networks are not allowed", "IPv6 네트워크는 허용되지 않습니다");
  forbid(
    raw,
    "ConfigOnly",
    "config-only",
    "config-only networks are not allowed",
    "config-only 네트워크는 허용되지 않습니다",
  );
  forbid(
    raw,
    "ConfigFrom",
    "config-only",
    "config-from networks are not allowed",
    "config-from 네트워크는 허용되지 않습니다",
  );
  if (!isZero(raw.IPAM)) {
    const ipam = raw.IPAM as Obj;
    const d = isObj(ipam) ? str(ipam.Driver, "IPAM.Driver") : "x";
    if ((d && d !== "default") || !isZero(ipam.Config) || !isZero(ipam.Options)) {
      throw refuse(
        "ipam",
        "custom subnets and IPAM settings are not allowed",
        "사용자 서브넷/IPAM 설정은 허용되지 않습니다",
      );
    }
  }
  const body: Obj = {
    Name: `cc-${ctx.sid}-${name}`,
    CheckDuplicate: true,
    Driver: "bridge",
    Internal: bool(raw.Internal, "Internal") ?? false,
    Attachable: bool(raw.Attachable, "Attachable") ?? false,
    Labels: { ...learnerLabels(raw.Labels, "Labels"), ...sessionLabels(ctx) },
  };
  return { name, body };
}
