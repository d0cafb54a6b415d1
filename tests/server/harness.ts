/**
 * Test harness for the classroom gateway: finds a real engine (or says why there is none), starts
 * gateways in-process on random ports with their own state dirs, and cleans up every container,
 * volume and network they labelled.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import WebSocket from "ws";
import type { EngineKind } from "../../src/server/compat";
import { type GatewayConfig, parseConfig } from "../../src/server/config";
import { EngineClient } from "../../src/server/engine";
import { type Gateway, startGateway } from "../../src/server/gateway";
import { LABEL_GATEWAY } from "../../src/server/registry";

/** The engine the gateway under test talks to (never the DOCKER_HOST a test points the CLI at). */
export const ENGINE_URL = process.env.CC_TEST_ENGINE || "unix:///var/run/docker.sock";

export interface EngineProbe {
  ok: boolean;
  reason: string;
  kind: EngineKind | null;
}

/** Whether an engine answers at `url` and has busybox:latest, and which engine it is. */
export function probeEngine(url: string): EngineProbe {
  const script = `
    const http = require("node:http");
    const u = ${JSON.stringify(url)};
    const opts = u.startsWith("unix://") ? { socketPath: u.slice(7) } : { host: new URL(u.replace(/^tcp:/, "http:")).hostname, port: new URL(u.replace(/^tcp:/, "http:")).port };
    let server = "";
    const get = (path) => new Promise((res) => {
      const r = http.get({ ...opts, path, timeout: 3000 }, (x) => { x.resume(); server = x.headers["libpod-api-version"] ? "podman" : "docker"; res(x.statusCode); });
      r.on("error", (e) => res("error: " + e.message)); r.on("timeout", () => { r.destroy(); res("timeout"); });
    });
    (async () => {
      const ping = await get("/_ping");
      if (ping !== 200) { console.log("no Docker engine answers at " + u + " (" + ping + "); start one with: dockerd &"); return; }
      const img = await get("/images/busybox:latest/json");
      if (img !== 200) { console.log("the engine has no busybox:latest image; build it with: bash tests/fidelity/build-busybox-image.sh"); return; }
      console.log("ok " + server);
    })();`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 10_000 });
  const out = (r.stdout || "").trim();
  if (out === "ok docker" || out === "ok podman") return { ok: true, reason: "", kind: out.slice(3) as EngineKind };
  return { ok: false, reason: out || `engine probe failed: ${r.stderr || r.error?.message}`, kind: null };
}

export const engine = probeEngine(ENGINE_URL);
if (!engine.ok && process.env.CC_REQUIRE_ENGINE === "1") {
  throw new Error(`CC_REQUIRE_ENGINE=1 but ${engine.reason}`);
}
if (!engine.ok) console.warn(`[tests/server] real-engine gateway tests SKIPPED: ${engine.reason}`);
/** Podman's Docker-compatible API differs from dockerd in a few answers (src/server/compat.ts). */
export const onPodman = engine.kind === "podman";
/** Suffix for describe titles: the visible reason a real-engine suite is skipped. */
export const skipNote = engine.ok ? "" : ` [skipped: ${engine.reason}]`;

export const dockerCli = (() => {
  const r = spawnSync("docker", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? "docker" : null;
})();

export const uniq = (p: string) => `${p}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface TestGateway {
  gw: Gateway;
  url: string;
  dir: string;
  config: GatewayConfig;
  join(): Promise<string>;
  api(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResult>;
  close(): Promise<void>;
  /** Remove everything labelled with this gateway's id, and its state dir. */
  destroy(): Promise<void>;
}

export interface ApiResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary Engine API JSON
  json: any;
}

export function request(
  url: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; raw?: Buffer } = {},
): Promise<ApiResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, url);
    const payload = opts.raw ?? (opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body)));
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        agent: false,
        headers: {
          ...(payload ? { "Content-Type": "application/json", "Content-Length": String(payload.length) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export async function startTestGateway(
  flags: string[] = [],
  dir?: string,
  engineUrl = ENGINE_URL,
): Promise<TestGateway> {
  const stateDir = dir ?? mkdtempSync(join(tmpdir(), "cc-gw-"));
  const parsed = parseConfig(
    [
      "--port",
      "1",
      "--state-dir",
      stateDir,
      "--dist",
      "none",
      "--quiet",
      "--engine",
      engineUrl,
      ...(flags.some((f) => f === "--join-code") ? [] : ["--open"]),
      ...flags,
    ],
    {},
  );
  if (parsed === "help") throw new Error("unexpected help");
  parsed.port = 0;
  // CC_GATEWAY_LOG=1 shows what the gateway warns about (the reaper, the engine) while a test runs.
  const warn = process.env.CC_GATEWAY_LOG ? (m: string) => console.warn(`[gateway] ${m}`) : () => {};
  const silent = { info: () => {}, warn };
  const gw = await startGateway(parsed, silent);
  const url = `http://127.0.0.1:${gw.port}`;
  const t: TestGateway = {
    gw,
    url,
    dir: stateDir,
    config: parsed,
    async join() {
      const r = await request(url, "POST", "/api/sessions", { body: { joinCode: parsed.joinCode ?? undefined } });
      if (r.status !== 201) throw new Error(`join failed: ${r.status} ${r.text}`);
      return r.json.token as string;
    },
    api(token, method, path, body, headers = {}) {
      return request(url, method, path, {
        body,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
      });
    },
    close: () => gw.close(),
    async destroy() {
      await cleanupGatewayObjects(gw.store.gatewayId, engineUrl);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return t;
}

/** What the engine holds with this gateway's label (bypassing the gateway): the ground truth. */
export async function engineObjects(gatewayId: string, engineUrl = ENGINE_URL) {
  const e = new EngineClient(engineUrl);
  const f = encodeURIComponent(JSON.stringify({ label: [`${LABEL_GATEWAY}=${gatewayId}`] }));
  try {
    const containers = await e.json<{ Id: string; Names: string[]; State: string; Labels: Record<string, string> }[]>(
      "GET",
      `/containers/json?all=1&filters=${f}`,
    );
    const volumes =
      (
        await e.json<{ Volumes: { Name: string; Labels: Record<string, string> | null }[] | null }>(
          "GET",
          `/volumes?filters=${f}`,
        )
      ).Volumes ?? [];
    const networks = await e.json<{ Id: string; Name: string }[]>("GET", `/networks?filters=${f}`);
    return { containers, volumes, networks };
  } finally {
    e.close();
  }
}

export async function cleanupGatewayObjects(gatewayId: string, engineUrl = ENGINE_URL) {
  const e = new EngineClient(engineUrl);
  try {
    const { containers, volumes, networks } = await engineObjects(gatewayId, engineUrl);
    await Promise.all(containers.map((c) => e.request("DELETE", `/containers/${c.Id}?force=1&v=1`)));
    await Promise.all(networks.map((n) => e.request("DELETE", `/networks/${n.Id}`)));
    await Promise.all(volumes.map((v) => e.request("DELETE", `/volumes/${v.Name}?force=1`)));
    // Images the gateway's sessions built or committed carry its label; removing one by id drops every
    // tag on it. Children go before parents, so a few passes clear a chain of builds.
    const f = encodeURIComponent(JSON.stringify({ label: [`${LABEL_GATEWAY}=${gatewayId}`] }));
    for (let pass = 0; pass < 4; pass++) {
      const images = await e.json<{ Id: string }[]>("GET", `/images/json?all=1&filters=${f}`);
      if (!images.length) break;
      for (const img of images) await e.request("DELETE", `/images/${img.Id}?force=1`);
    }
  } finally {
    e.close();
  }
}

/** Run the real docker CLI against a gateway with a token in a temporary DOCKER_CONFIG. */
export function dockerThrough(
  url: string,
  token: string | null,
  args: string[],
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cfg = mkdtempSync(join(tmpdir(), "cc-dockercfg-"));
  writeFileSync(
    join(cfg, "config.json"),
    JSON.stringify(token ? { HttpHeaders: { Authorization: `Bearer ${token}` } } : {}),
  );
  const host = `tcp://${new URL(url).host}`;
  return new Promise((resolve) => {
    const child = spawn(dockerCli ?? "docker", args, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_HOST: host, DOCKER_CONFIG: cfg },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      rmSync(cfg, { recursive: true, force: true });
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** A body like the docker CLI's for `docker run busybox <cmd>`, with overrides for HostConfig. */
export function cliCreateBody(cmd: string[], host: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return {
    Hostname: "",
    Domainname: "",
    User: "",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: null,
    Cmd: cmd,
    Image: "busybox",
    Volumes: {},
    WorkingDir: "",
    Entrypoint: null,
    OnBuild: null,
    Labels: {},
    ...top,
    HostConfig: {
      Binds: null,
      ContainerIDFile: "",
      LogConfig: { Type: "", Config: {} },
      NetworkMode: "default",
      PortBindings: {},
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
      AutoRemove: false,
      VolumeDriver: "",
      VolumesFrom: null,
      CapAdd: null,
      CapDrop: null,
      CgroupnsMode: "",
      Dns: [],
      DnsOptions: [],
      DnsSearch: [],
      ExtraHosts: null,
      GroupAdd: null,
      IpcMode: "",
      Cgroup: "",
      Links: null,
      OomScoreAdj: 0,
      PidMode: "",
      Privileged: false,
      PublishAllPorts: false,
      ReadonlyRootfs: false,
      SecurityOpt: null,
      UTSMode: "",
      UsernsMode: "",
      ShmSize: 0,
      ConsoleSize: [0, 0],
      Isolation: "",
      CpuShares: 0,
      Memory: 0,
      NanoCpus: 0,
      CgroupParent: "",
      BlkioWeight: 0,
      BlkioWeightDevice: [],
      BlkioDeviceReadBps: null,
      BlkioDeviceWriteBps: null,
      BlkioDeviceReadIOps: null,
      BlkioDeviceWriteIOps: null,
      CpuPeriod: 0,
      CpuQuota: 0,
      CpuRealtimePeriod: 0,
      CpuRealtimeRuntime: 0,
      CpusetCpus: "",
      CpusetMems: "",
      Devices: [],
      DeviceCgroupRules: null,
      DeviceRequests: null,
      KernelMemory: 0,
      KernelMemoryTCP: 0,
      MemoryReservation: 0,
      MemorySwap: 0,
      MemorySwappiness: -1,
      OomKillDisable: false,
      PidsLimit: 0,
      Ulimits: null,
      CpuCount: 0,
      CpuPercent: 0,
      IOMaximumIOps: 0,
      IOMaximumBandwidth: 0,
      MaskedPaths: null,
      ReadonlyPaths: null,
      ...host,
    },
    NetworkingConfig: { EndpointsConfig: {} },
  };
}

/** Create and start a container through the gateway as the docker CLI does (201, then 204); its id. */
export async function createStarted(
  t: TestGateway,
  token: string,
  name: string,
  cmd = ["sleep", "300"],
  host: Record<string, unknown> = {},
): Promise<string> {
  const r = await t.api(token, "POST", `/v1.41/containers/create?name=${name}`, cliCreateBody(cmd, host));
  expect(r.status, r.text).toBe(201);
  const s = await t.api(token, "POST", `/v1.41/containers/${r.json.Id}/start`);
  expect(s.status, s.text).toBe(204);
  return r.json.Id as string;
}

/**
 * The browser's terminal over the gateway's WebSocket: wait for the shell's prompt, resize to
 * 100×30, run `stty size; tty; exit 5`, and collect the output and the control messages.
 */
export async function ttyRoundTrip(url: string, token: string, origin: string) {
  const ws = new WebSocket(url, [`bearer.${token}`], { origin });
  let out = "";
  const control: { type: string; code?: number | null; tty?: boolean }[] = [];
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    if (isBinary) out += data.toString("utf8");
    else control.push(JSON.parse(data.toString("utf8")));
  });
  await new Promise((r) => ws.once("open", r));
  const closed = new Promise((r) => ws.once("close", r));
  for (let i = 0; i < 100 && !out.includes("# "); i++) await new Promise((r) => setTimeout(r, 50));
  ws.send(JSON.stringify({ type: "resize", cols: 100, rows: 30 }));
  await new Promise((r) => setTimeout(r, 300));
  ws.send(Buffer.from("stty size; tty; exit 5\n"), { binary: true });
  await closed;
  return { out, control };
}
