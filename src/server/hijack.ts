/**
 * Interactive streams: attach and exec with stdin.
 *
 *  - The docker CLI way: `POST …/attach` or `POST /exec/{id}/start` with `Connection: Upgrade`,
 *    `Upgrade: tcp`. We answer `101 UPGRADED` and splice the client's socket to the engine's,
 *    with back-pressure both ways and half-close (stdin EOF) passed on.
 *  - The browser way: a WebSocket at /api/ws/containers/{ref}/attach or /api/ws/exec/{id}/start.
 *    Origin checked, token required (Authorization header, `?token=` or the subprotocol
 *    `bearer.<token>`), messages capped. Binary messages are stdin and raw engine output
 *    (multiplexed when there is no TTY, as in the Engine API); text messages are JSON control:
 *      client → gateway: {"type":"resize","cols":80,"rows":24}  {"type":"close-stdin"}
 *      gateway → client: {"type":"ready","tty":true}  {"type":"warning","en":…,"ko":…}  {"type":"exit","code":0}
 */
import http from "node:http";
import type { Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { GatewayConfig } from "./config";
import type { EngineClient } from "./engine";
import { apiVersionTooOld, engineApiPath } from "./http-util";
import type { Registry } from "./registry";
import type { Session } from "./sessions";

export interface HijackDeps {
  config: GatewayConfig;
  engine: EngineClient;
  registry: Registry;
  authenticate(token: string | null): { session: Session } | { status: number; message: string };
  touch(s: Session): void;
  rateOk(s: Session): boolean;
  audit(info: { session?: string; ip?: string; method?: string; path?: string; code: string; message: string }): void;
  resolveExec(sid: string, id: string): Promise<{ containerId: string } | null>;
  warningFor(s: Session): { en: string; ko: string; endsAt: number } | null;
  log: { info(m: string): void; warn(m: string): void };
}

/** An HTTP answer written straight onto a socket that was going to be upgraded. */
function rawResponse(socket: Socket, status: number, message: string, extra = "") {
  if (socket.destroyed) return;
  const body = `${JSON.stringify({ message })}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`,
  );
}

function bearer(req: http.IncomingMessage): string | null {
  return /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""))?.[1] ?? null;
}

/** Read a small request body (exec start's JSON) that follows the headers of an upgrade request. */
function readUpgradeBody(
  req: http.IncomingMessage,
  socket: Socket,
  head: Buffer,
  max: number,
): Promise<{ body: Buffer; rest: Buffer }> {
  const len = Number(req.headers["content-length"] ?? "0");
  if (!Number.isFinite(len) || len < 0 || len > max) return Promise.reject(new Error("request body too large"));
  if (head.length >= len) return Promise.resolve({ body: head.subarray(0, len), rest: head.subarray(len) });
  return new Promise((resolve, reject) => {
    let buf = head;
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= len) {
        socket.off("data", onData);
        socket.off("error", reject);
        socket.pause();
        resolve({ body: buf.subarray(0, len), rest: buf.subarray(len) });
      }
    };
    socket.on("data", onData);
    socket.on("error", reject);
  });
}

interface Target {
  kind: "attach" | "exec";
  /** container id or exec id */
  id: string;
  containerId: string;
  enginePath: string;
  body?: Buffer;
  tty: boolean;
}

async function resolveTarget(
  deps: HijackDeps,
  session: Session,
  version: string | null,
  path: string,
  query: URLSearchParams,
  execBody: { Detach?: unknown; Tty?: unknown } | null,
): Promise<Target | { status: number; message: string }> {
  const ep = (p: string) => (version ? `/v${version}${p}` : p);
  let m = /^\/containers\/([^/]+)\/attach$/.exec(path);
  if (m) {
    const r = deps.registry.resolveContainer(session.id, decodeURIComponent(m[1]));
    if (!("ok" in r)) return r;
    const q = new URLSearchParams();
    for (const k of ["stream", "stdin", "stdout", "stderr", "logs", "detachKeys"]) {
      const v = query.get(k);
      if (v !== null) q.set(k, v);
    }
    let tty = false;
    try {
      const ins = await deps.engine.json<{ Config: { Tty: boolean } }>("GET", `/containers/${r.ok.id}/json`);
      tty = ins.Config.Tty;
    } catch {
      /* the attach itself will report */
    }
    return {
      kind: "attach",
      id: r.ok.id,
      containerId: r.ok.id,
      enginePath: ep(`/containers/${r.ok.id}/attach?${q}`),
      tty,
    };
  }
  m = /^\/exec\/([^/]+)\/start$/.exec(path);
  if (m) {
    const id = m[1];
    const owner = await deps.resolveExec(session.id, id);
    if (!owner) return { status: 404, message: `No such exec instance: ${id}` };
    let tty = execBody?.Tty === true;
    if (!execBody) {
      try {
        const ins = await deps.engine.json<{ ProcessConfig: { tty: boolean } }>("GET", `/exec/${id}/json`);
        tty = ins.ProcessConfig.tty;
      } catch {
        /* keep false */
      }
    }
    return {
      kind: "exec",
      id,
      containerId: owner.containerId,
      enginePath: ep(`/exec/${id}/start`),
      body: Buffer.from(JSON.stringify({ Detach: false, Tty: tty })),
      tty,
    };
  }
  return { status: 404, message: "page not found" };
}

/** Pass the engine's non-101 answer (an error, usually) on to the client socket. */
function passResponse(socket: Socket, res: http.IncomingMessage) {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => {
    const body = Buffer.concat(chunks);
    if (socket.destroyed) return;
    socket.end(
      Buffer.concat([
        Buffer.from(
          `HTTP/1.1 ${res.statusCode} ${http.STATUS_CODES[res.statusCode ?? 500] ?? ""}\r\nContent-Type: ${res.headers["content-type"] ?? "application/json"}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        ),
        body,
      ]),
    );
  });
}

/** Splice two sockets with back-pressure and half-close. */
function splice(client: Socket, upstream: Socket, onClientData: () => void) {
  client.on("data", (d: Buffer) => {
    onClientData();
    if (!upstream.write(d)) client.pause();
  });
  upstream.on("drain", () => client.resume());
  upstream.on("data", (d: Buffer) => {
    if (!client.write(d)) upstream.pause();
  });
  client.on("drain", () => upstream.resume());
  client.on("end", () => upstream.end());
  upstream.on("end", () => client.end());
  client.on("close", () => upstream.destroy());
  upstream.on("close", () => {
    if (!client.destroyed) {
      client.end();
      setTimeout(() => client.destroy(), 5000).unref();
    }
  });
  client.on("error", () => upstream.destroy());
  upstream.on("error", () => client.destroy());
  client.resume();
  upstream.resume();
}

export async function handleTcpHijack(deps: HijackDeps, req: http.IncomingMessage, socket: Socket, head: Buffer) {
  socket.on("error", () => socket.destroy());
  try {
    const url = new URL(req.url ?? "/", "http://gateway");
    const api = engineApiPath(url.pathname);
    if (!api || req.method !== "POST") return rawResponse(socket, 404, "page not found");
    if (apiVersionTooOld(api.version)) return rawResponse(socket, 400, `client version ${api.version} is too old`);
    const who = deps.authenticate(bearer(req));
    if (!("session" in who))
      return rawResponse(socket, who.status, who.message, 'WWW-Authenticate: Bearer realm="container-classroom"\r\n');
    const session = who.session;
    if (!deps.rateOk(session))
      return rawResponse(socket, 429, "classroom gateway: too many requests, slow down a little", "Retry-After: 1\r\n");
    deps.touch(session);
    let execBody: { Detach?: unknown; Tty?: unknown } | null = null;
    let rest: Buffer = Buffer.alloc(0);
    if (api.path.startsWith("/exec/")) {
      const r = await readUpgradeBody(req, socket, head, 4096);
      rest = r.rest;
      try {
        execBody = r.body.length ? (JSON.parse(r.body.toString("utf8")) as { Detach?: unknown; Tty?: unknown }) : {};
      } catch {
        return rawResponse(socket, 400, "invalid JSON body");
      }
      if (execBody?.Detach === true)
        return rawResponse(socket, 400, "detached exec start does not upgrade the connection");
    } else {
      rest = head;
    }
    const t = await resolveTarget(deps, session, api.version, api.path, url.searchParams, execBody);
    if (!("kind" in t)) return rawResponse(socket, t.status, t.message);
    const h = await deps.engine.hijack(t.enginePath, t.body);
    if (!h.upgraded || !h.socket) {
      if (h.response) passResponse(socket, h.response);
      else rawResponse(socket, 502, "engine refused the stream");
      return;
    }
    const up = h.socket;
    socket.write(
      "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n",
    );
    if (h.head?.length) socket.write(h.head);
    if (rest.length) up.write(rest);
    let last = 0;
    splice(socket, up, () => {
      const now = Date.now();
      if (now - last > 10_000) {
        last = now;
        deps.touch(session);
      }
    });
  } catch (e) {
    deps.log.warn(`hijack: ${(e as Error).message}`);
    rawResponse(socket, 500, `classroom gateway: ${(e as Error).message}`);
  }
}

// ── WebSocket ───────────────────────────────────────────────────────────────────────────────

let wss: WebSocketServer | null = null;
function server(deps: HijackDeps): WebSocketServer {
  if (!wss) {
    wss = new WebSocketServer({
      noServer: true,
      maxPayload: deps.config.wsMaxMessage,
      perMessageDeflate: false,
      handleProtocols: (protocols) => {
        for (const p of protocols) if (p.startsWith("bearer.")) return p;
        return protocols.values().next().value ?? false;
      },
    });
  }
  return wss;
}

function originAllowed(deps: HijackDeps, req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser: origin checks protect browsers from other sites
  const host = req.headers.host;
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return deps.config.allowOrigins.includes(origin);
}

function wsToken(req: http.IncomingMessage, url: URL): string | null {
  const fromHeader = bearer(req);
  if (fromHeader) return fromHeader;
  const fromQuery = url.searchParams.get("token");
  if (fromQuery) return fromQuery;
  const protos = String(req.headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((s) => s.trim());
  const p = protos.find((x) => x.startsWith("bearer."));
  return p ? p.slice("bearer.".length) : null;
}

const HIGH_WATER = 1 << 20;
const LOW_WATER = 1 << 16;

export async function attachWebSocket(deps: HijackDeps, req: http.IncomingMessage, socket: Socket, head: Buffer) {
  socket.on("error", () => socket.destroy());
  const ip = req.socket.remoteAddress ?? "";
  try {
    const url = new URL(req.url ?? "/", "http://gateway");
    const m = /^\/api\/ws(\/.*)$/.exec(url.pathname);
    if (!m || req.method !== "GET") return rawResponse(socket, 404, "page not found");
    if (!originAllowed(deps, req)) {
      deps.audit({
        ip,
        method: "GET",
        path: url.pathname,
        code: "ws-origin",
        message: `WebSocket from origin ${req.headers.origin} refused`,
      });
      return rawResponse(socket, 403, "origin not allowed");
    }
    const who = deps.authenticate(wsToken(req, url));
    if (!("session" in who)) return rawResponse(socket, who.status, who.message);
    const session = who.session;
    if (!deps.rateOk(session)) return rawResponse(socket, 429, "too many requests");
    deps.touch(session);
    const t = await resolveTarget(deps, session, null, m[1], url.searchParams, null);
    if (!("kind" in t)) return rawResponse(socket, t.status, t.message);
    if (t.kind === "attach" && !url.searchParams.has("stream")) {
      // Sensible browser defaults: a terminal wants everything.
      t.enginePath = `/containers/${t.id}/attach?stream=1&stdin=1&stdout=1&stderr=1${url.searchParams.get("logs") === "1" ? "&logs=1" : ""}`;
    }
    const h = await deps.engine.hijack(t.enginePath, t.body);
    if (!h.upgraded || !h.socket) {
      if (h.response) passResponse(socket, h.response);
      else rawResponse(socket, 502, "engine refused the stream");
      return;
    }
    const up = h.socket;
    up.pause();
    server(deps).handleUpgrade(req, socket, head, (ws) => bridge(deps, session, t, ws, up, h.head ?? Buffer.alloc(0)));
  } catch (e) {
    deps.log.warn(`websocket: ${(e as Error).message}`);
    rawResponse(socket, 500, `classroom gateway: ${(e as Error).message}`);
  }
}

function bridge(deps: HijackDeps, session: Session, t: Target, ws: WebSocket, up: Socket, head: Buffer) {
  const sendJson = (o: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(o));
  };
  sendJson({ type: "ready", tty: t.tty });
  if (head.length) ws.send(head, { binary: true });
  let waiting = false;
  const relieve = () => {
    if (ws.bufferedAmount < LOW_WATER || ws.readyState !== ws.OPEN) {
      waiting = false;
      up.resume();
    } else setTimeout(relieve, 20);
  };
  up.on("data", (d: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(d, { binary: true });
    if (!waiting && ws.bufferedAmount > HIGH_WATER) {
      waiting = true;
      up.pause();
      setTimeout(relieve, 20);
    }
  });
  up.resume();
  let last = 0;
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    const now = Date.now();
    if (now - last > 10_000) {
      last = now;
      deps.touch(session);
    }
    if (isBinary) {
      if (!up.write(data)) {
        ws.pause();
        up.once("drain", () => ws.resume());
      }
      return;
    }
    let msg: { type?: string; cols?: unknown; rows?: unknown };
    try {
      msg = JSON.parse(data.toString("utf8"));
    } catch {
      return;
    }
    if (msg.type === "resize") {
      const cols = Number(msg.cols);
      const rows = Number(msg.rows);
      if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1 || cols > 1000 || rows > 1000)
        return;
      const p =
        t.kind === "exec"
          ? `/exec/${t.id}/resize?h=${rows}&w=${cols}`
          : `/containers/${t.id}/resize?h=${rows}&w=${cols}`;
      deps.engine.request("POST", p).catch(() => {});
    } else if (msg.type === "close-stdin") {
      up.end();
    }
  });
  const warnTimer = setInterval(() => {
    const w = deps.warningFor(session);
    if (w) sendJson({ type: "warning", ...w, endsAt: new Date(w.endsAt).toISOString() });
    if (Date.now() >= Math.min(session.expiresAt, session.lastSeen + deps.config.idleMs))
      ws.close(4001, "session ended");
  }, 60_000);
  warnTimer.unref();
  let finished = false;
  const finish = async () => {
    if (finished) return;
    finished = true;
    clearInterval(warnTimer);
    let code: number | null = null;
    try {
      if (t.kind === "exec") {
        code = (await deps.engine.json<{ ExitCode: number | null }>("GET", `/exec/${t.id}/json`)).ExitCode;
      } else {
        const s = await deps.engine.json<{ State: { Running: boolean; ExitCode: number } }>(
          "GET",
          `/containers/${t.id}/json`,
        );
        code = s.State.Running ? null : s.State.ExitCode;
      }
    } catch {
      /* container gone (--rm) */
    }
    sendJson({ type: "exit", code });
    if (ws.readyState === ws.OPEN) ws.close(1000, "stream ended");
  };
  up.on("end", () => void finish());
  up.on("close", () => void finish());
  up.on("error", () => void finish());
  ws.on("close", () => {
    clearInterval(warnTimer);
    up.destroy();
  });
  ws.on("error", () => up.destroy());
}
