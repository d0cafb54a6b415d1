import { humanSize } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, StatusError } from "../cli";
import { confirm } from "../prompt";

export const prune: CommandSpec = {
  name: "prune",
  usage: "prune [OPTIONS]",
  short: "Remove unused local volumes",
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all unused volumes, not just anonymous ones" },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    if (
      !bool(flags.force) &&
      !(await confirm(
        cli,
        `WARNING! This will remove ${bool(flags.all) ? "all local volumes" : "anonymous local volumes"} not used by at least one container.\nAre you sure you want to continue?`,
      ))
    )
      return 0;
    try {
      const r = await cli.engine.volumePrune({ all: bool(flags.all) });
      if (r.VolumesDeleted.length) cli.out(`Deleted Volumes:\n${r.VolumesDeleted.map((v) => `${v}\n`).join("")}\n`);
      cli.out(`Total reclaimed space: ${humanSize(r.SpaceReclaimed, 4)}\n`);
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
