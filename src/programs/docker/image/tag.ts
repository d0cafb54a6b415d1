import { parseReference } from "../../../shared/reference";
import { type CommandSpec, daemonError, StatusError } from "../cli";

/**
 * Why docker/distribution's parser refuses a reference, or "". Its splitDockerDomain takes a
 * first component with an upper-case letter for a registry host ("Bad/Name" is host "Bad",
 * repository "Name"), which the shared parser does not.
 */
function referenceError(ref: string): string {
  const slash = ref.indexOf("/");
  const first = slash < 0 ? "" : ref.slice(0, slash);
  const probe = first && first.toLowerCase() !== first && !/[.:]/.test(first) ? `localhost${ref.slice(slash)}` : ref;
  try {
    parseReference(probe);
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

export const tag: CommandSpec = {
  name: "tag",
  aliases: ["image tag"],
  usage: "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
  short: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
  flags: [],
  args: { exact: 2 },
  async run(cli, _flags, args) {
    // The API client parses both references before it calls the daemon.
    for (const ref of args) {
      const why = referenceError(ref);
      if (why) throw new StatusError(`Error parsing reference: "${ref}" is not a valid repository/tag: ${why}\n`, 1);
    }
    const target = args[1];
    const at = target.lastIndexOf(":");
    const [repo, t] = at > target.lastIndexOf("/") ? [target.slice(0, at), target.slice(at + 1)] : [target, "latest"];
    try {
      await cli.engine.imageTag(args[0], { repo, tag: t });
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
