import { type CommandSpec, type DockerCli, daemonError, StatusError } from "../cli";
import { contextsOf, notFound } from "./host";

/** The join code can come from the environment: `CLASSROOM_JOIN_CODE=7wq2k docker context use classroom`. */
export const JOIN_CODE_ENV = "CLASSROOM_JOIN_CODE";

export const use: CommandSpec = {
  name: "use",
  usage: "use CONTEXT",
  short: "Set the current docker context",
  flags: [],
  async run(cli, _flags, args) {
    // cobra.ExactArgs(1), not docker/cli's own validators.
    if (args.length !== 1) throw new StatusError(`accepts 1 arg(s), received ${args.length}\n`, 1);
    const name = args[0];
    if (!contextsOf(cli).some((c) => c.Name === name)) throw new StatusError(`${notFound(cli, name)}\n`, 1);
    if (cli.contexts) {
      let joinCode = cli.ctx.env[JOIN_CODE_ENV] || undefined;
      if (!joinCode && cli.contexts.needsJoinCode(name)) {
        joinCode = cli.ctx.tty ? await askJoinCode(cli) : undefined;
        if (!joinCode)
          throw new StatusError(
            `${name}: this classroom needs a join code: ${JOIN_CODE_ENV}=<code> docker context use ${name}\n`,
            1,
          );
      }
      try {
        await cli.contexts.use(name, { joinCode });
      } catch (e) {
        throw new StatusError(`${daemonError(e)}\n`, 1);
      }
    }
    cli.out(`${name}\n`);
    cli.err(`Current context is now "${name}"\n`);
    return 0;
  },
};

/** Read a join code from the terminal (echoed, like a user name); "" on Ctrl+C or Ctrl+D. */
function askJoinCode(cli: DockerCli): Promise<string> {
  const tty = cli.ctx.tty;
  if (!tty) return Promise.resolve("");
  tty.write("Join code: ");
  return new Promise((resolve) => {
    let line = "";
    const release = cli.ctx.claimInput((data) => {
      for (const ch of data) {
        if (ch === "\r" || ch === "\n") {
          tty.write("\r\n");
          release();
          resolve(line.trim());
          return;
        }
        if (ch === "\x03" || ch === "\x04") {
          tty.write("^C\r\n");
          release();
          resolve("");
          return;
        }
        if (ch === "\x7f" || ch === "\b") {
          if (line) {
            line = line.slice(0, -1);
            tty.write("\b \b");
          }
        } else if (ch >= " ") {
          line += ch;
          tty.write(ch);
        }
      }
    });
  });
}
