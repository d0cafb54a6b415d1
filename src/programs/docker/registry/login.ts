import { configPath, saveAuth } from "../auth-store";
import { bool, type CommandSpec, daemonError, StatusError, str } from "../cli";

/** Read one line from the terminal (echoing it unless `secret`). */
function prompt(cli: Parameters<CommandSpec["run"]>[0], text: string, secret: boolean): Promise<string> {
  const tty = cli.ctx.tty;
  if (!tty) return Promise.resolve("");
  tty.write(text);
  return new Promise((resolve) => {
    let line = "";
    const release = cli.ctx.claimInput((data) => {
      for (const ch of data) {
        if (ch === "\r" || ch === "\n") {
          tty.write("\n");
          release();
          resolve(line);
          return;
        }
        if (ch === "\x7f") {
          if (line) {
            line = line.slice(0, -1);
            if (!secret) tty.write("\b \b");
          }
          continue;
        }
        if (ch === "\x03") {
          tty.write("^C\n");
          release();
          resolve("\x03");
          return;
        }
        line += ch;
        if (!secret) tty.write(ch);
      }
    });
  });
}

export const login: CommandSpec = {
  name: "login",
  usage: "login [OPTIONS] [SERVER]",
  short: "Authenticate to a registry",
  flags: [
    { name: "password", short: "p", type: "string", description: "Password or Personal Access Token (PAT)" },
    {
      name: "password-stdin",
      type: "bool",
      description: "Take the Password or Personal Access Token (PAT) from stdin",
    },
    { name: "username", short: "u", type: "string", description: "Username" },
  ],
  args: { max: 1 },
  async run(cli, flags, args) {
    const server = (args[0] ?? "docker.io").replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    let username = str(flags.username);
    let password = str(flags.password);
    if (bool(flags["password-stdin"])) {
      if (password) throw new StatusError("--password and --password-stdin are mutually exclusive\n", 1);
      if (!username) throw new StatusError("Must provide --username with --password-stdin\n", 1);
      password = cli.ctx.stdin.replace(/\r?\n$/, "");
    } else if (password) {
      cli.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n");
    }
    if (!username || !password) {
      if (!cli.ctx.tty) throw new StatusError("Error: Cannot perform an interactive login from a non TTY device\n", 1);
      if (!username) username = await prompt(cli, "Username: ", false);
      if (username === "\x03") return 130;
      if (!password) password = await prompt(cli, "Password: ", true);
      if (password === "\x03") return 130;
    }
    try {
      await cli.engine.systemAuth({ username, password, serveraddress: server });
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    await saveAuth(cli.ctx, server === "docker.io" ? "docker.io" : server, username, password);
    cli.err(
      `\nWARNING! Your credentials are stored unencrypted in '${configPath(cli.ctx)}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n`,
    );
    cli.out("Login Succeeded\n");
    return 0;
  },
};
