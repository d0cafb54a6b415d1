import { bool, type CommandSpec, daemonError, StatusError, str } from "../cli";

export const logs: CommandSpec = {
  name: "logs",
  aliases: ["container logs"],
  usage: "logs [OPTIONS] CONTAINER",
  short: "Fetch the logs of a container",
  flags: [
    { name: "details", type: "bool", description: "Show extra details provided to logs" },
    { name: "follow", short: "f", type: "bool", description: "Follow log output" },
    {
      name: "since",
      type: "string",
      description: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    },
    {
      name: "tail",
      short: "n",
      type: "string",
      description: "Number of lines to show from the end of the logs",
      default: "all",
    },
    { name: "timestamps", short: "t", type: "bool", description: "Show timestamps" },
    {
      name: "until",
      type: "string",
      description: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    },
  ],
  args: { exact: 1 },
  async run(cli, flags, args) {
    const tailRaw = str(flags.tail) || "all";
    const tail = tailRaw === "all" ? "all" : Number.parseInt(tailRaw, 10);
    const timestamps = bool(flags.timestamps);
    const controller = new AbortController();
    cli.ctx.signal.addEventListener("abort", () => controller.abort(), { once: true });
    const release = bool(flags.follow) ? cli.ctx.claimInput((d) => d.includes("\x03") && controller.abort()) : () => {};
    try {
      await cli.engine.containerLogs(
        args[0],
        { stdout: true, stderr: true, follow: bool(flags.follow), tail: Number.isNaN(tail) ? "all" : tail, timestamps },
        (f) => {
          const text = timestamps ? f.text.replace(/^(?=.)/gm, `${f.time} `) : f.text;
          if (f.stream === "stderr") cli.err(text);
          else cli.out(text);
        },
        controller.signal,
      );
      if (controller.signal.aborted && cli.ctx.tty) {
        cli.ctx.tty.write("^C\n");
        return 130;
      }
      return 0;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    } finally {
      release();
    }
  },
};
