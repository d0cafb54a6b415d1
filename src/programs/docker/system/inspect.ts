import { type CommandSpec, daemonError, StatusError, str } from "../cli";
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
    if (type && !TYPES.includes(type))
      throw new StatusError(
        `unknown type: ${JSON.stringify(type)}: must be one of ${TYPES.map((t) => `"${t}"`).join(", ")}\n`,
        1,
      );
    const getters: Record<string, (name: string) => Promise<unknown>> = {
      container: (n) => cli.engine.containerInspect(n),
      image: (n) => cli.engine.imageInspect(n),
      network: (n) => cli.engine.networkInspect(n),
      volume: (n) => cli.engine.volumeInspect(n),
    };
    const found: unknown[] = [];
    const missing: (string | { message: string })[] = [];
    for (const a of args) {
      if (type) {
        // One type: docker/cli prints that lookup's own error ("No such container: x").
        const get = getters[type];
        if (!get) {
          missing.push(a);
          continue;
        }
        try {
          found.push(await get(a));
        } catch (e) {
          missing.push({ message: daemonError(e) });
        }
        continue;
      }
      // No type: the first kind of object with that name or id, in docker/cli's order.
      let obj: unknown = null;
      for (const get of Object.values(getters)) {
        obj = await get(a).catch(() => null);
        if (obj) break;
      }
      if (obj) found.push(obj);
      else missing.push(a);
    }
    return printInspect(cli, found, missing, str(flags.format), type || "object");
  },
};

/** The --type values docker/cli 28 accepts (the swarm ones and plugins are never found here). */
const TYPES = ["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"];
