import { type CommandSpec, daemonError } from "../cli";

export const rm: CommandSpec = {
  name: "rm",
  aliases: ["remove"],
  usage: "rm NETWORK [NETWORK...]",
  short: "Remove one or more networks",
  flags: [{ name: "force", short: "f", type: "bool", description: "Do not error if the network does not exist" }],
  args: { min: 1 },
  async run(cli, _flags, args) {
    let failed = false;
    for (const n of args) {
      try {
        await cli.engine.networkDelete(n);
        cli.out(`${n}\n`);
      } catch (e) {
        cli.err(`${daemonError(e)}\n`);
        failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};
