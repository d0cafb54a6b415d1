import { bool, type CommandSpec, daemonError } from "../cli";

export const rm: CommandSpec = {
  name: "rm",
  aliases: ["rmi", "remove"],
  usage: "rm [OPTIONS] IMAGE [IMAGE...]",
  short: "Remove one or more images",
  flags: [
    { name: "force", short: "f", type: "bool", description: "Force removal of the image" },
    { name: "no-prune", type: "bool", description: "Do not delete untagged parents" },
  ],
  args: { min: 1 },
  async run(cli, flags, args) {
    let failed = false;
    for (const name of args) {
      try {
        const items = await cli.engine.imageDelete(name, {
          force: bool(flags.force),
          noprune: bool(flags["no-prune"]),
        });
        for (const it of items) cli.out(it.Untagged ? `Untagged: ${it.Untagged}\n` : `Deleted: ${it.Deleted}\n`);
      } catch (e) {
        cli.err(`${daemonError(e)}\n`);
        failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};
