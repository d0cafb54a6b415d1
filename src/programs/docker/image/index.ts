import type { GroupSpec } from "../cli";
import { ls } from "./ls";
import { pull } from "./pull";
import { push } from "./push";
import { rm } from "./rm";
import { tag } from "./tag";

/** `docker image …`: one line per subcommand. */
export const image: GroupSpec = {
  name: "image",
  short: "Manage images",
  commands: [ls, pull, push, rm, tag],
};
