import type { CommandSpec } from "../cli";
import { forEachName } from "../each";

export const restart: CommandSpec = {
  name: "restart",
  aliases: ["container restart"],
  usage: "restart [OPTIONS] CONTAINER [CONTAINER...]",
  short: "Restart one or more containers",
  flags: [
    { name: "signal", short: "s", type: "string", description: "Signal to send to the container" },
    { name: "timeout", short: "t", type: "int", description: "Seconds to wait before killing the container" },
  ],
  args: { min: 1 },
  run: (cli, flags, args) =>
    forEachName(cli, args, (n) =>
      cli.engine.containerRestart(n, {
        t: typeof flags.timeout === "number" ? flags.timeout : undefined,
        ...(typeof flags.signal === "string" && flags.signal ? { signal: flags.signal } : {}),
      }),
    ),
};
