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
 * A clock that only moves when everyone is waiting on it: sleepers are kept in
 * time order and, one event-loop turn after the last activity, the earliest
 * one wakes and the clock jumps to its time. Cancelled sleeps never move it.
 */
export class VirtualClock implements Clock {
  private t: number;
  private sleepers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  private scheduled = false;
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
    return new Promise<void>((resolve, reject) => {
      const entry = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      this.sleepers.push(entry);
      this.sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      signal?.addEventListener(
        "abort",
        () => {
          const i = this.sleepers.indexOf(entry);
          if (i >= 0) this.sleepers.splice(i, 1);
          reject(signal.reason ?? new Error("aborted"));
        },
        { once: true },
      );
      this.schedule();
    });
  }
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Two macrotask turns: let promise chains and zero-delay timers settle first.
    setTimeout(() => setTimeout(() => this.tick(), 0), 0);
  }
  private tick(): void {
    this.scheduled = false;
    const next = this.sleepers.shift();
    if (!next) return;
    if (next.at > this.t) this.t = next.at;
    next.resolve();
    if (this.sleepers.length) this.schedule();
  }
}

export const rfc3339Nano = (ms: number): string => {
  const iso = new Date(ms).toISOString(); // 2026-11-28T09:00:00.000Z
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
};
