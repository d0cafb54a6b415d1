import { humanSize } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, list, StatusError } from "../cli";
import { parseFilters } from "../filters";
import { confirm } from "../prompt";

export const prune: CommandSpec = {
  name: "prune",
  usage: "prune [OPTIONS]",
  short: "Remove all stopped containers",
  flags: [
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
    if (
      !bool(flags.force) &&
      !(await confirm(cli, "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?"))
    )
      return 0;
    try {
      const r = await cli.engine.containerPrune({ filters });
      const ids = r.ContainersDeleted ?? [];
      if (ids.length) cli.out(`Deleted Containers:\n${ids.map((id) => `${id}\n`).join("")}\n`);
      cli.out(`Total reclaimed space: ${humanSize(r.SpaceReclaimed, 4)}\n`);
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
