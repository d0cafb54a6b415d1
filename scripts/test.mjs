#!/usr/bin/env node
// `npm test`: everything CI checks, in order, stopping at the first failure.
//
//   typecheck (tsc -b) → lint (biome check .) → unit (vitest run) → build (vite build) → e2e (Playwright + Debian's Chromium)
//
// Options:  npm test -- lint unit        run only these stages (in the canonical order)
//           npm test -- --skip=e2e       skip stages
//           npm test -- --keep-going     run every stage even after a failure

import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureDeps, ROOT } from "./lib/deps.mjs";

ensureDeps(ROOT);

const bin = (name) => join(ROOT, "node_modules", ".bin", name);

const STAGES = [
  { name: "typecheck", cmd: [bin("tsc"), "-b"] },
  { name: "lint", cmd: [bin("biome"), "check", "."] },
  {
    name: "unit",
    cmd: [
      bin("vitest"),
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${join(ROOT, "node_modules", ".cache", "cc-test", "unit.json")}`,
    ],
  },
  { name: "build", cmd: [bin("vite"), "build"] },
  { name: "e2e", cmd: [bin("playwright"), "test", "--reporter=list,json"], before: prepareE2e },
];

async function prepareE2e(env) {
  const { findChromium } = await import("./find-chromium.mjs");
  const { freePort } = await import("./lib/port.mjs");
  env.CHROMIUM_PATH = findChromium(); // installs Debian's chromium when root on Debian and none is found
  env.CC_E2E_PORT = String(await freePort(Number(env.CC_E2E_PORT) || 4173));
  env.PLAYWRIGHT_JSON_OUTPUT_NAME = join(ROOT, "node_modules", ".cache", "cc-test", "e2e.json");
  console.log(`Chromium: ${env.CHROMIUM_PATH}; preview server on 127.0.0.1:${env.CC_E2E_PORT}`);
}

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith("-"));
const skip = new Set(
  args
    .filter((a) => a.startsWith("--skip="))
    .flatMap((a) => a.slice(7).split(","))
    .filter(Boolean),
);
const keepGoing = args.includes("--keep-going");
for (const name of [...only, ...skip]) {
  if (!STAGES.some((s) => s.name === name)) {
    console.error(`Unknown stage "${name}"; stages are: ${STAGES.map((s) => s.name).join(", ")}.`);
    process.exit(2);
  }
}

function run(cmd, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: ROOT, stdio: "inherit", env });
    child.on("error", (e) => {
      console.error(String(e));
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const fmt = (ms) =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
const results = [];
const t0 = Date.now();
rmSync(join(ROOT, "node_modules", ".cache", "cc-test", "unit.json"), { force: true });
rmSync(join(ROOT, "node_modules", ".cache", "cc-test", "e2e.json"), { force: true });

for (const stage of STAGES) {
  if ((only.length && !only.includes(stage.name)) || skip.has(stage.name)) {
    results.push({ name: stage.name, status: "skipped" });
    continue;
  }
  if (!keepGoing && results.some((r) => r.status === "FAILED")) {
    results.push({ name: stage.name, status: "not run" });
    continue;
  }
  console.log(
    `\n━━━ ${stage.name}: ${stage.cmd.map((c) => c.replace(`${ROOT}/node_modules/.bin/`, "")).join(" ")} ━━━`,
  );
  const started = Date.now();
  const env = { ...process.env };
  let code;
  try {
    if (stage.before) await stage.before(env);
    code = await run(stage.cmd, env);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    code = 1;
  }
  results.push({ name: stage.name, status: code === 0 ? "passed" : "FAILED", code, ms: Date.now() - started });
}

const passed = results.filter((r) => r.status === "passed").length;
const failed = results.filter((r) => r.status === "FAILED").length;
console.log("\n━━━ summary ━━━");
for (const r of results) {
  const detail = r.ms === undefined ? "" : `  ${fmt(r.ms)}${r.status === "FAILED" ? `  (exit ${r.code})` : ""}`;
  console.log(
    `  ${r.status === "passed" ? "✔" : r.status === "FAILED" ? "✘" : "·"} ${r.name.padEnd(10)} ${r.status}${detail}`,
  );
}
const notRun = results.length - passed - failed;
console.log(`\nstages: ${passed} passed, ${failed} failed, ${notRun} not run — ${fmt(Date.now() - t0)}`);
// One line with the number of tests, in the plain form CI reads.
const counts = { passed: 0, failed: 0, skipped: 0 };
try {
  const u = JSON.parse(readFileSync(join(ROOT, "node_modules", ".cache", "cc-test", "unit.json"), "utf8"));
  counts.passed += u.numPassedTests ?? 0;
  counts.failed += u.numFailedTests ?? 0;
  counts.skipped += (u.numPendingTests ?? 0) + (u.numTodoTests ?? 0);
} catch {}
try {
  const e = JSON.parse(readFileSync(join(ROOT, "node_modules", ".cache", "cc-test", "e2e.json"), "utf8"));
  counts.passed += e.stats?.expected ?? 0;
  counts.failed += (e.stats?.unexpected ?? 0) + (e.stats?.flaky ?? 0);
  counts.skipped += e.stats?.skipped ?? 0;
} catch {}
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
if (failed) {
  const first = results.find((r) => r.status === "FAILED");
  console.log(`npm test FAILED at "${first.name}". Re-run just that stage with: npm test -- ${first.name}`);
}
process.exit(failed ? 1 : 0);
