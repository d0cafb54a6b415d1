import { type CommandSpec, daemonError, StatusError } from "../cli";

export const port: CommandSpec = {
  name: "port",
  aliases: ["container port"],
  usage: "port CONTAINER [PRIVATE_PORT[/PROTO]]",
  short: "List port mappings or a specific mapping for the container",
  flags: [],
  args: { min: 1, max: 2 },
  async run(cli, _flags, args) {
    let ports: Record<string, { HostIp: string; HostPort: string }[] | null>;
    try {
      ports = (await cli.engine.containerInspect(args[0])).NetworkSettings.Ports;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    const show = (b: { HostIp: string; HostPort: string }) => `${b.HostIp === "::" ? "[::]" : b.HostIp}:${b.HostPort}`;
    if (args[1]) {
      const key = args[1].includes("/") ? args[1] : `${args[1]}/tcp`;
      const bindings = ports[key];
      // The message quotes the port as typed ("81", not "81/tcp"), as docker/cli's runPort does.
      if (!bindings) throw new StatusError(`Error: No public port '${args[1]}' published for ${args[0]}\n`, 1);
      for (const b of bindings) cli.out(`${show(b)}\n`);
      return 0;
    }
    for (const [key, bindings] of Object.entries(ports).sort(
      ([a], [b]) => Number.parseInt(a, 10) - Number.parseInt(b, 10),
    ))
      for (const b of bindings ?? []) cli.out(`${key} -> ${show(b)}\n`);
    return 0;
  },
};
