import { type CommandSpec, daemonError, list, StatusError, str } from "../cli";

export const create: CommandSpec = {
  name: "create",
  usage: "create [OPTIONS] [VOLUME]",
  short: "Create a volume",
  flags: [
    { name: "driver", short: "d", type: "string", description: "Specify volume driver name", default: "local" },
    { name: "label", type: "stringArray", description: "Set metadata for a volume" },
    { name: "name", type: "string", description: "Specify volume name", hidden: true },
  ],
  args: { max: 1 },
  async run(cli, flags, args) {
    if (args[0] && str(flags.name) && args[0] !== str(flags.name)) {
      throw new StatusError(`conflicting options: either specify --name or provide positional arg, not both\n`, 1);
    }
    const labels: Record<string, string> = {};
    for (const l of list(flags.label)) {
      const i = l.indexOf("=");
      labels[i < 0 ? l : l.slice(0, i)] = i < 0 ? "" : l.slice(i + 1);
    }
    try {
      const v = await cli.engine.volumeCreate({
        Name: args[0] ?? (str(flags.name) || undefined),
        Driver: str(flags.driver) || "local",
        Labels: labels,
      });
      cli.out(`${v.Name}\n`);
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
