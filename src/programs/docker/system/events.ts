import type { EngineEvent } from "../../../engine/api/types";
import { type CommandSpec, daemonError, list, StatusError, str } from "../cli";
import { parseFilters } from "../filters";
import { compileTemplate } from "../template";
import { FORMAT_JSON_HELP } from "../usage";

/** A Go duration ("10m", "1h30m", "1.5s") in nanoseconds. */
function goDuration(v: string): number | undefined {
  if (!/^[-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v) && v !== "0") return undefined;
  const unit: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let ns = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ns += Number(m[1]) * unit[m[2]];
  return v.startsWith("-") ? -ns : ns;
}

/**
 * docker/cli timetypes.GetTimestamp: a duration is that long before now, a date or
 * RFC 3339 time is parsed (UTC when it has no zone), a Unix time is passed as is.
 */
export function getTimestamp(value: string, nowMs: number): string {
  if (value === "") return "";
  const d = goDuration(value);
  if (d !== undefined) {
    const ns = nowMs * 1e6 - d;
    return `${Math.floor(ns / 1e9)}.${String(Math.round(ns % 1e9)).padStart(9, "0")}`;
  }
  if (/^\d+(\.\d{1,9})?$/.test(value)) return value;
  const m = /^(\d{4}-\d\d-\d\d)(?:T(\d\d)(?::(\d\d)(?::(\d\d)(\.\d+)?)?)?)?(Z|[+-]\d\d:\d\d)?$/.exec(value);
  if (m) {
    const iso = `${m[1]}T${m[2] ?? "00"}:${m[3] ?? "00"}:${m[4] ?? "00"}${m[5] ?? ""}${m[6] ?? "Z"}`;
    const t = Date.parse(iso);
    if (!Number.isNaN(t)) {
      const frac = (m[5] ?? ".0").slice(1).padEnd(9, "0").slice(0, 9);
      return `${Math.floor(t / 1000)}.${frac}`;
    }
  }
  throw new StatusError(`failed to parse value as time or duration: "${value}"\n`, 1);
}

/** RFC3339NanoFixed, in UTC (the machine's time zone). */
function eventTime(e: EngineEvent): string {
  const sec = e.time || Math.floor(e.timeNano / 1e9);
  // timeNano (~1.8e18) is beyond a double's exact integers: microseconds are what is reliable.
  const us = e.timeNano ? Math.min(999_999, Math.max(0, Math.round((e.timeNano - sec * 1e9) / 1000))) : 0;
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}.${String(us * 1000).padStart(9, "0")}Z`;
}

export function prettyEvent(e: EngineEvent): string {
  const attrs = Object.keys(e.Actor.Attributes)
    .sort()
    .map((k) => `${k}=${e.Actor.Attributes[k]}`);
  return `${eventTime(e)} ${e.Type} ${e.Action} ${e.Actor.ID}${attrs.length ? ` (${attrs.join(", ")})` : ""}\n`;
}

export const events: CommandSpec = {
  name: "events",
  aliases: ["system events"],
  usage: "events [OPTIONS]",
  short: "Get real time events from the server",
  flags: [
    {
      name: "filter",
      short: "f",
      type: "stringArray",
      valueName: "filter",
      description: "Filter output based on conditions provided",
    },
    { name: "format", type: "string", description: FORMAT_JSON_HELP },
    { name: "since", type: "string", description: "Show all events created since timestamp" },
    { name: "until", type: "string", description: "Stream events until this timestamp" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    const filters = parseFilters(list(flags.filter));
    const now = cli.clock.now();
    const since = getTimestamp(str(flags.since), now);
    let until = getTimestamp(str(flags.until), now);
    // Without a terminal (a pipe, a script) nobody can press Ctrl+C: the stream ends with the past
    // events instead of waiting forever, as if --until were now. On a real engine it would block.
    if (!until && !cli.ctx.tty) until = getTimestamp("0s", now);
    const format = str(flags.format);
    const template = format && format !== "json" ? compileTemplate(format) : null;
    const print = (e: EngineEvent) => {
      if (format === "json") cli.out(`${JSON.stringify(e)}\n`);
      else if (template)
        cli.out(
          `${template({
            __type: "events.Message",
            // {{json .}} marshals the message itself.
            toJSON: () => e,
            Status: e.status ?? "",
            ID: e.id ?? "",
            From: e.from ?? "",
            Type: e.Type,
            Action: e.Action,
            Actor: e.Actor,
            Scope: e.scope ?? "local",
            Time: e.time,
            TimeNano: e.timeNano,
          })}\n`,
        );
      else cli.out(prettyEvent(e));
    };
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    cli.ctx.signal.addEventListener("abort", onAbort, { once: true });
    const release = cli.ctx.tty ? cli.ctx.claimInput((d) => d.includes("\x03") && stop.abort()) : () => {};
    try {
      await cli.engine.events({ since: since || undefined, until: until || undefined, filters }, print, stop.signal);
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    } finally {
      release();
      cli.ctx.signal.removeEventListener("abort", onAbort);
    }
    if (stop.signal.aborted && cli.ctx.tty) {
      cli.ctx.tty.write("^C\n");
      return 130;
    }
    return 0;
  },
};
