/**
 * Podman's Docker-compatible API (podman system service, 4.x) answers a few things differently from
 * dockerd. The gateway relies on these answers for isolation and for the Docker view it gives
 * learners, so the differences are normalised here, in pure functions, and tested against both
 * engines (tests/server/podman.test.ts and the whole tests/server suite with CC_TEST_ENGINE).
 *
 * - Label filters on /volumes and /volumes/prune match ANY of several labels (dockerd: ALL):
 *   the gateway filters volumes by one label upstream and checks every label itself.
 * - Event filters keep only the first value of each key, and `until` stops the engine's reader at
 *   that wall-clock time rather than at that event time (a window in the past comes back empty or
 *   cut short): the gateway filters events itself, and for Podman reads a finished window with
 *   stream=false after it has passed.
 * - Container removal is the event "remove" (dockerd: "destroy"); volume events carry the name in
 *   Actor.Attributes.name with an empty Actor.ID; there are no network events and no volume "mount".
 * - A container name already in use is a 500 with Podman's text (dockerd: 409 "Conflict. …").
 * - Images are named fully qualified: `localhost/busybox:latest` for an imported image, also as a
 *   container's Image (the gateway keeps the learner's name in the label LABEL_IMAGE).
 */
import type http from "node:http";
import type { EngineEvent } from "../engine/api/types";
import { LABEL_PREFIX } from "./registry";

export type EngineKind = "docker" | "podman";

/**
 * On Podman, the image a container was created from as the learner named it: Podman reports the
 * resolved name (localhost/busybox:latest) where Docker reports "busybox" in ps and inspect.
 */
export const LABEL_IMAGE = `${LABEL_PREFIX}image`;

/** From the headers of GET /_ping: Podman adds Libpod-Api-Version and says "Server: Libpod/…". */
export function engineKindFromHeaders(headers: http.IncomingHttpHeaders): EngineKind {
  if (headers["libpod-api-version"] || /^libpod\//i.test(String(headers.server ?? ""))) return "podman";
  return "docker";
}

/** "key" or "key=value" label filters, all of which must match (Docker's semantics). */
export function labelsMatch(labels: Record<string, string> | null | undefined, filters: string[]): boolean {
  const l = labels ?? {};
  return filters.every((f) => {
    const eq = f.indexOf("=");
    if (eq < 0) return Object.hasOwn(l, f);
    return l[f.slice(0, eq)] === f.slice(eq + 1);
  });
}

/**
 * How Podman names an image, as Docker would: `localhost/busybox:latest` (an image imported or built
 * locally) and `docker.io/library/alpine:3.19` (pulled) are `busybox:latest` and `alpine:3.19`.
 */
export function dockerImageName(ref: string): string {
  return ref
    .replace(/^localhost\//, "")
    .replace(/^docker\.io\/library\//, "")
    .replace(/^docker\.io\//, "");
}

/** Podman's answer to a create with a name in use, as Docker's 409; null for any other answer. */
export function nameConflict(status: number, body: Buffer, realName: string | null): { message: string } | null {
  if (status !== 500 || !realName) return null;
  const text = body.toString("utf8");
  if (!/that name is already in use/.test(text)) return null;
  const id = /already in use by ([0-9a-f]{64})/.exec(text)?.[1] ?? "";
  return {
    message:
      `Conflict. The container name "/${realName}" is already in use by container "${id}". ` +
      "You have to remove (or rename) that container to be able to reuse that name.",
  };
}

/** An event in the Docker shape: container removal is "destroy", a volume's Actor.ID is its name. */
export function dockerEvent<E extends EngineEvent & { status?: string }>(e: E): E {
  let out = e;
  if (e.Type === "container" && e.Action === "remove") {
    out = { ...out, Action: "destroy", ...(e.status === "remove" ? { status: "destroy" } : {}) };
  }
  if (e.Type === "volume" && !e.Actor?.ID && e.Actor?.Attributes?.name) {
    out = { ...out, Actor: { ...e.Actor, ID: e.Actor.Attributes.name } };
  }
  return out;
}

/**
 * Docker's event filters (type, event, label, container ids) applied to one event; the gateway
 * applies them itself because Podman keeps only the first value of each filter key.
 */
export function eventMatches(e: EngineEvent, filters: Record<string, string[]>): boolean {
  if (filters.type?.length && !filters.type.includes(e.Type)) return false;
  if (filters.event?.length) {
    const action = String(e.Action ?? "").split(":")[0];
    if (!filters.event.includes(action)) return false;
  }
  if (filters.label?.length && !labelsMatch(e.Actor?.Attributes, filters.label)) return false;
  if (filters.container?.length && !(e.Type === "container" && filters.container.includes(e.Actor?.ID))) return false;
  return true;
}

/** A Docker API time ("1795869030", "1795869030.123456789" or RFC 3339) in milliseconds; null if unreadable. */
export function parseApiTime(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/** An event's time in milliseconds (timeNano when present). */
export function eventTimeMs(e: { time?: number; timeNano?: number }): number {
  if (typeof e.timeNano === "number" && e.timeNano > 0) return e.timeNano / 1e6;
  return (e.time ?? 0) * 1000;
}

/**
 * One line of Podman's /build stream (buildah's words) as the lines dockerd's classic builder sends,
 * so the gateway's step filter, the docker CLI and the app read the same thing from both engines:
 * `STEP 2/5: RUN x` → `Step 2/5 : RUN x` + its newline; `--> 2949d780a72` → ` ---> 2949d780a72`;
 * buildah's own `COMMIT …`, its first `Successfully tagged docker.io/library/…` and the bare image id
 * are dropped (the compat layer sends aux.ID, `Successfully built` and `Successfully tagged` after).
 */
export function dockerBuildLines(raw: string, stages?: BuildahStages): string[] {
  let msg: { stream?: unknown };
  try {
    msg = JSON.parse(raw) as { stream?: unknown };
  } catch {
    return [raw];
  }
  if (typeof msg.stream !== "string") return [raw];
  // A multi-stage build prefixes each line with its stage, `[2/3] `, and counts steps per stage.
  const staged = /^\[(\d+)\/(\d+)\] ([\s\S]*)$/.exec(msg.stream);
  const s = staged ? staged[3] : msg.stream;
  const step = /^STEP (\d+)\/(\d+): ([\s\S]*?)\n?$/.exec(s);
  if (step) {
    // Labels from the query: buildah quotes them (`LABEL "course"="docker-101"`), dockerd does not.
    const text = step[3].replace(/^LABEL "([^"\s]+)"="([^"\s]*)"$/, "LABEL $1=$2");
    let [n, total] = [Number(step[1]), Number(step[2])];
    if (staged && stages) [n, total] = stages.step(Number(staged[1]), n, total);
    return [JSON.stringify({ stream: `Step ${n}/${total} : ${text}` }), JSON.stringify({ stream: "\n" })];
  }
  const id = /^--> ([0-9a-f]{6,64})\n?$/.exec(s);
  if (id) return [JSON.stringify({ stream: ` ---> ${id[1]}\n` })];
  if (/^COMMIT\b/.test(s) || /^[0-9a-f]{64}\n?$/.test(s)) return [];
  if (/^Successfully tagged (docker\.io|localhost)\//.test(s)) return [];
  return [staged ? JSON.stringify({ ...msg, stream: s }) : raw];
}

/**
 * dockerd numbers a multi-stage build's steps through the whole Dockerfile (`Step 4/7`), buildah
 * per stage (`[2/2] STEP 1/4`). Stage k's steps follow those of the stages before it; the whole
 * count is the Dockerfile's (the gateway knows it) or, failing that, what has been seen so far.
 */
export class BuildahStages {
  private readonly sizes = new Map<number, number>();
  constructor(private readonly total: number | null) {}

  step(stage: number, n: number, stageTotal: number): [number, number] {
    this.sizes.set(stage, stageTotal);
    let before = 0;
    for (let k = 1; k < stage; k++) before += this.sizes.get(k) ?? 0;
    let seen = 0;
    for (const v of this.sizes.values()) seen += v;
    return [before + n, Math.max(this.total ?? 0, seen)];
  }
}
