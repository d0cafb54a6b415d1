import type { GroupSpec } from "../cli";
import { ls } from "./ls";
import { pull } from "./pull";

/** `docker image …`: one line per subcommand. */
export const image: GroupSpec = {
  name: "image",
  short: "Manage images",
  commands: [ls, pull],
};
