/**
 * Sessions and their persistence. A session is an id (written into the labels and names of its
 * objects) plus the SHA-256 of its bearer token. Only hashes reach the disk: a stolen state file
 * gives no tokens. The file is rewritten atomically (tmp + rename, mode 0600), debounced.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Session {
  id: string;
  tokenHash: string;
  createdAt: number;
  expiresAt: number;
  lastSeen: number;
}

interface StateFile {
  version: 1;
  gatewayId: string;
  sessions: Session[];
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Constant-time string comparison (join codes). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Session ids go into container names: lowercase letters and digits only, 10 of them. */
function newSessionId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(10);
  let s = "";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}

export class SessionStore {
  readonly file: string;
  readonly gatewayId: string;
  private readonly byId = new Map<string, Session>();
  private readonly byHash = new Map<string, Session>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(stateDir: string, opts: { instance?: string | null; now?: () => number } = {}) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    this.file = join(stateDir, "state.json");
    this.now = opts.now ?? Date.now;
    let loaded: StateFile | null = null;
    try {
      loaded = JSON.parse(readFileSync(this.file, "utf8")) as StateFile;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new Error(`cannot read the state file ${this.file}: ${(e as Error).message}`);
      }
    }
    this.gatewayId = opts.instance || loaded?.gatewayId || `gw${randomBytes(6).toString("hex")}`;
    if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(this.gatewayId))
      throw new Error(`invalid gateway instance id "${this.gatewayId}"`);
    for (const s of loaded?.sessions ?? []) this.add(s);
    this.flushNow();
  }

  private readonly hashes = new Map<string, string>();

  private add(s: Session) {
    this.byId.set(s.id, s);
    this.byHash.set(s.tokenHash, s);
  }

  create(ttlMs: number): { token: string; session: Session } {
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    let id = newSessionId();
    while (this.byId.has(id)) id = newSessionId();
    const session: Session = { id, tokenHash: hashToken(token), createdAt: now, expiresAt: now + ttlMs, lastSeen: now };
    this.add(session);
    this.flushNow();
    return { token, session };
  }

  byToken(token: string): Session | undefined {
    // Every API call presents its token: remember the hashes of the tokens seen (bounded), so a
    // call costs a map lookup instead of a SHA-256 (about 4% of the gateway's CPU under load).
    // Only token-sized strings are kept (ours are 43 characters), so junk cannot fill memory.
    let h = this.hashes.get(token);
    if (h === undefined) {
      h = hashToken(token);
      if (token.length <= 64) {
        if (this.hashes.size >= 4096) this.hashes.clear();
        this.hashes.set(token, h);
      }
    }
    return this.byHash.get(h);
  }

  get(id: string): Session | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  list(): Session[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  touch(s: Session) {
    s.lastSeen = this.now();
    this.scheduleFlush();
  }

  delete(id: string) {
    const s = this.byId.get(id);
    if (!s) return;
    this.byId.delete(id);
    this.byHash.delete(s.tokenHash);
    this.flushNow();
  }

  private scheduleFlush() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushNow();
    }, 5000);
    this.timer.unref();
  }

  flushNow() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const data: StateFile = { version: 1, gatewayId: this.gatewayId, sessions: this.list() };
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(data, null, 1)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
