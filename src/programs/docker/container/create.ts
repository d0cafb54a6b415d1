import type { CommandSpec } from "../cli";
import { CREATE_FLAGS, createWithPull } from "./run";

export const create: CommandSpec = {
  name: "create",
  aliases: ["container create"],
  usage: "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
  short: "Create a new container",
  flags: CREATE_FLAGS,
  stopAtFirstArg: true,
  args: { min: 1 },
  async run(cli, flags, args) {
    const id = await createWithPull(cli, flags, args[0], args.slice(1), "create");
    cli.out(`${id}\n`);
    return 0;
  },
};
