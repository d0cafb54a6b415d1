/**
 * The gateway client: `EngineApi` over HTTP and WebSocket to the classroom gateway
 * (src/server, docs/classroom-server.md), i.e. to a real Docker engine.
 *
 * - Every method maps to the Engine API endpoint it mirrors, under a version prefix
 *   (`/v1.41/containers/json`), negotiated once with `GET /_ping` like docker/cli does.
 * - Requests carry the session token (`Authorization: Bearer`). Without one the client
 *   joins first (`POST /api/sessions`, with the join code in class mode); a 401 later
 *   (the session expired or was reaped) joins again once and repeats the request.
 * - Errors keep the daemon's status and message (`EngineError(404, "No such container: x")`),
 *   so the CLI prints "Error response from daemon: …" exactly as real docker does. When the
 *   gateway cannot be reached at all: `EngineUnreachableError`, worded like docker/cli's.
 * - Pull, push and build progress are read from the JSON-lines stream; logs from the
 *   multiplexed stream; attach and exec are WebSockets (`/api/ws/...`) that carry stdin,
 *   the raw engine stream and JSON control messages (resize, close-stdin, ready, exit).
 *
 * It is DOM-free: only `fetch` and `WebSocket` (web.ts), which exist in Web Workers and,
 * for tests, in Node (with `ws`).
 */
import { BuildFailedError, EngineError, EngineUnreachableError } from "../api/errors";
import type {
  Archive,
  AttachOptions,
  BuildContext,
  BuildOptions,
  BuildStatus,
  CommitOptions,
  ContainerCreateBody,
  ContainerCreateResponse,
  ContainerInspect,
  ContainerPathStat,
  ContainerStatsResponse,
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
import {
  type BodyReader,
  type FetchLike,
  type FetchResponse,
  hostFetch,
  hostWebSocket,
  type WebSocketCtor,
  type WebSocketLike,
  WS_OPEN,
} from "./web";
import { base64Url, Demuxer, fromBase64, LineSplitter, readTar, tarContext, Utf8Stream, writeTar } from "./wire";

/** The newest Engine API version this client speaks (src/engine/api mirrors v1.47). */
export const CLIENT_API_VERSION = "1.47";
/** The oldest the gateway accepts. */
export const MIN_API_VERSION = "1.41";

export interface GatewayEngineOptions {
  /** The gateway's address, e.g. "http://10.0.0.5:8080/" (the page's own origin in the app). */
  baseUrl: string;
  /** A session token from an earlier join (kept across reloads). */
  token?: string | null;
  /** The class's join code, asked for when the client has to join (not needed in open mode). */
  joinCode?: () => string | null | undefined;
  /** Called whenever the client gets a new token (or loses it). */
  onToken?: (token: string | null) => void;
  /** Defaults to the host's fetch / WebSocket. */
  fetch?: FetchLike;
  WebSocket?: WebSocketCtor;
  /** Skip negotiation and use this API version in paths ("1.41"). */
  apiVersion?: string;
}

type Query = Record<string, string | number | boolean | string[] | undefined | null>;

interface CallOptions {
  query?: Query;
  /** JSON body (objects) or raw bytes (a tar). */
  body?: unknown;
  raw?: Uint8Array;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function versionLess(a: string, b: string): boolean {
  const [a1, a2] = a.split(".").map(Number);
  const [b1, b2] = b.split(".").map(Number);
  return a1 !== b1 ? a1 < b1 : a2 < b2;
}

/** Image names keep their slashes in paths (/images/library/busybox:latest/json), as docker/cli sends them. */
const imagePath = (name: string) => name.split("/").map(encodeURIComponent).join("/");
const ref = (id: string) => encodeURIComponent(id);
const flag = (b: boolean | undefined) => (b ? "1" : undefined);
const filtersQuery = (f?: Record<string, string[]>) => (f && Object.keys(f).length ? JSON.stringify(f) : undefined);

function queryString(q?: Query): string {
  if (!q) return "";
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one === undefined || one === null || one === "") continue;
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(one))}`);
    }
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

export class GatewayEngine implements EngineApi {
  /** Always ends with "/". */
  readonly baseUrl: string;
  private tokenValue: string | null;
  private joining: Promise<string> | null = null;
  private apiVersionInUse: string | null;
  private negotiating: Promise<string> | null = null;
  /** Wait requests whose response headers have not arrived yet, by container reference. */
  private readonly pendingWaits = new Map<string, Promise<void>>();
  private readonly fetchFn: FetchLike;
  private readonly wsCtor: WebSocketCtor | undefined;

  constructor(private readonly o: GatewayEngineOptions) {
    this.baseUrl = o.baseUrl.endsWith("/") ? o.baseUrl : `${o.baseUrl}/`;
    this.tokenValue = o.token ?? null;
    this.apiVersionInUse = o.apiVersion ?? null;
    const f = o.fetch ?? hostFetch();
    this.fetchFn = f ?? (() => Promise.reject(new Error("fetch is not available")));
    this.wsCtor = o.WebSocket ?? hostWebSocket();
  }

  /** The session token in use (null before the first join). */
  get token(): string | null {
    return this.tokenValue;
  }

  /** The endpoint as `docker context ls` shows it: tcp://host:port. */
  get endpoint(): string {
    const m = /^(https?):\/\/([^/?#]+)/i.exec(this.baseUrl);
    if (!m) return this.baseUrl;
    const host = m[2];
    const hasPort = /:\d+$/.test(host) && !host.endsWith("]");
    return `tcp://${hasPort ? host : `${host}:${m[1].toLowerCase() === "https" ? 443 : 80}`}`;
  }

  /** docker/cli's words for an engine that does not answer. */
  unreachable(): EngineUnreachableError {
    return new EngineUnreachableError(
      `Cannot connect to the Docker daemon at ${this.endpoint}. Is the docker daemon running?`,
    );
  }

  private setToken(t: string | null) {
    this.tokenValue = t;
    this.o.onToken?.(t);
  }

  // ───────────────────────────── session and transport ─────────────────────────────

  /** Join the classroom (POST /api/sessions) unless the client already has a token. */
  async session(): Promise<string> {
    if (this.tokenValue) return this.tokenValue;
    this.joining ??= (async () => {
      const code = this.o.joinCode?.() ?? null;
      let res: FetchResponse;
      try {
        res = await this.fetchFn(`${this.baseUrl}api/sessions`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(code ? { joinCode: code } : {}),
        });
      } catch {
        throw this.unreachable();
      }
      if (res.status !== 201 && res.status !== 200) throw await this.errorOf(res);
      const j = JSON.parse(await res.text()) as { token?: string };
      if (!j.token) throw new EngineError(500, "classroom gateway: no token in the answer");
      this.setToken(j.token);
      return j.token;
    })().finally(() => {
      this.joining = null;
    });
    return this.joining;
  }

  /** End the session on the gateway (its containers, volumes and networks are removed). */
  async endSession(): Promise<void> {
    const t = this.tokenValue;
    if (!t) return;
    try {
      await this.fetchFn(`${this.baseUrl}api/session`, { method: "DELETE", headers: { Authorization: `Bearer ${t}` } });
    } catch {
      throw this.unreachable();
    }
    this.setToken(null);
  }

  /** The API version used in paths: the engine's (from /_ping), capped at ours. */
  private async apiVersion(token: string): Promise<string> {
    if (this.apiVersionInUse) return this.apiVersionInUse;
    this.negotiating ??= (async () => {
      let v = MIN_API_VERSION;
      try {
        const res = await this.fetchFn(`${this.baseUrl}_ping`, { headers: { Authorization: `Bearer ${token}` } });
        const server = res.headers.get("Api-Version");
        await res.text().catch(() => "");
        if (res.status === 200 && server && /^\d+\.\d+$/.test(server)) {
          v = versionLess(server, CLIENT_API_VERSION) ? server : CLIENT_API_VERSION;
          if (versionLess(v, MIN_API_VERSION)) v = MIN_API_VERSION;
        }
        if (res.status === 200) this.apiVersionInUse = v;
      } catch {
        throw this.unreachable();
      }
      return v;
    })().finally(() => {
      this.negotiating = null;
    });
    return this.negotiating;
  }

  /** An Engine API request; resolves with the response (status < 400) once its headers arrived. */
  private async call(method: string, path: string, o: CallOptions = {}): Promise<FetchResponse> {
    let token = await this.session();
    const v = await this.apiVersion(token);
    const url = `${this.baseUrl}v${v}${path}${queryString(o.query)}`;
    const headers: Record<string, string> = { ...o.headers };
    let body: string | Uint8Array | undefined;
    if (o.raw) {
      body = o.raw;
      headers["Content-Type"] ??= "application/x-tar";
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["Content-Type"] = "application/json";
    }
    const send = async (t: string) => {
      try {
        return await this.fetchFn(url, {
          method,
          headers: { ...headers, Authorization: `Bearer ${t}` },
          body,
          signal: o.signal,
        });
      } catch (e) {
        if (o.signal?.aborted) throw e;
        throw this.unreachable();
      }
    };
    let res = await send(token);
    // Too many requests (a burst of lesson checks): nothing was done, so wait as told and ask again.
    for (let i = 0; res.status === 429 && i < 3 && !o.signal?.aborted; i++) {
      await res.text().catch(() => "");
      const after = Number(res.headers.get("Retry-After"));
      await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 5) * 1000 : 1000);
      res = await send(token);
    }
    if (res.status === 401) {
      // The session ended (TTL, idle, reaped): join again once; a 401 request was never processed.
      await res.text().catch(() => "");
      this.setToken(null);
      token = await this.session();
      res = await send(token);
    }
    if (res.status >= 400) throw await this.errorOf(res);
    return res;
  }

  private async json<T>(method: string, path: string, o: CallOptions = {}): Promise<T> {
    const res = await this.call(method, path, o);
    const text = await this.textOf(res);
    return (text.trim() ? JSON.parse(text) : undefined) as T;
  }

  private async textOf(res: FetchResponse): Promise<string> {
    try {
      return await res.text();
    } catch {
      throw this.unreachable();
    }
  }

  /** The daemon's error: its status and the `message` of its JSON body. */
  private async errorOf(res: FetchResponse): Promise<EngineError> {
    const text = await res.text().catch(() => "");
    let message = text.trim();
    try {
      const j = JSON.parse(text) as { message?: unknown };
      if (typeof j?.message === "string") message = j.message;
    } catch {
      /* not JSON: keep the text */
    }
    if (!message || /^<!doctype html/i.test(message))
      message = `request returned ${res.status} for API route and version ${this.baseUrl}, check if the server supports the requested API version`;
    return new EngineError(res.status, message);
  }

  /** Read a streamed body chunk by chunk until it ends (or `signal` aborts). */
  private async readStream(res: FetchResponse, onChunk: (b: Uint8Array) => void, signal?: AbortSignal): Promise<void> {
    const reader: BodyReader | undefined = res.body?.getReader();
    if (!reader) {
      onChunk(new TextEncoder().encode(await this.textOf(res)));
      return;
    }
    const onAbort = () => void reader.cancel().catch(() => {});
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        let r: { done: boolean; value?: Uint8Array };
        try {
          r = await reader.read();
        } catch {
          if (signal?.aborted) return;
          throw this.unreachable();
        }
        if (r.done) return;
        if (r.value?.length) onChunk(r.value);
      }
    } catch (e) {
      void reader.cancel().catch(() => {});
      throw e;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Read a JSON-lines body (pull, push, build, events). */
  private async readJsonLines(
    res: FetchResponse,
    onMessage: (m: Record<string, unknown>) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const text = new Utf8Stream();
    const lines = new LineSplitter();
    const handle = (ls: string[]) => {
      for (const l of ls) {
        let m: Record<string, unknown>;
        try {
          m = JSON.parse(l) as Record<string, unknown>;
        } catch {
          continue;
        }
        onMessage(m);
      }
    };
    await this.readStream(res, (b) => handle(lines.push(text.decode(b))), signal);
    handle(lines.push(text.flush()));
    handle(lines.flush());
  }

  // ───────────────────────────── system ─────────────────────────────

  async ping(): Promise<void> {
    await this.call("GET", "/_ping").then((r) => this.textOf(r));
  }

  version(): Promise<SystemVersion> {
    return this.json<SystemVersion>("GET", "/version");
  }

  info(): Promise<SystemInfo> {
    return this.json<SystemInfo>("GET", "/info");
  }

  subscribe(handler: (e: EngineEvent) => void): () => void {
    return this.watch(handler);
  }

  /**
   * Follow GET /events, reconnecting while subscribed. `onState(true)` when the stream is
   * (re)established, `onState(false)` when it broke (the gateway or the engine went away).
   */
  watch(handler: (e: EngineEvent) => void, onState?: (connected: boolean) => void): () => void {
    let stopped = false;
    let ctrl: AbortController | null = null;
    const loop = async () => {
      let delay = 500;
      while (!stopped) {
        ctrl = new AbortController();
        try {
          const res = await this.call("GET", "/events", { signal: ctrl.signal });
          if (stopped) return;
          onState?.(true);
          delay = 500;
          await this.readJsonLines(
            res,
            (m) => {
              if (!stopped) handler(m as unknown as EngineEvent);
            },
            ctrl.signal,
          );
        } catch {
          /* reconnect below */
        }
        if (stopped) return;
        onState?.(false);
        await sleep(delay);
        delay = Math.min(delay * 2, 4000);
      }
    };
    void loop();
    return () => {
      stopped = true;
      ctrl?.abort();
    };
  }

  async events(opts: EventsOptions, onEvent: (e: EngineEvent) => void, signal?: AbortSignal): Promise<void> {
    let res: FetchResponse;
    try {
      res = await this.call("GET", "/events", {
        query: { since: opts.since, until: opts.until, filters: filtersQuery(opts.filters) },
        signal,
      });
    } catch (e) {
      if (signal?.aborted) return;
      throw e;
    }
    await this.readJsonLines(res, (m) => onEvent(m as unknown as EngineEvent), signal);
  }

  async systemDataUsage(): Promise<SystemDataUsage> {
    const r = await this.json<Partial<Record<keyof SystemDataUsage, unknown>>>("GET", "/system/df");
    return {
      LayersSize: Number(r?.LayersSize ?? 0),
      Images: ((r?.Images as ImageSummary[] | null) ?? []).map((i) => ({
        ...i,
        RepoTags: i.RepoTags ?? [],
        RepoDigests: i.RepoDigests ?? [],
      })),
      Containers: (r?.Containers as ContainerSummary[] | null) ?? [],
      Volumes: (r?.Volumes as Volume[] | null) ?? [],
      BuildCache: (r?.BuildCache as SystemDataUsage["BuildCache"] | null) ?? [],
    };
  }

  // ───────────────────────────── images ─────────────────────────────

  async imageList(opts: { all?: boolean; filters?: Record<string, string[]> } = {}): Promise<ImageSummary[]> {
    const list = await this.json<ImageSummary[]>("GET", "/images/json", {
      query: { all: flag(opts.all), filters: filtersQuery(opts.filters) },
    });
    return (list ?? []).map((i) => ({ ...i, RepoTags: i.RepoTags ?? [], RepoDigests: i.RepoDigests ?? [] }));
  }

  async imageInspect(name: string): Promise<ImageInspect> {
    const i = await this.json<ImageInspect>("GET", `/images/${imagePath(name)}/json`);
    return { ...i, RepoTags: i.RepoTags ?? [], RepoDigests: i.RepoDigests ?? [] };
  }

  async imageCreate(
    params: { fromImage: string; tag: string; platform?: string },
    onProgress: (p: PullProgress) => void,
    auth?: RegistryAuth | null,
  ): Promise<void> {
    const res = await this.call("POST", "/images/create", {
      query: { fromImage: params.fromImage, tag: params.tag, platform: params.platform },
      headers: auth ? { "X-Registry-Auth": base64Url(JSON.stringify(auth)) } : {},
    });
    await this.readJsonLines(res, (m) => {
      throwStreamError(m);
      onProgress(m as unknown as PullProgress);
    });
  }

  async imageBuild(
    context: BuildContext,
    opts: BuildOptions,
    onStatus: (s: BuildStatus) => void,
  ): Promise<{ id: string }> {
    // The classic builder's stream ("Step 1/3 : FROM busybox", output, aux.ID), shown as BuildKit vertexes.
    const res = await this.call("POST", "/build", {
      raw: tarContext(context, Date.now()),
      query: {
        t: opts.t?.[0],
        dockerfile: opts.dockerfile,
        buildargs: opts.buildargs ? JSON.stringify(opts.buildargs) : undefined,
        target: opts.target,
        nocache: flag(opts.nocache),
        rm: "1",
        version: "1",
      },
      headers: { "Content-Type": "application/x-tar" },
    });
    const { id } = await this.readBuild(res, onStatus);
    // The query carries one tag; the others are tags of the same image.
    for (const t of opts.t?.slice(1) ?? []) {
      const i = t.lastIndexOf(":");
      const [repo, tag] = i > t.lastIndexOf("/") ? [t.slice(0, i), t.slice(i + 1)] : [t, "latest"];
      await this.imageTag(id, { repo, tag });
    }
    return { id };
  }

  private async readBuild(res: FetchResponse, onStatus: (s: BuildStatus) => void): Promise<{ id: string }> {
    let id = "";
    let current: { digest: string; name: string; started: number } | null = null;
    let n = 0;
    const finish = (error?: string) => {
      if (!current) return;
      onStatus({ vertexes: [{ ...current, completed: Date.now(), ...(error ? { error } : {}) }] });
      current = null;
    };
    await this.readJsonLines(res, (m) => {
      if (typeof m.error === "string" || m.errorDetail) {
        const msg = (m.errorDetail as { message?: string } | undefined)?.message ?? String(m.error);
        finish(msg);
        throw new BuildFailedError(msg);
      }
      const aux = m.aux as { ID?: string } | undefined;
      if (aux?.ID) id = aux.ID;
      const s = typeof m.stream === "string" ? m.stream : "";
      if (!s) return;
      const step = /^Step (\d+)\/(\d+) : (.*)\n?$/.exec(s);
      if (step) {
        finish();
        n++;
        current = { digest: `classic-step-${n}`, name: `[${step[1]}/${step[2]}] ${step[3]}`, started: Date.now() };
        onStatus({ vertexes: [current] });
        return;
      }
      if (current && !/^ ---> /.test(s))
        onStatus({ logs: [{ vertex: current.digest, stream: 1, data: s, timestamp: Date.now() }] });
    });
    finish();
    if (!id) throw new BuildFailedError("the build did not produce an image");
    return { id };
  }

  imageHistory(name: string): Promise<HistoryItem[]> {
    return this.json<HistoryItem[]>("GET", `/images/${imagePath(name)}/history`);
  }

  async imageTag(name: string, params: { repo: string; tag: string }): Promise<void> {
    await this.call("POST", `/images/${imagePath(name)}/tag`, { query: params }).then((r) => this.textOf(r));
  }

  async imagePush(
    name: string,
    params: { tag: string },
    auth: RegistryAuth | null,
    onProgress: (p: PullProgress) => void,
  ): Promise<void> {
    const res = await this.call("POST", `/images/${imagePath(name)}/push`, {
      query: { tag: params.tag },
      headers: { "X-Registry-Auth": base64Url(JSON.stringify(auth ?? {})) },
    });
    await this.readJsonLines(res, (m) => {
      throwStreamError(m);
      onProgress(m as unknown as PullProgress);
    });
  }

  systemAuth(auth: RegistryAuth): Promise<{ Status: string; IdentityToken?: string }> {
    return this.json("POST", "/auth", { body: auth });
  }

  async imagePrune(
    opts: { filters?: Record<string, string[]> } = {},
  ): Promise<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed: number }> {
    const r = await this.json<{
      ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null;
      SpaceReclaimed: number;
    }>("POST", "/images/prune", { query: { filters: filtersQuery(opts.filters) } });
    return { ImagesDeleted: r?.ImagesDeleted ?? null, SpaceReclaimed: r?.SpaceReclaimed ?? 0 };
  }

  async imageSearch(opts: {
    term: string;
    limit?: number;
    filters?: Record<string, string[]>;
  }): Promise<ImageSearchResult[]> {
    return (
      (await this.json<ImageSearchResult[]>("GET", "/images/search", {
        query: { term: opts.term, limit: opts.limit || undefined, filters: filtersQuery(opts.filters) },
      })) ?? []
    );
  }

  async buildPrune(
    opts: { all?: boolean; filters?: Record<string, string[]> } = {},
  ): Promise<{ CachesDeleted: string[] | null; SpaceReclaimed: number }> {
    const r = await this.json<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>("POST", "/build/prune", {
      query: { all: flag(opts.all), filters: filtersQuery(opts.filters) },
    });
    return { CachesDeleted: r?.CachesDeleted ?? null, SpaceReclaimed: r?.SpaceReclaimed ?? 0 };
  }

  async imageDelete(
    name: string,
    opts: { force?: boolean; noprune?: boolean } = {},
  ): Promise<{ Untagged?: string; Deleted?: string }[]> {
    return (
      (await this.json<{ Untagged?: string; Deleted?: string }[]>("DELETE", `/images/${imagePath(name)}`, {
        query: { force: flag(opts.force), noprune: flag(opts.noprune) },
      })) ?? []
    );
  }

  // ───────────────────────────── containers ─────────────────────────────

  containerCreate(
    body: ContainerCreateBody,
    opts: { name?: string; platform?: string } = {},
  ): Promise<ContainerCreateResponse> {
    return this.json<ContainerCreateResponse>("POST", "/containers/create", {
      query: { name: opts.name, platform: opts.platform },
      body,
    }).then((r) => ({ Id: r.Id, Warnings: r.Warnings ?? [] }));
  }

  async containerList(opts: ListContainersOptions = {}): Promise<ContainerSummary[]> {
    return (
      (await this.json<ContainerSummary[]>("GET", "/containers/json", {
        query: { all: flag(opts.all), limit: opts.limit, filters: filtersQuery(opts.filters) },
      })) ?? []
    );
  }

  containerInspect(id: string): Promise<ContainerInspect> {
    return this.json<ContainerInspect>("GET", `/containers/${ref(id)}/json`);
  }

  async containerStart(id: string): Promise<void> {
    // `docker run` asks to wait before it starts: the wait must be registered first, or a
    // short-lived container can exit (or be removed) before the engine knows anyone waits.
    const pending = this.pendingWaits.get(id);
    if (pending) await Promise.race([pending, sleep(5000)]);
    await this.call("POST", `/containers/${ref(id)}/start`).then((r) => this.textOf(r));
  }

  async containerStop(id: string, opts: { t?: number; signal?: string } = {}): Promise<void> {
    await this.call("POST", `/containers/${ref(id)}/stop`, { query: opts }).then((r) => this.textOf(r));
  }

  async containerRestart(id: string, opts: { t?: number } = {}): Promise<void> {
    await this.call("POST", `/containers/${ref(id)}/restart`, { query: opts }).then((r) => this.textOf(r));
  }

  async containerKill(id: string, opts: { signal?: string } = {}): Promise<void> {
    await this.call("POST", `/containers/${ref(id)}/kill`, { query: opts }).then((r) => this.textOf(r));
  }

  async containerDelete(id: string, opts: { force?: boolean; v?: boolean } = {}): Promise<void> {
    await this.call("DELETE", `/containers/${ref(id)}`, { query: { force: flag(opts.force), v: flag(opts.v) } }).then(
      (r) => this.textOf(r),
    );
  }

  async containerWait(
    id: string,
    opts: { condition?: "not-running" | "next-exit" | "removed" } = {},
  ): Promise<ContainerWaitResponse> {
    let registered!: () => void;
    const headers = new Promise<void>((r) => {
      registered = r;
    });
    this.pendingWaits.set(id, headers);
    try {
      const res = await this.call("POST", `/containers/${ref(id)}/wait`, { query: { condition: opts.condition } });
      registered();
      const j = JSON.parse(await this.textOf(res)) as ContainerWaitResponse;
      return { StatusCode: j.StatusCode, Error: j.Error ?? null };
    } finally {
      registered();
      if (this.pendingWaits.get(id) === headers) this.pendingWaits.delete(id);
    }
  }

  async containerLogs(
    id: string,
    opts: LogsOptions,
    onFrame: (f: LogFrame) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const tty = (await this.containerInspect(id)).Config?.Tty === true;
    let res: FetchResponse;
    try {
      res = await this.call("GET", `/containers/${ref(id)}/logs`, {
        query: {
          stdout: flag(opts.stdout),
          stderr: flag(opts.stderr),
          follow: flag(opts.follow),
          tail: opts.tail === undefined ? undefined : String(opts.tail),
          timestamps: flag(opts.timestamps),
          since: opts.since,
        },
        signal,
      });
    } catch (e) {
      if (signal?.aborted) return;
      throw e;
    }
    const emit = (stream: "stdout" | "stderr", text: string) => {
      if (!text) return;
      if (!opts.timestamps) return onFrame({ stream, text, time: "" });
      // Every entry starts with its RFC 3339 time and a space: hand them over separately.
      for (const part of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
        const m = /^(\d{4}-\d\d-\d\dT\S+) ([\s\S]*)$/.exec(part);
        onFrame(m ? { stream, text: m[2], time: m[1] } : { stream, text: part, time: "" });
      }
    };
    const out = new Utf8Stream();
    const err = new Utf8Stream();
    const demux = new Demuxer();
    await this.readStream(
      res,
      (b) => {
        if (tty) return emit("stdout", out.decode(b));
        for (const f of demux.push(b)) {
          if (f.stream === 2) emit("stderr", err.decode(f.data));
          else emit("stdout", out.decode(f.data));
        }
      },
      signal,
    );
    emit("stdout", out.flush());
    emit("stderr", err.flush());
  }

  async containerAttach(id: string, opts: AttachOptions): Promise<HijackedStream> {
    const q = queryString({
      stream: opts.stream ? "1" : "0",
      stdin: opts.stdin ? "1" : "0",
      stdout: opts.stdout ? "1" : "0",
      stderr: opts.stderr ? "1" : "0",
      logs: opts.logs ? "1" : "0",
    });
    return this.openStream(`api/ws/containers/${ref(id)}/attach${q}`, () => this.containerInspect(id));
  }

  async containerResize(id: string, opts: { h: number; w: number }): Promise<void> {
    await this.call("POST", `/containers/${ref(id)}/resize`, { query: opts }).then((r) => this.textOf(r));
  }

  containerTop(id: string, opts: { ps_args?: string } = {}): Promise<ContainerTop> {
    return this.json<ContainerTop>("GET", `/containers/${ref(id)}/top`, { query: opts });
  }

  async containerPause(id: string): Promise<void> {
    await this.call("POST", `/containers/${ref(id)}/pause`).then((r) => this.textOf(r));
  }

  async containerUnpause(id: string): Promise<void> {
    await this.call("POST", `/containers/${ref(id)}/unpause`).then((r) => this.textOf(r));
  }

  async containerRename(id: string, opts: { name: string }): Promise<void> {
    await this.call("POST", `/containers/${ref(id)}/rename`, { query: { name: opts.name } }).then((r) =>
      this.textOf(r),
    );
  }

  containerStats(id: string): Promise<ContainerStatsResponse> {
    return this.json<ContainerStatsResponse>("GET", `/containers/${ref(id)}/stats`, {
      query: { stream: "0", "one-shot": "0" },
    });
  }

  async containerChanges(id: string): Promise<FilesystemChange[]> {
    return (await this.json<FilesystemChange[] | null>("GET", `/containers/${ref(id)}/changes`)) ?? [];
  }

  async containerStatPath(id: string, path: string): Promise<ContainerPathStat> {
    let res: FetchResponse;
    try {
      res = await this.call("HEAD", `/containers/${ref(id)}/archive`, { query: { path } });
    } catch (e) {
      // A HEAD answer has no body to carry the daemon's words: say what it says for GET.
      if (e instanceof EngineError && e.statusCode === 404 && /request returned 404/.test(e.message))
        throw new EngineError(404, `Could not find the file ${path} in container ${id}`);
      throw e;
    }
    return pathStatOf(res);
  }

  async containerArchive(id: string, path: string): Promise<{ stat: ContainerPathStat; archive: Archive }> {
    const res = await this.call("GET", `/containers/${ref(id)}/archive`, { query: { path } });
    const chunks: Uint8Array[] = [];
    await this.readStream(res, (b) => chunks.push(b));
    const all = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return { stat: pathStatOf(res), archive: readTar(all) };
  }

  async containerExtractArchive(
    id: string,
    path: string,
    archive: Archive,
    opts: { noOverwriteDirNonDir?: boolean; copyUIDGID?: boolean } = {},
  ): Promise<void> {
    await this.call("PUT", `/containers/${ref(id)}/archive`, {
      query: {
        path,
        noOverwriteDirNonDir: opts.noOverwriteDirNonDir ? "true" : undefined,
        copyUIDGID: flag(opts.copyUIDGID),
      },
      raw: writeTar(archive),
    }).then((r) => this.textOf(r));
  }

  async containerPrune(
    opts: { filters?: Record<string, string[]> } = {},
  ): Promise<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }> {
    const r = await this.json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>(
      "POST",
      "/containers/prune",
      { query: { filters: filtersQuery(opts.filters) } },
    );
    return { ContainersDeleted: r?.ContainersDeleted ?? null, SpaceReclaimed: r?.SpaceReclaimed ?? 0 };
  }

  containerCommit(opts: CommitOptions): Promise<{ Id: string }> {
    return this.json<{ Id: string }>("POST", "/commit", {
      query: {
        container: opts.container,
        repo: opts.repo,
        tag: opts.tag,
        comment: opts.comment,
        author: opts.author,
        pause: opts.pause === false ? "0" : "1",
        // Repeated in the query, one per Dockerfile instruction.
        changes: opts.changes,
      },
      body: {},
    });
  }

  // ───────────────────────────── volumes ─────────────────────────────

  volumeCreate(body: { Name?: string; Driver?: string; Labels?: Record<string, string> }): Promise<Volume> {
    return this.json<Volume>("POST", "/volumes/create", { body });
  }

  async volumeList(
    opts: { filters?: Record<string, string[]> } = {},
  ): Promise<{ Volumes: Volume[]; Warnings: string[] }> {
    const r = await this.json<{ Volumes: Volume[] | null; Warnings: string[] | null }>("GET", "/volumes", {
      query: { filters: filtersQuery(opts.filters) },
    });
    return { Volumes: r?.Volumes ?? [], Warnings: r?.Warnings ?? [] };
  }

  volumeInspect(name: string): Promise<Volume> {
    return this.json<Volume>("GET", `/volumes/${ref(name)}`);
  }

  async volumeDelete(name: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.call("DELETE", `/volumes/${ref(name)}`, { query: { force: flag(opts.force) } }).then((r) =>
      this.textOf(r),
    );
  }

  async volumePrune(opts: { all?: boolean } = {}): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }> {
    const r = await this.json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>("POST", "/volumes/prune", {
      query: { filters: opts.all ? JSON.stringify({ all: ["true"] }) : undefined },
    });
    return { VolumesDeleted: r?.VolumesDeleted ?? [], SpaceReclaimed: r?.SpaceReclaimed ?? 0 };
  }

  // ───────────────────────────── networks ─────────────────────────────

  networkCreate(body: {
    Name: string;
    Driver?: string;
    Labels?: Record<string, string>;
  }): Promise<{ Id: string; Warning: string }> {
    return this.json<{ Id: string; Warning?: string }>("POST", "/networks/create", { body }).then((r) => ({
      Id: r.Id,
      Warning: r.Warning ?? "",
    }));
  }

  async networkList(opts: { filters?: Record<string, string[]> } = {}): Promise<NetworkResource[]> {
    return (
      (await this.json<NetworkResource[]>("GET", "/networks", { query: { filters: filtersQuery(opts.filters) } })) ?? []
    );
  }

  networkInspect(id: string): Promise<NetworkResource> {
    return this.json<NetworkResource>("GET", `/networks/${ref(id)}`);
  }

  async networkDelete(id: string): Promise<void> {
    await this.call("DELETE", `/networks/${ref(id)}`).then((r) => this.textOf(r));
  }

  async networkPrune(opts: { filters?: Record<string, string[]> } = {}): Promise<{ NetworksDeleted: string[] | null }> {
    const r = await this.json<{ NetworksDeleted: string[] | null }>("POST", "/networks/prune", {
      query: { filters: filtersQuery(opts.filters) },
    });
    return { NetworksDeleted: r?.NetworksDeleted ?? null };
  }

  async networkConnect(
    id: string,
    body: { Container: string; EndpointConfig?: { Aliases?: string[] } },
  ): Promise<void> {
    await this.call("POST", `/networks/${ref(id)}/connect`, { body }).then((r) => this.textOf(r));
  }

  async networkDisconnect(id: string, body: { Container: string; Force?: boolean }): Promise<void> {
    await this.call("POST", `/networks/${ref(id)}/disconnect`, { body }).then((r) => this.textOf(r));
  }

  // ───────────────────────────── exec ─────────────────────────────

  execCreate(containerId: string, body: ExecCreateBody): Promise<{ Id: string }> {
    return this.json<{ Id: string }>("POST", `/containers/${ref(containerId)}/exec`, { body });
  }

  async execStart(execId: string, opts: { Detach: boolean; Tty: boolean }): Promise<HijackedStream | null> {
    if (opts.Detach) {
      await this.call("POST", `/exec/${ref(execId)}/start`, { body: { Detach: true, Tty: opts.Tty } }).then((r) =>
        this.textOf(r),
      );
      return null;
    }
    return this.openStream(`api/ws/exec/${ref(execId)}/start`, () => this.execInspect(execId));
  }

  execInspect(execId: string): Promise<ExecInspect> {
    return this.json<ExecInspect>("GET", `/exec/${ref(execId)}/json`);
  }

  // ───────────────────────────── hijacked streams ─────────────────────────────

  /**
   * Open a WebSocket stream and resolve once the gateway says `ready` (the engine side is
   * attached). A refused upgrade has no readable status in a browser: `diagnose` asks the
   * API about the object so the learner gets the daemon's own error ("No such container").
   */
  private async openStream(path: string, diagnose: () => Promise<unknown>): Promise<HijackedStream> {
    const Ws = this.wsCtor;
    if (!Ws) throw new EngineError(500, "this environment has no WebSocket: interactive streams are unavailable");
    const attempt = async (token: string): Promise<WsStream> => {
      const url = `${this.baseUrl.replace(/^http/i, "ws")}${path}`;
      let ws: WebSocketLike;
      try {
        ws = new Ws(url, [`bearer.${token}`]);
      } catch {
        throw this.unreachable();
      }
      const s = new WsStream(ws);
      await s.ready;
      return s;
    };
    const token = await this.session();
    try {
      return await attempt(token);
    } catch {
      // Find out why: an API error (404 …, or 401 → rejoin) or an unreachable gateway.
      await diagnose();
      return await attempt(await this.session()).catch(() => {
        throw new EngineError(500, "classroom gateway: the stream could not be opened");
      });
    }
  }
}

function throwStreamError(m: Record<string, unknown>) {
  if (typeof m.error === "string" || m.errorDetail) {
    // docker/cli prints a stream's error as it is (no "Error response from daemon:").
    throw new Error((m.errorDetail as { message?: string } | undefined)?.message ?? String(m.error));
  }
}

/** A hijacked attach/exec over the gateway's WebSocket (docs/classroom-server.md §6). */
class WsStream implements HijackedStream {
  readonly closed: Promise<void>;
  readonly ready: Promise<void>;
  tty = false;
  /** From the gateway's `exit` message (null while running or when unknown). */
  exitCode: number | null = null;
  private handlers = new Set<(stream: "stdout" | "stderr", data: string) => void>();
  private early: ["stdout" | "stderr", string][] = [];
  private readonly demux = new Demuxer();
  private readonly out = new Utf8Stream();
  private readonly err = new Utf8Stream();
  private readonly encoder = new TextEncoder();

  constructor(private readonly ws: WebSocketLike) {
    ws.binaryType = "arraybuffer";
    let ready!: () => void;
    let notReady!: (e: Error) => void;
    this.ready = new Promise<void>((res, rej) => {
      ready = res;
      notReady = rej;
    });
    this.ready.catch(() => {});
    let closed!: () => void;
    this.closed = new Promise<void>((r) => {
      closed = r;
    });
    ws.onmessage = (ev) => {
      if (typeof ev.data === "string") {
        let msg: { type?: string; tty?: boolean; code?: number | null };
        try {
          msg = JSON.parse(ev.data);
        } catch {
          return;
        }
        if (msg.type === "ready") {
          this.tty = msg.tty === true;
          ready();
        } else if (msg.type === "exit") this.exitCode = typeof msg.code === "number" ? msg.code : null;
        return;
      }
      const bytes = toBytes(ev.data);
      if (!bytes) return;
      if (this.tty) return this.emit("stdout", this.out.decode(bytes));
      for (const f of this.demux.push(bytes)) {
        if (f.stream === 2) this.emit("stderr", this.err.decode(f.data));
        else this.emit("stdout", this.out.decode(f.data));
      }
    };
    ws.onclose = () => {
      this.emit("stdout", this.out.flush());
      this.emit("stderr", this.err.flush());
      notReady(new Error("stream closed"));
      closed();
    };
    ws.onerror = () => {
      /* a close event follows */
    };
  }

  private emit(stream: "stdout" | "stderr", data: string) {
    if (!data) return;
    if (this.handlers.size === 0) this.early.push([stream, data]);
    else for (const h of this.handlers) h(stream, data);
  }

  write(data: string): void {
    if (this.ws.readyState === WS_OPEN) this.ws.send(this.encoder.encode(data));
  }

  closeWrite(): void {
    if (this.ws.readyState === WS_OPEN) this.ws.send(JSON.stringify({ type: "close-stdin" }));
  }

  resize(cols: number, rows: number): void {
    if (this.ws.readyState === WS_OPEN) this.ws.send(JSON.stringify({ type: "resize", cols, rows }));
  }

  onOutput(handler: (stream: "stdout" | "stderr", data: string) => void): () => void {
    this.handlers.add(handler);
    const early = this.early;
    this.early = [];
    for (const [s, d] of early) handler(s, d);
    return () => this.handlers.delete(handler);
  }

  close(): void {
    try {
      this.ws.close(1000);
    } catch {
      /* already closed */
    }
  }
}

/** X-Docker-Container-Path-Stat: base64 of the JSON stat of the path. */
function pathStatOf(res: FetchResponse): ContainerPathStat {
  const h = res.headers.get("X-Docker-Container-Path-Stat");
  return h
    ? (JSON.parse(fromBase64(h)) as ContainerPathStat)
    : { name: "", size: 0, mode: 0, mtime: "", linkTarget: "" };
}
