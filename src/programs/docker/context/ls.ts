import { tabwrite } from "../../../shared/format";
import { bool, type CommandSpec, StatusError, str } from "../cli";
import { compileTemplate, TemplateError } from "../template";
import { FORMAT_TABLE_HELP } from "../usage";
import { contextsOf, goJson } from "./host";

export const ls: CommandSpec = {
  name: "ls",
  aliases: ["list"],
  usage: "ls [OPTIONS]",
  short: "List contexts",
  flags: [
    { name: "format", type: "string", description: FORMAT_TABLE_HELP },
    { name: "quiet", short: "q", type: "bool", description: "Only show context names" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    const list = contextsOf(cli);
    if (bool(flags.quiet)) {
      for (const c of list) cli.out(`${c.Name}\n`);
      return 0;
    }
    const format = str(flags.format);
    if (format === "json") {
      for (const c of list) {
        const sorted = {
          Current: c.Current,
          Description: c.Description,
          DockerEndpoint: c.DockerEndpoint,
          Error: c.Error,
          Name: c.Name,
        };
        cli.out(`${goJson(JSON.stringify(sorted))}\n`);
      }
      return 0;
    }
    if (format && !format.startsWith("table")) {
      try {
        const t = compileTemplate(format);
        for (const c of list) cli.out(`${t(c)}\n`);
      } catch (e) {
        if (e instanceof TemplateError) throw new StatusError(`${e.message}\n`, 1);
        throw e;
      }
      return 0;
    }
    cli.out(
      tabwrite([
        ["NAME", "DESCRIPTION", "DOCKER ENDPOINT", "ERROR"],
        ...list.map((c) => [c.Current ? `${c.Name} *` : c.Name, c.Description, c.DockerEndpoint, c.Error]),
      ]),
    );
    return 0;
  },
};
