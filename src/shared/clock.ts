/**
 * Time, injected. The browser uses the real clock; tests, lessons replays and
 * benchmarks use a virtual clock so nothing waits and output is deterministic.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolve after `ms` (virtual: advances the clock instead of waiting). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
      const onAbort = () => {
        clearTimeout(id);
        reject(signal?.reason ?? new Error("aborted"));
      };
      const id = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/**
 * A clock that only moves when someone sleeps on it. Sleepers wake in time
 * order; each sleep yields to the event loop once so other work interleaves.
 */
export class VirtualClock implements Clock {
  private t: number;
  constructor(start = Date.UTC(2026, 10, 28, 9, 0, 0)) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
    this.t += Math.max(0, ms);
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export const rfc3339Nano = (ms: number): string => {
  const iso = new Date(ms).toISOString(); // 2026-11-28T09:00:00.000Z
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
};
