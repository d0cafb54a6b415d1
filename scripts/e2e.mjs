#!/usr/bin/env node
// `npm run e2e [-- playwright args]`: build the production bundle, then run Playwright against it in Debian's Chromium.
// `npm run e2e -- --no-build` reuses dist/ as it is.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensureDeps, ROOT } from "./lib/deps.mjs";

ensureDeps(ROOT);
const { findChromium } = await import("./find-chromium.mjs");

const args = process.argv.slice(2);
const noBuild = args.includes("--no-build");
const pwArgs = args.filter((a) => a !== "--no-build");
const bin = (name) => join(ROOT, "node_modules", ".bin", name);

let chromium;
try {
  chromium = findChromium();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}

if (!noBuild) {
  const b = spawnSync(bin("vite"), ["build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const { freePort } = await import("./lib/port.mjs");
const port = process.env.CC_E2E_BASE_URL ? "" : String(await freePort(Number(process.env.CC_E2E_PORT) || 4173));
const r = spawnSync(bin("playwright"), ["test", ...pwArgs], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, CHROMIUM_PATH: chromium, ...(port ? { CC_E2E_PORT: port } : {}) },
});
process.exit(r.status ?? 1);
