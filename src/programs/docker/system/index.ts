import type { GroupSpec } from "../cli";
import { info } from "./info";
import { version } from "./version";

/** `docker system …`: one line per subcommand. */
export const system: GroupSpec = {
  name: "system",
  short: "Manage Docker",
  commands: [info, version],
};
