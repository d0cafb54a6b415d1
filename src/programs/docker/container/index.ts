import type { GroupSpec } from "../cli";
import { create } from "./create";
import { exec } from "./exec";
import { inspect } from "./inspect";
import { kill } from "./kill";
import { logs } from "./logs";
import { port } from "./port";
import { ps } from "./ps";
import { rm } from "./rm";
import { run } from "./run";
import { start } from "./start";
import { stop } from "./stop";
import { wait } from "./wait";

/** `docker container …`: one line per subcommand. */
export const container: GroupSpec = {
  name: "container",
  short: "Manage containers",
  commands: [create, exec, inspect, kill, logs, port, { ...ps, name: "ls" }, rm, run, start, stop, wait],
};
