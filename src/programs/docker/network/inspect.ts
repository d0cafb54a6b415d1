import { type CommandSpec, str } from "../cli";
import { inspectEach } from "../inspect-output";

export const inspect: CommandSpec = {
  name: "inspect",
  usage: "inspect [OPTIONS] NETWORK [NETWORK...]",
  short: "Display detailed information on one or more networks",
  flags: [{ name: "format", short: "f", type: "string", description: "Format output using a custom template" }],
  args: { min: 1 },
  run: (cli, flags, args) => inspectEach(cli, args, (n) => cli.engine.networkInspect(n), str(flags.format), "network"),
};
