/**
 * Time, injected. The browser uses the real clock; tests, lessons replays and
 * benchmarks use a virtual clock so nothing waits and output is deterministic.
 */
export interface SleepOptions {
  /**
   * Is someone waiting for this sleep to end? A detached container's `sleep
   * 1000` is not, until someone attaches to it, waits for it or stops it. A
   * virtual clock only moves while some sleeper is in the foreground.
   */
  foreground?: () => boolean;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolve after `ms` (virtual: advances the clock instead of waiting). */
  sleep(ms: number, signal?: AbortSignal, opts?: SleepOptions): Promise<void>;
  /** Something started waiting on background sleepers (virtual clocks re-check). */
  poke?(): void;
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
 * time order and, a couple of event-loop turns after the last activity, the
 * earliest one wakes and the clock jumps to its time. It moves only while at
 * least one sleeper is in the foreground (see SleepOptions), so idle detached
 * containers do not make time fly between commands. Cancelled sleeps never move it.
 */
export class VirtualClock implements Clock {
  private t: number;
  private sleepers: { at: number; seq: number; resolve: () => void; foreground: () => boolean }[] = [];
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
  sleep(ms: number, signal?: AbortSignal, opts?: SleepOptions): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
    return new Promise<void>((resolve, reject) => {
      const entry = {
        at: this.t + Math.max(0, ms),
        seq: this.seq++,
        resolve,
        foreground: opts?.foreground ?? (() => true),
      };
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
  poke(): void {
    if (this.sleepers.length) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Two macrotask turns: let promise chains and zero-delay timers settle first.
    setTimeout(() => setTimeout(() => this.tick(), 0), 0);
  }
  private tick(): void {
    this.scheduled = false;
    if (!this.sleepers.some((s) => s.foreground())) return; // nobody waits: time stands still
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
