import { bool, type CommandSpec, daemonError, StatusError } from "../cli";
import { forEachName } from "../each";
import { pipeStream } from "./run";

export const start: CommandSpec = {
  name: "start",
  aliases: ["container start"],
  usage: "start [OPTIONS] CONTAINER [CONTAINER...]",
  short: "Start one or more stopped containers",
  flags: [
    { name: "attach", short: "a", type: "bool", description: "Attach STDOUT/STDERR and forward signals" },
    { name: "interactive", short: "i", type: "bool", description: "Attach container's STDIN" },
  ],
  args: { min: 1 },
  async run(cli, flags, args) {
    const attach = bool(flags.attach) || bool(flags.interactive);
    if (!attach) return forEachName(cli, args, (n) => cli.engine.containerStart(n), "failed to start containers");
    if (args.length > 1) throw new StatusError("you cannot start and attach multiple containers at once\n", 1);
    try {
      const info = await cli.engine.containerInspect(args[0]);
      const tty = info.Config.Tty;
      if (tty && bool(flags.interactive) && !cli.ctx.tty) throw new StatusError("the input device is not a TTY\n", 1);
      const stream = await cli.engine.containerAttach(info.Id, {
        stream: true,
        stdin: bool(flags.interactive),
        stdout: true,
        stderr: true,
      });
      const wait = cli.engine.containerWait(info.Id, { condition: "next-exit" });
      const piped = pipeStream(cli, stream, { tty, stdin: bool(flags.interactive) });
      await cli.engine.containerStart(info.Id);
      if (await piped.detached) return 0;
      return (await wait).StatusCode;
    } catch (e) {
      if (e instanceof StatusError) throw e;
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
