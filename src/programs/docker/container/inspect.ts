import { type CommandSpec, str } from "../cli";
import { inspectEach } from "../inspect-output";
import { FORMAT_JSON_HELP } from "../usage";

export const inspect: CommandSpec = {
  name: "inspect",
  aliases: ["container inspect"],
  usage: "inspect [OPTIONS] CONTAINER [CONTAINER...]",
  short: "Display detailed information on one or more containers",
  flags: [
    { name: "format", short: "f", type: "string", description: FORMAT_JSON_HELP },
    { name: "size", short: "s", type: "bool", description: "Display total file sizes" },
  ],
  args: { min: 1 },
  run: (cli, flags, args) =>
    inspectEach(cli, args, (n) => cli.engine.containerInspect(n), str(flags.format), "container"),
};
