import { type CommandSpec, str } from "../cli";
import { inspectEach } from "../inspect-output";
import { FORMAT_JSON_HELP } from "../usage";

export const inspect: CommandSpec = {
  name: "inspect",
  aliases: ["image inspect"],
  usage: "inspect [OPTIONS] IMAGE [IMAGE...]",
  short: "Display detailed information on one or more images",
  flags: [{ name: "format", short: "f", type: "string", description: FORMAT_JSON_HELP }],
  args: { min: 1 },
  run: (cli, flags, args) => inspectEach(cli, args, (n) => cli.engine.imageInspect(n), str(flags.format), "image"),
};
