import { type CommandSpec, StatusError, str } from "../cli";
import { compileTemplate, TemplateError } from "../template";
import { FORMAT_JSON_HELP } from "../usage";
import { contextStorage, contextsOf, currentContext, goJson, notFound } from "./host";

export const inspect: CommandSpec = {
  name: "inspect",
  usage: "inspect [OPTIONS] [CONTEXT] [CONTEXT...]",
  short: "Display detailed information on one or more contexts",
  flags: [{ name: "format", short: "f", type: "string", description: FORMAT_JSON_HELP }],
  async run(cli, flags, args) {
    const names = args.length ? args : [currentContext(cli)];
    const known = contextsOf(cli);
    const found: unknown[] = [];
    const missing: string[] = [];
    for (const n of names) {
      const c = known.find((k) => k.Name === n);
      if (!c) {
        missing.push(n);
        continue;
      }
      found.push({
        Name: c.Name,
        Metadata: c.Name === "default" ? {} : { Description: c.Description },
        Endpoints: { docker: { Host: c.DockerEndpoint, SkipTLSVerify: false } },
        TLSMaterial: {},
        Storage: contextStorage(cli, c.Name),
      });
    }
    const format = str(flags.format);
    if (format && format !== "json") {
      try {
        const t = compileTemplate(format);
        for (const o of found) cli.out(`${t(o)}\n`);
      } catch (e) {
        if (e instanceof TemplateError) throw new StatusError(`${e.message}\n`, 1);
        throw e;
      }
    } else cli.out(`${goJson(JSON.stringify(found, null, 4))}\n`);
    if (missing.length) throw new StatusError(`${notFound(cli, missing[0])}\n`, 1);
    return 0;
  },
};
