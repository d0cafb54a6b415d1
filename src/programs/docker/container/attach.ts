import { bool, type CommandSpec, daemonError, StatusError } from "../cli";
import { pipeStream } from "./run";

export const attach: CommandSpec = {
  name: "attach",
  aliases: ["container attach"],
  usage: "attach [OPTIONS] CONTAINER",
  short: "Attach local standard input, output, and error streams to a running container",
  flags: [
    { name: "detach-keys", type: "string", description: "Override the key sequence for detaching a container" },
    { name: "no-stdin", type: "bool", description: "Do not attach STDIN" },
    { name: "sig-proxy", type: "bool", description: "Proxy all received signals to the process", default: true },
  ],
  args: { exact: 1 },
  async run(cli, flags, args) {
    let info: Awaited<ReturnType<typeof cli.engine.containerInspect>>;
    try {
      info = await cli.engine.containerInspect(args[0]);
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    if (!info.State.Running) throw new StatusError("You cannot attach to a stopped container, start it first\n", 1);
    if (info.State.Paused) throw new StatusError("You cannot attach to a paused container, unpause it first\n", 1);
    if (info.State.Restarting)
      throw new StatusError("You cannot attach to a restarting container, wait until it is running\n", 1);
    const tty = info.Config.Tty;
    const stdin = info.Config.OpenStdin && !bool(flags["no-stdin"]);
    if (tty && stdin && !cli.ctx.tty) throw new StatusError("the input device is not a TTY\n", 1);
    try {
      const stream = await cli.engine.containerAttach(info.Id, { stream: true, stdin, stdout: true, stderr: true });
      const wait = cli.engine.containerWait(info.Id, { condition: "next-exit" });
      const piped = pipeStream(cli, stream, { tty, stdin });
      // Without a terminal of the container's own, Ctrl+C is a signal: --sig-proxy hands it on.
      let interrupted = false;
      const onInterrupt = () => {
        interrupted = true;
        if (bool(flags["sig-proxy"])) void cli.engine.containerKill(info.Id, { signal: "SIGINT" }).catch(() => {});
        stream.close();
      };
      const release =
        !tty && !stdin && cli.ctx.tty ? cli.ctx.claimInput((d) => d.includes("\x03") && onInterrupt()) : () => {};
      cli.ctx.signal.addEventListener("abort", onInterrupt, { once: true });
      const detached = await piped.detached;
      release();
      cli.ctx.signal.removeEventListener("abort", onInterrupt);
      if (detached) {
        cli.ctx.tty?.write("\r\nread escape sequence\r\n");
        return 0;
      }
      if (interrupted) {
        cli.ctx.tty?.write("^C\n");
        return 130;
      }
      return (await wait).StatusCode;
    } catch (e) {
      if (e instanceof StatusError) throw e;
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
