import { type CommandSpec, str } from "../cli";
import { printInspect } from "../inspect-output";
import { FORMAT_JSON_HELP } from "../usage";

export const inspect: CommandSpec = {
  name: "inspect",
  aliases: ["image inspect"],
  usage: "inspect [OPTIONS] IMAGE [IMAGE...]",
  short: "Display detailed information on one or more images",
  flags: [{ name: "format", short: "f", type: "string", description: FORMAT_JSON_HELP }],
  args: { min: 1 },
  async run(cli, flags, args) {
    const found: unknown[] = [];
    const missing: string[] = [];
    for (const a of args) {
      try {
        found.push(await cli.engine.imageInspect(a));
      } catch {
        missing.push(a);
      }
    }
    return printInspect(cli, found, missing, str(flags.format), "image");
  },
};
