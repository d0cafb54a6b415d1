import { type CommandSpec, daemonError, list, StatusError } from "../cli";

export const connect: CommandSpec = {
  name: "connect",
  usage: "connect [OPTIONS] NETWORK CONTAINER",
  short: "Connect a container to a network",
  flags: [{ name: "alias", type: "stringArray", description: "Add network-scoped alias for the container" }],
  args: { exact: 2 },
  async run(cli, flags, args) {
    try {
      await cli.engine.networkConnect(args[0], { Container: args[1], EndpointConfig: { Aliases: list(flags.alias) } });
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
