import type { CommandSpec } from "../cli";
import { forEachName } from "../each";

export const rm: CommandSpec = {
  name: "rm",
  aliases: ["remove"],
  usage: "rm NETWORK [NETWORK...]",
  short: "Remove one or more networks",
  flags: [{ name: "force", short: "f", type: "bool", description: "Do not error if the network does not exist" }],
  args: { min: 1 },
  run: (cli, _flags, args) => forEachName(cli, args, (n) => cli.engine.networkDelete(n)),
};
