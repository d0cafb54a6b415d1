import { ReferenceError_ } from "../../../shared/reference";
import { bool, type CommandSpec, daemonError, StatusError } from "../cli";
import { pullWithProgress } from "./pull-image";

export const pull: CommandSpec = {
  name: "pull",
  usage: "pull [OPTIONS] NAME[:TAG|@DIGEST]",
  short: "Download an image from a registry",
  flags: [
    { name: "all-tags", short: "a", type: "bool", description: "Download all tagged images in the repository" },
    // Content trust is off unless DOCKER_CONTENT_TRUST=1, so the flag's default is "skip" (true).
    { name: "disable-content-trust", type: "bool", description: "Skip image verification", default: true },
    { name: "platform", type: "string", description: "Set platform if server is multi-platform capable" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress verbose output" },
  ],
  args: { exact: 1 },
  async run(cli, flags, args) {
    const quiet = bool(flags.quiet);
    try {
      const name = await pullWithProgress(cli, args[0], quiet ? () => {} : cli.out, { announceTag: true });
      cli.out(`${name}\n`);
      return 0;
    } catch (e) {
      if (e instanceof ReferenceError_) throw new StatusError(`${e.message}\n`, 1);
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
