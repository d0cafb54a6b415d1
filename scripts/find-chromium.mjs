#!/usr/bin/env node
// Find a Chromium for Playwright without ever downloading a browser.
//
// Order: $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, Playwright's cache
// (~/.cache/ms-playwright/*/chrome-linux*/chrome). If none is found and we are root on Debian
// with apt-get, install Debian's `chromium` package. Otherwise fail with one clear sentence.
//
// Library:  import { findChromium } from "./find-chromium.mjs";  findChromium({ install: false })
// CLI:      node scripts/find-chromium.mjs [--no-install]   → prints the path, exit 0; or one sentence on stderr, exit 1.

import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Flags for headless Chromium on CI machines and school PCs (no sandbox as root, no GPU, no phoning home). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

function isExecutable(p) {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightCacheCandidates() {
  const roots = [process.env.PLAYWRIGHT_BROWSERS_PATH, join(homedir(), ".cache", "ms-playwright")].filter(Boolean);
  const found = [];
  for (const root of roots) {
    let entries = [];
    try {
      entries = readdirSync(root).sort().reverse(); // newest revision first
    } catch {
      continue;
    }
    for (const dir of entries) {
      if (!dir.startsWith("chromium")) continue;
      for (const sub of ["chrome-linux", "chrome-linux64"]) found.push(join(root, dir, sub, "chrome"));
    }
  }
  return found;
}

/** Candidate paths, in the order they are tried. */
export function chromiumCandidates() {
  const list = [];
  if (process.env.CHROMIUM_PATH) list.push(process.env.CHROMIUM_PATH);
  list.push(...SYSTEM_PATHS, ...playwrightCacheCandidates());
  return list;
}

/** The first executable Chromium found, or null. Never installs anything. */
export function locateChromium() {
  if (process.env.CHROMIUM_PATH && !isExecutable(process.env.CHROMIUM_PATH)) {
    throw new Error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but no executable is there.`);
  }
  return chromiumCandidates().find(isExecutable) ?? null;
}

function canAptInstall() {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  return isRoot && existsSync("/etc/debian_version") && hasApt;
}

/**
 * Path to a Chromium executable. With install (the default), installs Debian's `chromium` with apt-get
 * when nothing is found and we are root on Debian. Throws an Error with one clear sentence otherwise.
 */
export function findChromium({ install = true, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const found = locateChromium();
  if (found) return found;
  if (install && canAptInstall()) {
    log("Chromium not found; installing Debian's chromium package (apt-get install -y chromium) ...");
    const r = spawnSync(
      "sh",
      ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"],
      {
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    const after = locateChromium();
    if (r.status === 0 && after) return after;
    throw new Error(
      "Chromium is not installed and `apt-get install -y chromium` failed; install it and/or set CHROMIUM_PATH.",
    );
  }
  throw new Error(
    "No Chromium found (tried $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser and ~/.cache/ms-playwright): " +
      "install Debian's chromium (`sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium executable.",
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`${findChromium({ install: !process.argv.includes("--no-install") })}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
