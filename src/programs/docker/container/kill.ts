import { type CommandSpec, str } from "../cli";
import { forEachContainer } from "./multi";

export const kill: CommandSpec = {
  name: "kill",
  aliases: ["container kill"],
  usage: "kill [OPTIONS] CONTAINER [CONTAINER...]",
  short: "Kill one or more running containers",
  flags: [{ name: "signal", short: "s", type: "string", description: "Signal to send to the container" }],
  args: { min: 1 },
  run: (cli, flags, args) =>
    forEachContainer(cli, args, (n) => cli.engine.containerKill(n, { signal: str(flags.signal) || undefined })),
};
