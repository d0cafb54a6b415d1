/**
 * The gateway's limits and lifecycle on a real engine: a fork bomb stops at the pids limit and a
 * memory hog is OOM-killed while the gateway stays responsive; the reaper removes expired
 * sessions' objects; a restarted gateway rediscovers sessions from labels; rate limits.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABEL_SESSION } from "../../src/server/registry";
import {
  cliCreateBody,
  engine,
  engineObjects,
  onPodman,
  request,
  skipNote,
  startTestGateway,
  type TestGateway,
  uniq,
} from "./harness";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!engine.ok)(`gateway limits and lifecycle on a real engine${skipNote}`, () => {
  describe("resource limits", () => {
    let t: TestGateway;
    let tok: string;
    beforeAll(async () => {
      // A whole CPU each: the pids limit is what is tested, and a bomb held to half a CPU on a
      // loaded CI machine (other suites run beside this one) forked too slowly to be seen.
      t = await startTestGateway(["--pids-limit", "40", "--memory", "32m", "--cpus", "1"]);
      tok = await t.join();
    });
    afterAll(async () => {
      await t?.close();
      await t?.destroy();
    });

    const run = async (cmd: string[], host: Record<string, unknown> = {}) => {
      const r = await t.api(tok, "POST", `/v1.41/containers/create?name=${uniq("lim")}`, cliCreateBody(cmd, host));
      expect(r.status, r.text).toBe(201);
      expect((await t.api(tok, "POST", `/v1.41/containers/${r.json.Id}/start`)).status).toBe(204);
      return r.json.Id as string;
    };

    it("stops a fork bomb at the pids limit while the gateway keeps answering", async () => {
      const id = await run(["sh", "-c", "f() { f | f & }; f; sleep 60"], { PidsLimit: 100000 });
      let peak = 0;
      let slowest = 0;
      // Up to 20 s, stopping as soon as it hits the limit: on a loaded machine the bomb grows slowly.
      const until = Date.now() + 20_000;
      while (Date.now() < until) {
        const t0 = Date.now();
        const ping = await t.api(tok, "GET", "/v1.41/_ping");
        const list = await t.api(tok, "GET", "/v1.41/containers/json");
        slowest = Math.max(slowest, Date.now() - t0);
        expect(ping.status).toBe(200);
        expect(list.status).toBe(200);
        const stats = await t.api(tok, "GET", `/v1.41/containers/${id}/stats?stream=0`);
        peak = Math.max(peak, stats.json?.pids_stats?.current ?? 0);
        if (peak >= 40) break;
        await sleep(200);
      }
      expect(peak).toBeGreaterThan(10);
      expect(peak).toBeLessThanOrEqual(40);
      expect(slowest).toBeLessThan(2000);
      const ins = await t.api(tok, "GET", `/v1.41/containers/${id}/json`);
      expect(ins.json.HostConfig.PidsLimit).toBe(40);
      expect((await t.api(tok, "DELETE", `/v1.41/containers/${id}?force=1`)).status).toBe(204);
    }, 45_000);

    it("OOM-kills a memory hog within its limit (memory = memory+swap)", async () => {
      const id = await run(["sh", "-c", "a=xxxxxxxxxxxxxxxx; while true; do a=$a$a; done"], { Memory: 4 * 1024 ** 3 });
      const w = await t.api(tok, "POST", `/v1.41/containers/${id}/wait?condition=not-running`);
      expect(w.json.StatusCode).toBe(137);
      const ins = await t.api(tok, "GET", `/v1.41/containers/${id}/json`);
      // Podman 4.3 (conmon with runc on cgroup v1) does not record the OOM kill: State.OOMKilled stays false
      // although the kernel killed the process at the limit (exit 137 above, limits below).
      expect(ins.json.State.OOMKilled).toBe(!onPodman);
      expect(ins.json.HostConfig.Memory).toBe(32 * 1024 ** 2);
      expect(ins.json.HostConfig.MemorySwap).toBe(32 * 1024 ** 2);
      expect((await t.api(tok, "GET", "/v1.41/_ping")).status).toBe(200);
      await t.api(tok, "DELETE", `/v1.41/containers/${id}?force=1`);
    });
  });

  it("warns before the end, then the reaper removes an expired session's objects", async () => {
    // A TTL long enough for a loaded machine to create and start a container before it ends.
    const t = await startTestGateway(["--ttl", "8s", "--warn-before", "10m", "--reap-interval", "1h"]);
    try {
      const tok = await t.join();
      const other = await t.join(); // no objects, same TTL: ends too
      const vol = uniq("rv");
      const r = await t.api(
        tok,
        "POST",
        `/v1.41/containers/create?name=${uniq("reap")}`,
        cliCreateBody(["sleep", "300"], { Binds: [`${vol}:/v`] }),
      );
      expect(r.status).toBe(201);
      await t.api(tok, "POST", `/v1.41/containers/${r.json.Id}/start`);
      const info = await t.api(tok, "GET", "/api/session");
      expect(info.json.warning.ko).toMatch(/세션이 끝나고 컨테이너가 지워집니다/);
      expect(info.json.warning.en).toMatch(/containers will be removed/);
      expect((await t.api(tok, "GET", "/v1.41/_ping")).headers["x-classroom-warning"]).toMatch(/session ends in/);
      const sid = t.gw.store.byToken(tok)?.id;
      const otherSid = t.gw.store.byToken(other)?.id;
      expect(
        (await engineObjects(t.gw.store.gatewayId)).containers.filter((c) => c.Labels[LABEL_SESSION] === sid),
      ).toHaveLength(1);

      expect(await t.gw.reapNow()).toEqual([]); // nothing has expired yet
      const ends = Math.max(t.gw.store.byToken(tok)?.expiresAt ?? 0, t.gw.store.byToken(other)?.expiresAt ?? 0);
      await sleep(Math.max(0, ends - Date.now()) + 100);
      const reaped = await t.gw.reapNow();
      expect(reaped.sort()).toEqual([sid, otherSid].sort());
      const left = await engineObjects(t.gw.store.gatewayId);
      expect(left.containers).toEqual([]);
      expect(left.volumes).toEqual([]);
      const after = await t.api(tok, "GET", "/v1.41/containers/json");
      expect(after.status).toBe(401);
      expect(JSON.parse(readFileSync(join(t.dir, "state.json"), "utf8")).sessions).toEqual([]);
    } finally {
      await t.close();
      await t.destroy();
    }
  });

  it("ends a session after its idle timeout", async () => {
    const t = await startTestGateway(["--idle", "1s", "--reap-interval", "1h"]);
    try {
      const tok = await t.join();
      expect((await t.api(tok, "GET", "/v1.41/_ping")).status).toBe(200);
      await sleep(1100);
      const r = await t.api(tok, "GET", "/v1.41/_ping");
      expect(r.status).toBe(401);
      expect(r.json.message).toMatch(/session has ended/);
    } finally {
      await t.close();
      await t.destroy();
    }
  });

  it("keeps ownership across a gateway restart, and reaps sessions that ended while it was down", async () => {
    const t1 = await startTestGateway();
    const dir = t1.dir;
    const gid = t1.gw.store.gatewayId;
    let t2: TestGateway | null = null;
    try {
      const owner = await t1.join();
      const gone = await t1.join();
      const name = uniq("keep");
      const r = await t1.api(owner, "POST", `/v1.41/containers/create?name=${name}`, cliCreateBody(["sleep", "300"]));
      expect(r.status).toBe(201);
      await t1.api(owner, "POST", `/v1.41/containers/${r.json.Id}/start`);
      const g = await t1.api(gone, "POST", `/v1.41/containers/create?name=${name}`, cliCreateBody(["sleep", "300"]));
      expect(g.status).toBe(201);
      const goneSid = t1.gw.store.byToken(gone)?.id;
      await t1.close();

      // While the gateway is down, the "gone" session is forgotten (as if its state had expired away).
      const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8"));
      state.sessions = state.sessions.filter((s: { id: string }) => s.id !== goneSid);
      writeFileSync(join(dir, "state.json"), JSON.stringify(state));

      t2 = await startTestGateway([], dir);
      expect(t2.gw.store.gatewayId).toBe(gid);
      const list = await t2.api(owner, "GET", "/v1.41/containers/json");
      expect(list.status).toBe(200);
      expect(list.json.map((c: { Names: string[] }) => c.Names[0])).toEqual([`/${name}`]);
      expect((await t2.api(owner, "GET", `/v1.41/containers/${name}/json`)).json.Id).toBe(r.json.Id);
      expect((await t2.api(owner, "POST", `/v1.41/containers/${name}/exec`, { Cmd: ["true"] })).status).toBe(201);
      const stranger = await t2.join();
      expect((await t2.api(stranger, "GET", `/v1.41/containers/${r.json.Id}/json`)).status).toBe(404);
      expect((await t2.api(gone, "GET", "/v1.41/_ping")).status).toBe(401);

      // The forgotten session's container is an orphan: the reaper removes it, the owner's stays.
      expect(await t2.gw.reapNow()).toEqual([goneSid]);
      const ids = (await engineObjects(gid)).containers.map((c) => c.Id);
      expect(ids).toEqual([r.json.Id]);
    } finally {
      await t2?.close();
      await (t2 ?? t1).destroy();
    }
  });

  it("rate-limits each token and serves the app on the same port", async () => {
    const dist = mkdtempSync(join(tmpdir(), "cc-dist-"));
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>컨테이너 교실</title>");
    writeFileSync(join(dist, "assets", "app.js"), "console.log(1)");
    const t = await startTestGateway(["--rate", "1", "--burst", "3", "--dist", dist]);
    try {
      const tok = await t.join();
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await t.api(tok, "GET", "/_ping")).status);
      expect(codes).toEqual([200, 200, 200, 429]);
      const other = await t.join();
      expect((await t.api(other, "GET", "/_ping")).status).toBe(200);
      const home = await request(t.url, "GET", "/");
      expect(home.status).toBe(200);
      expect(home.headers["content-type"]).toMatch(/text\/html/);
      expect(home.text).toContain("컨테이너 교실");
      const js = await request(t.url, "GET", "/assets/app.js");
      expect(js.headers["content-type"]).toMatch(/javascript/);
      expect(js.headers["cache-control"]).toMatch(/immutable/);
      expect((await request(t.url, "GET", "/../../etc/passwd")).status).toBe(404);
      const health = await request(t.url, "GET", "/api/health");
      expect(health.json).toMatchObject({ ok: true, engine: "ok", mode: "open" });
    } finally {
      await t.close();
      await t.destroy();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
