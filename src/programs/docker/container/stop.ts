import type { CommandSpec, FlagSpec, FlagValues } from "../cli";
import { forEachName } from "../each";

/** -s and -t, shared by stop and restart. */
export const STOP_FLAGS: FlagSpec[] = [
  { name: "signal", short: "s", type: "string", description: "Signal to send to the container" },
  { name: "timeout", short: "t", type: "int", description: "Seconds to wait before killing the container" },
];

export function stopOptions(flags: FlagValues): { t?: number; signal?: string } {
  return {
    t: typeof flags.timeout === "number" ? flags.timeout : undefined,
    ...(typeof flags.signal === "string" && flags.signal ? { signal: flags.signal } : {}),
  };
}

export const stop: CommandSpec = {
  name: "stop",
  aliases: ["container stop"],
  usage: "stop [OPTIONS] CONTAINER [CONTAINER...]",
  short: "Stop one or more running containers",
  flags: STOP_FLAGS,
  args: { min: 1 },
  run: (cli, flags, args) => forEachName(cli, args, (n) => cli.engine.containerStop(n, stopOptions(flags))),
};
