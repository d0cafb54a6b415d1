import { tabwrite } from "../../../shared/format";
import { type CommandSpec, daemonError, StatusError } from "../cli";

export const top: CommandSpec = {
  name: "top",
  aliases: ["container top"],
  usage: "top CONTAINER [ps OPTIONS]",
  short: "Display the running processes of a container",
  flags: [],
  stopAtFirstArg: true,
  args: { min: 1 },
  async run(cli, _flags, args) {
    try {
      const t = await cli.engine.containerTop(args[0], { ps_args: args.slice(1).join(" ") });
      // docker/cli: tabwriter with a minimum cell width of 20.
      cli.out(tabwrite([t.Titles, ...t.Processes], { minWidth: 20, padding: 3 }));
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
