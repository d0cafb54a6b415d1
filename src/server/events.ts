/** GET /events for one session: the engine's stream, filtered to the session's own objects and in its names. */
import type { EngineEvent } from "../engine/api/types";
import { dockerEvent, dockerImageName, eventMatches, eventTimeMs, parseApiTime } from "./compat";
import { type Ctx, ep, type GatewayInternals, qs } from "./gateway-internals";
import { parseFilters } from "./http-util";
import { displayName, LABEL_GATEWAY, LABEL_PREFIX, LABEL_SESSION, namePrefix } from "./registry";
import type { ImageRoutes } from "./routes/images";

export class SessionEvents {
  constructor(
    private readonly gw: GatewayInternals,
    private readonly images: ImageRoutes,
  ) {}

  async stream(ctx: Ctx) {
    const user = parseFilters(ctx.query.get("filters"));
    // Volume and network events carry no labels on the engine (only driver, name, type), so the session
    // filter cannot go upstream as a label filter: the stream is filtered here, event by event.
    const filters: Record<string, string[]> = {};
    for (const k of ["type", "event", "image", "label"]) if (user[k]) filters[k] = user[k];
    if (user.container) {
      filters.container = user.container.map((ref) => {
        const r = this.gw.registry.resolveContainer(ctx.sid, ref);
        return "ok" in r ? r.ok.id : "0000000000000000000000000000000000000000000000000000000000000000";
      });
    }
    // Podman keeps only the first value of each filter key and cuts `until` by the wall clock while it
    // still reads its log (see compat.ts): there, several values are matched here, and a window is read
    // whole (stream=false) once it has passed, cut at `until` here.
    const podman = this.gw.engineKind === "podman";
    const upstream = podman ? Object.fromEntries(Object.entries(filters).filter(([, v]) => v.length === 1)) : filters;
    const untilMs = podman ? parseApiTime(ctx.query.get("until")) : null;
    if (untilMs !== null) {
      let gone = false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(2 ** 31 - 1, Math.max(0, untilMs - Date.now() + 250)));
        ctx.res.once("close", () => {
          gone = true;
          clearTimeout(timer);
          resolve();
        });
      });
      if (gone) return;
    }
    const q = qs({
      since: ctx.query.get("since"),
      until: untilMs === null ? ctx.query.get("until") : undefined,
      stream: untilMs === null ? undefined : "false",
      filters: Object.keys(upstream).length ? JSON.stringify(upstream) : undefined,
    });
    await this.gw.pipe(ctx, "GET", ep(ctx, `/events${q}`), (line) => {
      try {
        let e = JSON.parse(line) as EngineEvent & { id?: string; from?: string; status?: string };
        if (podman) {
          e = dockerEvent(e);
          if (!eventMatches(e, filters) || (untilMs !== null && eventTimeMs(e) > untilMs)) return null;
          if (e.from) e.from = dockerImageName(e.from);
          if (e.Actor?.Attributes?.image) e.Actor.Attributes.image = dockerImageName(e.Actor.Attributes.image);
          // Podman names images in full (docker.io/library/cc-<sid>-app:1); dockerd as they were tagged.
          if (e.Type === "image" && e.Actor?.Attributes?.name)
            e.Actor.Attributes.name = dockerImageName(e.Actor.Attributes.name);
        }
        if (!this.ownEvent(ctx.sid, e)) return null;
        const attrs: Record<string, string> = {};
        for (const [k, v] of Object.entries(e.Actor?.Attributes ?? {})) {
          if (k.startsWith(LABEL_PREFIX)) continue;
          attrs[k] = k === "name" ? displayName(ctx.sid, v) : v;
        }
        const actorId = e.Type === "volume" ? displayName(ctx.sid, e.Actor.ID) : e.Actor?.ID;
        return JSON.stringify({ ...e, Actor: { ...e.Actor, ID: actorId, Attributes: attrs } });
      } catch {
        return null;
      }
    });
  }

  /** Whether an engine event is about one of the session's own objects. */
  ownEvent(sid: string, e: EngineEvent): boolean {
    const attrs = e.Actor?.Attributes ?? {};
    const mine = (labels: Record<string, string>) =>
      labels[LABEL_SESSION] === sid && labels[LABEL_GATEWAY] === this.gw.gatewayId;
    switch (e.Type) {
      case "container":
        return mine(attrs);
      case "volume":
        // Session volumes are stored under the session's prefix (see namePrefix).
        return String(e.Actor?.ID ?? "").startsWith(namePrefix(sid));
      case "network": {
        if (String(attrs.name ?? "").startsWith(namePrefix(sid))) return true;
        // connect/disconnect on a shared network (bridge): only for the session's own containers.
        const c = attrs.container ? this.gw.registry.containers.get(attrs.container) : undefined;
        return c?.sid === sid;
      }
      case "image":
        return this.images.ownImageEvent(sid, e);
      default:
        return false;
    }
  }
}
