import { type CommandSpec, daemonError, StatusError } from "../cli";

export const rename: CommandSpec = {
  name: "rename",
  aliases: ["container rename"],
  usage: "rename CONTAINER NEW_NAME",
  short: "Rename a container",
  flags: [],
  args: { exact: 2 },
  async run(cli, _flags, args) {
    const oldName = args[0].trim();
    const newName = args[1].trim();
    if (!oldName || !newName) throw new StatusError("Error: Neither old nor new names may be empty\n", 1);
    try {
      await cli.engine.containerRename(oldName, { name: newName });
      return 0;
    } catch (e) {
      cli.err(`${daemonError(e)}\n`);
      throw new StatusError(`Error: failed to rename container named ${oldName}\n`, 1);
    }
  },
};
