import { type CommandSpec, str } from "../cli";
import { forEachName } from "../each";

export const kill: CommandSpec = {
  name: "kill",
  aliases: ["container kill"],
  usage: "kill [OPTIONS] CONTAINER [CONTAINER...]",
  short: "Kill one or more running containers",
  flags: [{ name: "signal", short: "s", type: "string", description: "Signal to send to the container" }],
  args: { min: 1 },
  run: (cli, flags, args) =>
    forEachName(cli, args, (n) => cli.engine.containerKill(n, { signal: str(flags.signal) || undefined })),
};
