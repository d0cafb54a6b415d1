import { type CommandSpec, daemonError } from "../cli";

export const wait: CommandSpec = {
  name: "wait",
  aliases: ["container wait"],
  usage: "wait CONTAINER [CONTAINER...]",
  short: "Block until one or more containers stop, then print their exit codes",
  flags: [],
  args: { min: 1 },
  async run(cli, _flags, args) {
    // docker/cli: print each exit code as it comes, then all errors joined (exit 1).
    const errors: string[] = [];
    for (const n of args) {
      try {
        const { StatusCode } = await cli.engine.containerWait(n, { condition: "not-running" });
        cli.out(`${StatusCode}\n`);
      } catch (e) {
        errors.push(daemonError(e));
      }
    }
    if (errors.length) cli.err(`${errors.join("\n")}\n`);
    return errors.length ? 1 : 0;
  },
};
