import { EngineError } from "../../../engine/api/errors";
import { bool, type CommandSpec, daemonError } from "../cli";

export const rm: CommandSpec = {
  name: "rm",
  aliases: ["remove"],
  usage: "rm NETWORK [NETWORK...]",
  short: "Remove one or more networks",
  flags: [{ name: "force", short: "f", type: "bool", description: "Do not error if the network does not exist" }],
  args: { min: 1 },
  async run(cli, flags, args) {
    let status = 0;
    for (const n of args) {
      try {
        await cli.engine.networkDelete(n);
        cli.out(`${n}\n`);
      } catch (e) {
        // -f: a network that does not exist is skipped silently (errdefs.IsNotFound).
        if (bool(flags.force) && e instanceof EngineError && e.statusCode === 404) continue;
        cli.err(`${daemonError(e)}\n`);
        status = 1;
      }
    }
    // docker/cli returns a bare cli.StatusError{StatusCode: 1} after the per-network errors,
    // and main prints its Error(): "exit status 1".
    if (status) cli.err(`exit status ${status}\n`);
    return status;
  },
};
