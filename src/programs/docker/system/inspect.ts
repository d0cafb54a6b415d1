import { type CommandSpec, str, UsageError } from "../cli";
import { printInspect } from "../inspect-output";
import { FORMAT_JSON_HELP } from "../usage";

/** `docker inspect`: containers first, then images, unless --type says which. */
export const inspect: CommandSpec = {
  name: "inspect",
  topLevelOnly: true,
  usage: "inspect [OPTIONS] NAME|ID [NAME|ID...]",
  short: "Return low-level information on Docker objects",
  flags: [
    { name: "format", short: "f", type: "string", description: FORMAT_JSON_HELP },
    { name: "size", short: "s", type: "bool", description: "Display total file sizes if the type is container" },
    { name: "type", type: "string", description: "Only inspect objects of the given type" },
  ],
  args: { min: 1 },
  async run(cli, flags, args) {
    const type = str(flags.type);
    if (type && !["container", "image"].includes(type))
      throw new UsageError(`"${type}" is not a valid value for --type`, 1);
    const found: unknown[] = [];
    const missing: string[] = [];
    for (const a of args) {
      let obj: unknown = null;
      if (type !== "image") obj = await cli.engine.containerInspect(a).catch(() => null);
      if (!obj && type !== "container") obj = await cli.engine.imageInspect(a).catch(() => null);
      if (obj) found.push(obj);
      else missing.push(a);
    }
    return printInspect(cli, found, missing, str(flags.format), type || "object");
  },
};
