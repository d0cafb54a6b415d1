import { EngineError } from "../../../engine/api/errors";
import { bool, type CommandSpec, daemonError } from "../cli";

export const rm: CommandSpec = {
  name: "rm",
  aliases: ["container rm", "container remove"],
  usage: "rm [OPTIONS] CONTAINER [CONTAINER...]",
  short: "Remove one or more containers",
  flags: [
    { name: "force", short: "f", type: "bool", description: "Force the removal of a running container (uses SIGKILL)" },
    { name: "link", short: "l", type: "bool", description: "Remove the specified link" },
    {
      name: "volumes",
      short: "v",
      type: "bool",
      description: "Remove anonymous volumes associated with the container",
    },
  ],
  args: { min: 1 },
  async run(cli, flags, args) {
    const force = bool(flags.force);
    let failed = false;
    for (const n of args) {
      try {
        await cli.engine.containerDelete(n, { force, v: bool(flags.volumes) });
        cli.out(`${n}\n`);
      } catch (e) {
        cli.err(`${daemonError(e)}\n`);
        // With --force, a container that does not exist is not a failure.
        if (!(force && e instanceof EngineError && e.statusCode === 404)) failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};
