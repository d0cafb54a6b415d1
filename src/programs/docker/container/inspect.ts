import { type CommandSpec, str } from "../cli";
import { printInspect } from "../inspect-output";
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
  async run(cli, flags, args) {
    const found: unknown[] = [];
    const missing: string[] = [];
    for (const a of args) {
      try {
        found.push(await cli.engine.containerInspect(a));
      } catch {
        missing.push(a);
      }
    }
    return printInspect(cli, found, missing, str(flags.format), "container");
  },
};
