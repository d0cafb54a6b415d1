import type { CommandSpec } from "../cli";
import { forEachName } from "../each";

export const stop: CommandSpec = {
  name: "stop",
  aliases: ["container stop"],
  usage: "stop [OPTIONS] CONTAINER [CONTAINER...]",
  short: "Stop one or more running containers",
  flags: [
    { name: "signal", short: "s", type: "string", description: "Signal to send to the container" },
    { name: "timeout", short: "t", type: "int", description: "Seconds to wait before killing the container" },
  ],
  args: { min: 1 },
  run: (cli, flags, args) =>
    forEachName(cli, args, (n) =>
      cli.engine.containerStop(n, {
        t: typeof flags.timeout === "number" ? flags.timeout : undefined,
        signal: typeof flags.signal === "string" && flags.signal ? flags.signal : undefined,
      }),
    ),
};
