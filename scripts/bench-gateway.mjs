#!/usr/bin/env node
// `npm run bench:gateway`: the classroom gateway against the real engine it fronts, in the same run.
//
//   N sessions (default 30), each with 3 running busybox containers, issue list, inspect and exec
//   (create + detached start) calls concurrently. The same calls go once through the gateway and once
//   straight to dockerd's socket, round by round, so both see the same load. Prints p50/p95 of each
//   and the p95 ratio (target ≤ 1.3×), and the gateway's memory (RSS) over the run.
//
// Options: --sessions N (30)  --rounds N (15)  --soak DURATION (e.g. 10m: repeat rounds that long, for the memory target)
//          --sample SECONDS (memory sample interval; 10 in a soak, else 2)  --cpu-prof DIR
//
// The soak: the gateway's RSS (from /proc) and heap, and the sizes of its maps (sessions, registry
// entries, execs, streams, rate-limit buckets, sockets; from its loopback-only /api/stats), sampled
// on a timer. The first third is warm-up; the verdict compares the middle and last thirds: memory must not grow beyond noise and
// no count may keep growing. Bounded in time: every call has a timeout and the run a hard deadline.
// Loopback only; every container is removed at the end. Needs a running dockerd with busybox:latest.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./lib/port.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOCKET = (process.env.CC_ENGINE || "unix:///var/run/docker.sock").replace(/^unix:\/\//, "");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const SESSIONS = Number(opt("sessions", 30));
const ROUNDS = Number(opt("rounds", 15));
const SOAK_MS = (() => {
  const s = opt("soak", "");
  if (!s) return 0;
  const m = /^(\d+)(s|m)?$/.exec(s);
  if (!m) throw new Error("--soak: e.g. 90s or 10m");
  return Number(m[1]) * (m[2] === "m" ? 60_000 : 1000);
})();

// --cpu-prof DIR: the gateway writes a V8 CPU profile there when it exits (chrome://inspect, speedscope).
const CPU_PROF = opt("cpu-prof", "");

const SAMPLE_MS = Number(opt("sample", SOAK_MS ? 10 : 2)) * 1000;
const CALL_TIMEOUT_MS = 120_000;
// Setup, the soak or the rounds, and clean-up must all fit; a wedged engine must not hang the run.
const DEADLINE_MS = SOAK_MS + 10 * 60_000;

const agentGw = new http.Agent({ keepAlive: true, maxSockets: 256 });
const agentDirect = new http.Agent({ keepAlive: true, maxSockets: 256 });
// The sampler's own connection, always the same one: it must not show up as a growing socket count.
const agentStats = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(target, method, path, body, token) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const t0 = performance.now();
    const req = http.request(
      {
        ...(target === "direct"
          ? { socketPath: SOCKET, agent: agentDirect }
          : { host: "127.0.0.1", port: target, agent: path === "/api/stats" ? agentStats : agentGw }),
        method,
        path,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload
            ? { "Content-Type": "application/json", "Content-Length": payload.length }
            : { "Content-Length": 0 }),
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode, json, text, ms: performance.now() - t0 });
        });
      },
    );
    req.setTimeout(CALL_TIMEOUT_MS, () =>
      req.destroy(new Error(`${method} ${path}: no answer in ${CALL_TIMEOUT_MS / 1000} s`)),
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function ping(port) {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await call(port, "GET", "/api/health");
      if (r.status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the gateway did not come up");
}

/** CPU time (user + system) a process has used, in milliseconds. */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function main() {
  const direct = await call("direct", "GET", "/_ping").catch(() => null);
  if (direct?.status !== 200) {
    console.log(`bench:gateway skipped: no Docker engine at ${SOCKET} (start one with: dockerd &)`);
    return;
  }
  if ((await call("direct", "GET", "/images/busybox:latest/json")).status !== 200) {
    console.log("bench:gateway skipped: no busybox:latest (bash tests/fidelity/build-busybox-image.sh)");
    return;
  }
  const port = await freePort(23900);
  const state = mkdtempSync(join(tmpdir(), "cc-bench-"));
  // `node --import tsx`, not tsx's CLI: the CLI is a wrapper that runs the server in a second node
  // process, so its pid (and RSS) would be the wrapper's, not the gateway's.
  const child = spawn(
    process.execPath,
    [
      ...(CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", CPU_PROF] : []),
      "--import",
      "tsx",
      join(ROOT, "src/server/main.ts"),
      "--open",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--state-dir",
      state,
      "--quiet",
      "--dist",
      "none",
      "--rate",
      "10000",
      "--burst",
      "10000",
      "--max-sessions",
      String(SESSIONS + 5),
      "--engine",
      `unix://${SOCKET}`,
    ],
    { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DOCKER_HOST: "" } },
  );
  const sessions = [];
  const samples = [];
  let sampler = null;
  const deadline = setTimeout(() => {
    console.error(`bench:gateway: still running after ${DEADLINE_MS / 60_000} min; giving up`);
    child.kill("SIGKILL");
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  try {
    await ping(port);
    console.log(`gateway pid ${child.pid} on 127.0.0.1:${port}; ${SESSIONS} sessions × 3 containers …`);
    const tSetup = performance.now();
    await Promise.all(
      Array.from({ length: SESSIONS }, async (_, i) => {
        const token = (await call(port, "POST", "/api/sessions", {})).json.token;
        const ids = [];
        for (let k = 0; k < 3; k++) {
          const c = await call(
            port,
            "POST",
            `/v1.41/containers/create?name=b${i}c${k}`,
            { Image: "busybox", Cmd: ["sleep", "3600"] },
            token,
          );
          if (c.status !== 201) throw new Error(`create: ${c.status} ${c.text}`);
          await call(port, "POST", `/v1.41/containers/${c.json.Id}/start`, undefined, token);
          ids.push(c.json.Id);
        }
        sessions.push({ token, ids });
      }),
    );
    console.log(
      `setup ${((performance.now() - tSetup) / 1000).toFixed(1)} s; gateway RSS ${rssMiB(child.pid).toFixed(0)} MiB`,
    );

    const lat = { gateway: { list: [], inspect: [], exec: [] }, direct: { list: [], inspect: [], exec: [] } };
    const ops = async (target, s, r) => {
      const tok = target === "direct" ? null : s.token;
      const id = s.ids[r % 3];
      const L = lat[target === "direct" ? "direct" : "gateway"];
      // The same request on both sides: the gateway turns a plain `docker ps` into exactly this
      // engine call (its two ownership labels as the filter, nothing else), so the direct list asks
      // dockerd the same question. Unfiltered, the direct list would return all 90 containers (more
      // work for dockerd, unfair to it); filtered by the session label only, a different query.
      const f = new URLSearchParams({
        filters: JSON.stringify({
          label: [`io.container-classroom.gateway=${s.gw}`, `io.container-classroom.session=${s.sid}`],
        }),
      });
      const list = await call(
        target,
        "GET",
        target === "direct" ? `/v1.41/containers/json?${f}` : "/v1.41/containers/json",
        undefined,
        tok,
      );
      L.list.push(list.ms);
      const ins = await call(target, "GET", `/v1.41/containers/${id}/json`, undefined, tok);
      L.inspect.push(ins.ms);
      const ex = await call(target, "POST", `/v1.41/containers/${id}/exec`, { Cmd: ["true"] }, tok);
      const st = await call(target, "POST", `/v1.41/exec/${ex.json.Id}/start`, { Detach: true }, tok);
      L.exec.push(ex.ms + st.ms);
      if (list.status !== 200 || ins.status !== 200 || ex.status !== 201 || st.status !== 200) {
        throw new Error(
          `${target}: list ${list.status} inspect ${ins.status} exec ${ex.status}/${st.status} ${st.text}`,
        );
      }
    };
    for (const s of sessions) {
      const ins = await call("direct", "GET", `/containers/${s.ids[0]}/json`);
      s.sid = ins.json.Config.Labels["io.container-classroom.session"];
      s.gw = ins.json.Config.Labels["io.container-classroom.gateway"];
    }
    const until = SOAK_MS ? Date.now() + SOAK_MS : 0;
    let round = 0;
    const t0 = Date.now();
    const cpu0 = cpuMs(child.pid);
    const sample = async () => {
      const st = await call(port, "GET", "/api/stats").catch(() => null);
      samples.push({
        s: (Date.now() - t0) / 1000,
        rss: rssMiB(child.pid),
        heap: st?.status === 200 ? st.json.memory.heapUsed / 2 ** 20 : NaN,
        counts: st?.status === 200 ? { ...st.json.counts, ...prefixed("engine", st.json.engineSockets) } : {},
      });
    };
    await sample();
    sampler = setInterval(sample, SAMPLE_MS);
    while (round < ROUNDS || (until && Date.now() < until)) {
      // Both sides see the same load (all sessions at once) one after the other; who goes first
      // alternates, so neither always runs right after the other's burst of exec processes.
      const order = round % 2 === 0 ? [port, "direct"] : ["direct", port];
      for (const target of order) await Promise.all(sessions.map((s) => ops(target, s, round)));
      round++;
      if (until && round > 100_000) break;
    }
    clearInterval(sampler);
    await sample();

    console.log(`\n${round} rounds × ${SESSIONS} sessions (list, inspect, exec create+start) — milliseconds`);
    console.log("call       gateway p50  p95    direct p50  p95    p95 ratio (target ≤ 1.3×)");
    for (const k of ["list", "inspect", "exec"]) {
      const g = lat.gateway[k];
      const d = lat.direct[k];
      const ratio = pct(g, 95) / pct(d, 95);
      console.log(
        `${k.padEnd(10)} ${pct(g, 50).toFixed(1).padStart(10)} ${pct(g, 95).toFixed(1).padStart(6)} ${pct(d, 50).toFixed(1).padStart(11)} ${pct(d, 95).toFixed(1).padStart(6)}    ${ratio.toFixed(2)}× ${ratio <= 1.3 ? "✔" : "✘"}`,
      );
    }
    const calls = lat.gateway.list.length + lat.gateway.inspect.length + 2 * lat.gateway.exec.length;
    const cpu = cpuMs(child.pid) - cpu0;
    const wall = Date.now() - t0;
    const all = (t) => [...lat[t].list, ...lat[t].inspect, ...lat[t].exec];
    const ratio = pct(all("gateway"), 95) / pct(all("direct"), 95);
    console.log(
      `all calls  ${pct(all("gateway"), 50).toFixed(1).padStart(10)} ${pct(all("gateway"), 95).toFixed(1).padStart(6)} ${pct(all("direct"), 50).toFixed(1).padStart(11)} ${pct(all("direct"), 95).toFixed(1).padStart(6)}    ${ratio.toFixed(2)}× ${ratio <= 1.3 ? "✔" : "✘"}`,
    );
    console.log(
      `gateway CPU ${(cpu / 1000).toFixed(1)} s over ${(wall / 1000).toFixed(0)} s of rounds: ${(cpu / calls).toFixed(2)} ms per proxied call (${calls} calls)`,
    );
    memoryReport(samples);
  } finally {
    clearInterval(sampler);
    await Promise.all(sessions.map((s) => call(port, "DELETE", "/api/session", undefined, s.token).catch(() => {})));
    // Wait for the gateway to exit (it flushes its state file, and writes --cpu-prof) before removing its state.
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    rmSync(state, { recursive: true, force: true });
    agentGw.destroy();
    agentDirect.destroy();
    agentStats.destroy();
    clearTimeout(deadline);
  }
}

const prefixed = (p, o) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [`${p}.${k}`, v]));
const median = (xs) => pct(xs, 50);

/**
 * RSS and heap over the run, and the gateway's counts. The first third is warm-up: the bounded exec
 * cache (2048 entries) fills, sockets and pools settle, V8 grows its heap to its working size. The
 * soak verdict compares the middle third with the last: flat when the last third's median RSS is
 * within 10% (at least 8 MiB) of the middle third's, the last third's lowest heap (what survives a
 * GC) within 15% (at least 4 MiB) of the middle third's, the heap's least-squares slope over the
 * last two thirds projects under 16 MiB an hour, and no count at the end is above what it reached
 * by the end of the middle third (a leak keeps growing; a cache stops at its cap). The samples are
 * written to node_modules/.cache/cc-bench/gateway-memory.json.
 */
function memoryReport(samples) {
  if (samples.length < 3) return;
  const span = samples.at(-1).s;
  const n = Math.max(1, Math.floor(samples.length / 3));
  const first = samples.slice(0, n);
  const middle = samples.slice(n, 2 * n);
  const last = samples.slice(-n);
  const rss = (xs) => median(xs.map((x) => x.rss));
  const heap = (xs) => Math.min(...xs.map((x) => x.heap));
  const rssMax = Math.max(...samples.map((x) => x.rss));
  console.log(
    `\ngateway memory over ${span.toFixed(0)} s (${samples.length} samples, every ${SAMPLE_MS / 1000} s; thirds: warm-up → middle → last):`,
  );
  console.log(
    `  RSS   median ${rss(first).toFixed(1)} → ${rss(middle).toFixed(1)} → ${rss(last).toFixed(1)} MiB (max ${rssMax.toFixed(1)})`,
  );
  console.log(`  heap  lowest ${heap(first).toFixed(1)} → ${heap(middle).toFixed(1)} → ${heap(last).toFixed(1)} MiB`);
  // Heap slope over the last two thirds (MiB per hour), least squares.
  const tail = samples.slice(n);
  const mx = tail.reduce((a, x) => a + x.s, 0) / tail.length;
  const my = tail.reduce((a, x) => a + x.heap, 0) / tail.length;
  const sxx = tail.reduce((a, x) => a + (x.s - mx) ** 2, 0);
  const slope = sxx ? (tail.reduce((a, x) => a + (x.s - mx) * (x.heap - my), 0) / sxx) * 3600 : 0;
  console.log(`  heap  slope after warm-up ${slope.toFixed(1)} MiB/hour`);
  const mark = samples[2 * n - 1];
  const end = samples.at(-1);
  const grew = [];
  console.log("  counts (start / end of warm-up / end of middle / max / end):");
  for (const k of Object.keys(end.counts)) {
    const v = samples.map((x) => x.counts[k] ?? 0);
    console.log(
      `    ${k.padEnd(16)} ${v[0]} / ${samples[n - 1].counts[k] ?? 0} / ${mark.counts[k] ?? 0} / ${Math.max(...v)} / ${end.counts[k]}`,
    );
    if (end.counts[k] > Math.max(...samples.slice(0, 2 * n).map((x) => x.counts[k] ?? 0))) grew.push(k);
  }
  try {
    const dir = join(ROOT, "node_modules", ".cache", "cc-bench");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "gateway-memory.json"), `${JSON.stringify(samples)}\n`);
  } catch {
    /* the report above is what matters */
  }
  if (!SOAK_MS) return;
  const rssA = rss(middle);
  const rssB = rss(last);
  const heapA = heap(middle);
  const heapB = heap(last);
  const rssOk = rssB - rssA <= Math.max(8, rssA * 0.1);
  const heapOk = heapB - heapA <= Math.max(4, heapA * 0.15) && slope < 16;
  const ok = rssOk && heapOk && grew.length === 0;
  console.log(
    `\nsoak verdict: ${ok ? "FLAT ✔" : "GROWING ✘"} — after warm-up: RSS ${rssOk ? "flat" : "grew"} (${(rssB - rssA).toFixed(1)} MiB), heap ${heapOk ? "flat" : "grew"} (${(heapB - heapA).toFixed(1)} MiB, ${slope.toFixed(1)} MiB/h), counts ${grew.length ? `grew: ${grew.join(", ")}` : "bounded"}; loopback only (127.0.0.1), ended after ${span.toFixed(0)} s`,
  );
  if (!ok) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`bench:gateway: ${e.message}`);
  process.exit(1);
});
