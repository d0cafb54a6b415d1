import { ellipsis } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, list, StatusError, str } from "../cli";
import { parseFilters } from "../filters";
import { renderRows } from "../formatter";

const DEFAULT = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";
const HEADERS = {
  Name: "NAME",
  Description: "DESCRIPTION",
  StarCount: "STARS",
  IsOfficial: "OFFICIAL",
  IsAutomated: "AUTOMATED",
};

export const search: CommandSpec = {
  name: "search",
  usage: "search [OPTIONS] TERM",
  short: "Search Docker Hub for images",
  flags: [
    {
      name: "filter",
      short: "f",
      type: "stringArray",
      valueName: "filter",
      description: "Filter output based on conditions provided",
    },
    { name: "format", type: "string", description: "Pretty-print search using a Go template" },
    { name: "limit", type: "int", description: "Max number of search results" },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
  ],
  args: { exact: 1 },
  async run(cli, flags, args) {
    const filters = parseFilters(list(flags.filter));
    const trunc = !bool(flags["no-trunc"]);
    const format = str(flags.format);
    const json = format === "json";
    try {
      const results = await cli.engine.imageSearch({
        term: args[0],
        limit: typeof flags.limit === "number" ? flags.limit : undefined,
        filters,
      });
      const rows = results.map((r) => {
        const desc = r.description.replace(/[\r\n]/g, " ");
        return {
          __type: "*registry.searchContext",
          Name: r.name,
          Description: trunc && !json ? ellipsis(desc, 45) : desc,
          StarCount: String(r.star_count),
          IsOfficial: r.is_official ? (json ? "true" : "[OK]") : json ? "false" : "",
          IsAutomated: r.is_automated ? (json ? "true" : "[OK]") : json ? "false" : "",
        };
      });
      cli.out(renderRows(format, DEFAULT, HEADERS, rows));
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
