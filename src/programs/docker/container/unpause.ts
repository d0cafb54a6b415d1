import type { CommandSpec } from "../cli";
import { forEachName } from "../each";

export const unpause: CommandSpec = {
  name: "unpause",
  aliases: ["container unpause"],
  usage: "unpause CONTAINER [CONTAINER...]",
  short: "Unpause all processes within one or more containers",
  flags: [],
  args: { min: 1 },
  run: (cli, _flags, args) => forEachName(cli, args, (n) => cli.engine.containerUnpause(n)),
};
