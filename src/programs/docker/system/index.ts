import type { GroupSpec } from "../cli";
import { df } from "./df";
import { events } from "./events";
import { info } from "./info";
import { inspect } from "./inspect";
import { prune } from "./prune";
import { version } from "./version";

/** `docker system …`: one line per subcommand. */
export const system: GroupSpec = {
  name: "system",
  short: "Manage Docker",
  commands: [df, events, info, inspect, prune, version],
};
