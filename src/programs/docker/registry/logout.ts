import { removeAuth } from "../auth-store";
import type { CommandSpec } from "../cli";

export const logout: CommandSpec = {
  name: "logout",
  usage: "logout [SERVER]",
  short: "Log out from a registry",
  flags: [],
  args: { max: 1 },
  async run(cli, _flags, args) {
    const server = (args[0] ?? "docker.io").replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    const shown = server === "docker.io" ? "https://index.docker.io/v1/" : server;
    if (await removeAuth(cli.ctx, server)) cli.out(`Removing login credentials for ${shown}\n`);
    else cli.out(`Not logged in to ${shown}\n`);
    return 0;
  },
};
