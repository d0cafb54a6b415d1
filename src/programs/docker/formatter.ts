import { tabwrite } from "../../shared/format";
import { compileTemplate } from "./template";

/**
 * docker/cli's formatter.Context for list commands: `table` (the default
 * columns), `table TEMPLATE` (a header row rendered from the column names,
 * tab-separated cells laid out by tabwriter), `json` (one object per line) or a
 * plain TEMPLATE (one line per row).
 */
export function renderRows(
  format: string,
  defaultTable: string,
  headers: Record<string, string>,
  rows: Record<string, unknown>[],
  tab: { minWidth?: number; padding?: number } = {},
): string {
  const f = format === "" || format === "table" ? defaultTable : format;
  if (f === "json") return rows.map((r) => `${JSON.stringify(sortKeys(r))}\n`).join("");
  if (f.startsWith("table")) {
    const t = compileTemplate(f.slice(5).trim());
    const lines = [t(headers), ...rows.map((r) => t(r))];
    return tabwrite(
      lines.map((l) => l.split("\t")),
      tab,
    );
  }
  const t = compileTemplate(f);
  return rows.map((r) => `${t(r)}\n`).join("");
}

function sortKeys(r: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(r)
      .filter(([k]) => !k.startsWith("__"))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
