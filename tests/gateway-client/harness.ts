/**
 * A real classroom gateway for the gateway client's tests: `src/server/main.ts` started as a
 * child process on a free port (`--open`, its own state dir), in front of the real dockerd.
 * When no engine answers (or it has no busybox:latest) the suites are skipped with the reason.
 * Everything a test gateway labelled is removed afterwards, straight through the engine's socket.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The engine behind the gateway (never a gateway itself). */
export const ENGINE_SOCKET = (process.env.CC_TEST_ENGINE || "unix:///var/run/docker.sock").replace(/^unix:\/\//, "");
const LABEL_GATEWAY = "io.container-classroom.gateway";

function probe(): { ok: boolean; reason: string } {
  const script = `
    const http = require("node:http");
    const get = (path) => new Promise((res) => {
      const r = http.get({ socketPath: ${JSON.stringify(ENGINE_SOCKET)}, path, timeout: 3000 }, (x) => { x.resume(); res(x.statusCode); });
      r.on("error", (e) => res("error: " + e.message)); r.on("timeout", () => { r.destroy(); res("timeout"); });
    });
    (async () => {
      const ping = await get("/_ping");
      if (ping !== 200) { console.log("no Docker engine answers at unix://${ENGINE_SOCKET} (" + ping + "); start one with: dockerd &"); return; }
      const img = await get("/images/busybox:latest/json");
      if (img !== 200) { console.log("the engine has no busybox:latest image; build it with: bash tests/fidelity/build-busybox-image.sh"); return; }
      console.log("ok");
    })();`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 10_000 });
  const out = (r.stdout || "").trim();
  return out === "ok" ? { ok: true, reason: "" } : { ok: false, reason: out || `engine probe failed: ${r.stderr}` };
}

export const engine = probe();
if (!engine.ok && process.env.CC_REQUIRE_ENGINE === "1") throw new Error(`CC_REQUIRE_ENGINE=1 but ${engine.reason}`);
if (!engine.ok) console.warn(`[tests/gateway-client] real-engine tests SKIPPED: ${engine.reason}`);
/** Suffix for describe titles: the visible reason a suite is skipped. */
export const skipNote = engine.ok ? "" : ` [skipped: ${engine.reason}]`;

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const a = srv.address();
      const port = typeof a === "object" && a ? a.port : 0;
      srv.close(() => res(port));
    });
  });
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("CC_")) delete env[k];
  return env;
}

export interface ChildGateway {
  url: string;
  port: number;
  gatewayId: string;
  stop(): Promise<void>;
  /** Stop it and remove every container, volume, network and image it labelled. */
  destroy(): Promise<void>;
}

/** `npm run server -- --port P --open` (or `--join-code`) as a child process; resolves when /api/health answers. */
export async function startChildGateway(extra: string[] = [], port?: number): Promise<ChildGateway> {
  const p = port ?? (await freePort());
  const stateDir = mkdtempSync(join(tmpdir(), "cc-gwc-"));
  const child: ChildProcess = spawn(
    join(ROOT, "node_modules", ".bin", "tsx"),
    [
      "src/server/main.ts",
      "--port",
      String(p),
      ...(extra.includes("--join-code") ? [] : ["--open"]),
      "--quiet",
      "--state-dir",
      stateDir,
      "--engine",
      `unix://${ENGINE_SOCKET}`,
      ...(extra.includes("--dist") ? [] : ["--dist", "none"]),
      ...extra,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: childEnv() },
  );
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${p}/`;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const fail = (msg: string) => {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(stateDir, { recursive: true, force: true });
    return new Error(msg);
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw fail(`the gateway exited: ${out}`);
    const ok = await new Promise<boolean>((res) => {
      http
        .get(`${url}api/health`, (r) => {
          r.resume();
          res(r.statusCode === 200);
        })
        .on("error", () => res(false));
    });
    if (ok && /gateway id (\S+)\)/.test(out)) break;
    if (i > 300) throw fail(`the gateway did not come up: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const gatewayId = /gateway id (\S+)\)/.exec(out)?.[1] ?? "";
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    }
  };
  return {
    url,
    port: p,
    gatewayId,
    stop,
    async destroy() {
      await stop();
      await cleanupLabelled(gatewayId);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function engineRequest(method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = http.request({ socketPath: ENGINE_SOCKET, method, path }, (r) => {
      let body = "";
      r.on("data", (d) => {
        body += d;
      });
      r.on("end", () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on("error", rej);
    req.end();
  });
}

/** Containers a gateway created (its label), straight from the engine: the ground truth. */
export async function labelledContainers(gatewayId: string): Promise<{ Id: string; Names: string[] }[]> {
  const f = encodeURIComponent(JSON.stringify({ label: [`${LABEL_GATEWAY}=${gatewayId}`] }));
  const r = await engineRequest("GET", `/containers/json?all=1&filters=${f}`);
  return JSON.parse(r.body);
}

export async function cleanupLabelled(gatewayId: string): Promise<void> {
  if (!gatewayId) return;
  const f = encodeURIComponent(JSON.stringify({ label: [`${LABEL_GATEWAY}=${gatewayId}`] }));
  for (const c of await labelledContainers(gatewayId)) await engineRequest("DELETE", `/containers/${c.Id}?force=1&v=1`);
  const vols = JSON.parse((await engineRequest("GET", `/volumes?filters=${f}`)).body) as {
    Volumes: { Name: string }[] | null;
  };
  for (const v of vols.Volumes ?? []) await engineRequest("DELETE", `/volumes/${v.Name}?force=1`);
  const nets = JSON.parse((await engineRequest("GET", `/networks?filters=${f}`)).body) as { Id: string }[];
  for (const n of nets) await engineRequest("DELETE", `/networks/${n.Id}`);
  // Built and committed images carry the gateway's label too; by id, every tag goes with them.
  for (let pass = 0; pass < 4; pass++) {
    const images = JSON.parse((await engineRequest("GET", `/images/json?all=1&filters=${f}`)).body) as { Id: string }[];
    if (!images.length) break;
    for (const img of images) await engineRequest("DELETE", `/images/${img.Id}?force=1`);
  }
}
