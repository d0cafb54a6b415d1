import type { ContainerSummary } from "../../../engine/api/types";
import { ellipsis, humanDuration, tabwrite } from "../../../shared/format";
import { bool, type CommandSpec, list, StatusError, str, UsageError } from "../cli";
import { renderRows } from "../formatter";
import { compileTemplate, TemplateError } from "../template";
import { FORMAT_TABLE_HELP } from "../usage";

/** The fields `--format` sees, as docker/cli's ContainerContext names them. */
export function psContext(c: ContainerSummary, now: number, trunc: boolean) {
  const cmd = trunc ? ellipsis(c.Command, 20) : c.Command;
  return {
    __type: "*formatter.ContainerContext",
    ID: trunc ? c.Id.slice(0, 12) : c.Id,
    Image: c.Image,
    Command: JSON.stringify(cmd),
    CreatedAt: new Date(c.Created * 1000)
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, " +0000 UTC"),
    RunningFor: `${humanDuration(now - c.Created * 1000)} ago`,
    Status: c.Status,
    State: c.State,
    Ports: c.Ports.map((p) =>
      p.PublicPort
        ? `${p.IP === "::" ? "[::]" : (p.IP ?? "0.0.0.0")}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`
        : `${p.PrivatePort}/${p.Type}`,
    ).join(", "),
    Names: c.Names.map((n) => n.replace(/^\//, "")).join(","),
    Labels: Object.entries(c.Labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(","),
    Size: "0B",
    Networks: c.HostConfig.NetworkMode,
    Mounts: "",
  };
}

/** Column titles of `--format 'table …'`, as docker/cli's ContainerContext names them. */
const HEADERS = {
  ID: "CONTAINER ID",
  Image: "IMAGE",
  Command: "COMMAND",
  CreatedAt: "CREATED AT",
  RunningFor: "CREATED",
  Status: "STATUS",
  State: "STATE",
  Ports: "PORTS",
  Names: "NAMES",
  Labels: "LABELS",
  Size: "SIZE",
  Networks: "NETWORKS",
  Mounts: "MOUNTS",
};

/** The container docker/cli's template pre-check runs the format on. */
const EMPTY: ContainerSummary = {
  Id: "",
  Names: [],
  Image: "",
  ImageID: "",
  Command: "",
  Created: 0,
  Ports: [],
  Labels: {},
  State: "",
  Status: "",
  HostConfig: { NetworkMode: "" },
} as unknown as ContainerSummary;

export const ps: CommandSpec = {
  name: "ps",
  aliases: ["container ls", "container list", "container ps"],
  usage: "ps [OPTIONS]",
  short: "List containers",
  flags: [
    { name: "all", short: "a", type: "bool", description: "Show all containers (default shows just running)" },
    {
      name: "filter",
      short: "f",
      type: "stringArray",
      valueName: "filter",
      description: "Filter output based on conditions provided",
    },
    { name: "format", type: "string", description: FORMAT_TABLE_HELP },
    {
      name: "last",
      short: "n",
      type: "int",
      description: "Show n last created containers (includes all states)",
      default: -1,
    },
    {
      name: "latest",
      short: "l",
      type: "bool",
      description: "Show the latest created container (includes all states)",
    },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Only display container IDs" },
    { name: "size", short: "s", type: "bool", description: "Display total file sizes" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    const filters: Record<string, string[]> = {};
    for (const f of list(flags.filter)) {
      const i = f.indexOf("=");
      if (i < 0)
        throw new UsageError(
          `invalid argument "${f}" for "-f, --filter" flag: bad format of filter (expected name=value)`,
        );
      const k = f.slice(0, i);
      if (
        ![
          "name",
          "id",
          "status",
          "exited",
          "ancestor",
          "label",
          "before",
          "since",
          "volume",
          "network",
          "health",
          "is-task",
          "publish",
          "expose",
        ].includes(k)
      ) {
        throw new UsageError(`Error response from daemon: invalid filter '${k}'`, 1);
      }
      filters[k] = [...(filters[k] ?? []), f.slice(i + 1)];
    }
    const format = str(flags.format);
    if (format) {
      // docker/cli's buildContainerListOptions parses the template and runs it once on an
      // empty container (to see whether it asks for .Size) before it lists anything.
      let t: (dot: unknown) => string;
      try {
        t = compileTemplate(format);
      } catch (e) {
        if (e instanceof TemplateError) throw new StatusError(`failed to parse template: ${e.message}\n`, 1);
        throw e;
      }
      try {
        t(psContext(EMPTY, 0, true));
      } catch (e) {
        if (e instanceof TemplateError) throw new StatusError(`failed to execute template: ${e.message}\n`, 1);
        throw e;
      }
    }
    const last = typeof flags.last === "number" ? flags.last : -1;
    const limit = bool(flags.latest) ? 1 : last;
    const all = bool(flags.all) || limit > 0 || !!filters.status || !!filters.exited;
    const containers = await cli.engine.containerList({ all, filters, limit: limit > 0 ? limit : undefined });
    const trunc = !bool(flags["no-trunc"]);
    const now = cli.clock.now();
    if (bool(flags.quiet)) {
      for (const c of containers) cli.out(`${trunc ? c.Id.slice(0, 12) : c.Id}\n`);
      return 0;
    }
    if (format && format !== "table" && !format.startsWith("table ")) {
      const t = compileTemplate(format);
      for (const c of containers) cli.out(`${t(psContext(c, now, trunc))}\n`);
      return 0;
    }
    if (format.startsWith("table ")) {
      cli.out(
        renderRows(
          format,
          "",
          HEADERS,
          containers.map((c) => psContext(c, now, trunc)),
        ),
      );
      return 0;
    }
    const header = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"];
    const rows = containers.map((c) => {
      const x = psContext(c, now, trunc);
      return [x.ID, x.Image, x.Command, x.RunningFor, x.Status, x.Ports, x.Names];
    });
    cli.out(tabwrite([header, ...rows]));
    return 0;
  },
};
