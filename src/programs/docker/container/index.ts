import type { GroupSpec } from "../cli";
import { attach } from "./attach";
import { commit } from "./commit";
import { cp } from "./cp";
import { create } from "./create";
import { diff } from "./diff";
import { exec } from "./exec";
import { inspect } from "./inspect";
import { kill } from "./kill";
import { logs } from "./logs";
import { pause } from "./pause";
import { port } from "./port";
import { prune } from "./prune";
import { ps } from "./ps";
import { rename } from "./rename";
import { restart } from "./restart";
import { rm } from "./rm";
import { run } from "./run";
import { start } from "./start";
import { stats } from "./stats";
import { stop } from "./stop";
import { top } from "./top";
import { unpause } from "./unpause";
import { wait } from "./wait";

/** `docker container …`: one line per subcommand. */
export const container: GroupSpec = {
  name: "container",
  short: "Manage containers",
  commands: [
    attach,
    commit,
    cp,
    create,
    diff,
    exec,
    inspect,
    kill,
    logs,
    { ...ps, name: "ls" },
    pause,
    port,
    prune,
    rename,
    restart,
    rm,
    run,
    start,
    stats,
    stop,
    top,
    unpause,
    wait,
  ],
};
