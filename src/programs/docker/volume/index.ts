import type { GroupSpec } from "../cli";
import { create } from "./create";
import { inspect } from "./inspect";
import { ls } from "./ls";
import { prune } from "./prune";
import { rm } from "./rm";

/** `docker volume …`: one line per subcommand. */
export const volume: GroupSpec = {
  name: "volume",
  short: "Manage volumes",
  commands: [create, inspect, ls, prune, rm],
};
