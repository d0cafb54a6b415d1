/**
 * The few web APIs the gateway client needs — `fetch` and `WebSocket` — as minimal
 * module-local types. Both exist in Web Workers, in browsers and (fetch) in Node 20;
 * tests hand in `ws`'s WebSocket. Declaring them here instead of pulling in the DOM lib
 * keeps the rest of the core (machine, engine, programs) free of DOM globals: only code
 * that imports this module sees them, and only through these narrow shapes.
 */

/** A Response body's reader (ReadableStreamDefaultReader<Uint8Array>). */
export interface BodyReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

/** The part of `Response` the client reads. */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): BodyReader } | null;
  text(): Promise<string>;
}

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

export type FetchLike = (url: string, init?: FetchInit) => Promise<FetchResponse>;

/** The browser WebSocket API (also implemented by the `ws` package). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketCtor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** WebSocket.OPEN */
export const WS_OPEN = 1;

/** The host's fetch and WebSocket, when it has them. */
export function hostFetch(): FetchLike | undefined {
  const f = (globalThis as unknown as { fetch?: FetchLike }).fetch;
  return f ? (url, init) => f(url, init) : undefined;
}

export function hostWebSocket(): WebSocketCtor | undefined {
  return (globalThis as unknown as { WebSocket?: WebSocketCtor }).WebSocket;
}
