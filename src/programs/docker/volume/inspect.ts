import { type CommandSpec, str } from "../cli";
import { inspectEach } from "../inspect-output";

export const inspect: CommandSpec = {
  name: "inspect",
  usage: "inspect [OPTIONS] VOLUME [VOLUME...]",
  short: "Display detailed information on one or more volumes",
  flags: [{ name: "format", short: "f", type: "string", description: "Format output using a custom template" }],
  args: { min: 1 },
  run: (cli, flags, args) => inspectEach(cli, args, (n) => cli.engine.volumeInspect(n), str(flags.format), "volume"),
};
