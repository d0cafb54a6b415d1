/**
 * The daemon's event log (GET /events): recent events are kept so `--since`
 * can replay them, and every event is matched against the filters the API
 * accepts (type, event, container, image, volume, network, label, scope).
 */
import type { EngineEvent, EventsOptions } from "../api/types";

/** moby keeps the last 256 events in memory; the classroom keeps a few more. */
const KEEP = 1024;

export class EventLog {
  readonly events: EngineEvent[] = [];

  add(e: EngineEvent): void {
    this.events.push(e);
    if (this.events.length > KEEP) this.events.splice(0, this.events.length - KEEP);
  }
}

/** "1795869030", "1795869030.5", "1795869030.000000001" → nanoseconds since the epoch. */
export function parseApiTime(v: string | undefined): number | undefined {
  if (v === undefined || v === "") return undefined;
  const m = /^(-?\d+)(?:\.(\d{1,9}))?$/.exec(v.trim());
  if (!m) return undefined;
  return Number(m[1]) * 1e9 + Number((m[2] ?? "").padEnd(9, "0") || 0);
}

/**
 * Does the event pass GET /events filters? As moby's events.Filter: values of one key are
 * OR-ed, keys AND-ed; container/volume/network match the actor's ID or name by prefix
 * (whatever the event's type), image matches the image name with or without its tag.
 */
export function matchesEvent(e: EngineEvent, filters: Record<string, string[]> = {}): boolean {
  const attrs = e.Actor.Attributes;
  const has = (k: string) => (filters[k]?.length ?? 0) > 0;
  const exact = (k: string, v: string) => !has(k) || filters[k].includes(v);
  const fuzzy = (k: string, v: string | undefined) =>
    !has(k) || (v !== undefined && filters[k].some((f) => v.startsWith(f)));
  const fuzzyName = (k: string) => !has(k) || fuzzy(k, e.Actor.ID) || fuzzy(k, attrs.name);
  const loose = ["health_status", "exec_create", "exec_start"];
  const eventOk =
    has("event") && filters.event.some((f) => loose.includes(f)) ? fuzzy("event", e.Action) : exact("event", e.Action);
  if (!eventOk || !exact("type", e.Type) || !exact("scope", e.scope ?? "local")) return false;
  if (has("daemon") && e.Type !== "daemon") return false;
  if (!fuzzyName("container") || !fuzzyName("volume") || !fuzzyName("network")) return false;
  if (has("image")) {
    const name = e.Type === "image" ? attrs.name : attrs.image;
    const strip = (r: string | undefined) => r?.replace(/:[^:/]+$/, "");
    if (![e.Actor.ID, name, strip(e.Actor.ID), strip(name)].some((v) => v !== undefined && filters.image.includes(v)))
      return false;
  }
  if (has("label"))
    for (const l of filters.label) {
      const i = l.indexOf("=");
      const k = i >= 0 ? l.slice(0, i) : l;
      if (!(k in attrs) || (i >= 0 && attrs[k] !== l.slice(i + 1))) return false;
    }
  return true;
}

/**
 * Is the event at or before `until` (nanoseconds)? The simulated clock counts milliseconds and
 * events of one millisecond get microsecond offsets to keep them apart: compare milliseconds.
 */
export const notAfter = (e: EngineEvent, until: number | undefined) =>
  until === undefined || Math.floor(e.timeNano / 1e6) <= Math.floor(until / 1e6);

/** The events of the log that fall in [since, until] (nanoseconds) and pass the filters. */
export function pastEvents(log: EventLog, opts: EventsOptions): EngineEvent[] {
  const since = parseApiTime(opts.since);
  const until = parseApiTime(opts.until);
  if (since === undefined) return [];
  return log.events.filter(
    (e) =>
      Math.floor(e.timeNano / 1e6) >= Math.floor(since / 1e6) && notAfter(e, until) && matchesEvent(e, opts.filters),
  );
}
