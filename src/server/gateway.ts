/**
 * The classroom gateway: one HTTP server that serves the built app, the classroom API
 * (/api/sessions …) and a policed Docker Engine API in front of a real engine.
 *
 * Every Engine API request: token → session (401) → rate limit (429) → route (unknown 404,
 * refused 403 + audit line) → the session's references resolved by the registry → a request the
 * gateway builds itself → the engine → the answer rewritten back into the session's view
 * (names without the session prefix, no gateway labels, only the session's objects).
 */
import { appendFileSync, mkdirSync } from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import { dirname } from "node:path";
import type { ContainerSummary, EngineEvent } from "../engine/api/types";
import { dockerEvent, type EngineKind, engineKindFromHeaders, labelsMatch } from "./compat";
import type { GatewayConfig } from "./config";
import { EngineClient, EngineStatusError, EngineUnreachable, engineMessage } from "./engine";
import { SessionEvents } from "./events";
import {
  type Ctx,
  ep,
  forbidden,
  type GatewayInternals,
  type Handler,
  type Obj,
  refuse,
  relay,
  unprefix,
} from "./gateway-internals";
import { attachWebSocket, type HijackDeps, handleTcpHijack } from "./hijack";
import {
  apiVersionTooOld,
  eachLine,
  engineApiPath,
  HttpError,
  MIN_API_VERSION,
  parseJson,
  RateLimiter,
  readBody,
  sendError,
  sendJson,
} from "./http-util";
import { PolicyError } from "./policy";
import { LABEL_GATEWAY, LABEL_SESSION, Registry } from "./registry";
import { ContainerRoutes } from "./routes/containers";
import { ImageRoutes } from "./routes/images";
import { VolumeNetworkRoutes } from "./routes/volumes-networks";
import { type Session, SessionStore, safeEqual } from "./sessions";
import { serveStatic } from "./static";

const MAX_STREAMS_PER_SESSION = 32;

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface Gateway {
  server: http.Server;
  port: number;
  config: GatewayConfig;
  store: SessionStore;
  registry: Registry;
  engine: EngineClient;
  /** Run the reaper now (tests). */
  reapNow(): Promise<string[]>;
  /** Re-read the engine's labelled objects into the registry. */
  resync(): Promise<void>;
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig, log: Logger = consoleLogger(config.quiet)): Promise<Gateway> {
  const g = new GatewayImpl(config, log);
  await g.start();
  return g;
}

export function consoleLogger(quiet: boolean): Logger {
  const ts = () => new Date().toISOString();
  return {
    info: (m) => {
      if (!quiet) console.log(`${ts()} ${m}`);
    },
    warn: (m) => console.error(`${ts()} ${m}`),
  };
}

class GatewayImpl implements Gateway {
  readonly server: http.Server;
  readonly store: SessionStore;
  readonly registry = new Registry();
  readonly engine: EngineClient;
  port = 0;
  private readonly limiter: RateLimiter;
  // Joins per client address: a whole class behind one NAT joins within a minute.
  private readonly joinLimiter = new RateLimiter(2, 60);
  private readonly streams = new Map<string, number>();
  private readonly routes: [string, RegExp, Handler][] = [];
  private reapTimer: NodeJS.Timeout | null = null;
  private eventsReq: http.ClientRequest | null = null;
  private closed = false;
  private reaping: Promise<string[]> | null = null;
  private engineHeaders: http.OutgoingHttpHeaders = {};
  /** Which engine answers (from /_ping): Podman's compat API needs the fixes in compat.ts. */
  private engineKind: EngineKind = "docker";
  private synced = false;
  private readonly hijackDeps: HijackDeps;
  private readonly sockets = new Set<Socket>();
  private readonly images: ImageRoutes;
  private readonly volumesNetworks: VolumeNetworkRoutes;
  private readonly containers: ContainerRoutes;
  private readonly events: SessionEvents;

  constructor(
    readonly config: GatewayConfig,
    private readonly log: Logger,
  ) {
    this.engine = new EngineClient(config.engine);
    this.store = new SessionStore(config.stateDir, { instance: config.instance });
    this.limiter = new RateLimiter(config.rate, config.burst);
    mkdirSync(dirname(config.auditLog ?? config.stateDir), { recursive: true });
    this.server = http.createServer(
      { requestTimeout: 0, headersTimeout: 30_000, keepAliveTimeout: 65_000 },
      (req, res) => {
        this.handle(req, res).catch((e) => this.fail(res, e));
      },
    );
    this.server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    this.hijackDeps = {
      config,
      engine: this.engine,
      registry: this.registry,
      authenticate: (token) => this.sessionFor(token),
      touch: (s) => this.store.touch(s),
      rateOk: (s) => this.limiter.take(s.id),
      audit: (info) => this.audit(info),
      resolveExec: (sid, id) => this.containers.execOwner(sid, id),
      warningFor: (s) => this.warningFor(s),
      log: this.log,
    };
    this.server.on("upgrade", (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
      const upgrade = String(req.headers.upgrade ?? "").toLowerCase();
      if (upgrade === "websocket") attachWebSocket(this.hijackDeps, req, socket, head);
      else handleTcpHijack(this.hijackDeps, req, socket, head);
    });
    const gw = this.internals();
    this.images = new ImageRoutes(gw);
    this.volumesNetworks = new VolumeNetworkRoutes(gw);
    this.containers = new ContainerRoutes(gw, this.images, this.volumesNetworks);
    this.events = new SessionEvents(gw, this.images);
    this.defineRoutes();
  }

  /** What the route modules (routes/*.ts, events.ts) may use: see gateway-internals.ts. */
  private internals(): GatewayInternals {
    const gw = this;
    return {
      config: this.config,
      engine: this.engine,
      registry: this.registry,
      store: this.store,
      get gatewayId() {
        return gw.gatewayId;
      },
      get engineKind() {
        return gw.engineKind;
      },
      on: (method, pattern, h) => this.on(method, pattern, h),
      container: (ctx, ref) => this.container(ctx, ref),
      pipe: (ctx, method, enginePath, transform, body) => this.pipe(ctx, method, enginePath, transform, body),
      forward: (ctx, method, enginePath, body) => this.forward(ctx, method, enginePath, body),
      sessionFilter: (ctx) => this.sessionFilter(ctx),
      body: (ctx, required) => this.body(ctx, required),
    };
  }

  get gatewayId() {
    return this.store.gatewayId;
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────

  async start() {
    try {
      // A deadlocked engine (dockerd 20.10 before 20.10.27 can hang in its network code, moby/moby#46661)
      // answers /_ping but never /networks: say so and start anyway, instead of hanging silently.
      await withTimeout(
        this.resync(),
        30_000,
        "the engine did not answer its container, volume and network lists within 30 s",
      );
    } catch (e) {
      this.log.warn(`engine not reachable at start (${(e as Error).message}); retrying in the background`);
      const retry = setInterval(() => {
        this.resync().then(
          () => clearInterval(retry),
          () => {},
        );
      }, 5000);
      retry.unref();
    }
    this.watchEvents();
    this.reapTimer = setInterval(() => {
      this.reapNow().catch((e) => this.log.warn(`reaper: ${(e as Error).message}`));
      this.limiter.sweep();
      this.joinLimiter.sweep();
    }, this.config.reapIntervalMs);
    this.reapTimer.unref();
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.config.port, this.config.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const addr = this.server.address();
    this.port = typeof addr === "object" && addr ? addr.port : this.config.port;
  }

  async close() {
    this.closed = true;
    if (this.reapTimer) clearInterval(this.reapTimer);
    this.eventsReq?.destroy();
    this.store.flushNow();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
    this.engine.close();
  }

  /** Rebuild the registry from the engine's labels: restart safety. */
  async resync() {
    const gw = `${LABEL_GATEWAY}=${this.gatewayId}`;
    const f = encodeURIComponent(JSON.stringify({ label: [gw] }));
    const [containers, volumes, networks] = await Promise.all([
      this.engine.json<ContainerSummary[]>("GET", `/containers/json?all=1&filters=${f}`),
      this.engine.json<{ Volumes: Obj[] | null }>("GET", `/volumes?filters=${f}`),
      this.engine.json<Obj[]>("GET", `/networks?filters=${f}`),
    ]);
    const pong = await this.engine.request("GET", "/_ping");
    this.engineKind = engineKindFromHeaders(pong.headers);
    for (const h of ["api-version", "docker-experimental", "ostype", "server"]) {
      if (pong.headers[h]) this.engineHeaders[h] = pong.headers[h];
    }
    const seen = new Set<string>();
    for (const c of containers) {
      const sid = c.Labels?.[LABEL_SESSION];
      if (!sid) continue;
      seen.add(c.Id);
      const known = this.registry.containers.get(c.Id);
      let memory = known?.memory ?? 0;
      if (!known) {
        try {
          const ins = await this.engine.json<{ HostConfig: { Memory: number } }>("GET", `/containers/${c.Id}/json`);
          memory = ins.HostConfig.Memory;
        } catch {
          memory = this.config.memory;
        }
      }
      this.registry.addContainer({ id: c.Id, sid, realName: (c.Names[0] ?? "").replace(/^\//, ""), memory });
    }
    for (const id of [...this.registry.containers.keys()]) if (!seen.has(id)) this.registry.removeContainer(id);
    this.registry.volumes.clear();
    for (const v of volumes.Volumes ?? []) {
      const sid = (v.Labels as Record<string, string> | null)?.[LABEL_SESSION];
      if (sid) this.registry.volumes.set(String(v.Name), { realName: String(v.Name), sid });
    }
    this.registry.networks.clear();
    for (const n of networks) {
      const sid = (n.Labels as Record<string, string> | null)?.[LABEL_SESSION];
      if (sid) this.registry.networks.set(String(n.Id), { id: String(n.Id), realName: String(n.Name), sid });
    }
    await this.images.syncImages();
    this.synced = true;
  }

  /** Follow the engine's container events for this gateway: --rm removals, renames. */
  private watchEvents() {
    if (this.closed) return;
    // Only the actions onEngineEvent uses ("remove" is Podman's "destroy", see dockerEvent). Unfiltered,
    // every start, die, attach and exec_create / exec_start / exec_die of every session reached the
    // gateway to be parsed and dropped: under a class's load that was a third of its CPU, queued in
    // front of the learners' calls.
    const f = encodeURIComponent(
      JSON.stringify({
        label: [`${LABEL_GATEWAY}=${this.gatewayId}`],
        type: ["container"],
        event: ["create", "destroy", "remove", "rename"],
      }),
    );
    const { req, response } = this.engine.stream("GET", `/events?filters=${f}`);
    this.eventsReq = req;
    const again = () => {
      if (this.closed) return;
      setTimeout(() => {
        this.resync().catch(() => {});
        this.watchEvents();
      }, 1000).unref();
    };
    response.then(
      (res) => {
        eachLine(
          res,
          (line) => {
            try {
              this.onEngineEvent(dockerEvent(JSON.parse(line) as EngineEvent));
            } catch {
              /* ignore malformed lines */
            }
          },
          again,
        );
        res.on("error", again);
      },
      () => again(),
    );
  }

  /** The actions handled here are the `event` filter in watchEvents: keep the two in step. */
  private onEngineEvent(e: EngineEvent) {
    if (e.Type !== "container") return;
    const id = e.Actor.ID;
    const sid = e.Actor.Attributes[LABEL_SESSION];
    if (e.Action === "destroy") this.registry.removeContainer(id);
    else if (e.Action === "rename") {
      const c = this.registry.containers.get(id);
      if (c && e.Actor.Attributes.name) c.realName = e.Actor.Attributes.name.replace(/^\//, "");
    } else if (e.Action === "create" && sid && !this.registry.containers.has(id)) {
      this.registry.addContainer({
        id,
        sid,
        realName: (e.Actor.Attributes.name ?? "").replace(/^\//, ""),
        memory: this.config.memory,
      });
    }
  }

  // ── the reaper ─────────────────────────────────────────────────────────────────────────

  reapNow(): Promise<string[]> {
    if (!this.reaping) {
      this.reaping = this.reapOnce().finally(() => {
        this.reaping = null;
      });
    }
    return this.reaping;
  }

  private expired(s: Session, now = Date.now()): boolean {
    return now >= s.expiresAt || now - s.lastSeen >= this.config.idleMs;
  }

  private async reapOnce(): Promise<string[]> {
    const now = Date.now();
    const doomed = new Set<string>();
    for (const s of this.store.list()) if (this.expired(s, now)) doomed.add(s.id);
    // Objects of sessions that no longer exist (state lost, or ended while the gateway was down).
    for (const sid of this.registry.sessionIds()) if (!this.store.has(sid)) doomed.add(sid);
    const ended: string[] = [];
    for (const sid of doomed) {
      try {
        await this.reapSession(sid);
        ended.push(sid);
        this.log.info(`reaper: session ${sid} ended; its containers, volumes and networks were removed`);
      } catch (e) {
        // The session stays, so the next pass tries again.
        this.log.warn(`reaper: session ${sid}: ${(e as Error).message}; trying again on the next pass`);
      }
    }
    return ended;
  }

  async reapSession(sid: string) {
    const f = encodeURIComponent(
      JSON.stringify({ label: [`${LABEL_GATEWAY}=${this.gatewayId}`, `${LABEL_SESSION}=${sid}`] }),
    );
    const containers = await this.engine.json<ContainerSummary[]>("GET", `/containers/json?all=1&filters=${f}`);
    await Promise.all(containers.map((c) => this.engine.request("DELETE", `/containers/${c.Id}?force=1&v=1`)));
    const networks = await this.engine.json<Obj[]>("GET", `/networks?filters=${f}`);
    await Promise.all(networks.map((n) => this.engine.request("DELETE", `/networks/${n.Id}`)));
    // One label upstream: Podman matches volumes carrying ANY of several labels (see compat.ts).
    const vf = encodeURIComponent(JSON.stringify({ label: [`${LABEL_SESSION}=${sid}`] }));
    const volumes = await this.engine.json<{ Volumes: Obj[] | null }>("GET", `/volumes?filters=${vf}`);
    const labels = [`${LABEL_GATEWAY}=${this.gatewayId}`, `${LABEL_SESSION}=${sid}`];
    await Promise.all(
      (volumes.Volumes ?? [])
        .filter((v) => labelsMatch(v.Labels as Record<string, string> | null, labels))
        .map((v) => this.engine.request("DELETE", `/volumes/${encodeURIComponent(String(v.Name))}?force=1`)),
    );
    await this.images.reapImages(sid);
    this.registry.dropSession(sid);
    this.store.delete(sid);
    this.limiter.forget(sid);
  }

  private warningFor(s: Session): { en: string; ko: string; endsAt: number } | null {
    const endsAt = Math.min(s.expiresAt, s.lastSeen + this.config.idleMs);
    const left = endsAt - Date.now();
    if (left > this.config.warnBeforeMs) return null;
    const min = Math.max(0, Math.ceil(left / 60_000));
    const idle = endsAt !== s.expiresAt;
    return {
      endsAt,
      en: idle
        ? `This session ends in ${min} min if it stays idle; its containers will be removed.`
        : `This session ends in ${min} min; its containers will be removed.`,
      ko: idle
        ? `${min}분 동안 아무 작업이 없으면 세션이 끝나고 컨테이너가 지워집니다.`
        : `${min}분 뒤 세션이 끝나고 컨테이너가 지워집니다.`,
    };
  }

  // ── audit ──────────────────────────────────────────────────────────────────────────────

  private audit(info: {
    session?: string;
    ip?: string;
    method?: string;
    path?: string;
    code: string;
    message: string;
  }) {
    const line = JSON.stringify({ time: new Date().toISOString(), event: "refused", ...info });
    this.log.warn(`[audit] ${line}`);
    try {
      if (this.config.auditLog) appendFileSync(this.config.auditLog, `${line}\n`, { mode: 0o600 });
    } catch (e) {
      this.log.warn(`audit log: ${(e as Error).message}`);
    }
  }

  // ── request entry ──────────────────────────────────────────────────────────────────────

  private sessionFor(token: string | null): { session: Session } | { status: number; message: string } {
    if (!token) {
      return {
        status: 401,
        message:
          "classroom gateway: a session token is required (Authorization: Bearer <token>; get one with POST /api/sessions)",
      };
    }
    const s = this.store.byToken(token);
    if (!s)
      return {
        status: 401,
        message: "classroom gateway: unknown or ended session token; join the class again (POST /api/sessions)",
      };
    if (this.expired(s)) {
      return {
        status: 401,
        message: "classroom gateway: this session has ended (time limit or idle timeout); join the class again",
      };
    }
    return { session: s };
  }

  private corsHeaders(req: http.IncomingMessage): http.OutgoingHttpHeaders {
    const origin = req.headers.origin;
    if (!origin || !this.config.allowOrigins.includes(origin)) return {};
    return {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Headers": "Authorization, Content-Type",
      "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE",
      "Access-Control-Expose-Headers": "Api-Version, X-Classroom-Session-Ends, X-Classroom-Warning",
      Vary: "Origin",
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://gateway");
    const pathname = url.pathname;
    for (const [k, v] of Object.entries(this.corsHeaders(req))) res.setHeader(k, v as string);
    if (req.method === "OPTIONS") {
      res.writeHead(204);
      res.end();
      return;
    }
    if (pathname.startsWith("/api/")) return this.handleClassroomApi(req, res, url);
    const api = engineApiPath(pathname);
    if (!api) return serveStatic(req, res, this.config.distDir, pathname);

    if (apiVersionTooOld(api.version)) {
      req.resume();
      return sendError(
        res,
        400,
        `client version ${api.version} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`,
      );
    }
    const auth = String(req.headers.authorization ?? "");
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? null;
    const who = this.sessionFor(token);
    if (!("session" in who)) {
      req.resume();
      sendError(res, who.status, who.message, {
        "WWW-Authenticate": 'Bearer realm="container-classroom"',
        ...this.engineHeaders,
      });
      return;
    }
    const session = who.session;
    if (!this.limiter.take(session.id)) {
      req.resume();
      sendError(
        res,
        429,
        "classroom gateway: too many requests, slow down a little (요청이 너무 많습니다. 잠시 뒤에 다시 해 보세요)",
        {
          "Retry-After": "1",
          ...this.engineHeaders,
        },
      );
      return;
    }
    this.store.touch(session);
    for (const [k, v] of Object.entries(this.engineHeaders)) res.setHeader(k, v as string);
    res.setHeader(
      "X-Classroom-Session-Ends",
      new Date(Math.min(session.expiresAt, session.lastSeen + this.config.idleMs)).toISOString(),
    );
    const warning = this.warningFor(session);
    if (warning) res.setHeader("X-Classroom-Warning", warning.en);
    const ctx: Ctx = {
      req,
      res,
      session,
      sid: session.id,
      version: api.version,
      path: api.path,
      query: url.searchParams,
      ip: req.socket.remoteAddress ?? "",
    };
    const method = req.method ?? "GET";
    for (const [m, re, h] of this.routes) {
      if (m !== method && !(m === "GET" && method === "HEAD")) continue;
      const match = re.exec(api.path);
      if (match) {
        try {
          await h(ctx, match);
        } catch (e) {
          this.failCtx(ctx, e);
        }
        return;
      }
    }
    req.resume();
    sendError(res, 404, "page not found");
  }

  private fail(res: http.ServerResponse, e: unknown) {
    if (e instanceof HttpError) return sendError(res, e.status, e.message);
    if (e instanceof EngineUnreachable) return sendError(res, 502, e.message);
    this.log.warn(`internal error: ${(e as Error).stack ?? e}`);
    sendError(res, 500, `classroom gateway: internal error: ${(e as Error).message}`);
  }

  private failCtx(ctx: Ctx, e: unknown) {
    if (e instanceof PolicyError || (e instanceof HttpError && e.status === 403)) {
      const code = e instanceof PolicyError ? e.code : e.code;
      if (e.status === 403) {
        this.audit({
          session: ctx.sid,
          ip: ctx.ip,
          method: ctx.req.method,
          path: ctx.req.url,
          code,
          message: e.message,
        });
      }
      return sendError(ctx.res, e.status, e.message);
    }
    if (e instanceof EngineStatusError) return sendError(ctx.res, e.status, unprefix(ctx.sid, e.message));
    this.fail(ctx.res, e);
  }

  // ── classroom API ──────────────────────────────────────────────────────────────────────

  private async handleClassroomApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const ip = req.socket.remoteAddress ?? "";
    if (url.pathname === "/api/stats" && req.method === "GET" && this.localAdmin(req)) return this.stats(res);
    if (url.pathname === "/api/health" && (req.method === "GET" || req.method === "HEAD")) {
      let engine = "ok";
      try {
        const r = await this.engine.request("GET", "/_ping", { timeoutMs: 3000 });
        if (r.status !== 200) engine = `status ${r.status}`;
        else {
          // /_ping answers even when the engine's network code is deadlocked; a network list does not.
          const n = await this.engine.request("GET", `/networks?filters=${encodeURIComponent('{"name":["none"]}')}`, {
            timeoutMs: 3000,
          });
          if (n.status !== 200) engine = `GET /networks: status ${n.status}`;
        }
      } catch (e) {
        engine = (e as Error).message;
      }
      return sendJson(res, engine === "ok" ? 200 : 503, {
        ok: engine === "ok",
        engine,
        synced: this.synced,
        mode: this.config.open ? "open" : "class",
      });
    }
    if (url.pathname === "/api/sessions" && req.method === "POST") {
      if (!this.joinLimiter.take(ip))
        return sendError(res, 429, "too many join attempts; wait a minute (참여 시도가 너무 많습니다)", {
          "Retry-After": "10",
        });
      const raw = parseJson(await readBody(req, 4096)) as { joinCode?: unknown } | undefined;
      if (!this.config.open) {
        const code = typeof raw?.joinCode === "string" ? raw.joinCode : "";
        if (!code || !safeEqual(code, this.config.joinCode ?? "")) {
          this.audit({
            ip,
            method: "POST",
            path: "/api/sessions",
            code: "join-code",
            message: "wrong or missing join code",
          });
          return sendError(res, 403, "wrong join code (참여 코드가 맞지 않습니다)");
        }
      }
      if (this.store.size >= this.config.maxSessions) {
        return sendError(res, 503, "the classroom is full: no more sessions (교실이 가득 찼습니다)");
      }
      const { token, session } = this.store.create(this.config.ttlMs);
      this.log.info(`session ${session.id} joined from ${ip}`);
      return sendJson(res, 201, {
        token,
        sessionId: session.id,
        expiresAt: new Date(session.expiresAt).toISOString(),
        idleTimeoutSeconds: Math.round(this.config.idleMs / 1000),
      });
    }
    if (url.pathname === "/api/session") {
      const token = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""))?.[1] ?? null;
      const who = this.sessionFor(token);
      if (!("session" in who)) return sendError(res, who.status, who.message);
      const s = who.session;
      if (req.method === "DELETE") {
        await this.reapSession(s.id);
        this.log.info(`session ${s.id} ended by its learner`);
        res.writeHead(204);
        res.end();
        return;
      }
      if (req.method === "GET") {
        this.store.touch(s);
        const c = this.config;
        return sendJson(res, 200, {
          sessionId: s.id,
          expiresAt: new Date(s.expiresAt).toISOString(),
          idleExpiresAt: new Date(s.lastSeen + c.idleMs).toISOString(),
          warning: this.warningFor(s),
          limits: {
            containers: c.maxContainers,
            volumes: c.maxVolumes,
            networks: c.maxNetworks,
            ownImages: c.maxImages,
            memory: c.memory,
            sessionMemory: c.sessionMemory,
            cpus: c.cpus,
            pids: c.pidsLimit,
            images: c.allowImages,
          },
          usage: {
            containers: this.registry.containersOf(s.id).length,
            volumes: this.registry.volumesOf(s.id).length,
            networks: this.registry.networksOf(s.id).length,
            ownImages: new Set(this.registry.imagesOf(s.id).map((i) => i.id)).size,
          },
        });
      }
    }
    req.resume();
    sendError(res, 404, "page not found");
  }

  /**
   * Only a process on the gateway's own host, talking to it directly: a loopback peer and no proxy
   * headers (behind a reverse proxy on the same host every learner would look like loopback).
   */
  private localAdmin(req: http.IncomingMessage): boolean {
    const a = req.socket.remoteAddress ?? "";
    const loopback = a === "::1" || a.startsWith("127.") || a.startsWith("::ffff:127.");
    const h = req.headers;
    return loopback && !h["x-forwarded-for"] && !h.forwarded && !h["x-real-ip"];
  }

  /**
   * GET /api/stats (loopback only, see localAdmin): memory and the sizes of everything the gateway
   * keeps per session, object or connection, so a soak can tell a leak from noise. Counts only: no
   * ids, names, tokens or addresses.
   */
  private stats(res: http.ServerResponse) {
    const m = process.memoryUsage();
    let streams = 0;
    for (const n of this.streams.values()) streams += n;
    sendJson(res, 200, {
      uptimeSeconds: Math.round(process.uptime()),
      memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external },
      counts: {
        sessions: this.store.size,
        containers: this.registry.containers.size,
        volumes: this.registry.volumes.size,
        networks: this.registry.networks.size,
        images: this.registry.images.size,
        execs: this.registry.execs.size,
        streams,
        streamSessions: this.streams.size,
        rateBuckets: this.limiter.size,
        joinBuckets: this.joinLimiter.size,
        clientSockets: this.sockets.size,
      },
      engineSockets: this.engine.poolStats(),
    });
  }

  // ── helpers for handlers ───────────────────────────────────────────────────────────────

  private container(ctx: Ctx, ref: string) {
    const r = this.registry.resolveContainer(ctx.sid, decodeURIComponent(ref));
    if (!("ok" in r)) throw new HttpError(r.status, r.message);
    return r.ok;
  }

  /** Pipe a streaming engine response (logs -f, wait, stats, events, pull) to the client. */
  private async pipe(
    ctx: Ctx,
    method: string,
    enginePath: string,
    transform?: (line: string) => string | null,
    body?: Buffer,
  ) {
    const open = this.streams.get(ctx.sid) ?? 0;
    if (open >= MAX_STREAMS_PER_SESSION) {
      throw new HttpError(
        429,
        `classroom gateway: at most ${MAX_STREAMS_PER_SESSION} open streams (logs -f, events, wait, stats) per session`,
      );
    }
    this.streams.set(ctx.sid, open + 1);
    ctx.res.once("close", () => {
      const n = (this.streams.get(ctx.sid) ?? 1) - 1;
      if (n <= 0) this.streams.delete(ctx.sid);
      else this.streams.set(ctx.sid, n);
    });
    const { req, response } = this.engine.stream(method, enginePath, {
      body,
      headers: body ? { "Content-Type": "application/json", "Content-Length": body.length } : { "Content-Length": 0 },
    });
    const stop = () => req.destroy();
    ctx.res.on("close", stop);
    const up = await response;
    const headers: http.OutgoingHttpHeaders = {};
    if (up.headers["content-type"]) headers["Content-Type"] = up.headers["content-type"];
    // docker cp reads the path stat from the archive response.
    const stat = up.headers["x-docker-container-path-stat"];
    if (stat) headers["X-Docker-Container-Path-Stat"] = stat;
    if ((up.statusCode ?? 500) >= 400) {
      const chunks: Buffer[] = [];
      for await (const c of up) chunks.push(c as Buffer);
      return sendError(ctx.res, up.statusCode ?? 500, unprefix(ctx.sid, engineMessage(Buffer.concat(chunks))));
    }
    ctx.res.writeHead(up.statusCode ?? 200, headers);
    ctx.res.flushHeaders();
    if (!transform) {
      up.pipe(ctx.res);
      return;
    }
    eachLine(
      up,
      (line) => {
        const out = transform(line);
        if (out !== null) ctx.res.write(`${out}\n`);
      },
      () => ctx.res.end(),
    );
    up.on("error", () => ctx.res.destroy());
  }

  private async forward(ctx: Ctx, method: string, enginePath: string, body?: unknown) {
    const r = await this.engine.request(method, enginePath, { body });
    relay(ctx, r);
    return r;
  }

  private sessionFilter(ctx: Ctx): string[] {
    return [`${LABEL_GATEWAY}=${this.gatewayId}`, `${LABEL_SESSION}=${ctx.sid}`];
  }

  private async body(ctx: Ctx, required: boolean): Promise<unknown> {
    const raw = parseJson(await readBody(ctx.req, this.config.maxBody));
    if (
      required &&
      (raw === undefined || raw === null || (typeof raw === "object" && Object.keys(raw as Obj).length === 0))
    ) {
      throw refuse("empty-body", "this request needs a JSON body", "이 요청에는 JSON 본문이 필요합니다");
    }
    return raw;
  }

  // ── routes ─────────────────────────────────────────────────────────────────────────────

  private on(method: string, pattern: RegExp, h: Handler) {
    this.routes.push([method, pattern, h.bind(this)]);
  }

  private defineRoutes() {
    // System.
    this.on("GET", /^\/_ping$/, async (ctx) => {
      const r = await this.engine.request(ctx.req.method === "HEAD" ? "HEAD" : "GET", ep(ctx, "/_ping"));
      for (const h of [
        "api-version",
        "docker-experimental",
        "ostype",
        "builder-version",
        "cache-control",
        "pragma",
        "server",
      ]) {
        if (r.headers[h]) ctx.res.setHeader(h, r.headers[h] as string);
      }
      relay(ctx, r);
    });
    this.on("GET", /^\/version$/, async (ctx) => {
      await this.forward(ctx, "GET", ep(ctx, "/version"));
    });
    this.on("GET", /^\/info$/, async (ctx) => {
      const info = await this.engine.json<Obj>("GET", ep(ctx, "/info"));
      const mine = await this.containers.listContainers(ctx, { all: "1" });
      const count = (s: string) => mine.filter((c) => c.State === s).length;
      const images = await this.images.allowedImages(ctx);
      sendJson(ctx.res, 200, {
        ...info,
        Containers: mine.length,
        ContainersRunning: count("running"),
        ContainersPaused: count("paused"),
        ContainersStopped: mine.length - count("running") - count("paused"),
        Images: images.length,
        Name: "container-classroom",
      });
    });
    this.on("GET", /^\/events$/, async (ctx) => this.events.stream(ctx));
    this.on("GET", /^\/system\/df$/, async (ctx) => {
      const mine = await this.containers.listContainers(ctx, { all: "1", size: "1" });
      const images = await this.images.allowedImages(ctx);
      const vols = await this.volumesNetworks.listVolumes(ctx);
      sendJson(ctx.res, 200, { LayersSize: 0, Images: images, Containers: mine, Volumes: vols, BuildCache: [] });
    });

    this.containers.define();
    this.images.define();
    this.volumesNetworks.define();

    // Never through the classroom.
    for (const root of [
      "plugins",
      "swarm",
      "nodes",
      "services",
      "tasks",
      "secrets",
      "configs",
      "distribution",
      "grpc",
    ]) {
      for (const method of ["GET", "POST", "PUT", "DELETE"]) {
        this.on(
          method,
          new RegExp(`^/${root}(/.*)?$`),
          forbidden(
            root,
            `/${root} (plugins, swarm and cluster APIs) is not allowed`,
            `/${root}(플러그인·스웜·클러스터 API)는 허용되지 않습니다`,
          ),
        );
      }
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
