import { tabwrite } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, list, StatusError, str } from "../cli";
import { compileTemplate } from "../template";

export const ls: CommandSpec = {
  name: "ls",
  aliases: ["list"],
  usage: "ls [OPTIONS]",
  short: "List volumes",
  flags: [
    { name: "filter", short: "f", type: "stringArray", description: 'Provide filter values (e.g. "dangling=true")' },
    { name: "format", type: "string", description: "Format output using a custom template" },
    { name: "quiet", short: "q", type: "bool", description: "Only display volume names" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    const filters: Record<string, string[]> = {};
    for (const f of list(flags.filter)) {
      const i = f.indexOf("=");
      filters[f.slice(0, i)] = [...(filters[f.slice(0, i)] ?? []), f.slice(i + 1)];
    }
    let vols: Awaited<ReturnType<typeof cli.engine.volumeList>>["Volumes"];
    try {
      vols = (await cli.engine.volumeList({ filters })).Volumes;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    if (bool(flags.quiet)) {
      for (const v of vols) cli.out(`${v.Name}\n`);
      return 0;
    }
    const format = str(flags.format);
    if (format && !format.startsWith("table")) {
      const t = compileTemplate(format);
      for (const v of vols) cli.out(`${t({ ...v, Mountpoint: v.Mountpoint, Scope: v.Scope })}\n`);
      return 0;
    }
    cli.out(tabwrite([["DRIVER", "VOLUME NAME"], ...vols.map((v) => [v.Driver, v.Name])]));
    return 0;
  },
};
