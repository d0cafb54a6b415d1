import { bool, type CommandSpec, daemonError, list, StatusError, str } from "../cli";
import { pipeStream } from "./run";

export const exec: CommandSpec = {
  name: "exec",
  aliases: ["container exec"],
  usage: "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
  short: "Execute a command in a running container",
  flags: [
    { name: "detach", short: "d", type: "bool", description: "Detached mode: run command in the background" },
    { name: "env", short: "e", type: "stringArray", description: "Set environment variables" },
    { name: "interactive", short: "i", type: "bool", description: "Keep STDIN open even if not attached" },
    { name: "privileged", type: "bool", description: "Give extended privileges to the command" },
    { name: "tty", short: "t", type: "bool", description: "Allocate a pseudo-TTY" },
    { name: "user", short: "u", type: "string", description: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
    { name: "workdir", short: "w", type: "string", description: "Working directory inside the container" },
  ],
  stopAtFirstArg: true,
  args: { min: 2 },
  async run(cli, flags, args) {
    const tty = bool(flags.tty);
    const interactive = bool(flags.interactive);
    const detach = bool(flags.detach);
    // docker/cli inspects the container first, so that "No such container" wins over the
    // TTY check (and the TTY check is skipped for -d).
    try {
      await cli.engine.containerInspect(args[0]);
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    if (tty && interactive && !detach && !cli.ctx.tty) throw new StatusError("the input device is not a TTY\n", 1);
    try {
      const { Id } = await cli.engine.execCreate(args[0], {
        Cmd: args.slice(1),
        Env: list(flags.env),
        WorkingDir: str(flags.workdir),
        User: str(flags.user),
        Tty: tty,
        AttachStdin: interactive,
        AttachStdout: !detach,
        AttachStderr: !detach,
      });
      const stream = await cli.engine.execStart(Id, { Detach: detach, Tty: tty });
      if (!stream) return 0;
      const piped = pipeStream(cli, stream, { tty, stdin: interactive });
      if (!interactive) stream.closeWrite();
      await piped.detached;
      await stream.closed;
      for (let i = 0; i < 3; i++) {
        const info = await cli.engine.execInspect(Id);
        if (!info.Running) return info.ExitCode ?? 0;
        await new Promise((r) => setTimeout(r, 0));
      }
      return (await cli.engine.execInspect(Id)).ExitCode ?? 0;
    } catch (e) {
      if (e instanceof StatusError) throw e;
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
