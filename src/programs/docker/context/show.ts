import type { CommandSpec } from "../cli";
import { currentContext } from "./host";

export const show: CommandSpec = {
  name: "show",
  usage: "show",
  short: "Print the name of the current context",
  flags: [],
  args: { max: 0 },
  async run(cli) {
    cli.out(`${currentContext(cli)}\n`);
    return 0;
  },
};
