import { bool, type CommandSpec, daemonError } from "../cli";

export const rm: CommandSpec = {
  name: "rm",
  aliases: ["remove"],
  usage: "rm [OPTIONS] VOLUME [VOLUME...]",
  short: "Remove one or more volumes",
  flags: [{ name: "force", short: "f", type: "bool", description: "Force the removal of one or more volumes" }],
  args: { min: 1 },
  async run(cli, flags, args) {
    let failed = false;
    for (const n of args) {
      try {
        await cli.engine.volumeDelete(n, { force: bool(flags.force) });
        cli.out(`${n}\n`);
      } catch (e) {
        cli.err(`${daemonError(e)}\n`);
        failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};
