import type { ContainerStatsResponse } from "../../../engine/api/types";
import { bytesSize, humanSize } from "../../../shared/format";
import { bool, type CommandSpec, type DockerCli, daemonError, StatusError, str } from "../cli";
import { renderRows } from "../formatter";
import { FORMAT_TABLE_HELP } from "../usage";

const DEFAULT =
  "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
const HEADERS = {
  Container: "CONTAINER",
  ID: "CONTAINER ID",
  Name: "NAME",
  CPUPerc: "CPU %",
  MemUsage: "MEM USAGE / LIMIT",
  MemPerc: "MEM %",
  NetIO: "NET I/O",
  BlockIO: "BLOCK I/O",
  PIDs: "PIDS",
};

/** One row as docker/cli's stats formatter computes it from a StatsResponse (cgroup v2). */
function row(container: string, s: ContainerStatsResponse, trunc: boolean) {
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const online = s.cpu_stats.online_cpus ?? 0;
  const cpu = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
  const usage = Math.max(0, (s.memory_stats.usage ?? 0) - (s.memory_stats.stats?.inactive_file ?? 0));
  const limit = s.memory_stats.limit ?? 0;
  const memPerc = limit ? (usage / limit) * 100 : 0;
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    rx += n.rx_bytes;
    tx += n.tx_bytes;
  }
  let read = 0;
  let write = 0;
  for (const b of s.blkio_stats.io_service_bytes_recursive ?? []) {
    if (b.op.toLowerCase() === "read") read += b.value;
    if (b.op.toLowerCase() === "write") write += b.value;
  }
  return {
    __type: "*container.statsContext",
    Container: container,
    Name: s.name.replace(/^\//, "") || "--",
    ID: trunc ? s.id.slice(0, 12) : s.id,
    CPUPerc: `${cpu.toFixed(2)}%`,
    MemUsage: `${bytesSize(usage)} / ${bytesSize(limit)}`,
    MemPerc: `${memPerc.toFixed(2)}%`,
    NetIO: `${humanSize(rx)} / ${humanSize(tx)}`,
    BlockIO: `${humanSize(read)} / ${humanSize(write)}`,
    PIDs: String(s.pids_stats.current ?? 0),
  };
}

async function sample(cli: DockerCli, names: string[], all: boolean, trunc: boolean) {
  let targets = names;
  if (!targets.length) targets = (await cli.engine.containerList({ all })).map((c) => c.Id.slice(0, 12));
  const rows = [];
  for (const t of targets) rows.push(row(t, await cli.engine.containerStats(t), trunc));
  return rows;
}

export const stats: CommandSpec = {
  name: "stats",
  aliases: ["container stats"],
  usage: "stats [OPTIONS] [CONTAINER...]",
  short: "Display a live stream of container(s) resource usage statistics",
  flags: [
    { name: "all", short: "a", type: "bool", description: "Show all containers (default shows just running)" },
    { name: "format", type: "string", description: FORMAT_TABLE_HELP },
    { name: "no-stream", type: "bool", description: "Disable streaming stats and only pull the first result" },
    { name: "no-trunc", type: "bool", description: "Do not truncate output" },
  ],
  async run(cli, flags, args) {
    const trunc = !bool(flags["no-trunc"]);
    const format = str(flags.format);
    const render = async () => renderRows(format, DEFAULT, HEADERS, await sample(cli, args, bool(flags.all), trunc));
    try {
      // Streaming needs a terminal to redraw on; in a pipe or a script one sample is all there is.
      if (bool(flags["no-stream"]) || !cli.ctx.tty) {
        cli.out(await render());
        return 0;
      }
      const tty = cli.ctx.tty;
      const stop = new AbortController();
      const release = cli.ctx.claimInput((d) => {
        if (d.includes("\x03")) stop.abort();
      });
      cli.ctx.signal.addEventListener("abort", () => stop.abort(), { once: true });
      try {
        while (!stop.signal.aborted) {
          tty.write(`\x1b[2J\x1b[H${await render()}`);
          // One signal per wait: a long-lived signal would collect a listener every second.
          const tick = new AbortController();
          const onStop = () => tick.abort();
          stop.signal.addEventListener("abort", onStop, { once: true });
          await cli.clock.sleep(1000, tick.signal).catch(() => {});
          stop.signal.removeEventListener("abort", onStop);
        }
      } finally {
        release();
      }
      tty.write("^C\n");
      return 130;
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
