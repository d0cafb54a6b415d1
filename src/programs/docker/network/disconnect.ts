import { bool, type CommandSpec, daemonError, StatusError } from "../cli";

export const disconnect: CommandSpec = {
  name: "disconnect",
  usage: "disconnect [OPTIONS] NETWORK CONTAINER",
  short: "Disconnect a container from a network",
  flags: [{ name: "force", short: "f", type: "bool", description: "Force the container to disconnect from a network" }],
  args: { exact: 2 },
  async run(cli, flags, args) {
    try {
      await cli.engine.networkDisconnect(args[0], { Container: args[1], Force: bool(flags.force) });
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
