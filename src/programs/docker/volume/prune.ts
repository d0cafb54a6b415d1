import { humanSize } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, StatusError } from "../cli";

export const prune: CommandSpec = {
  name: "prune",
  usage: "prune [OPTIONS]",
  short: "Remove unused local volumes",
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all unused volumes, not just anonymous ones" },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    if (!bool(flags.force)) {
      // Without -f the CLI asks, and without a terminal to answer it the answer is no.
      cli.out(
        `WARNING! This will remove ${bool(flags.all) ? "all local volumes" : "anonymous local volumes"} not used by at least one container.\nAre you sure you want to continue? [y/N] `,
      );
      if (!cli.ctx.tty) {
        cli.out("\n");
        throw new StatusError("Total reclaimed space: 0B\n", 0);
      }
      const answer = await new Promise<string>((resolve) => {
        let line = "";
        const release = cli.ctx.claimInput((d) => {
          for (const ch of d) {
            if (ch === "\r" || ch === "\n") {
              cli.ctx.tty?.write("\n");
              release();
              resolve(line);
              return;
            }
            line += ch;
            cli.ctx.tty?.write(ch);
          }
        });
      });
      if (!/^y(es)?$/i.test(answer.trim())) {
        cli.out("Total reclaimed space: 0B\n");
        return 0;
      }
    }
    try {
      const r = await cli.engine.volumePrune({ all: bool(flags.all) });
      if (r.VolumesDeleted.length) cli.out(`Deleted Volumes:\n${r.VolumesDeleted.map((v) => `${v}\n`).join("")}\n`);
      cli.out(`Total reclaimed space: ${humanSize(r.SpaceReclaimed)}\n`);
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
