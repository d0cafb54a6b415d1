import { tabwrite } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, list, StatusError, str } from "../cli";
import { compileTemplate } from "../template";

export const ls: CommandSpec = {
  name: "ls",
  aliases: ["list"],
  usage: "ls [OPTIONS]",
  short: "List networks",
  flags: [
    { name: "filter", short: "f", type: "stringArray", description: 'Provide filter values (e.g. "driver=bridge")' },
    { name: "format", type: "string", description: "Format output using a custom template" },
    { name: "no-trunc", type: "bool", description: "Do not truncate the output" },
    { name: "quiet", short: "q", type: "bool", description: "Only display network IDs" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    const filters: Record<string, string[]> = {};
    for (const f of list(flags.filter)) {
      const i = f.indexOf("=");
      filters[f.slice(0, i)] = [...(filters[f.slice(0, i)] ?? []), f.slice(i + 1)];
    }
    let nets: Awaited<ReturnType<typeof cli.engine.networkList>>;
    try {
      nets = (await cli.engine.networkList({ filters })).sort((a, b) => (a.Name < b.Name ? -1 : 1));
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    const id = (full: string) => (bool(flags["no-trunc"]) ? full : full.slice(0, 12));
    if (bool(flags.quiet)) {
      for (const n of nets) cli.out(`${id(n.Id)}\n`);
      return 0;
    }
    const format = str(flags.format);
    if (format && !format.startsWith("table")) {
      const t = compileTemplate(format);
      for (const n of nets) cli.out(`${t({ ID: id(n.Id), Name: n.Name, Driver: n.Driver, Scope: n.Scope })}\n`);
      return 0;
    }
    cli.out(
      tabwrite([["NETWORK ID", "NAME", "DRIVER", "SCOPE"], ...nets.map((n) => [id(n.Id), n.Name, n.Driver, n.Scope])]),
    );
    return 0;
  },
};
