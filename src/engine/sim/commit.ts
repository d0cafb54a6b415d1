/**
 * `docker commit -c`: the Dockerfile instructions a commit may apply to the new
 * image's config (moby's validCommitCommands), parsed the way the builder does.
 */
import { normalize } from "../../machine/layered-fs";
import { badRequest } from "../api/errors";
import type { ImageConfig } from "../api/types";

const VALID = new Set([
  "cmd",
  "entrypoint",
  "healthcheck",
  "env",
  "expose",
  "label",
  "onbuild",
  "stopsignal",
  "user",
  "volume",
  "workdir",
]);

/** Exec form (JSON array) or shell form (`/bin/sh -c …`). */
function execForm(args: string): string[] {
  const t = args.trim();
  if (t.startsWith("[")) {
    try {
      const v = JSON.parse(t);
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
    } catch {}
  }
  return ["/bin/sh", "-c", t];
}

/** KEY=VALUE pairs (quotes removed), or the legacy "KEY VALUE" form. */
function pairs(args: string): [string, string][] {
  const t = args.trim();
  if (!/^[^\s=]+=/.test(t)) {
    const i = t.search(/\s/);
    return i < 0 ? [[t, ""]] : [[t.slice(0, i), t.slice(i).trim()]];
  }
  const out: [string, string][] = [];
  for (const m of t.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g))
    out.push([
      m[1],
      m[2]
        .replace(/^"(.*)"$/s, "$1")
        .replace(/^'(.*)'$/s, "$1")
        .replace(/\\(.)/g, "$1"),
    ]);
  return out;
}

/** Apply `changes` to a copy of `config`. Throws the daemon's 400 for an instruction commit does not allow. */
export function applyChanges(config: ImageConfig, changes: string[]): ImageConfig {
  const c: ImageConfig = structuredClone(config);
  for (const change of changes) {
    for (const line of change.split("\n")) {
      const t = line.trim();
      if (!t || t.startsWith("#")) continue;
      const sp = t.search(/\s/);
      const kw = (sp < 0 ? t : t.slice(0, sp)).toLowerCase();
      const args = sp < 0 ? "" : t.slice(sp + 1);
      if (!VALID.has(kw)) throw badRequest(`${kw} is not a valid change command`);
      switch (kw) {
        case "cmd":
          c.Cmd = execForm(args);
          break;
        case "entrypoint":
          c.Entrypoint = execForm(args);
          break;
        case "env": {
          const env = new Map(
            c.Env.map((kv) => {
              const i = kv.indexOf("=");
              return [kv.slice(0, i), kv.slice(i + 1)] as [string, string];
            }),
          );
          for (const [k, v] of pairs(args)) env.set(k, v);
          c.Env = [...env].map(([k, v]) => `${k}=${v}`);
          break;
        }
        case "label":
          c.Labels = { ...(c.Labels ?? {}), ...Object.fromEntries(pairs(args)) };
          break;
        case "expose": {
          const ports = { ...(c.ExposedPorts ?? {}) };
          for (const p of args.split(/\s+/).filter(Boolean)) ports[p.includes("/") ? p : `${p}/tcp`] = {};
          c.ExposedPorts = ports;
          break;
        }
        case "user":
          c.User = args.trim();
          break;
        case "workdir":
          c.WorkingDir = normalize(args.trim().startsWith("/") ? args.trim() : `${c.WorkingDir || "/"}/${args.trim()}`);
          break;
        case "volume": {
          const t2 = args.trim();
          let vols: string[];
          try {
            vols = t2.startsWith("[") ? (JSON.parse(t2) as string[]) : t2.split(/\s+/).filter(Boolean);
          } catch {
            vols = t2.split(/\s+/).filter(Boolean);
          }
          c.Volumes = { ...(c.Volumes ?? {}), ...Object.fromEntries(vols.map((v) => [v, {}])) };
          break;
        }
        case "stopsignal":
          c.StopSignal = args.trim();
          break;
        default:
          // healthcheck, onbuild: accepted and kept out of this simulator's image config.
          break;
      }
    }
  }
  return c;
}
