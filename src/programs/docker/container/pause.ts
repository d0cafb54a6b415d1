import type { CommandSpec } from "../cli";
import { forEachName } from "../each";

export const pause: CommandSpec = {
  name: "pause",
  aliases: ["container pause"],
  usage: "pause CONTAINER [CONTAINER...]",
  short: "Pause all processes within one or more containers",
  flags: [],
  args: { min: 1 },
  run: (cli, _flags, args) => forEachName(cli, args, (n) => cli.engine.containerPause(n)),
};
