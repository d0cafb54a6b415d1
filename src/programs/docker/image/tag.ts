import { type CommandSpec, daemonError, StatusError } from "../cli";

export const tag: CommandSpec = {
  name: "tag",
  aliases: ["image tag"],
  usage: "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
  short: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
  flags: [],
  args: { exact: 2 },
  async run(cli, _flags, args) {
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
