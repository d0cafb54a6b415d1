/**
 * The upstream: plain HTTP to the real engine over its unix socket (or tcp), with keep-alive.
 * Works with dockerd and with Podman's Docker-compatible socket (both speak the Engine API).
 */
import http from "node:http";
import type { Socket } from "node:net";

export interface EngineResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HijackResult {
  upgraded: boolean;
  /** When upgraded: the raw duplex to the engine, and bytes it already sent after its 101 headers. */
  socket?: Socket;
  head?: Buffer;
  /** When not upgraded (an error, or an engine that answers 200): the plain response. */
  response?: http.IncomingMessage;
}

export class EngineUnreachable extends Error {}

export function parseEngineUrl(url: string): { socketPath?: string; host?: string; port?: number; label: string } {
  if (url.startsWith("unix://")) {
    const p = url.slice("unix://".length);
    return { socketPath: p, label: url };
  }
  if (url.startsWith("/")) return { socketPath: url, label: `unix://${url}` };
  const m = /^(?:tcp|http):\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(url);
  if (m) return { host: m[1].replace(/^\[|\]$/g, ""), port: Number(m[2]), label: url };
  throw new Error(
    `unsupported engine address "${url}" (use unix:///path.sock or tcp://host:port; TLS is not supported)`,
  );
}

export class EngineClient {
  readonly target: ReturnType<typeof parseEngineUrl>;
  private readonly agent: http.Agent;

  constructor(url: string) {
    this.target = parseEngineUrl(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 32 });
  }

  private base(
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    agent: http.Agent | false = this.agent,
  ) {
    return {
      ...(this.target.socketPath
        ? { socketPath: this.target.socketPath }
        : { host: this.target.host, port: this.target.port }),
      method,
      path,
      agent,
      headers: { Host: "docker", "User-Agent": "container-classroom-gateway", ...headers },
    } satisfies http.RequestOptions;
  }

  private unreachable(e: Error): EngineUnreachable {
    return new EngineUnreachable(
      `Cannot connect to the Docker daemon at ${this.target.label}. Is the docker daemon running? (${e.message})`,
    );
  }

  /** A request whose whole response body is read. `body` objects are sent as JSON. */
  request(
    method: string,
    path: string,
    opts: { body?: unknown; headers?: http.OutgoingHttpHeaders; timeoutMs?: number } = {},
  ): Promise<EngineResponse> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { ...opts.headers };
      let payload: Buffer | undefined;
      if (opts.body !== undefined) {
        payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(JSON.stringify(opts.body));
        if (!headers["Content-Type"]) headers["Content-Type"] = "application/json";
      }
      headers["Content-Length"] = payload ? payload.length : 0;
      const req = http.request(this.base(method, path, headers), (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      });
      if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error("engine request timed out")));
      req.on("error", (e) => reject(this.unreachable(e)));
      req.end(payload);
    });
  }

  /** JSON helper: resolves the parsed body for 2xx, rejects with the engine's message otherwise. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.request(method, path, { body });
    if (r.status < 200 || r.status >= 300) throw new EngineStatusError(r.status, engineMessage(r.body));
    return (r.body.length ? JSON.parse(r.body.toString("utf8")) : null) as T;
  }

  /** A request whose response is streamed (logs -f, events, wait, stats, pull progress). */
  stream(
    method: string,
    path: string,
    opts: { body?: Buffer | NodeJS.ReadableStream; headers?: http.OutgoingHttpHeaders } = {},
  ): { req: http.ClientRequest; response: Promise<http.IncomingMessage> } {
    let req!: http.ClientRequest;
    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      // Long-lived streams get their own socket: they must not hold a keep-alive slot forever.
      req = http.request(this.base(method, path, { ...opts.headers }, false), resolve);
      req.on("error", (e) => reject(this.unreachable(e)));
    });
    if (opts.body && !Buffer.isBuffer(opts.body)) {
      (opts.body as NodeJS.ReadableStream).pipe(req);
    } else {
      req.end(opts.body);
    }
    return { req, response };
  }

  /** The engine's hijack: POST …/attach or /exec/{id}/start with `Connection: Upgrade, Upgrade: tcp`. */
  hijack(path: string, body?: Buffer): Promise<HijackResult> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {
        Connection: "Upgrade",
        Upgrade: "tcp",
        "Content-Type": body ? "application/json" : "text/plain",
        "Content-Length": body ? body.length : 0,
      };
      const req = http.request(this.base("POST", path, headers, false));
      req.on("upgrade", (_res, socket, head) => resolve({ upgraded: true, socket, head }));
      req.on("response", (response) => resolve({ upgraded: false, response }));
      req.on("error", (e) => reject(this.unreachable(e)));
      req.end(body);
    });
  }

  /** Keep-alive sockets to the engine: in use, and idle in the pool (/api/stats). */
  poolStats(): { busy: number; idle: number; queued: number } {
    const count = (o: NodeJS.ReadOnlyDict<unknown[]>) =>
      Object.values(o).reduce((n, list) => n + (list?.length ?? 0), 0);
    return { busy: count(this.agent.sockets), idle: count(this.agent.freeSockets), queued: count(this.agent.requests) };
  }

  close() {
    this.agent.destroy();
  }
}

export class EngineStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The `message` of an engine error body (or the raw text). */
export function engineMessage(body: Buffer): string {
  const text = body.toString("utf8");
  try {
    const j = JSON.parse(text) as { message?: string };
    if (typeof j.message === "string") return j.message;
  } catch {
    /* not JSON */
  }
  return text.trim();
}
