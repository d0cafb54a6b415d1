import type { SystemInfo } from "../../../engine/api/types";
import { bytesSize } from "../../../shared/format";
import { type CommandSpec, type DockerCli, daemonError, StatusError, str } from "../cli";
import { compileTemplate } from "../template";
import { FORMAT_JSON_HELP } from "../usage";
import { CLIENT } from "./client";

function serverText(i: SystemInfo): string {
  const l: string[] = [];
  l.push(
    ` Containers: ${i.Containers}`,
    `  Running: ${i.ContainersRunning}`,
    `  Paused: ${i.ContainersPaused}`,
    `  Stopped: ${i.ContainersStopped}`,
  );
  l.push(` Images: ${i.Images}`, ` Server Version: ${i.ServerVersion}`, ` Storage Driver: ${i.Driver}`);
  for (const [k, v] of i.DriverStatus) l.push(`  ${k}: ${v}`);
  l.push(
    ` Logging Driver: ${i.LoggingDriver}`,
    ` Cgroup Driver: ${i.CgroupDriver}`,
    ` Cgroup Version: ${i.CgroupVersion}`,
  );
  l.push(
    " Plugins:",
    `  Volume: ${i.Plugins.Volume.join(" ")}`,
    `  Network: ${i.Plugins.Network.join(" ")}`,
    `  Log: ${i.Plugins.Log.join(" ")}`,
  );
  l.push(
    ` Swarm: ${i.Swarm.LocalNodeState}`,
    ` Runtimes: ${Object.keys(i.Runtimes).sort().join(" ")}`,
    ` Default Runtime: ${i.DefaultRuntime}`,
  );
  l.push(
    ` Init Binary: ${i.InitBinary}`,
    ` containerd version: ${i.ContainerdCommit.ID}`,
    ` runc version: ${i.RuncCommit.ID}`,
    ` init version: ${i.InitCommit.ID}`,
  );
  l.push(" Security Options:");
  for (const o of i.SecurityOptions) {
    const parts = o.split(",").map((p) => p.split("="));
    const name = parts.find(([k]) => k === "name")?.[1] ?? o;
    l.push(`  ${name}`);
    for (const [k, v] of parts) if (k !== "name") l.push(`   ${k.charAt(0).toUpperCase()}${k.slice(1)}: ${v}`);
  }
  l.push(
    ` Kernel Version: ${i.KernelVersion}`,
    ` Operating System: ${i.OperatingSystem}`,
    ` OSType: ${i.OSType}`,
    ` Architecture: ${i.Architecture}`,
  );
  l.push(
    ` CPUs: ${i.NCPU}`,
    ` Total Memory: ${bytesSize(i.MemTotal)}`,
    ` Name: ${i.Name}`,
    ` ID: ${i.ID}`,
    ` Docker Root Dir: ${i.DockerRootDir}`,
  );
  l.push(` Debug Mode: ${i.Debug}`, ` Experimental: ${i.ExperimentalBuild}`, " Insecure Registries:");
  for (const r of i.RegistryConfig.InsecureRegistryCIDRs) l.push(`  ${r}`);
  l.push(` Live Restore Enabled: ${i.LiveRestoreEnabled}`, "");
  return `${l.join("\n")}\n`;
}

/** The Client block `docker info` prints before asking the engine. */
function clientHeader(cli: DockerCli): string {
  return `Client:\n Version:    ${CLIENT.version}\n Context:    ${cli.contexts?.current() ?? "default"}\n Debug Mode: false\n\nServer:\n`;
}

export const info: CommandSpec = {
  name: "info",
  aliases: ["system info"],
  usage: "info [OPTIONS]",
  short: "Display system-wide information",
  flags: [{ name: "format", short: "f", type: "string", description: FORMAT_JSON_HELP }],
  args: { max: 0 },
  async run(cli, flags) {
    const format = str(flags.format);
    let i: SystemInfo | null = null;
    try {
      i = await cli.engine.info();
    } catch (e) {
      if (format) throw new StatusError(`${daemonError(e)}\n`, 1);
      cli.out(clientHeader(cli));
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    if (format) {
      cli.out(`${compileTemplate(format)(i)}\n`);
      return 0;
    }
    cli.out(clientHeader(cli));
    cli.out(serverText(i));
    return 0;
  },
};
