import { bool, type CommandSpec } from "../cli";
import { forEachName } from "../each";

export const rm: CommandSpec = {
  name: "rm",
  aliases: ["remove"],
  usage: "rm [OPTIONS] VOLUME [VOLUME...]",
  short: "Remove one or more volumes",
  flags: [{ name: "force", short: "f", type: "bool", description: "Force the removal of one or more volumes" }],
  args: { min: 1 },
  run: (cli, flags, args) => forEachName(cli, args, (n) => cli.engine.volumeDelete(n, { force: bool(flags.force) })),
};
