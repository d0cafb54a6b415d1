import { type CommandSpec, daemonError, list, StatusError, str } from "../cli";

export const create: CommandSpec = {
  name: "create",
  usage: "create [OPTIONS] NETWORK",
  short: "Create a network",
  flags: [
    { name: "driver", short: "d", type: "string", description: "Driver to manage the Network", default: "bridge" },
    { name: "label", type: "stringArray", description: "Set metadata on a network" },
    { name: "subnet", type: "stringArray", description: "Subnet in CIDR format that represents a network segment" },
  ],
  args: { exact: 1 },
  async run(cli, flags, args) {
    const labels: Record<string, string> = {};
    for (const l of list(flags.label)) {
      const i = l.indexOf("=");
      labels[i < 0 ? l : l.slice(0, i)] = i < 0 ? "" : l.slice(i + 1);
    }
    try {
      const { Id } = await cli.engine.networkCreate({
        Name: args[0],
        Driver: str(flags.driver) || "bridge",
        Labels: labels,
      });
      cli.out(`${Id}\n`);
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
