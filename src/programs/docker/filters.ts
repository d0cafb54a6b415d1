import { UsageError } from "./cli";

/** `--filter k=v` values as the API's filters map (docker/cli opts.FilterOpt). */
export function parseFilters(values: string[], display = "-f, --filter"): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of values) {
    const i = f.indexOf("=");
    if (i < 0)
      throw new UsageError(`invalid argument "${f}" for "${display}" flag: bad format of filter (expected name=value)`);
    const k = f.slice(0, i).trim().toLowerCase();
    out[k] = [...(out[k] ?? []), f.slice(i + 1).trim()];
  }
  return out;
}
