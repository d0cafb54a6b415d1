/**
 * The session store on its own: tokens resolve to sessions, only hashes reach the disk, and an
 * ended session's token stops working even though the store remembers the hashes of tokens it saw.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SessionStore } from "../../src/server/sessions";

describe("SessionStore", () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), "cc-store-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("finds a session by its token, writes only the hash, and forgets it when it ends", () => {
    const dir = fresh();
    const store = new SessionStore(dir);
    const { token, session } = store.create(60_000);
    expect(store.byToken(token)?.id).toBe(session.id);
    expect(store.byToken(token)?.id).toBe(session.id); // the second time from the remembered hash
    expect(store.byToken(`${token}x`)).toBeUndefined();
    expect(store.byToken("x".repeat(10_000))).toBeUndefined();
    const file = readFileSync(join(dir, "state.json"), "utf8");
    expect(file).not.toContain(token);
    expect(file).toContain(session.tokenHash);

    store.delete(session.id);
    expect(store.byToken(token)).toBeUndefined();
    // A restarted store reads the same sessions back.
    const again = store.create(60_000);
    expect(new SessionStore(dir).byToken(again.token)?.id).toBe(again.session.id);
  });
});
