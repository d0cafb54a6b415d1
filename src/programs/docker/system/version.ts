import type { SystemVersion } from "../../../engine/api/types";
import { type CommandSpec, daemonError, StatusError, str } from "../cli";
import { compileTemplate, TemplateError } from "../template";
import { FORMAT_JSON_HELP } from "../usage";
import { CLIENT } from "./client";

function clientBlock(context: string) {
  return {
    Platform: { Name: "" },
    Version: CLIENT.version,
    ApiVersion: CLIENT.apiVersion,
    DefaultAPIVersion: CLIENT.apiVersion,
    GitCommit: CLIENT.gitCommit,
    GoVersion: CLIENT.goVersion,
    Os: "linux",
    Arch: "amd64",
    BuildTime: CLIENT.built,
    Context: context,
  };
}

function clientText(context: string): string {
  return [
    "Client:",
    ` Version:           ${CLIENT.version}`,
    ` API version:       ${CLIENT.apiVersion}`,
    ` Go version:        ${CLIENT.goVersion}`,
    ` Git commit:        ${CLIENT.gitCommit}`,
    ` Built:             ${CLIENT.built}`,
    ` OS/Arch:           ${CLIENT.osArch}`,
    ` Context:           ${context}`,
    "",
  ].join("\n");
}

function serverText(v: SystemVersion): string {
  let s = `\nServer:${v.Platform.Name ? ` ${v.Platform.Name}` : ""}\n`;
  for (const c of v.Components) {
    const d = c.Details ?? {};
    s += ` ${c.Name}:\n`;
    if (c.Name === "Engine") {
      s += `  Version:          ${c.Version}\n`;
      s += `  API version:      ${d.ApiVersion} (minimum version ${d.MinAPIVersion})\n`;
      s += `  Go version:       ${d.GoVersion}\n`;
      s += `  Git commit:       ${d.GitCommit}\n`;
      s += `  Built:            ${v.BuildTime}\n`;
      s += `  OS/Arch:          ${d.Os}/${d.Arch}\n`;
      s += `  Experimental:     ${d.Experimental}\n`;
    } else {
      s += `  Version:          ${c.Version}\n`;
      s += `  GitCommit:        ${d.GitCommit ?? ""}\n`;
    }
  }
  return s;
}

export const version: CommandSpec = {
  name: "version",
  topLevelOnly: true,
  usage: "version [OPTIONS]",
  short: "Show the Docker version information",
  flags: [{ name: "format", short: "f", type: "string", description: FORMAT_JSON_HELP }],
  args: { max: 0 },
  async run(cli, flags) {
    const context = cli.contexts?.current() ?? "default";
    const format = str(flags.format);
    let server: SystemVersion | null = null;
    let error: unknown = null;
    try {
      server = await cli.engine.version();
    } catch (e) {
      error = e;
    }
    if (format) {
      try {
        cli.out(`${compileTemplate(format)({ Client: clientBlock(context), Server: server })}\n`);
      } catch (e) {
        if (e instanceof TemplateError) throw new StatusError(`${e.message}\n`, 1);
        throw e;
      }
    } else {
      cli.out(clientText(context));
      if (server) cli.out(serverText(server));
    }
    if (error) throw new StatusError(`${daemonError(error)}\n`, 1);
    return 0;
  },
};
