import { type CommandSpec, str } from "../cli";
import { printInspect } from "../inspect-output";

export const inspect: CommandSpec = {
  name: "inspect",
  usage: "inspect [OPTIONS] VOLUME [VOLUME...]",
  short: "Display detailed information on one or more volumes",
  flags: [{ name: "format", short: "f", type: "string", description: "Format output using a custom template" }],
  args: { min: 1 },
  async run(cli, flags, args) {
    const found: unknown[] = [];
    const missing: string[] = [];
    for (const a of args) {
      try {
        found.push(await cli.engine.volumeInspect(a));
      } catch {
        missing.push(a);
      }
    }
    return printInspect(cli, found, missing, str(flags.format), "volume");
  },
};
