import { humanDuration, humanSize, tabwrite } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, StatusError, str } from "../cli";
import { compileTemplate } from "../template";

export const history: CommandSpec = {
  name: "history",
  aliases: ["image history"],
  usage: "history [OPTIONS] IMAGE",
  short: "Show the history of an image",
  flags: [
    { name: "format", type: "string", description: "Format output using a custom template" },
    {
      name: "human",
      short: "H",
      type: "bool",
      description: "Print sizes and dates in human readable format",
      default: true,
    },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Only show image IDs" },
  ],
  args: { exact: 1 },
  async run(cli, flags, args) {
    let items: Awaited<ReturnType<typeof cli.engine.imageHistory>>;
    try {
      items = await cli.engine.imageHistory(args[0]);
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    const noTrunc = bool(flags["no-trunc"]);
    const now = cli.clock.now();
    const rows = items.map((h) => ({
      ID: h.Id === "<missing>" ? h.Id : noTrunc ? h.Id : h.Id.slice(7, 19),
      CreatedSince: `${humanDuration(now - h.Created * 1000)} ago`,
      CreatedBy: noTrunc ? h.CreatedBy : ellipsize(h.CreatedBy.replace(/\t/g, " "), 45),
      Size: humanSize(h.Size),
      Comment: h.Comment,
    }));
    if (bool(flags.quiet)) {
      for (const r of rows) cli.out(`${r.ID}\n`);
      return 0;
    }
    const format = str(flags.format);
    if (format && !format.startsWith("table")) {
      const t = compileTemplate(format);
      for (const r of rows) cli.out(`${t(r)}\n`);
      return 0;
    }
    cli.out(
      tabwrite([
        ["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"],
        ...rows.map((r) => [r.ID, r.CreatedSince, r.CreatedBy, r.Size, r.Comment]),
      ]).replace(/ +\n/g, "\n"),
    );
    return 0;
  },
};

function ellipsize(s: string, max: number): string {
  return [...s].length > max ? `${[...s].slice(0, max - 1).join("")}…` : s;
}
