import type { GroupSpec } from "../cli";
import { info } from "./info";
import { inspect } from "./inspect";
import { version } from "./version";

/** `docker system …`: one line per subcommand. */
export const system: GroupSpec = {
  name: "system",
  short: "Manage Docker",
  commands: [info, inspect, version],
};
