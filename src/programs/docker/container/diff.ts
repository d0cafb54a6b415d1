import { type CommandSpec, daemonError, StatusError } from "../cli";

const KIND = ["C", "A", "D"];

export const diff: CommandSpec = {
  name: "diff",
  aliases: ["container diff"],
  usage: "diff CONTAINER",
  short: "Inspect changes to files or directories on a container's filesystem",
  flags: [],
  args: { exact: 1 },
  async run(cli, _flags, args) {
    try {
      for (const ch of await cli.engine.containerChanges(args[0])) cli.out(`${KIND[ch.Kind]} ${ch.Path}\n`);
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
