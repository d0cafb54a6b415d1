import type { GroupSpec } from "../cli";
import { inspect } from "./inspect";
import { ls } from "./ls";
import { show } from "./show";
import { use } from "./use";

/** `docker context …`: one line per subcommand. */
export const context: GroupSpec = {
  name: "context",
  short: "Manage contexts",
  commands: [inspect, ls, show, use],
};
