// Make sure node_modules matches package-lock.json before anything imports vite, vitest or playwright.
// Only node: built-ins here: this runs on a fresh clone, before `npm ci`.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

function readJson(p) {
  return JSON.parse(readFileSync(p, "utf8"));
}

/**
 * Why node_modules needs an install, or null when it is up to date.
 * Compares every package the lockfile pins with the version installed (optional, platform-specific
 * packages may be absent), so it also catches a `git pull` that changed the lockfile.
 */
export function depsProblem(root = ROOT) {
  const nm = join(root, "node_modules");
  if (!existsSync(nm)) return "node_modules is missing";
  const lockPath = join(root, "package-lock.json");
  const pkg = readJson(join(root, "package.json"));
  const wanted = { ...pkg.dependencies, ...pkg.devDependencies };
  if (!existsSync(lockPath)) {
    const missing = Object.keys(wanted).find((name) => !existsSync(join(nm, name, "package.json")));
    return missing ? `${missing} is not installed` : null;
  }
  const lock = readJson(lockPath);
  const packages = lock.packages ?? {};
  for (const name of Object.keys(wanted)) {
    if (!packages[`node_modules/${name}`])
      return `package-lock.json has no entry for ${name} (out of sync with package.json)`;
  }
  for (const [key, entry] of Object.entries(packages)) {
    if (!key || entry.link || entry.extraneous) continue;
    const manifest = join(root, key, "package.json");
    if (!existsSync(manifest)) {
      if (entry.optional || entry.devOptional || entry.peer) continue;
      return `${key.replace(/^.*node_modules\//, "")} is not installed`;
    }
    if (entry.version) {
      let have;
      try {
        have = readJson(manifest).version;
      } catch {
        return `${key} has an unreadable package.json`;
      }
      if (have !== entry.version) {
        return `${key.replace(/^.*node_modules\//, "")} is ${have}, package-lock.json wants ${entry.version}`;
      }
    }
  }
  return null;
}

function npm(args, root, { capture = false } = {}) {
  console.log(`$ npm ${args.join(" ")}`);
  const r = spawnSync("npm", args, {
    cwd: root,
    stdio: capture ? ["inherit", "inherit", "pipe"] : "inherit",
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  if (capture && r.stderr) {
    // npm ci's usage dump after an EUSAGE error is noise; keep the lines that say what is wrong.
    const usage = r.stderr.includes("EUSAGE");
    const lines = r.stderr.split("\n").filter((l) => !usage || /EUSAGE|in sync|Missing:|Invalid:/.test(l));
    process.stderr.write(`${lines.join("\n")}\n`);
  }
  return { ok: r.status === 0, stderr: r.stderr ?? "" };
}

/** Install dependencies if needed (`npm ci`, or `npm install` without a usable lockfile). Exits on failure. */
export function ensureDeps(root = ROOT) {
  const [major] = process.versions.node.split(".").map(Number);
  if (major < 20) {
    console.error(`Node ${process.versions.node} is too old: Container Classroom needs Node 20 or newer.`);
    process.exit(1);
  }
  const problem = depsProblem(root);
  if (!problem) return false;
  console.log(`의존성 설치 중 (Installing dependencies): ${problem}.`);
  const lockPath = join(root, "package-lock.json");
  const hasLock = existsSync(lockPath);
  const outOfSync = problem.includes("out of sync");
  let ok;
  if (hasLock && !outOfSync) {
    const ci = npm(["ci", "--no-audit", "--no-fund"], root, { capture: true });
    ok = ci.ok;
    // npm ci refuses a lockfile that lacks an optional dependency the registry does not serve
    // (vite's Windows-only napi-windows-process-start-time here); npm install copes with it.
    if (!ok && ci.stderr.includes("can only install packages when your package.json and package-lock.json")) {
      console.log("npm ci refused the lockfile; trying npm install instead.");
      const before = readFileSync(lockPath, "utf8");
      ok = npm(["install", "--no-audit", "--no-fund"], root).ok;
      if (ok && readFileSync(lockPath, "utf8") !== before) {
        console.warn("Note: npm install updated package-lock.json (it was out of sync with package.json).");
      }
    }
  } else {
    ok = npm(["install", "--no-audit", "--no-fund"], root).ok;
  }
  if (!ok) {
    console.error("npm could not install the dependencies; see the npm output above.");
    process.exit(1);
  }
  return true;
}
