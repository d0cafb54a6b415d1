/**
 * What the Engine API route modules (routes/*.ts, events.ts) need from the gateway: the request
 * context, the engine, the registry, the limits, and the helpers every handler uses. The gateway
 * (gateway.ts) hands each of them a GatewayInternals; the pure helpers are plain functions here.
 */
import type http from "node:http";
import type { EngineKind } from "./compat";
import type { GatewayConfig } from "./config";
import type { EngineClient } from "./engine";
import { PolicyError } from "./policy";
import { LABEL_PREFIX, namePrefix, type OwnedContainer, type Registry } from "./registry";
import type { Session, SessionStore } from "./sessions";

export type Obj = Record<string, unknown>;

export interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  session: Session;
  sid: string;
  /** "1.41" when the client used a versioned path. */
  version: string | null;
  /** The path without the version prefix, e.g. "/containers/json". */
  path: string;
  query: URLSearchParams;
  ip: string;
}

export type Handler = (ctx: Ctx, m: RegExpExecArray) => Promise<void>;

export type EngineAnswer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** An object reference in a route's path: a name or an id. */
export const ID = "([^/]+)";

export const SHARED_NETWORKS = ["bridge", "none", "host"];

export interface GatewayInternals {
  readonly config: GatewayConfig;
  readonly engine: EngineClient;
  readonly registry: Registry;
  readonly store: SessionStore;
  readonly gatewayId: string;
  /** Which engine answers (from /_ping): Podman's compat API needs the fixes in compat.ts. */
  readonly engineKind: EngineKind;
  /** Add a route; routes are matched in the order they were added. */
  on(method: string, pattern: RegExp, h: Handler): void;
  /** A container of the session by name or id, or 404. */
  container(ctx: Ctx, ref: string): OwnedContainer;
  /** Pipe a streaming engine response (logs -f, wait, stats, events, pull) to the client. */
  pipe(
    ctx: Ctx,
    method: string,
    enginePath: string,
    transform?: (line: string) => string | null,
    body?: Buffer,
  ): Promise<void>;
  forward(ctx: Ctx, method: string, enginePath: string, body?: unknown): Promise<EngineAnswer>;
  sessionFilter(ctx: Ctx): string[];
  body(ctx: Ctx, required: boolean): Promise<unknown>;
}

export function stripLabels(labels: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (labels && typeof labels === "object") {
    for (const [k, v] of Object.entries(labels as Record<string, string>)) if (!k.startsWith(LABEL_PREFIX)) out[k] = v;
  }
  return out;
}

export function refuse(code: string, en: string, ko: string): PolicyError {
  return new PolicyError(code, `classroom policy: ${en} (교실 정책: ${ko})`);
}

/** A route that is always refused (403 + audit line). */
export function forbidden(code: string, en: string, ko: string): Handler {
  return async (ctx) => {
    ctx.req.resume();
    throw refuse(code, en, ko);
  };
}

export function ep(ctx: Ctx, p: string): string {
  return ctx.version ? `/v${ctx.version}${p}` : p;
}

/** Remove the session's name prefix from engine text (error messages). */
export function unprefix(sid: string, text: string): string {
  return text.split(namePrefix(sid)).join("");
}

/** Send an engine answer back as it is (status, type, body), with session names unprefixed in errors. */
export function relay(ctx: Ctx, r: EngineAnswer) {
  const headers: http.OutgoingHttpHeaders = {};
  if (r.headers["content-type"]) headers["Content-Type"] = r.headers["content-type"];
  let body = r.body;
  if (r.status >= 400) body = Buffer.from(unprefix(ctx.sid, body.toString("utf8")));
  headers["Content-Length"] = body.length;
  ctx.res.writeHead(r.status, headers);
  ctx.res.end(ctx.req.method === "HEAD" ? undefined : body);
}

export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function pick(ctx: Ctx, ...names: string[]): Record<string, string | undefined> {
  const o: Record<string, string | undefined> = {};
  for (const n of names) {
    const v = ctx.query.get(n);
    if (v !== null) o[n] = v;
  }
  return o;
}
