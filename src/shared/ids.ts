import { sha256Hex } from "./sha256";

/** Ids for containers, exec sessions and names: injected so runs are deterministic. */
export interface IdGenerator {
  /** 64 hex characters, like a container id. */
  hex64(): string;
  /** A float in [0, 1). */
  random(): number;
}

/** Seeded generator (mulberry32 stream hashed to 64-hex). */
export class SeededIds implements IdGenerator {
  private state: number;
  private counter = 0;
  constructor(private readonly seed = 0x5eed) {
    this.state = seed >>> 0;
  }
  random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  hex64(): string {
    this.counter++;
    return sha256Hex(`${this.seed}:${this.counter}:${this.random()}`);
  }
}

/** Ids from the platform's random source (browser default). */
export class RandomIds implements IdGenerator {
  random(): number {
    return Math.random();
  }
  hex64(): string {
    let s = "";
    for (let i = 0; i < 8; i++)
      s += Math.floor(Math.random() * 0x100000000)
        .toString(16)
        .padStart(8, "0");
    return s;
  }
}
