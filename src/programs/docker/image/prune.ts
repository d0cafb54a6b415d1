import { humanSize } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, list, StatusError } from "../cli";
import { parseFilters } from "../filters";
import { confirm } from "../prompt";

export const prune: CommandSpec = {
  name: "prune",
  usage: "prune [OPTIONS]",
  short: "Remove unused images",
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all unused images, not just dangling ones" },
    {
      name: "filter",
      type: "stringArray",
      valueName: "filter",
      description: 'Provide filter values (e.g. "until=<timestamp>")',
    },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    const filters = parseFilters(list(flags.filter), "--filter");
    const all = bool(flags.all);
    const warning = all
      ? "WARNING! This will remove all images without at least one container associated to them."
      : "WARNING! This will remove all dangling images.";
    if (!bool(flags.force) && !(await confirm(cli, `${warning}\nAre you sure you want to continue?`))) return 0;
    try {
      const r = await cli.engine.imagePrune({ filters: { ...filters, dangling: [all ? "false" : "true"] } });
      const items = r.ImagesDeleted ?? [];
      if (items.length)
        cli.out(
          `Deleted Images:\n${items.map((i) => (i.Untagged ? `untagged: ${i.Untagged}\n` : `deleted: ${i.Deleted}\n`)).join("")}\n`,
        );
      cli.out(`Total reclaimed space: ${humanSize(r.SpaceReclaimed, 4)}\n`);
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
