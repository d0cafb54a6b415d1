import type { GroupSpec } from "../cli";
import { connect } from "./connect";
import { create } from "./create";
import { disconnect } from "./disconnect";
import { inspect } from "./inspect";
import { ls } from "./ls";
import { rm } from "./rm";

/** `docker network …`: one line per subcommand. */
export const network: GroupSpec = {
  name: "network",
  short: "Manage networks",
  commands: [connect, create, disconnect, inspect, ls, rm],
};
