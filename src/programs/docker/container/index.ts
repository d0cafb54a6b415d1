import type { GroupSpec } from "../cli";
import { exec } from "./exec";
import { logs } from "./logs";
import { port } from "./port";
import { ps } from "./ps";
import { rm } from "./rm";
import { run } from "./run";
import { start } from "./start";
import { stop } from "./stop";

/** `docker container …`: one line per subcommand. */
export const container: GroupSpec = {
  name: "container",
  short: "Manage containers",
  commands: [exec, logs, port, { ...ps, name: "ls" }, rm, run, start, stop],
};
