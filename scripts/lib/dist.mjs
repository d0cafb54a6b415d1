// Helpers around the production build (dist/) and `vite preview`, for bench and screenshot scripts.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./deps.mjs";

export const DIST = join(ROOT, "dist");

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Why dist/ must be (re)built, or null when it is newer than every input. */
export function distProblem() {
  const index = join(DIST, "index.html");
  if (!existsSync(index)) return "dist/ is missing";
  const built = statSync(index).mtimeMs;
  const inputs = ["src", "lessons", "public", "index.html", "vite.config.ts", "package-lock.json"];
  const changed = inputs.find((p) => newestMtime(join(ROOT, p)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

/** Build dist/ when it is missing or stale (or always, with force). Throws when the build fails. */
export function ensureDist({ force = false } = {}) {
  const problem = force ? "rebuild requested" : distProblem();
  if (!problem) return false;
  console.log(`Building dist/ (${problem}) ...`);
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error("vite build failed (see above)");
  return true;
}

/** Serve dist/ with `vite preview` on 127.0.0.1 and a free port. Returns { url, close }. */
export async function startPreview() {
  const { preview } = await import("vite");
  const server = await preview({
    root: ROOT,
    logLevel: "silent",
    preview: { host: "127.0.0.1", port: 4180, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local?.[0];
  if (!url) throw new Error("vite preview did not report a URL");
  return {
    url,
    close: () => new Promise((resolve) => server.httpServer.close(() => resolve())),
  };
}
