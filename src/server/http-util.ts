/** Small HTTP helpers shared by the gateway's handlers. */
import type http from "node:http";
import type { Readable } from "node:stream";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = "error",
  ) {
    super(message);
  }
}

/** Docker's error shape: {"message": "..."} with a JSON content type. */
export function sendError(
  res: http.ServerResponse,
  status: number,
  message: string,
  headers: http.OutgoingHttpHeaders = {},
) {
  sendJson(res, status, { message }, headers);
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const data = Buffer.from(`${JSON.stringify(body)}\n`);
  res.writeHead(status, { ...headers, "Content-Type": "application/json", "Content-Length": data.length });
  res.end(data);
}

/** Read a request body up to `max` bytes; larger bodies are an HttpError 403 (the policy's cap). */
export function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > max) {
      req.resume();
      reject(
        new HttpError(
          403,
          `classroom policy: request body larger than ${max} bytes (교실 정책: 요청 본문이 너무 큽니다)`,
          "body-too-large",
        ),
      );
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > max) {
        failed = true;
        reject(
          new HttpError(
            403,
            `classroom policy: request body larger than ${max} bytes (교실 정책: 요청 본문이 너무 큽니다)`,
            "body-too-large",
          ),
        );
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

/** Parse a JSON body; an empty body gives undefined, invalid JSON an HttpError 400 like dockerd's. */
export function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) return undefined;
  const text = buf.toString("utf8").trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `invalid JSON: ${(e as Error).message}`, "bad-json");
  }
}

/** The `filters` query parameter: both {"k":["v"]} and the legacy {"k":{"v":true}} forms. */
export function parseFilters(raw: string | null): Record<string, string[]> {
  if (!raw) return {};
  let j: unknown;
  try {
    j = JSON.parse(raw);
  } catch {
    throw new HttpError(400, "invalid filter", "bad-filter");
  }
  const out: Record<string, string[]> = {};
  if (typeof j !== "object" || j === null) return out;
  for (const [k, v] of Object.entries(j as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v && typeof v === "object") out[k] = Object.keys(v).filter((x) => (v as Record<string, unknown>)[x]);
  }
  return out;
}

/** Token bucket per key. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; last: number }>();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): boolean {
    if (this.rate <= 0) return true;
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, last: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.last) / 1000) * this.rate);
    b.last = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  forget(key: string) {
    this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Drop full buckets so the map stays bounded. */
  sweep() {
    const t = this.now();
    for (const [k, b] of this.buckets)
      if (b.tokens + ((t - b.last) / 1000) * this.rate >= this.burst) this.buckets.delete(k);
  }
}

const ENGINE_ROOTS = new Set([
  "_ping",
  "version",
  "info",
  "events",
  "containers",
  "images",
  "exec",
  "volumes",
  "networks",
  "system",
  "build",
  "session",
  "swarm",
  "nodes",
  "services",
  "tasks",
  "secrets",
  "configs",
  "plugins",
  "distribution",
  "auth",
  "commit",
  "grpc",
]);

/** Split "/v1.41/containers/json" into version and path; null when it is not an Engine API path. */
/** The oldest API version we accept: older ones carried HostConfig on start, outside the policy. */
export const MIN_API_VERSION = "1.24";

export function apiVersionTooOld(version: string | null): boolean {
  if (!version) return false;
  const [a, b] = version.split(".").map(Number);
  const [ma, mb] = MIN_API_VERSION.split(".").map(Number);
  return a < ma || (a === ma && b < mb);
}

export function engineApiPath(pathname: string): { version: string | null; path: string } | null {
  const m = /^\/v(\d+\.\d+)(\/.*)$/.exec(pathname);
  const version = m ? m[1] : null;
  const path = m ? m[2] : pathname;
  const root = path.split("/")[1] ?? "";
  if (!ENGINE_ROOTS.has(root)) return m ? { version, path } : null;
  return { version, path };
}

/**
 * Read a text stream line by line (JSON-lines from the engine: events, pulls, builds): `onLine` gets
 * each non-empty line, trimmed, the last one even without its newline; then `onEnd`.
 */
export function eachLine(stream: Readable, onLine: (line: string) => void, onEnd: () => void): void {
  let buf = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buf += chunk;
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) onLine(line);
    }
  });
  stream.on("end", () => {
    const last = buf.trim();
    buf = "";
    if (last) onLine(last);
    onEnd();
  });
}
