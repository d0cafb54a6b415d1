#!/usr/bin/env node
// `npm run bench`: figures, each printed beside its target. No pass/fail: this is for people to read.
//
//   1. initial JS (gzip): every script and modulepreload that dist/index.html loads before the worker
//   2. terminal ready: navigation start → prompt in the terminal, headless Chromium on `vite preview`, median of 5
//   3. `docker run --rm busybox true`: the simulator in Node (median of 200), and real Docker as a baseline if present
//   4. longest main-thread task while the shell runs `while true; do :; done` in the browser
//   5. opening the editor the first time: `code Dockerfile` typed at the prompt → the file shown in Monaco
//      (its lazy chunk loaded, parsed and the editor created), headless Chromium, median of 5
//
// Options: --build (force a fresh build), --only=size,ready,sim,longtask,editor

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ensureDeps, ROOT } from "./lib/deps.mjs";

ensureDeps(ROOT);
const { DIST, ensureDist, startPreview } = await import("./lib/dist.mjs");
const { CHROMIUM_ARGS, findChromium } = await import("./find-chromium.mjs");

const TARGETS = {
  initialJsKb: 250,
  readyMs: 1500,
  simRunMs: 5,
  longTaskMs: 50,
  editorOpenMs: 1500,
};
const PROMPT = "student@classroom:~$";
const args = process.argv.slice(2);
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice(7).split(",")) : null;
const want = (name) => !only || only.has(name);
const rows = [];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function row(name, value, target, note = "") {
  rows.push({ name, value, target, note });
  console.log(`  ${name}: ${value}   (target ${target})${note ? `  — ${note}` : ""}`);
}

// ── 1. initial JS size ──────────────────────────────────────────────────────────────────
function initialJs() {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const urls = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*>/gi)) urls.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (/\brel=["']modulepreload["']/i.test(tag)) {
      const href = /\bhref=["']([^"']+)["']/i.exec(tag);
      if (href) urls.add(href[1]);
    }
  }
  let raw = 0;
  let gz = 0;
  const files = [];
  for (const url of urls) {
    if (/^(https?:)?\/\//.test(url)) {
      files.push(`${url} (REMOTE — the app must not load remote scripts)`);
      continue;
    }
    const buf = readFileSync(join(DIST, url.replace(/^\.?\//, "").split(/[?#]/)[0]));
    const z = gzipSync(buf, { level: 9 }).length;
    raw += buf.length;
    gz += z;
    files.push(`${url} ${(z / 1024).toFixed(1)} KB gz`);
  }
  // Inline scripts count too (small, but they are parsed before first paint).
  for (const m of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    const buf = Buffer.from(m[1]);
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  return { raw, gz, files };
}

// ── browser helpers ─────────────────────────────────────────────────────────────────────
async function withBrowser(fn) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

async function readyTime(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction((prompt) => (window.__cc?.getTerminalText?.() ?? "").includes(prompt), PROMPT, {
      polling: 10,
      timeout: 30_000,
    });
    // performance.now() counts from the navigation's time origin.
    return await page.evaluate(() => performance.now());
  } finally {
    await context.close();
  }
}

async function longTask(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction((prompt) => (window.__cc?.getTerminalText?.() ?? "").includes(prompt), PROMPT, {
      timeout: 30_000,
    });
    await page.evaluate(() => {
      window.__ccBench = { max: 0, count: 0 };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.__ccBench.max = Math.max(window.__ccBench.max, e.duration);
          window.__ccBench.count++;
        }
      }).observe({ type: "longtask" });
    });
    await page.evaluate(() => window.__cc.typeIntoTerminal("while true; do :; done\r"));
    // Keep the page busy-ish like a learner: a few evaluations during the loop.
    const t0 = Date.now();
    let maxRoundTrip = 0;
    while (Date.now() - t0 < 3000) {
      const s = Date.now();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(0))));
      maxRoundTrip = Math.max(maxRoundTrip, Date.now() - s);
      await new Promise((r) => setTimeout(r, 100));
    }
    const stillRunning = await page.evaluate(() => window.__cc.isBusy?.() ?? null);
    await page.evaluate(() => window.__cc.typeIntoTerminal("\x03"));
    await page.waitForFunction(
      (prompt) => (window.__cc?.getTerminalText?.() ?? "").trimEnd().endsWith(prompt),
      PROMPT,
      { timeout: 15_000 },
    );
    const r = await page.evaluate(() => window.__ccBench);
    return { ...r, maxRoundTrip, stillRunning };
  } finally {
    await context.close();
  }
}

async function editorOpen(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction((prompt) => (window.__cc?.getTerminalText?.() ?? "").includes(prompt), PROMPT, {
      timeout: 30_000,
    });
    await page.waitForTimeout(500); // a learner reads before typing; let the first load settle
    const before = await page.evaluate(() => ({
      monacoLoaded: !!window.__ccEditor || !!document.querySelector(".monaco-editor"),
      scripts: performance.getEntriesByType("resource").length,
    }));
    const t0 = await page.evaluate(() => {
      window.__cc.typeIntoTerminal("code Dockerfile\r");
      return performance.now();
    });
    await page.waitForSelector('[data-testid="editor"][data-state="ready"] .monaco-editor .view-line', {
      timeout: 30_000,
    });
    const t1 = await page.evaluate(() => performance.now());
    const lazyKb = await page.evaluate(
      (n) =>
        performance
          .getEntriesByType("resource")
          .slice(n)
          .reduce((sum, e) => sum + (e.encodedBodySize || 0), 0) / 1024,
      before.scripts,
    );
    return { ms: t1 - t0, monacoBefore: before.monacoLoaded, lazyKb };
  } finally {
    await context.close();
  }
}

// ── 3. real docker baseline ─────────────────────────────────────────────────────────────
function realDocker(runs) {
  const ok = (cmd) => spawnSync("docker", cmd, { stdio: "ignore", timeout: 10_000 }).status === 0;
  if (!ok(["info"])) return { skipped: "no running dockerd (start one with `dockerd &`)" };
  if (!ok(["image", "inspect", "busybox:latest"]))
    return { skipped: "dockerd has no busybox image (bash tests/fidelity/build-busybox-image.sh)" };
  ok(["run", "--rm", "busybox", "true"]); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync("docker", ["run", "--rm", "busybox", "true"], { stdio: "ignore" });
    times.push(performance.now() - t0);
    if (r.status !== 0) return { skipped: `docker run exited ${r.status}` };
  }
  return { runs, medianMs: Math.round(median(times)) };
}

// ── run ─────────────────────────────────────────────────────────────────────────────────
console.log("Container Classroom bench\n");
let distError = null;
if (want("size") || want("ready") || want("longtask") || want("editor")) {
  try {
    ensureDist({ force: args.includes("--build") });
  } catch (e) {
    distError = e.message;
  }
}
if (distError) {
  for (const [key, name, target] of [
    ["size", "1. initial JS (gzip)", `≤ ${TARGETS.initialJsKb} KB`],
    ["ready", "2. terminal ready", `≤ ${TARGETS.readyMs} ms`],
    ["longtask", "4. longest main-thread task during `while true`", `< ${TARGETS.longTaskMs} ms`],
    ["editor", "5. open the editor the first time", `≤ ${TARGETS.editorOpenMs} ms`],
  ])
    if (want(key)) row(name, "n/a", target, distError);
}

if (want("size") && !distError) {
  const { gz, raw, files } = initialJs();
  row(
    "1. initial JS (gzip)",
    `${(gz / 1024).toFixed(1)} KB`,
    `≤ ${TARGETS.initialJsKb} KB`,
    `${(raw / 1024).toFixed(0)} KB raw, ${files.length} file(s)`,
  );
  for (const f of files) console.log(`       ${f}`);
}

if ((want("ready") || want("longtask") || want("editor")) && !distError) {
  const preview = await startPreview();
  try {
    await withBrowser(async (browser) => {
      if (want("ready")) {
        const times = [];
        for (let i = 0; i < 5; i++) times.push(await readyTime(browser, preview.url));
        row(
          "2. terminal ready",
          `${Math.round(median(times))} ms`,
          `≤ ${TARGETS.readyMs} ms`,
          `median of 5 (${times.map((t) => Math.round(t)).join(", ")}), headless, local preview`,
        );
      }
      if (want("longtask")) {
        try {
          const r = await longTask(browser, preview.url);
          row(
            "4. longest main-thread task during `while true`",
            `${Math.round(r.max)} ms`,
            `< ${TARGETS.longTaskMs} ms`,
            `${r.count} long task(s) in 3 s; slowest rAF round trip ${r.maxRoundTrip} ms; loop still running at 3 s: ${r.stillRunning}`,
          );
        } catch (e) {
          row(
            "4. longest main-thread task during `while true`",
            "n/a",
            `< ${TARGETS.longTaskMs} ms`,
            String(e.message ?? e).split("\n")[0],
          );
        }
      }
      if (want("editor")) {
        const name = "5. open the editor the first time";
        try {
          const runs = [];
          for (let i = 0; i < 5; i++) runs.push(await editorOpen(browser, preview.url));
          const times = runs.map((r) => r.ms);
          const early = runs.some((r) => r.monacoBefore);
          row(
            name,
            `${Math.round(median(times))} ms`,
            `≤ ${TARGETS.editorOpenMs} ms`,
            `\`code Dockerfile\` → file in Monaco, median of 5 (${times.map((t) => Math.round(t)).join(", ")}); ` +
              `lazy download ${Math.round(median(runs.map((r) => r.lazyKb)))} KB; ` +
              (early ? "MONACO WAS LOADED BEFORE THE FIRST OPEN" : "Monaco not in the first load"),
          );
        } catch (e) {
          row(name, "n/a", `≤ ${TARGETS.editorOpenMs} ms`, String(e.message ?? e).split("\n")[0]);
        }
      }
    });
  } catch (e) {
    console.log(`  (browser figures skipped: ${String(e.message ?? e).split("\n")[0]})`);
  } finally {
    await preview.close();
  }
}

if (want("sim")) {
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "bench-sim.ts"), "--json"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const last = (r.stdout || "").trim().split("\n").pop() || "{}";
  let sim;
  try {
    sim = JSON.parse(last);
  } catch {
    sim = { skipped: (r.stderr || r.stdout || "no output").trim().split("\n")[0] };
  }
  if (sim.skipped)
    row("3. `docker run --rm busybox true`, simulator (Node)", "n/a", `≤ ${TARGETS.simRunMs} ms`, sim.skipped);
  else
    row(
      "3. `docker run --rm busybox true`, simulator (Node)",
      `${sim.medianMs} ms`,
      `≤ ${TARGETS.simRunMs} ms`,
      `median of ${sim.runs}, p95 ${sim.p95Ms} ms`,
    );
  const realRuns = Number(process.env.BENCH_REAL_RUNS) || 50;
  const real = realDocker(realRuns);
  if (real.skipped) row("3. `docker run --rm busybox true`, real Docker", "n/a", "baseline", real.skipped);
  else {
    row("3. `docker run --rm busybox true`, real Docker", `${real.medianMs} ms`, "baseline", `median of ${real.runs}`);
    if (!sim.skipped)
      row("3. simulator speed-up over real Docker (same run)", `${Math.round(real.medianMs / sim.medianMs)}×`, "≥ 50×");
  }
}

if (want("engine")) {
  // The engine at scale: 1,000 containers, docker ps over them, a cached 10-step rebuild.
  const r = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(ROOT, "scripts", "bench-engine.ts"), "--json"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  let e;
  try {
    e = JSON.parse((r.stdout || "").trim().split("\n").pop() || "{}");
  } catch {
    e = { skipped: (r.stderr || r.stdout || "no output").trim().split("\n")[0] };
  }
  if (e.skipped) row("4. engine at scale", "n/a", "—", e.skipped);
  else {
    row(
      "4. memory for 1,000 running containers (one image)",
      `+${e.memoryGrowthMB} MB`,
      "≤ 64 MB",
      `${e.containers} running`,
    );
    row("4. `docker ps` over 1,000 containers", `${e.psMs} ms`, "≤ 20 ms", "median of 20");
    row(
      "4. cached rebuild of a 10-step Dockerfile",
      `${e.rebuildMs} ms`,
      "≤ 10 ms",
      `${e.cachedSteps} steps CACHED, median of 20`,
    );
  }
}

console.log("\nsummary");
for (const r of rows) console.log(`  ${r.name.padEnd(52)} ${String(r.value).padStart(10)}   target ${r.target}`);
