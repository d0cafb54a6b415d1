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
import {
  buildOutputFilter,
  checkCommitChanges,
  checkDockerfile,
  readBuildContext,
  replaceTarFile,
} from "./build-context";
import {
  dockerEvent,
  dockerImageName,
  type EngineKind,
  engineKindFromHeaders,
  eventMatches,
  eventTimeMs,
  LABEL_IMAGE,
  labelsMatch,
  nameConflict,
  parseApiTime,
} from "./compat";
import type { GatewayConfig } from "./config";
import { EngineClient, EngineStatusError, EngineUnreachable, engineMessage } from "./engine";
import {
  type Ctx,
  ep,
  forbidden,
  type Handler,
  ID,
  type Obj,
  pick,
  qs,
  refuse,
  relay,
  SHARED_NETWORKS,
  stripLabels,
  unprefix,
} from "./gateway-internals";
import { attachWebSocket, type HijackDeps, handleTcpHijack } from "./hijack";
import {
  apiVersionTooOld,
  eachLine,
  engineApiPath,
  HttpError,
  MIN_API_VERSION,
  parseFilters,
  parseJson,
  RateLimiter,
  readBody,
  sendError,
  sendJson,
} from "./http-util";
import {
  isOwnTag,
  isSharedImage,
  ownership,
  parseLearnerRef,
  realRepo,
  referenceMatches,
  tagSession,
  unprefixImage,
  viewHistory,
  viewImageInspect,
  viewImageSummary,
} from "./own-images";
import {
  imageAllowed,
  isZero,
  looksLikeImageId,
  type PolicyContext,
  PolicyError,
  parseImageRef,
  planContainerCreate,
  planExecCreate,
  planNetworkCreate,
  planVolumeCreate,
  refuseImage,
  sessionLabels,
} from "./policy";
import {
  displayName,
  LABEL_GATEWAY,
  LABEL_PREFIX,
  LABEL_SESSION,
  namePrefix,
  type OwnedImage,
  Registry,
  VALID_NAME,
} from "./registry";
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
  /** Sessions with a build running (one at a time each). */
  private readonly building = new Set<string>();
  /** image id → sessions that just untagged or removed it (their events name the image by id only). */
  private readonly imageOps = new Map<string, { sid: string; until: number }[]>();

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
      resolveExec: (sid, id) => this.execOwner(sid, id),
      warningFor: (s) => this.warningFor(s),
      log: this.log,
    };
    this.server.on("upgrade", (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
      const upgrade = String(req.headers.upgrade ?? "").toLowerCase();
      if (upgrade === "websocket") attachWebSocket(this.hijackDeps, req, socket, head);
      else handleTcpHijack(this.hijackDeps, req, socket, head);
    });
    this.defineRoutes();
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
    await this.syncImages();
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
    for (const sid of doomed) {
      try {
        await this.reapSession(sid);
        this.log.info(`reaper: session ${sid} ended; its containers, volumes and networks were removed`);
      } catch (e) {
        this.log.warn(`reaper: session ${sid}: ${(e as Error).message}`);
      }
    }
    return [...doomed];
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
    await this.reapImages(sid);
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

  private async execOwner(sid: string, id: string): Promise<{ containerId: string } | null> {
    const known = this.registry.execs.get(id);
    if (known) return known.sid === sid ? known : null;
    if (!/^[0-9a-f]{64}$/.test(id)) return null;
    try {
      const ins = await this.engine.json<{ ContainerID: string }>("GET", `/exec/${id}/json`);
      const c = this.registry.containers.get(ins.ContainerID);
      if (c) this.registry.addExec(id, { sid: c.sid, containerId: c.id });
      return c && c.sid === sid ? { containerId: c.id } : null;
    } catch {
      return null;
    }
  }

  private policyContext(ctx: Ctx): PolicyContext {
    return {
      sid: ctx.sid,
      gatewayId: this.gatewayId,
      limits: this.config,
      container: (ref) => this.registry.resolveContainer(ctx.sid, ref),
      network: (ref) => {
        if (ref === "bridge" || ref === "none") return ref;
        const r = this.registry.resolveNetwork(ctx.sid, ref);
        return "ok" in r ? r.ok.realName : null;
      },
      volumeRealName: (name) => namePrefix(ctx.sid) + name,
    };
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

  private netDisplay(sid: string, real: string): string {
    return displayName(sid, real);
  }

  // ── views: rewrite engine objects into the session's view ─────────────────────────────

  private viewContainerSummary(sid: string, c: Obj): Obj {
    const names = (c.Names as string[] | undefined) ?? [];
    const hc = (c.HostConfig as Obj | undefined) ?? {};
    const ns = (c.NetworkSettings as { Networks?: Record<string, unknown> } | undefined) ?? {};
    const nets: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ns.Networks ?? {})) nets[this.netDisplay(sid, k)] = v;
    return {
      ...c,
      Names: names.map(
        (n) =>
          `/${n
            .slice(1)
            .split("/")
            .map((p) => displayName(sid, p))
            .join("/")}`,
      ),
      Labels: stripLabels(c.Labels),
      // The session's own images run under their engine names (see own-images.ts).
      ...(typeof c.Image === "string" ? { Image: unprefixImage(sid, c.Image) } : {}),
      ...((c.Labels as Obj | null)?.[LABEL_IMAGE] ? { Image: (c.Labels as Obj)[LABEL_IMAGE] } : {}),
      HostConfig: {
        ...hc,
        ...(typeof hc.NetworkMode === "string" ? { NetworkMode: this.netDisplay(sid, hc.NetworkMode) } : {}),
      },
      NetworkSettings: { ...ns, Networks: nets },
      Mounts: ((c.Mounts as Obj[] | undefined) ?? []).map((m) =>
        typeof m.Name === "string" ? { ...m, Name: displayName(sid, m.Name) } : m,
      ),
    };
  }

  private viewContainerInspect(sid: string, c: Obj): Obj {
    const cfg = (c.Config as Obj | undefined) ?? {};
    const hc = (c.HostConfig as Obj | undefined) ?? {};
    const ns = (c.NetworkSettings as { Networks?: Record<string, unknown> } | undefined) ?? {};
    const nets: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ns.Networks ?? {})) nets[this.netDisplay(sid, k)] = v;
    return {
      ...c,
      Name: `/${displayName(sid, String(c.Name ?? ""))}`,
      Config: {
        ...cfg,
        Labels: stripLabels(cfg.Labels),
        ...(typeof cfg.Image === "string" ? { Image: unprefixImage(sid, cfg.Image) } : {}),
        ...((cfg.Labels as Obj | null)?.[LABEL_IMAGE] ? { Image: (cfg.Labels as Obj)[LABEL_IMAGE] } : {}),
      },
      HostConfig: {
        ...hc,
        ...(typeof hc.NetworkMode === "string" ? { NetworkMode: this.netDisplay(sid, hc.NetworkMode) } : {}),
        ...(Array.isArray(hc.Binds) ? { Binds: (hc.Binds as string[]).map((b) => displayName(sid, b)) } : {}),
      },
      NetworkSettings: { ...ns, Networks: nets },
      Mounts: ((c.Mounts as Obj[] | undefined) ?? []).map((m) =>
        typeof m.Name === "string" ? { ...m, Name: displayName(sid, m.Name) } : m,
      ),
    };
  }

  private viewVolume(sid: string, v: Obj): Obj {
    return { ...v, Name: displayName(sid, String(v.Name)), Labels: stripLabels(v.Labels) };
  }

  private viewNetwork(sid: string, n: Obj): Obj {
    const mine = new Set(this.registry.containersOf(sid).map((c) => c.id));
    const containers: Record<string, Obj> = {};
    for (const [id, e] of Object.entries((n.Containers as Record<string, Obj> | undefined) ?? {})) {
      if (mine.has(id))
        containers[id] = { ...e, ...(typeof e.Name === "string" ? { Name: displayName(sid, e.Name) } : {}) };
    }
    return { ...n, Name: displayName(sid, String(n.Name)), Labels: stripLabels(n.Labels), Containers: containers };
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
      const mine = await this.listContainers(ctx, { all: "1" });
      const count = (s: string) => mine.filter((c) => c.State === s).length;
      const images = await this.allowedImages(ctx);
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
    this.on("GET", /^\/events$/, async (ctx) => this.events(ctx));
    this.on("GET", /^\/system\/df$/, async (ctx) => {
      const mine = await this.listContainers(ctx, { all: "1", size: "1" });
      const images = await this.allowedImages(ctx);
      const vols = await this.listVolumes(ctx);
      sendJson(ctx.res, 200, { LayersSize: 0, Images: images, Containers: mine, Volumes: vols, BuildCache: [] });
    });

    // Containers.
    this.on("POST", /^\/containers\/create$/, async (ctx) => this.containerCreate(ctx));
    this.on("GET", /^\/containers\/json$/, async (ctx) => {
      const list = await this.listContainers(ctx, pick(ctx, "all", "size", "limit", "filters"));
      sendJson(ctx.res, 200, list);
    });
    this.on("POST", /^\/containers\/prune$/, async (ctx) => {
      const user = parseFilters(ctx.query.get("filters"));
      const filters = {
        ...(user.until ? { until: user.until } : {}),
        label: [...(user.label ?? []), ...this.sessionFilter(ctx)],
      };
      const r = await this.engine.json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>(
        "POST",
        ep(ctx, `/containers/prune?filters=${encodeURIComponent(JSON.stringify(filters))}`),
      );
      for (const id of r.ContainersDeleted ?? []) this.registry.removeContainer(id);
      sendJson(ctx.res, 200, r);
    });
    this.on("GET", new RegExp(`^/containers/${ID}/json$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      const r = await this.engine.request("GET", ep(ctx, `/containers/${c.id}/json${qs(pick(ctx, "size"))}`));
      if (r.status !== 200) return relay(ctx, r);
      sendJson(ctx.res, 200, this.viewContainerInspect(ctx.sid, JSON.parse(r.body.toString("utf8"))));
    });
    const simple = (verb: string, params: string[], validate?: (ctx: Ctx) => void) =>
      this.on("POST", new RegExp(`^/containers/${ID}/${verb}$`), async (ctx, m) => {
        ctx.req.resume();
        const c = this.container(ctx, m[1]);
        validate?.(ctx);
        await this.forward(ctx, "POST", ep(ctx, `/containers/${c.id}/${verb}${qs(pick(ctx, ...params))}`));
      });
    const checkSignal = (ctx: Ctx) => {
      const s = ctx.query.get("signal");
      if (s && !/^[A-Za-z0-9+]{1,16}$/.test(s)) throw new HttpError(400, `Invalid signal: ${s}`);
    };
    const checkT = (ctx: Ctx) => {
      const t = ctx.query.get("t");
      if (t !== null && (!/^-?\d+$/.test(t) || Number(t) > 600)) throw new HttpError(400, "invalid timeout");
    };
    simple("start", ["detachKeys"]);
    simple("stop", ["t", "signal"], (ctx) => {
      checkT(ctx);
      checkSignal(ctx);
    });
    simple("restart", ["t", "signal"], (ctx) => {
      checkT(ctx);
      checkSignal(ctx);
    });
    simple("kill", ["signal"], checkSignal);
    simple("pause", []);
    simple("unpause", []);
    simple("resize", ["h", "w"], (ctx) => {
      for (const k of ["h", "w"]) {
        const v = ctx.query.get(k);
        if (v !== null && !/^\d{1,5}$/.test(v)) throw new HttpError(400, `invalid ${k}`);
      }
    });
    this.on("POST", new RegExp(`^/containers/${ID}/wait$`), async (ctx, m) => {
      ctx.req.resume();
      const c = this.container(ctx, m[1]);
      const cond = ctx.query.get("condition");
      if (cond && !["not-running", "next-exit", "removed"].includes(cond))
        throw new HttpError(400, `invalid condition: "${cond}"`);
      await this.pipe(ctx, "POST", ep(ctx, `/containers/${c.id}/wait${qs({ condition: cond })}`));
    });
    this.on("DELETE", new RegExp(`^/containers/${ID}$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      if (ctx.query.get("link") === "1" || ctx.query.get("link") === "true") {
        throw refuse("link", "removing links is not allowed", "링크 삭제는 허용되지 않습니다");
      }
      const r = await this.forward(ctx, "DELETE", ep(ctx, `/containers/${c.id}${qs(pick(ctx, "force", "v"))}`));
      if (r.status < 300) this.registry.removeContainer(c.id);
    });
    this.on("GET", new RegExp(`^/containers/${ID}/logs$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      const q = pick(ctx, "follow", "stdout", "stderr", "since", "until", "timestamps", "tail", "details");
      await this.pipe(ctx, "GET", ep(ctx, `/containers/${c.id}/logs${qs(q)}`));
    });
    this.on("GET", new RegExp(`^/containers/${ID}/top$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      const psArgs = ctx.query.get("ps_args");
      // ps runs on the server: only plain flag letters, never -o formats or paths.
      if (psArgs && !/^-?[a-zA-Z]{1,8}$/.test(psArgs)) {
        throw refuse(
          "ps-args",
          `ps arguments "${psArgs}" are not allowed; use letters only, e.g. aux or -ef`,
          `ps 인수 "${psArgs}"는 허용되지 않습니다. aux, -ef 같은 글자만 쓰세요`,
        );
      }
      await this.forward(ctx, "GET", ep(ctx, `/containers/${c.id}/top${qs({ ps_args: psArgs })}`));
    });
    this.on("GET", new RegExp(`^/containers/${ID}/stats$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      const q = pick(ctx, "stream", "one-shot");
      const stream = q.stream === undefined || q.stream === "1" || q.stream === "true";
      if (stream)
        await this.pipe(ctx, "GET", ep(ctx, `/containers/${c.id}/stats${qs(q)}`), (line) => unprefix(ctx.sid, line));
      else {
        const r = await this.engine.request("GET", ep(ctx, `/containers/${c.id}/stats${qs(q)}`));
        relay(ctx, {
          ...r,
          body: r.status < 300 ? Buffer.from(unprefix(ctx.sid, r.body.toString("utf8"))) : r.body,
        });
      }
    });
    this.on("GET", new RegExp(`^/containers/${ID}/changes$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      await this.forward(ctx, "GET", ep(ctx, `/containers/${c.id}/changes`));
    });
    this.on("GET", new RegExp(`^/containers/${ID}/export$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      await this.pipe(ctx, "GET", ep(ctx, `/containers/${c.id}/export`));
    });
    this.on("POST", new RegExp(`^/containers/${ID}/rename$`), async (ctx, m) => {
      ctx.req.resume();
      const c = this.container(ctx, m[1]);
      const name = (ctx.query.get("name") ?? "").replace(/^\//, "");
      if (!VALID_NAME.test(name) || name.length > 100)
        throw new HttpError(400, `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
      const real = namePrefix(ctx.sid) + name;
      const r = await this.forward(ctx, "POST", ep(ctx, `/containers/${c.id}/rename${qs({ name: real })}`));
      if (r.status < 300) c.realName = real;
    });
    this.on("POST", new RegExp(`^/containers/${ID}/attach$`), async (ctx, m) => {
      // Only reached without `Upgrade: tcp` (upgrades go to the hijack handler): output only.
      ctx.req.resume();
      const c = this.container(ctx, m[1]);
      const q = pick(ctx, "stream", "logs", "stdout", "stderr", "detachKeys");
      const h = await this.engine.hijack(ep(ctx, `/containers/${c.id}/attach${qs(q)}`));
      this.relayHijackOutput(ctx, h);
    });
    this.on("POST", new RegExp(`^/containers/${ID}/exec$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      const body = planExecCreate(await this.body(ctx, true));
      const r = await this.engine.request("POST", ep(ctx, `/containers/${c.id}/exec`), { body });
      if (r.status === 201 || r.status === 200) {
        const id = (JSON.parse(r.body.toString("utf8")) as { Id: string }).Id;
        this.registry.addExec(id, { sid: ctx.sid, containerId: c.id });
      }
      relay(ctx, r);
    });
    this.on("GET", new RegExp(`^/containers/${ID}/archive$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      const path = ctx.query.get("path") ?? "";
      if (ctx.req.method === "HEAD") {
        const r = await this.engine.request("HEAD", ep(ctx, `/containers/${c.id}/archive${qs({ path })}`));
        const stat = r.headers["x-docker-container-path-stat"];
        if (stat) ctx.res.setHeader("X-Docker-Container-Path-Stat", stat as string);
        return relay(ctx, r);
      }
      await this.pipe(ctx, "GET", ep(ctx, `/containers/${c.id}/archive${qs({ path })}`));
    });
    this.on("PUT", new RegExp(`^/containers/${ID}/archive$`), async (ctx, m) => {
      const c = this.container(ctx, m[1]);
      const q = pick(ctx, "path", "noOverwriteDirNonDir", "copyUIDGID");
      const tar = await readBody(ctx.req, this.config.maxArchiveBody);
      const r = await this.engine.request("PUT", ep(ctx, `/containers/${c.id}/archive${qs(q)}`), {
        body: tar,
        headers: { "Content-Type": "application/x-tar" },
      });
      relay(ctx, r);
    });
    this.on(
      "POST",
      new RegExp(`^/containers/${ID}/update$`),
      forbidden(
        "update",
        "docker update is not allowed: limits are set by the classroom",
        "docker update는 허용되지 않습니다. 자원 제한은 교실이 정합니다",
      ),
    );

    // Exec.
    this.on("POST", new RegExp(`^/exec/${ID}/start$`), async (ctx, m) => {
      const owner = await this.execOwner(ctx.sid, m[1]);
      if (!owner) {
        ctx.req.resume();
        throw new HttpError(404, `No such exec instance: ${m[1]}`);
      }
      const raw = (await this.body(ctx, false)) as Obj | undefined;
      const detach = raw?.Detach === true;
      const tty = raw?.Tty === true;
      const body = Buffer.from(JSON.stringify({ Detach: detach, Tty: tty }));
      if (detach)
        return void (await this.forward(ctx, "POST", ep(ctx, `/exec/${m[1]}/start`), { Detach: true, Tty: tty }));
      const h = await this.engine.hijack(ep(ctx, `/exec/${m[1]}/start`), body);
      this.relayHijackOutput(ctx, h);
    });
    this.on("POST", new RegExp(`^/exec/${ID}/resize$`), async (ctx, m) => {
      ctx.req.resume();
      if (!(await this.execOwner(ctx.sid, m[1]))) throw new HttpError(404, `No such exec instance: ${m[1]}`);
      const h = ctx.query.get("h") ?? "";
      const w = ctx.query.get("w") ?? "";
      if (!/^\d{1,5}$/.test(h) || !/^\d{1,5}$/.test(w)) throw new HttpError(400, "invalid size");
      await this.forward(ctx, "POST", ep(ctx, `/exec/${m[1]}/resize${qs({ h, w })}`));
    });
    this.on("GET", new RegExp(`^/exec/${ID}/json$`), async (ctx, m) => {
      if (!(await this.execOwner(ctx.sid, m[1]))) throw new HttpError(404, `No such exec instance: ${m[1]}`);
      await this.forward(ctx, "GET", ep(ctx, `/exec/${m[1]}/json`));
    });

    // Images.
    this.on("GET", /^\/images\/json$/, async (ctx) => sendJson(ctx.res, 200, await this.allowedImages(ctx)));
    this.on("POST", /^\/images\/create$/, async (ctx) => this.imageCreate(ctx));
    this.on(
      "POST",
      /^\/images\/load$/,
      forbidden(
        "images-load",
        "docker load is not allowed; images come from the classroom's allow-list",
        "docker load는 허용되지 않습니다. 이미지는 교실 허용 목록에서만 받습니다",
      ),
    );
    this.on(
      "GET",
      /^\/images\/get$/,
      forbidden("images-save", "docker save is not allowed", "docker save는 허용되지 않습니다"),
    );
    this.on(
      "GET",
      /^\/images\/search$/,
      forbidden(
        "images-search",
        "docker search is not available in the classroom",
        "docker search는 교실에서 쓸 수 없습니다",
      ),
    );
    this.on("POST", /^\/images\/prune$/, async (ctx) => this.imagePrune(ctx));
    this.on("GET", /^\/images\/(.+)\/json$/, async (ctx, m) => {
      const { img } = await this.imageFor(ctx, decodeURIComponent(m[1]));
      sendJson(ctx.res, 200, viewImageInspect(ctx.sid, img, this.imageTags(img), this.config.allowImages));
    });
    this.on("GET", /^\/images\/(.+)\/history$/, async (ctx, m) => {
      const { id } = await this.imageFor(ctx, decodeURIComponent(m[1]));
      const rows = await this.engine.json<Obj[]>("GET", ep(ctx, `/images/${id}/history`));
      sendJson(ctx.res, 200, viewHistory(ctx.sid, rows ?? [], this.config.allowImages));
    });
    this.on(
      "GET",
      /^\/images\/(.+)\/get$/,
      forbidden("images-save", "docker save is not allowed", "docker save는 허용되지 않습니다"),
    );
    this.on(
      "POST",
      /^\/images\/(.+)\/push$/,
      forbidden("images-push", "docker push is not allowed", "docker push는 허용되지 않습니다"),
    );
    this.on("POST", /^\/images\/(.+)\/tag$/, async (ctx, m) => this.imageTag(ctx, decodeURIComponent(m[1])));
    this.on("DELETE", /^\/images\/(.+)$/, async (ctx, m) => this.imageRemove(ctx, decodeURIComponent(m[1])));
    this.on("POST", /^\/build$/, async (ctx) => this.build(ctx));
    this.on("POST", /^\/build\/prune$/, async (ctx) => {
      ctx.req.resume();
      sendJson(ctx.res, 200, { CachesDeleted: null, SpaceReclaimed: 0 });
    });
    this.on("POST", /^\/commit$/, async (ctx) => this.commit(ctx));
    this.on(
      "POST",
      /^\/session$/,
      forbidden("buildkit-session", "BuildKit sessions are not available", "BuildKit 세션은 쓸 수 없습니다"),
    );
    this.on(
      "POST",
      /^\/auth$/,
      forbidden(
        "auth",
        "registry logins are not available in the classroom",
        "레지스트리 로그인은 교실에서 쓸 수 없습니다",
      ),
    );

    // Volumes.
    this.on("GET", /^\/volumes$/, async (ctx) =>
      sendJson(ctx.res, 200, { Volumes: await this.listVolumes(ctx), Warnings: null }),
    );
    this.on("POST", /^\/volumes\/create$/, async (ctx) => {
      const plan = planVolumeCreate(await this.body(ctx, false), { sid: ctx.sid, gatewayId: this.gatewayId });
      const real = plan.name ? namePrefix(ctx.sid) + plan.name : null;
      if (!real || !this.registry.volumes.has(real)) this.checkVolumeQuota(ctx, 1);
      const r = await this.engine.request("POST", ep(ctx, "/volumes/create"), {
        body: { ...(real ? { Name: real } : {}), Driver: "local", DriverOpts: {}, Labels: plan.labels },
      });
      if (r.status >= 300) return relay(ctx, r);
      const v = JSON.parse(r.body.toString("utf8")) as Obj;
      this.registry.volumes.set(String(v.Name), { realName: String(v.Name), sid: ctx.sid });
      sendJson(ctx.res, r.status, this.viewVolume(ctx.sid, v));
    });
    this.on("POST", /^\/volumes\/prune$/, async (ctx) => {
      ctx.req.resume();
      // The session label alone: Podman prunes volumes carrying ANY of several labels (see compat.ts).
      const filters = { label: [`${LABEL_SESSION}=${ctx.sid}`] };
      const r = await this.engine.json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>(
        "POST",
        ep(ctx, `/volumes/prune?filters=${encodeURIComponent(JSON.stringify(filters))}`),
      );
      for (const n of r.VolumesDeleted ?? []) this.registry.volumes.delete(n);
      sendJson(ctx.res, 200, { ...r, VolumesDeleted: r.VolumesDeleted?.map((n) => displayName(ctx.sid, n)) ?? null });
    });
    this.on("GET", new RegExp(`^/volumes/${ID}$`), async (ctx, m) => {
      const v = this.volume(ctx, m[1]);
      const r = await this.engine.request("GET", ep(ctx, `/volumes/${encodeURIComponent(v.realName)}`));
      if (r.status !== 200) return relay(ctx, r);
      sendJson(ctx.res, 200, this.viewVolume(ctx.sid, JSON.parse(r.body.toString("utf8"))));
    });
    this.on("DELETE", new RegExp(`^/volumes/${ID}$`), async (ctx, m) => {
      ctx.req.resume();
      const v = this.volume(ctx, m[1]);
      const r = await this.forward(
        ctx,
        "DELETE",
        ep(ctx, `/volumes/${encodeURIComponent(v.realName)}${qs(pick(ctx, "force"))}`),
      );
      if (r.status < 300) this.registry.volumes.delete(v.realName);
    });

    // Networks.
    this.on("GET", /^\/networks$/, async (ctx) => sendJson(ctx.res, 200, await this.listNetworks(ctx)));
    this.on("POST", /^\/networks\/create$/, async (ctx) => {
      const plan = planNetworkCreate(await this.body(ctx, true), { sid: ctx.sid, gatewayId: this.gatewayId });
      if (SHARED_NETWORKS.includes(plan.name))
        throw new HttpError(403, `${plan.name} is a pre-defined network and cannot be created`);
      if (this.registry.networksOf(ctx.sid).length >= this.config.maxNetworks) {
        throw refuse(
          "quota-networks",
          `at most ${this.config.maxNetworks} networks per session`,
          `세션마다 네트워크는 ${this.config.maxNetworks}개까지입니다`,
        );
      }
      const r = await this.engine.request("POST", ep(ctx, "/networks/create"), { body: plan.body });
      if (r.status < 300) {
        const id = (JSON.parse(r.body.toString("utf8")) as { Id: string }).Id;
        this.registry.networks.set(id, { id, realName: String(plan.body.Name), sid: ctx.sid });
      }
      relay(ctx, r);
    });
    this.on("POST", /^\/networks\/prune$/, async (ctx) => {
      ctx.req.resume();
      const filters = { label: this.sessionFilter(ctx) };
      const r = await this.engine.json<{ NetworksDeleted: string[] | null }>(
        "POST",
        ep(ctx, `/networks/prune?filters=${encodeURIComponent(JSON.stringify(filters))}`),
      );
      for (const n of r.NetworksDeleted ?? []) {
        for (const [id, net] of this.registry.networks) if (net.realName === n) this.registry.networks.delete(id);
      }
      sendJson(ctx.res, 200, { NetworksDeleted: r.NetworksDeleted?.map((n) => displayName(ctx.sid, n)) ?? null });
    });
    this.on("GET", new RegExp(`^/networks/${ID}$`), async (ctx, m) => {
      const ref = await this.networkRef(ctx, decodeURIComponent(m[1]));
      const r = await this.engine.request("GET", ep(ctx, `/networks/${ref}${qs(pick(ctx, "verbose", "scope"))}`));
      if (r.status !== 200) return relay(ctx, r);
      sendJson(ctx.res, 200, this.viewNetwork(ctx.sid, JSON.parse(r.body.toString("utf8"))));
    });
    this.on("DELETE", new RegExp(`^/networks/${ID}$`), async (ctx, m) => {
      ctx.req.resume();
      const ref = decodeURIComponent(m[1]);
      if (SHARED_NETWORKS.includes(ref))
        throw new HttpError(403, `${ref} is a pre-defined network and cannot be removed`);
      const r = this.registry.resolveNetwork(ctx.sid, ref);
      if (!("ok" in r)) throw new HttpError(r.status, r.message);
      const res = await this.forward(ctx, "DELETE", ep(ctx, `/networks/${r.ok.id}`));
      if (res.status < 300) this.registry.networks.delete(r.ok.id);
    });
    for (const verb of ["connect", "disconnect"]) {
      this.on("POST", new RegExp(`^/networks/${ID}/${verb}$`), async (ctx, m) => {
        const ref = decodeURIComponent(m[1]);
        if (ref === "host")
          throw refuse("host-network", "the host network is not allowed", "host 네트워크는 허용되지 않습니다");
        const net = await this.networkRef(ctx, ref);
        const raw = (await this.body(ctx, true)) as Obj;
        const c = this.container(ctx, String(raw.Container ?? ""));
        const body: Obj = { Container: c.id };
        if (verb === "disconnect") body.Force = raw.Force === true;
        else {
          const ec = (raw.EndpointConfig as Obj | undefined) ?? {};
          const aliases = Array.isArray(ec.Aliases) ? ec.Aliases.filter((a) => typeof a === "string").slice(0, 16) : [];
          if (ec.DriverOpts && Object.keys(ec.DriverOpts as Obj).length) {
            throw refuse(
              "endpoint-driver-opts",
              "network endpoint driver options are not allowed",
              "네트워크 엔드포인트 드라이버 옵션은 허용되지 않습니다",
            );
          }
          // The learner's name resolves on user networks, as on a real engine (the engine's name is prefixed).
          const own = displayName(ctx.sid, c.realName);
          if (net !== "bridge" && !aliases.includes(own)) aliases.push(own);
          body.EndpointConfig = aliases.length ? { Aliases: aliases } : {};
        }
        await this.forward(ctx, "POST", ep(ctx, `/networks/${net}/${verb}`), body);
      });
    }

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

  private relayHijackOutput(ctx: Ctx, h: Awaited<ReturnType<EngineClient["hijack"]>>) {
    if (!h.upgraded || !h.socket) {
      const resp = h.response;
      if (!resp) return sendError(ctx.res, 500, "engine did not answer");
      ctx.res.writeHead(resp.statusCode ?? 500, { "Content-Type": resp.headers["content-type"] ?? "application/json" });
      resp.pipe(ctx.res);
      return;
    }
    ctx.res.writeHead(200, { "Content-Type": "application/vnd.docker.raw-stream" });
    ctx.res.flushHeaders();
    if (h.head?.length) ctx.res.write(h.head);
    h.socket.pipe(ctx.res);
    ctx.res.on("close", () => h.socket?.destroy());
  }

  // ── containers ─────────────────────────────────────────────────────────────────────────

  private async listContainers(ctx: Ctx, q: Record<string, string | undefined>): Promise<Obj[]> {
    const user = parseFilters(q.filters ?? null);
    const filters: Record<string, string[]> = { label: [...(user.label ?? []), ...this.sessionFilter(ctx)] };
    for (const k of ["status", "ancestor", "id", "exited", "health", "expose", "publish", "is-task"])
      if (user[k]) filters[k] = user[k];
    if (user.volume) filters.volume = user.volume.map((v) => (v.startsWith("/") ? v : namePrefix(ctx.sid) + v));
    if (user.network)
      filters.network = user.network.map((n) => (SHARED_NETWORKS.includes(n) ? n : namePrefix(ctx.sid) + n));
    const local = Boolean(user.name || user.before || user.since);
    const params = { all: q.all, size: q.size, limit: local ? undefined : q.limit, filters: JSON.stringify(filters) };
    let list = await this.engine.json<Obj[]>("GET", ep(ctx, `/containers/json${qs(params)}`));
    list = list.map((c) => this.viewContainerSummary(ctx.sid, c));
    if (user.name) {
      const res = user.name.map((n) => {
        try {
          return new RegExp(n);
        } catch {
          return new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        }
      });
      // As dockerd: a name matches with or without its leading slash (`name=^web$` finds /web).
      list = list.filter((c) =>
        (c.Names as string[]).some((n) => res.some((re) => re.test(n) || re.test(n.replace(/^\//, "")))),
      );
    }
    for (const key of ["before", "since"] as const) {
      for (const ref of user[key] ?? []) {
        const r = this.registry.resolveContainer(ctx.sid, ref);
        if (!("ok" in r)) throw new HttpError(404, `No such container: ${ref}`);
        const pivot = list.find((c) => c.Id === r.ok.id);
        const t = (pivot?.Created as number | undefined) ?? 0;
        list = list.filter(
          (c) => c.Id !== r.ok.id && (key === "before" ? (c.Created as number) <= t : (c.Created as number) >= t),
        );
      }
    }
    if (local && q.limit && Number(q.limit) > 0) list = list.slice(0, Number(q.limit));
    return list;
  }

  private checkVolumeQuota(ctx: Ctx, adding: number) {
    if (this.registry.volumesOf(ctx.sid).length + adding > this.config.maxVolumes) {
      throw refuse(
        "quota-volumes",
        `at most ${this.config.maxVolumes} volumes per session`,
        `세션마다 볼륨은 ${this.config.maxVolumes}개까지입니다`,
      );
    }
  }

  private async containerCreate(ctx: Ctx) {
    const raw = await this.body(ctx, true);
    const name = ctx.query.get("name");
    const plan = planContainerCreate(raw, this.policyContext(ctx), { name });
    const image = String(plan.body.Image);
    plan.body.Image = await this.runImage(ctx, image);
    const mine = this.registry.containersOf(ctx.sid);
    if (mine.length >= this.config.maxContainers) {
      throw refuse(
        "quota-containers",
        `at most ${this.config.maxContainers} containers per session; remove some with docker rm`,
        `세션마다 컨테이너는 ${this.config.maxContainers}개까지입니다. docker rm으로 정리하세요`,
      );
    }
    const used = mine.reduce((a, c) => a + c.memory, 0);
    if (used + plan.memory > this.config.sessionMemory) {
      throw refuse(
        "quota-memory",
        `the session's containers may use ${this.config.sessionMemory} bytes of memory in total; remove a container first`,
        "세션의 컨테이너 메모리 합계가 한도를 넘습니다. 컨테이너를 먼저 지우세요",
      );
    }
    // Named volumes the container mounts: create missing ones ourselves, labelled, within quota.
    const missing = plan.volumes.filter((v) => !this.registry.volumes.has(namePrefix(ctx.sid) + v));
    if (missing.length) this.checkVolumeQuota(ctx, missing.length);
    for (const v of missing) {
      const real = namePrefix(ctx.sid) + v;
      const r = await this.engine.request("POST", ep(ctx, "/volumes/create"), {
        body: {
          Name: real,
          Driver: "local",
          DriverOpts: {},
          Labels: sessionLabels({ sid: ctx.sid, gatewayId: this.gatewayId }),
        },
      });
      if (r.status >= 300) return relay(ctx, r);
      this.registry.volumes.set(real, { realName: real, sid: ctx.sid });
    }
    const realName = name ? namePrefix(ctx.sid) + name.replace(/^\//, "") : null;
    if (this.engineKind === "podman") plan.body.Labels = { ...(plan.body.Labels as Obj), [LABEL_IMAGE]: image };
    const q = qs({ name: realName, platform: ctx.query.get("platform") });
    const r = await this.engine.request("POST", ep(ctx, `/containers/create${q}`), { body: plan.body });
    const conflict = nameConflict(r.status, r.body, realName);
    if (conflict) return sendError(ctx.res, 409, unprefix(ctx.sid, conflict.message));
    if (r.status !== 201) return relay(ctx, r);
    const created = JSON.parse(r.body.toString("utf8")) as { Id: string; Warnings: string[] | null };
    let rn = realName;
    if (!rn) {
      try {
        const ins = await this.engine.json<{ Name: string }>("GET", `/containers/${created.Id}/json`);
        rn = ins.Name.replace(/^\//, "");
      } catch {
        rn = created.Id.slice(0, 12);
      }
    }
    this.registry.addContainer({ id: created.Id, sid: ctx.sid, realName: rn, memory: plan.memory });
    sendJson(ctx.res, 201, { Id: created.Id, Warnings: [...(created.Warnings ?? []), ...plan.warnings] });
  }

  // ── events ─────────────────────────────────────────────────────────────────────────────

  private async events(ctx: Ctx) {
    const user = parseFilters(ctx.query.get("filters"));
    // Volume and network events carry no labels on the engine (only driver, name, type), so the session
    // filter cannot go upstream as a label filter: the stream is filtered here, event by event.
    const filters: Record<string, string[]> = {};
    for (const k of ["type", "event", "image", "label"]) if (user[k]) filters[k] = user[k];
    if (user.container) {
      filters.container = user.container.map((ref) => {
        const r = this.registry.resolveContainer(ctx.sid, ref);
        return "ok" in r ? r.ok.id : "0000000000000000000000000000000000000000000000000000000000000000";
      });
    }
    // Podman keeps only the first value of each filter key and cuts `until` by the wall clock while it
    // still reads its log (see compat.ts): there, several values are matched here, and a window is read
    // whole (stream=false) once it has passed, cut at `until` here.
    const podman = this.engineKind === "podman";
    const upstream = podman ? Object.fromEntries(Object.entries(filters).filter(([, v]) => v.length === 1)) : filters;
    const untilMs = podman ? parseApiTime(ctx.query.get("until")) : null;
    if (untilMs !== null) {
      let gone = false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(2 ** 31 - 1, Math.max(0, untilMs - Date.now() + 250)));
        ctx.res.once("close", () => {
          gone = true;
          clearTimeout(timer);
          resolve();
        });
      });
      if (gone) return;
    }
    const q = qs({
      since: ctx.query.get("since"),
      until: untilMs === null ? ctx.query.get("until") : undefined,
      stream: untilMs === null ? undefined : "false",
      filters: Object.keys(upstream).length ? JSON.stringify(upstream) : undefined,
    });
    await this.pipe(ctx, "GET", ep(ctx, `/events${q}`), (line) => {
      try {
        let e = JSON.parse(line) as EngineEvent & { id?: string; from?: string; status?: string };
        if (podman) {
          e = dockerEvent(e);
          if (!eventMatches(e, filters) || (untilMs !== null && eventTimeMs(e) > untilMs)) return null;
          if (e.from) e.from = dockerImageName(e.from);
          if (e.Actor?.Attributes?.image) e.Actor.Attributes.image = dockerImageName(e.Actor.Attributes.image);
        }
        if (!this.ownEvent(ctx.sid, e)) return null;
        const attrs: Record<string, string> = {};
        for (const [k, v] of Object.entries(e.Actor?.Attributes ?? {})) {
          if (k.startsWith(LABEL_PREFIX)) continue;
          attrs[k] = k === "name" ? displayName(ctx.sid, v) : v;
        }
        const actorId = e.Type === "volume" ? displayName(ctx.sid, e.Actor.ID) : e.Actor?.ID;
        return JSON.stringify({ ...e, Actor: { ...e.Actor, ID: actorId, Attributes: attrs } });
      } catch {
        return null;
      }
    });
  }

  /** Whether an engine event is about one of the session's own objects. */
  private ownEvent(sid: string, e: EngineEvent): boolean {
    const attrs = e.Actor?.Attributes ?? {};
    const mine = (labels: Record<string, string>) =>
      labels[LABEL_SESSION] === sid && labels[LABEL_GATEWAY] === this.gatewayId;
    switch (e.Type) {
      case "container":
        return mine(attrs);
      case "volume":
        // Session volumes are stored under the session's prefix (see namePrefix).
        return String(e.Actor?.ID ?? "").startsWith(namePrefix(sid));
      case "network": {
        if (String(attrs.name ?? "").startsWith(namePrefix(sid))) return true;
        // connect/disconnect on a shared network (bridge): only for the session's own containers.
        const c = attrs.container ? this.registry.containers.get(attrs.container) : undefined;
        return c?.sid === sid;
      }
      case "image":
        return this.ownImageEvent(sid, e);
      default:
        return false;
    }
  }

  // ── images ─────────────────────────────────────────────────────────────────────────────

  /** The images a session sees: the allowed shared images and its own, in its names. */
  private async allowedImages(ctx: Ctx): Promise<Obj[]> {
    const listing = ctx.path === "/images/json";
    const q = listing ? qs(pick(ctx, "all", "digests")) : "";
    const list = await this.engine.json<Obj[]>("GET", ep(ctx, `/images/json${q}`));
    const allow = this.config.allowImages;
    let out: Obj[] = [];
    for (const img of list) {
      const tags = this.imageTags(img);
      const own = ownership(ctx.sid, this.gatewayId, tags, img.Labels);
      if (own.tags.length || own.labelled || isSharedImage(tags, allow))
        out.push(viewImageSummary(ctx.sid, img, tags, allow));
    }
    if (!listing) return out;
    // The learner's filters, applied to the session's view (the engine knows other names).
    const user = parseFilters(ctx.query.get("filters"));
    const tagsOf = (i: Obj) => (i.RepoTags as string[]).filter((t) => t !== "<none>:<none>");
    if (user.dangling?.length) {
      const want = user.dangling[0] === "true" || user.dangling[0] === "1";
      out = out.filter((i) => (tagsOf(i).length === 0) === want);
    }
    if (user.reference?.length) out = out.filter((i) => user.reference.some((p) => referenceMatches(p, tagsOf(i))));
    if (user.label?.length) {
      out = out.filter((i) =>
        user.label.every((l) => {
          const labels = (i.Labels as Record<string, string> | null) ?? {};
          const eq = l.indexOf("=");
          return eq < 0 ? l in labels : labels[l.slice(0, eq)] === l.slice(eq + 1);
        }),
      );
    }
    for (const key of ["before", "since"] as const) {
      for (const ref of user[key] ?? []) {
        const pivot = await this.imageFor(ctx, ref);
        const t = Date.parse(String(pivot.img.Created)) / 1000;
        out = out.filter(
          (i) => i.Id !== pivot.id && (key === "before" ? Number(i.Created) < t : Number(i.Created) > t),
        );
      }
    }
    return out;
  }

  /** An image's tags as Docker names them (Podman says localhost/busybox:latest for busybox:latest). */
  private repoTags(img: { RepoTags?: unknown }): string[] {
    const tags = (img.RepoTags as string[] | null | undefined) ?? [];
    return this.engineKind === "podman" ? tags.map(dockerImageName) : tags;
  }

  /** An image's tags as Docker names them, without the engine's "<none>:<none>" for an untagged image. */
  private imageTags(img: { RepoTags?: unknown }): string[] {
    return this.repoTags(img).filter((t) => t !== "<none>:<none>");
  }

  /** The engine id of an image the session may use (shared or its own), or 404 "No such image". */
  private async allowedImageId(ctx: Ctx, ref: string): Promise<string> {
    return (await this.imageFor(ctx, ref)).id;
  }

  private async inspectImage(ctx: Ctx, ref: string): Promise<Obj | null> {
    const r = await this.engine.request("GET", ep(ctx, `/images/${encodeURIComponent(ref)}/json`));
    if (r.status === 404) return null;
    if (r.status !== 200) throw new HttpError(r.status, unprefix(ctx.sid, engineMessage(r.body)));
    return JSON.parse(r.body.toString("utf8")) as Obj;
  }

  /**
   * A learner's image reference, resolved inside the session: its own tag first (`myapp` is
   * `cc-<session>-myapp` on the engine), then an allowed shared image; by id, an image the session
   * owns, a shared one, or a layer of its own images (`docker run <step id>` after a build).
   * Anything else — another session's image included — is Docker's "No such image".
   */
  private async imageFor(
    ctx: Ctx,
    ref: string,
  ): Promise<{ id: string; img: Obj; ownTag: string | null; own: boolean; shared: boolean }> {
    const notFound = () => new HttpError(404, `No such image: ${ref}`);
    const allow = this.config.allowImages;
    const describe = (img: Obj, ownTag: string | null) => {
      const tags = this.imageTags(img);
      // An inspect has the labels in Config; a list entry at the top.
      const o = ownership(ctx.sid, this.gatewayId, tags, (img.Config as Obj | null)?.Labels ?? img.Labels);
      return {
        id: String(img.Id),
        img,
        ownTag,
        own: o.tags.length > 0 || o.labelled,
        shared: isSharedImage(tags, allow),
      };
    };
    if (!ref) throw notFound();
    if (looksLikeImageId(ref)) {
      const img = await this.inspectImage(ctx, ref);
      if (!img) throw notFound();
      const d = describe(img, null);
      if (d.own || d.shared || (await this.layerOfOwnImage(ctx, d.id))) return d;
      throw notFound();
    }
    let learner: { repo: string; tag: string } | null = null;
    try {
      learner = parseLearnerRef(ref);
    } catch {
      learner = null;
    }
    if (learner) {
      const real = `${realRepo(ctx.sid, learner.repo)}:${learner.tag}`;
      const img = await this.inspectImage(ctx, real);
      if (img) return describe(img, real);
    }
    if (!imageAllowed(ref, allow)) throw notFound();
    const img = await this.inspectImage(ctx, ref);
    if (!img) throw notFound();
    const d = describe(img, null);
    if (!d.shared) throw notFound();
    return d;
  }

  /** Whether an image id is a layer (a build step) of one of the session's own images. */
  private async layerOfOwnImage(ctx: Ctx, id: string): Promise<boolean> {
    for (const own of this.registry.imagesOf(ctx.sid).slice(0, 50)) {
      const r = await this.engine.request("GET", ep(ctx, `/images/${own.id}/history`));
      if (r.status !== 200) continue;
      const rows = JSON.parse(r.body.toString("utf8")) as { Id: string }[];
      if (rows.some((h) => h.Id === id)) return true;
    }
    return false;
  }

  /** Re-read which images each session owns (labels, prefixed tags): at start and after every image change. */
  private async syncImages() {
    const list = await this.engine.json<Obj[]>("GET", "/images/json");
    const owned: OwnedImage[] = [];
    for (const img of list) {
      const tags = this.imageTags(img);
      const labels = (img.Labels as Record<string, string> | null) ?? {};
      const sids = new Set<string>();
      if (labels[LABEL_GATEWAY] === this.gatewayId && labels[LABEL_SESSION]) sids.add(labels[LABEL_SESSION]);
      for (const t of tags) {
        const s = tagSession(t);
        if (s && this.store.has(s)) sids.add(s);
      }
      for (const sid of sids) {
        const o = ownership(sid, this.gatewayId, tags, labels);
        owned.push({ id: String(img.Id), sid, tags: o.tags, labelled: o.labelled });
      }
    }
    this.registry.setImages(owned);
  }

  /** The reaper's part for images: the session's tags, then its untagged images (never a shared image). */
  private async reapImages(sid: string) {
    const list = async () => {
      const images = await this.engine.json<Obj[]>("GET", "/images/json");
      return images.map((img) => ({ img, tags: this.imageTags(img) }));
    };
    for (const { tags } of await list()) {
      for (const t of tags.filter((x) => isOwnTag(sid, x)))
        await this.engine.request("DELETE", `/images/${encodeURIComponent(t)}`).catch(() => null);
    }
    // Built or committed images left without tags (older builds of the same tag); children first.
    for (let pass = 0; pass < 3; pass++) {
      const left = (await list()).filter(
        ({ img, tags }) => ownership(sid, this.gatewayId, tags, img.Labels).labelled && tags.length === 0,
      );
      if (!left.length) break;
      for (const { img } of left)
        await this.engine.request("DELETE", `/images/${String(img.Id)}?force=1`).catch(() => null);
    }
  }

  /** Remember that a session just changed an image: its untag/delete events name the image only by id. */
  private noteImageOp(sid: string, ...ids: string[]) {
    const now = Date.now();
    for (const [id, ops] of this.imageOps) {
      const live = ops.filter((o) => o.until > now);
      if (live.length) this.imageOps.set(id, live);
      else this.imageOps.delete(id);
    }
    for (const id of ids) {
      if (!id) continue;
      const ops = this.imageOps.get(id) ?? [];
      ops.push({ sid, until: now + 10_000 });
      this.imageOps.set(id, ops);
    }
  }

  /** Whether an engine image event belongs to the session (see ownEvent). */
  private ownImageEvent(sid: string, e: EngineEvent): boolean {
    const attrs = e.Actor?.Attributes ?? {};
    if (attrs[LABEL_SESSION] === sid && attrs[LABEL_GATEWAY] === this.gatewayId) return true;
    const name = dockerImageName(String(attrs.name ?? ""));
    if (isOwnTag(sid, name)) return true;
    if (tagSession(name)) return false;
    // untag and delete name the image by id: the session's own image, or one it just changed.
    const id = String(e.Actor?.ID ?? "");
    if (this.registry.images.get(`${sid} ${id}`)?.labelled) return true;
    return (this.imageOps.get(id) ?? []).some((o) => o.sid === sid && o.until > Date.now());
  }

  private checkImageQuota(ctx: Ctx, addingId: string | null, addingTag: boolean) {
    const mine = this.registry.imagesOf(ctx.sid);
    const ids = new Set(mine.map((i) => i.id));
    const max = this.config.maxImages;
    if (!(addingId && ids.has(addingId)) && ids.size >= max) {
      throw refuse(
        "quota-images",
        `at most ${max} images per session; remove some with docker rmi or docker image prune`,
        `세션마다 이미지는 ${max}개까지입니다. docker rmi나 docker image prune으로 정리하세요`,
      );
    }
    const tags = mine.reduce((n, i) => n + i.tags.length, 0);
    if (addingTag && tags >= max * 5) {
      throw refuse(
        "quota-image-tags",
        `at most ${max * 5} image tags per session; remove some with docker rmi`,
        `세션마다 이미지 태그는 ${max * 5}개까지입니다. docker rmi로 정리하세요`,
      );
    }
  }

  private async imageTag(ctx: Ctx, ref: string) {
    ctx.req.resume();
    const src = await this.imageFor(ctx, ref);
    const { repo, tag } = parseLearnerRef(ctx.query.get("repo") ?? "", ctx.query.get("tag"));
    await this.syncImages();
    const real = realRepo(ctx.sid, repo);
    const moving = this.registry.imagesOf(ctx.sid).some((i) => i.tags.includes(`${real}:${tag}`));
    this.checkImageQuota(ctx, src.id, !moving);
    const r = await this.engine.request(
      "POST",
      ep(ctx, `/images/${encodeURIComponent(src.id)}/tag${qs({ repo: real, tag })}`),
    );
    await this.syncImages();
    relay(ctx, r);
  }

  private async imageRemove(ctx: Ctx, ref: string) {
    ctx.req.resume();
    const src = await this.imageFor(ctx, ref);
    const shared = () =>
      refuse(
        "shared-image",
        `${ref} is shared by the whole class and cannot be removed`,
        `${ref} 이미지는 교실 전체가 함께 쓰므로 지울 수 없습니다`,
      );
    let target: string;
    if (src.ownTag) target = src.ownTag;
    else if (!looksLikeImageId(ref)) throw shared();
    else {
      // By id: only an image that is the session's alone (no shared tag, no one else's).
      const tags = this.imageTags(src.img);
      if (src.shared || tags.some((t) => !isOwnTag(ctx.sid, t))) throw shared();
      if (!src.own)
        throw new HttpError(
          409,
          `conflict: unable to delete ${ref} (cannot be forced) - image is a layer of one of your images; remove that image instead`,
        );
      target = src.id;
    }
    const r = await this.engine.request(
      "DELETE",
      ep(ctx, `/images/${encodeURIComponent(target)}${qs(pick(ctx, "force", "noprune"))}`),
    );
    if (r.status >= 300) return relay(ctx, r);
    const items = JSON.parse(r.body.toString("utf8")) as { Untagged?: string; Deleted?: string }[];
    this.noteImageOp(ctx.sid, src.id, ...items.map((i) => i.Deleted ?? ""));
    await this.syncImages();
    sendJson(
      ctx.res,
      200,
      items.map((i) => (i.Untagged ? { Untagged: dockerImageName(unprefixImage(ctx.sid, i.Untagged)) } : i)),
    );
  }

  private async imagePrune(ctx: Ctx) {
    ctx.req.resume();
    const user = parseFilters(ctx.query.get("filters"));
    // One label upstream (Podman prunes images carrying ANY of several labels): the session's.
    const filters: Record<string, string[]> = {
      label: [`${LABEL_SESSION}=${ctx.sid}`],
      dangling: user.dangling ?? ["true"],
    };
    if (user.until) filters.until = user.until;
    await this.syncImages();
    const before = this.registry.imagesOf(ctx.sid).map((i) => i.id);
    const r = await this.engine.json<{
      ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null;
      SpaceReclaimed: number;
    }>("POST", ep(ctx, `/images/prune?filters=${encodeURIComponent(JSON.stringify(filters))}`));
    this.noteImageOp(ctx.sid, ...before);
    await this.syncImages();
    sendJson(ctx.res, 200, {
      ImagesDeleted:
        r.ImagesDeleted?.map((i) => (i.Untagged ? { Untagged: unprefixImage(ctx.sid, i.Untagged) } : i)) ?? null,
      SpaceReclaimed: r.SpaceReclaimed,
    });
  }

  /** The image a container may run: the session's own (its engine name), a shared one, or 403. */
  private async runImage(ctx: Ctx, image: string): Promise<string> {
    if (looksLikeImageId(image)) {
      await this.allowedImageId(ctx, image);
      return image;
    }
    try {
      const { repo, tag } = parseLearnerRef(image);
      const real = `${realRepo(ctx.sid, repo)}:${tag}`;
      if (await this.inspectImage(ctx, real)) return real;
    } catch {
      /* not a name the session could own */
    }
    if (!imageAllowed(image, this.config.allowImages)) throw refuseImage(image, this.config.allowImages);
    return image;
  }

  /** FROM and COPY --from in a session's build: its own image (engine name) or an allowed shared one. */
  private async baseImage(ctx: Ctx, ref: string): Promise<string> {
    try {
      const { repo, tag } = parseLearnerRef(ref);
      const real = `${realRepo(ctx.sid, repo)}:${tag}`;
      if (await this.inspectImage(ctx, real)) return real;
    } catch {
      /* a digest or a registry name: only the allow-list can accept it */
    }
    if (imageAllowed(ref, this.config.allowImages)) return ref;
    const allow = this.config.allowImages.join(", ");
    throw refuse(
      "build-from",
      `${ref} is neither one of the classroom's images (${allow}) nor one of your own images; build FROM one of those`,
      `${ref}은 교실 이미지(${allow})도, 내가 만든 이미지도 아닙니다. 그중 하나에서 FROM 하세요`,
    );
  }

  /** The session's labels, refusing the learner's labels that try to use the gateway's names. */
  private learnerLabels(raw: string | null): Record<string, string> {
    if (!raw) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new HttpError(400, "labels: invalid JSON");
    }
    if (parsed === null) return {};
    if (typeof parsed !== "object" || Array.isArray(parsed)) throw new HttpError(400, "labels: expected an object");
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed as Obj)) {
      if (k.toLowerCase().startsWith(LABEL_PREFIX))
        throw refuse("reserved-label", `label ${k} is reserved for the gateway`, `${k} 라벨은 게이트웨이 전용입니다`);
      out[k] = String(v);
    }
    return out;
  }

  private async commit(ctx: Ctx) {
    const raw = await this.body(ctx, false);
    if (!isZero(raw)) {
      throw refuse(
        "commit-config",
        "docker commit with a container configuration in the body is not allowed; use --change",
        "본문에 컨테이너 설정을 담은 docker commit은 허용되지 않습니다. --change를 쓰세요",
      );
    }
    const c = this.container(ctx, ctx.query.get("container") ?? "");
    const repoParam = ctx.query.get("repo");
    const ref = repoParam ? parseLearnerRef(repoParam, ctx.query.get("tag")) : null;
    const changes = ctx.query.getAll("changes").filter((x) => x.trim());
    checkCommitChanges(changes);
    await this.syncImages();
    this.checkImageQuota(ctx, null, Boolean(ref));
    const q = new URLSearchParams({ container: c.id });
    if (ref) {
      q.set("repo", realRepo(ctx.sid, ref.repo));
      q.set("tag", ref.tag);
    }
    for (const k of ["comment", "author", "pause"]) {
      const v = ctx.query.get(k);
      if (v !== null) q.set(k, v.slice(0, 1000));
    }
    for (const ch of changes) q.append("changes", ch);
    const labels = sessionLabels({ sid: ctx.sid, gatewayId: this.gatewayId });
    q.append(
      "changes",
      `LABEL ${Object.entries(labels)
        .map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`)
        .join(" ")}`,
    );
    const r = await this.engine.request("POST", ep(ctx, `/commit?${q}`), { body: {} });
    await this.syncImages();
    relay(ctx, r);
  }

  // ── build ──────────────────────────────────────────────────────────────────────────────

  /** The classic builder's query, rebuilt from an allow-list with the session's limits and labels. */
  private buildQuery(ctx: Ctx): { q: URLSearchParams; memory: number; hiddenLabelSteps: number } {
    const get = (k: string) => ctx.query.get(k);
    // What clients send for "not set"; "0" and "false" only where they mean that (not for a CPU list).
    const zero = (v: string | null, falsy = false) =>
      v === null || ["", "null", "[]", "{}", ...(falsy ? ["0", "false"] : [])].includes(v.trim());
    const forbid = (k: string, code: string, en: string, ko: string, falsy = false) => {
      if (!zero(get(k), falsy)) throw refuse(code, en, ko);
    };
    if (get("remote")) {
      throw refuse(
        "build-remote",
        "docker build from a remote URL (build?remote=) is not allowed",
        "원격 URL로 빌드(build?remote=)하는 것은 허용되지 않습니다",
      );
    }
    if (get("version") === "2" || !zero(get("session")) || !zero(get("outputs"))) {
      throw refuse(
        "buildkit",
        "BuildKit is not available through the classroom gateway; use the classic builder (DOCKER_BUILDKIT=0 docker build …)",
        "교실 서버에서는 BuildKit을 쓸 수 없습니다. 기존 빌더(DOCKER_BUILDKIT=0 docker build …)를 쓰세요",
      );
    }
    forbid("cpusetcpus", "build-cpuset", "--cpuset-cpus is not allowed", "--cpuset-cpus는 허용되지 않습니다");
    forbid("cpusetmems", "build-cpuset", "--cpuset-mems is not allowed", "--cpuset-mems는 허용되지 않습니다");
    forbid("cgroupparent", "cgroup-parent", "--cgroup-parent is not allowed", "--cgroup-parent는 허용되지 않습니다");
    forbid("ulimits", "build-ulimits", "--ulimit is not allowed in builds", "빌드에서 --ulimit는 허용되지 않습니다");
    forbid("squash", "build-squash", "--squash is not available", "--squash는 쓸 수 없습니다", true);
    forbid("cachefrom", "build-cache-from", "--cache-from is not available", "--cache-from은 쓸 수 없습니다");
    const isolation = get("isolation");
    if (isolation && isolation !== "default")
      throw refuse("build-isolation", "--isolation is not allowed", "--isolation은 허용되지 않습니다");
    const net = get("networkmode");
    if (net && !["default", "bridge", "none"].includes(net)) {
      throw refuse(
        "build-network",
        `--network ${net} is not allowed in builds; use default, bridge or none`,
        `빌드에서 --network ${net}은 허용되지 않습니다. default, bridge, none 중에서 고르세요`,
      );
    }
    const extra = get("extrahosts");
    if (extra && !extra.split(",").every((h) => /^[A-Za-z0-9._-]+:[0-9A-Fa-f.:]+$/.test(h)))
      throw new HttpError(400, `invalid extra host: ${extra}`);
    const cap = this.config.memory;
    const asked = Number(get("memory") ?? 0);
    const memory = asked > 0 ? Math.min(asked, cap) : cap;
    const shmAsked = Number(get("shmsize") ?? 0);
    const shm = shmAsked > 0 ? Math.min(shmAsked, this.config.shmSize) : this.config.shmSize;
    const shares = Number(get("cpushares") ?? 0);
    const learner = this.learnerLabels(get("labels"));
    let buildargs: Record<string, string> = {};
    const ba = get("buildargs");
    if (ba) {
      try {
        buildargs = (JSON.parse(ba) as Record<string, string> | null) ?? {};
      } catch {
        throw new HttpError(400, "buildargs: invalid JSON");
      }
    }
    const q = new URLSearchParams();
    for (const t of ctx.query.getAll("t").filter(Boolean)) {
      const { repo, tag } = parseLearnerRef(t);
      q.append("t", `${realRepo(ctx.sid, repo)}:${tag}`);
    }
    for (const k of ["q", "nocache", "target", "platform"]) {
      const v = get(k);
      if (v) q.set(k, v);
    }
    if (this.config.pull === "always" && get("pull")) q.set("pull", get("pull") ?? "");
    if (Object.keys(buildargs).length) q.set("buildargs", JSON.stringify(buildargs));
    if (net) q.set("networkmode", net);
    if (extra) q.set("extrahosts", extra);
    q.set("rm", "1");
    q.set("forcerm", "1");
    q.set("memory", String(memory));
    q.set("memswap", String(memory));
    q.set("cpuperiod", "100000");
    q.set("cpuquota", String(Math.max(1000, Math.round(this.config.cpus * 100_000))));
    if (shares > 0 && shares <= 1024) q.set("cpushares", String(Math.round(shares)));
    q.set("shmsize", String(shm));
    const labels = sessionLabels({ sid: ctx.sid, gatewayId: this.gatewayId });
    q.set("labels", JSON.stringify({ ...learner, ...labels }));
    q.set("version", "1");
    return { q, memory, hiddenLabelSteps: Object.keys(labels).length };
  }

  private async build(ctx: Ctx) {
    let plan: ReturnType<GatewayImpl["buildQuery"]>;
    try {
      plan = this.buildQuery(ctx);
      if (this.building.has(ctx.sid))
        throw new HttpError(
          429,
          "classroom gateway: one build at a time per session (빌드는 세션마다 한 번에 하나씩입니다)",
        );
      const used = this.registry.containersOf(ctx.sid).reduce((a, c) => a + c.memory, 0);
      if (used + plan.memory > this.config.sessionMemory) {
        throw refuse(
          "quota-memory",
          `a build needs ${plan.memory} bytes of memory and the session's containers already use ${used} of ${this.config.sessionMemory}; remove a container first`,
          "빌드에 쓸 메모리가 세션 한도를 넘습니다. 컨테이너를 먼저 지우세요",
        );
      }
      await this.syncImages();
      this.checkImageQuota(ctx, null, plan.q.has("t"));
    } catch (e) {
      ctx.req.resume();
      throw e;
    }
    this.building.add(ctx.sid);
    let streaming = false;
    try {
      const body = await readBody(ctx.req, this.config.maxArchiveBody);
      const context = readBuildContext(body, ctx.query.get("dockerfile"), this.config.maxArchiveBody);
      if (context.dockerfile.length > this.config.maxBody)
        throw refuse("build-dockerfile-size", "the Dockerfile is too large", "Dockerfile이 너무 큽니다");
      const buildargs = JSON.parse(plan.q.get("buildargs") ?? "{}") as Record<string, string>;
      const checked = await checkDockerfile(context.dockerfile, buildargs, {
        baseImage: (ref) => this.baseImage(ctx, ref),
      });
      const tar =
        checked === context.dockerfile ? context.tar : replaceTarFile(context.tar, context.entry, Buffer.from(checked));
      plan.q.set("dockerfile", context.dockerfilePath);
      streaming = true;
      await this.streamBuild(ctx, `/build?${plan.q}`, tar, plan.hiddenLabelSteps);
    } finally {
      if (!streaming) this.building.delete(ctx.sid);
    }
  }

  /** Forward the build and stream its output in the session's names, without the gateway's LABEL steps. */
  private async streamBuild(ctx: Ctx, path: string, tar: Buffer, hidden: number) {
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      this.building.delete(ctx.sid);
      this.syncImages().catch(() => {});
    };
    let up: http.IncomingMessage;
    const { req, response } = this.engine.stream("POST", ep(ctx, path), {
      body: tar,
      headers: { "Content-Type": "application/x-tar", "Content-Length": tar.length },
    });
    ctx.res.on("close", () => req.destroy());
    try {
      up = await response;
    } catch (e) {
      done();
      throw e;
    }
    if ((up.statusCode ?? 500) >= 400) {
      const chunks: Buffer[] = [];
      for await (const c of up) chunks.push(c as Buffer);
      done();
      return sendError(ctx.res, up.statusCode ?? 500, unprefix(ctx.sid, engineMessage(Buffer.concat(chunks))));
    }
    ctx.res.writeHead(200, { "Content-Type": up.headers["content-type"] ?? "application/json" });
    ctx.res.flushHeaders();
    const out = buildOutputFilter(hidden, (line) => ctx.res.write(`${unprefix(ctx.sid, line)}\n`));
    eachLine(
      up,
      (line) => out.line(line),
      () => {
        out.end();
        done();
        ctx.res.end();
      },
    );
    up.on("error", () => {
      done();
      ctx.res.destroy();
    });
    up.on("close", done);
  }

  private async imageCreate(ctx: Ctx) {
    ctx.req.resume();
    if (ctx.query.get("fromSrc")) {
      throw refuse(
        "images-import",
        "docker import (images/create?fromSrc=) is not allowed",
        "docker import(images/create?fromSrc=)는 허용되지 않습니다",
      );
    }
    const from = ctx.query.get("fromImage") ?? "";
    if (!from) throw new HttpError(400, "fromImage is required");
    const tagParam = ctx.query.get("tag") ?? "";
    const isDigest = tagParam.startsWith("sha256:");
    const ref = tagParam ? `${from}${isDigest ? "@" : ":"}${tagParam}` : from;
    if (!imageAllowed(ref, this.config.allowImages)) throw refuseImage(ref, this.config.allowImages);
    const { name, tag } = parseImageRef(ref);
    if (this.config.pull === "local" && tag) {
      const local = await this.engine.request("GET", ep(ctx, `/images/${encodeURIComponent(`${name}:${tag}`)}/json`));
      if (local.status === 200) {
        const img = JSON.parse(local.body.toString("utf8")) as { RepoDigests?: string[] };
        const repo = name.includes("/") ? name : `library/${name}`;
        const lines = [{ status: `Pulling from ${repo}`, id: tag }];
        const digest = img.RepoDigests?.[0]?.split("@")[1];
        if (digest) lines.push({ status: `Digest: ${digest}` } as { status: string; id: string });
        lines.push({ status: `Status: Image is up to date for ${name}:${tag}` } as { status: string; id: string });
        ctx.res.writeHead(200, { "Content-Type": "application/json" });
        ctx.res.end(lines.map((l) => `${JSON.stringify(l)}\r\n`).join(""));
        return;
      }
    }
    const q = qs({ fromImage: from, tag: tagParam, platform: ctx.query.get("platform") });
    await this.pipe(ctx, "POST", ep(ctx, `/images/create${q}`));
  }

  // ── volumes and networks ───────────────────────────────────────────────────────────────

  private volume(ctx: Ctx, ref: string) {
    const r = this.registry.resolveVolume(ctx.sid, decodeURIComponent(ref));
    if (!("ok" in r)) throw new HttpError(r.status, r.message);
    return r.ok;
  }

  private async listVolumes(ctx: Ctx): Promise<Obj[]> {
    const user = parseFilters(ctx.query.get("filters"));
    // One label upstream, every label checked here: Podman lists volumes carrying ANY of several labels.
    const labels = [...(user.label ?? []), ...this.sessionFilter(ctx)];
    const filters: Record<string, string[]> = { label: [`${LABEL_SESSION}=${ctx.sid}`] };
    if (user.dangling) filters.dangling = user.dangling;
    const r = await this.engine.json<{ Volumes: Obj[] | null }>(
      "GET",
      ep(ctx, `/volumes${qs({ filters: JSON.stringify(filters) })}`),
    );
    let vols = (r.Volumes ?? [])
      .filter((v) => labelsMatch(v.Labels as Record<string, string> | null, labels))
      .map((v) => this.viewVolume(ctx.sid, v));
    if (user.name) vols = vols.filter((v) => user.name.some((n) => String(v.Name).includes(n)));
    return vols;
  }

  private async networkRef(ctx: Ctx, ref: string): Promise<string> {
    if (ref === "bridge" || ref === "none" || ref === "host") return ref;
    const r = this.registry.resolveNetwork(ctx.sid, ref);
    if ("ok" in r) return r.ok.id;
    // The shared networks by id or id prefix.
    if (/^[0-9a-f]+$/.test(ref)) {
      const shared = await this.engine.json<Obj[]>(
        "GET",
        `/networks?filters=${encodeURIComponent(JSON.stringify({ name: SHARED_NETWORKS }))}`,
      );
      const hit = shared.find((n) => SHARED_NETWORKS.includes(String(n.Name)) && String(n.Id).startsWith(ref));
      if (hit) return String(hit.Id);
    }
    throw new HttpError(404, `network ${ref} not found`);
  }

  private async listNetworks(ctx: Ctx): Promise<Obj[]> {
    const user = parseFilters(ctx.query.get("filters"));
    const all = await this.engine.json<Obj[]>("GET", ep(ctx, "/networks"));
    let nets = all.filter(
      (n) => SHARED_NETWORKS.includes(String(n.Name)) && !(n.Labels as Record<string, string> | null)?.[LABEL_SESSION],
    );
    const mine = new Set(this.registry.networksOf(ctx.sid).map((n) => n.id));
    nets = [...nets, ...all.filter((n) => mine.has(String(n.Id)))].map((n) => this.viewNetwork(ctx.sid, n));
    if (user.name) nets = nets.filter((n) => user.name.some((x) => String(n.Name).includes(x)));
    if (user.id) nets = nets.filter((n) => user.id.some((x) => String(n.Id).startsWith(x)));
    if (user.driver) nets = nets.filter((n) => user.driver.includes(String(n.Driver)));
    if (user.type)
      nets = nets.filter((n) => user.type.includes(SHARED_NETWORKS.includes(String(n.Name)) ? "builtin" : "custom"));
    return nets;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
