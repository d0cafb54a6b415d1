import type { CommandSpec } from "../cli";
import { forEachName } from "../each";
import { STOP_FLAGS, stopOptions } from "./stop";

export const restart: CommandSpec = {
  name: "restart",
  aliases: ["container restart"],
  usage: "restart [OPTIONS] CONTAINER [CONTAINER...]",
  short: "Restart one or more containers",
  flags: STOP_FLAGS,
  args: { min: 1 },
  run: (cli, flags, args) => forEachName(cli, args, (n) => cli.engine.containerRestart(n, stopOptions(flags))),
};
