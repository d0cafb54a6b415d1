import { parseReference, ReferenceError_ } from "../../../shared/reference";
import { bool, type CommandSpec, daemonError, list, StatusError, str } from "../cli";

export const commit: CommandSpec = {
  name: "commit",
  aliases: ["container commit"],
  usage: "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
  short: "Create a new image from a container's changes",
  flags: [
    {
      name: "author",
      short: "a",
      type: "string",
      description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")',
    },
    {
      name: "change",
      short: "c",
      type: "stringArray",
      description: "Apply Dockerfile instruction to the created image",
    },
    { name: "message", short: "m", type: "string", description: "Commit message" },
    { name: "pause", short: "p", type: "bool", description: "Pause container during commit", default: true },
  ],
  args: { min: 1, max: 2 },
  async run(cli, flags, args) {
    let repo: string | undefined;
    let tag: string | undefined;
    if (args[1]) {
      try {
        const ref = parseReference(args[1]);
        const i = args[1].lastIndexOf(":");
        const hasTag = i > args[1].lastIndexOf("/");
        repo = hasTag ? args[1].slice(0, i) : args[1];
        tag = hasTag ? ref.tag : "";
      } catch (e) {
        if (e instanceof ReferenceError_) throw new StatusError(`${e.message}\n`, 1);
        throw e;
      }
    }
    try {
      const { Id } = await cli.engine.containerCommit({
        container: args[0],
        repo,
        tag,
        comment: str(flags.message),
        author: str(flags.author),
        pause: bool(flags.pause),
        changes: list(flags.change),
      });
      cli.out(`${Id}\n`);
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
