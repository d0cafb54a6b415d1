import type { GroupSpec } from "../cli";
import { build } from "./build";
import { history } from "./history";
import { inspect } from "./inspect";
import { ls } from "./ls";
import { prune } from "./prune";
import { pull } from "./pull";
import { push } from "./push";
import { rm } from "./rm";
import { tag } from "./tag";

/** `docker image …`: one line per subcommand. */
export const image: GroupSpec = {
  name: "image",
  short: "Manage images",
  commands: [build, history, inspect, ls, prune, pull, push, rm, tag],
};
