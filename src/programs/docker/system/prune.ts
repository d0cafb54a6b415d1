import { humanSize } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, list, StatusError } from "../cli";
import { parseFilters } from "../filters";
import { confirm } from "../prompt";

export const prune: CommandSpec = {
  name: "prune",
  usage: "prune [OPTIONS]",
  short: "Remove unused data",
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all unused images not just dangling ones" },
    {
      name: "filter",
      type: "stringArray",
      valueName: "filter",
      description: 'Provide filter values (e.g. "label=<key>=<value>")',
    },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
    { name: "volumes", type: "bool", description: "Prune anonymous volumes" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    const filters = parseFilters(list(flags.filter), "--filter");
    const all = bool(flags.all);
    const volumes = bool(flags.volumes);
    const warning = [
      "WARNING! This will remove:",
      "  - all stopped containers",
      "  - all networks not used by at least one container",
      ...(volumes ? ["  - all anonymous volumes not used by at least one container"] : []),
      all ? "  - all images without at least one container associated to them" : "  - all dangling images",
      all ? "  - all build cache" : "  - unused build cache",
      "",
      "Are you sure you want to continue?",
    ].join("\n");
    if (!bool(flags.force) && !(await confirm(cli, warning))) return 0;
    try {
      let space = 0;
      const section = (title: string, items: string[]) => {
        if (items.length) cli.out(`${title}:\n${items.map((i) => `${i}\n`).join("")}\n`);
      };
      const c = await cli.engine.containerPrune({ filters });
      space += c.SpaceReclaimed;
      section("Deleted Containers", c.ContainersDeleted ?? []);
      const n = await cli.engine.networkPrune({ filters });
      section("Deleted Networks", n.NetworksDeleted ?? []);
      if (volumes) {
        const v = await cli.engine.volumePrune({});
        space += v.SpaceReclaimed;
        section("Deleted Volumes", v.VolumesDeleted);
      }
      const i = await cli.engine.imagePrune({ filters: { ...filters, dangling: [all ? "false" : "true"] } });
      space += i.SpaceReclaimed;
      section(
        "Deleted Images",
        (i.ImagesDeleted ?? []).map((x) => (x.Untagged ? `untagged: ${x.Untagged}` : `deleted: ${x.Deleted}`)),
      );
      const b = await cli.engine.buildPrune({ all });
      space += b.SpaceReclaimed;
      section("Deleted build cache objects", b.CachesDeleted ?? []);
      cli.out(`Total reclaimed space: ${humanSize(space, 4)}\n`);
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
