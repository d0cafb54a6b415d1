import type { SystemDataUsage } from "../../../engine/api/types";
import { humanDuration, humanSize } from "../../../shared/format";
import { bool, type CommandSpec, daemonError, StatusError, str } from "../cli";
import { psContext } from "../container/ps";
import { renderRows } from "../formatter";
import { FORMAT_TABLE_HELP } from "../usage";

const DEFAULT = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
const HEADERS = { Type: "TYPE", TotalCount: "TOTAL", Active: "ACTIVE", Size: "SIZE", Reclaimable: "RECLAIMABLE" };

/** go-units HumanSize (4 significant digits), as the df summary prints sizes. */
const size4 = (n: number) => humanSize(n, 4);
const withPercent = (reclaimable: number, total: number) =>
  total > 0 ? `${size4(reclaimable)} (${Math.floor((reclaimable * 100) / total)}%)` : size4(reclaimable);

/** The four summary rows, computed as docker/cli 28 does from GET /system/df. */
function summary(du: SystemDataUsage) {
  let imagesUsed = 0;
  for (const i of du.Images)
    if (i.Containers > 0 && i.Size >= 0 && i.SharedSize >= 0) imagesUsed += i.Size - i.SharedSize;
  const containersSize = du.Containers.reduce((a, c) => a + (c.SizeRw ?? 0), 0);
  const containersReclaimable = du.Containers.filter((c) => c.State !== "running" && c.State !== "paused").reduce(
    (a, c) => a + (c.SizeRw ?? 0),
    0,
  );
  const volumesSize = du.Volumes.reduce((a, v) => a + Math.max(0, v.UsageData?.Size ?? 0), 0);
  const volumesReclaimable = du.Volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce(
    (a, v) => a + Math.max(0, v.UsageData?.Size ?? 0),
    0,
  );
  const cacheSize = du.BuildCache.reduce((a, b) => a + b.Size, 0);
  const cacheReclaimable = du.BuildCache.filter((b) => !b.InUse && !b.Shared).reduce((a, b) => a + b.Size, 0);
  return [
    {
      Type: "Images",
      TotalCount: String(du.Images.length),
      Active: String(du.Images.filter((i) => i.Containers > 0).length),
      Size: size4(du.LayersSize),
      Reclaimable: withPercent(du.LayersSize - imagesUsed, du.LayersSize),
    },
    {
      Type: "Containers",
      TotalCount: String(du.Containers.length),
      Active: String(du.Containers.filter((c) => c.State === "running" || c.State === "paused").length),
      Size: size4(containersSize),
      Reclaimable: withPercent(containersReclaimable, containersSize),
    },
    {
      Type: "Local Volumes",
      TotalCount: String(du.Volumes.length),
      Active: String(du.Volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length),
      Size: size4(volumesSize),
      Reclaimable: withPercent(volumesReclaimable, volumesSize),
    },
    {
      Type: "Build Cache",
      TotalCount: String(du.BuildCache.length),
      Active: String(du.BuildCache.filter((b) => b.InUse).length),
      Size: size4(cacheSize),
      Reclaimable: size4(cacheReclaimable),
    },
  ];
}

export const df: CommandSpec = {
  name: "df",
  usage: "df [OPTIONS]",
  short: "Show docker disk usage",
  flags: [
    { name: "format", type: "string", description: FORMAT_TABLE_HELP },
    { name: "verbose", short: "v", type: "bool", description: "Show detailed information on space usage" },
  ],
  args: { max: 0 },
  async run(cli, flags) {
    let du: SystemDataUsage;
    try {
      du = await cli.engine.systemDataUsage();
    } catch (e) {
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    const format = str(flags.format);
    if (!bool(flags.verbose)) {
      cli.out(renderRows(format, DEFAULT, HEADERS, summary(du)));
      return 0;
    }
    const now = cli.clock.now();
    const out: string[] = [];
    out.push("Images space usage:\n\n");
    out.push(
      renderRows(
        "",
        "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}",
        {
          Repository: "REPOSITORY",
          Tag: "TAG",
          ID: "IMAGE ID",
          CreatedSince: "CREATED",
          Size: "SIZE",
          SharedSize: "SHARED SIZE",
          UniqueSize: "UNIQUE SIZE",
          Containers: "CONTAINERS",
        },
        du.Images.map((i) => {
          const tag = i.RepoTags[0];
          const at = tag ? tag.lastIndexOf(":") : -1;
          return {
            Repository: tag ? tag.slice(0, at) : "<none>",
            Tag: tag ? tag.slice(at + 1) : "<none>",
            ID: i.Id.slice(7, 19),
            CreatedSince: `${humanDuration(now - i.Created * 1000)} ago`,
            Size: humanSize(i.Size),
            SharedSize: size4(i.SharedSize),
            UniqueSize: size4(i.Size - i.SharedSize),
            Containers: String(i.Containers),
          };
        }),
      ),
    );
    out.push("\nContainers space usage:\n\n");
    out.push(
      renderRows(
        "",
        "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}",
        {
          ID: "CONTAINER ID",
          Image: "IMAGE",
          Command: "COMMAND",
          LocalVolumes: "LOCAL VOLUMES",
          Size: "SIZE",
          RunningFor: "CREATED",
          Status: "STATUS",
          Names: "NAMES",
        },
        du.Containers.map((c) => {
          const x = psContext(c, now, true);
          return {
            ...x,
            LocalVolumes: String(c.Mounts.filter((m) => m.Type === "volume").length),
            Size: size4(c.SizeRw ?? 0),
          };
        }),
      ),
    );
    out.push("\nLocal Volumes space usage:\n\n");
    out.push(
      renderRows(
        "",
        "table {{.Name}}\t{{.Links}}\t{{.Size}}",
        { Name: "VOLUME NAME", Links: "LINKS", Size: "SIZE" },
        du.Volumes.map((v) => ({
          Name: v.Name,
          Links: String(v.UsageData?.RefCount ?? 0),
          Size: size4(v.UsageData?.Size ?? 0),
        })),
      ),
    );
    out.push(`\nBuild cache usage: ${size4(du.BuildCache.reduce((a, b) => a + b.Size, 0))}\n\n`);
    out.push(
      renderRows(
        "",
        "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}",
        {
          ID: "CACHE ID",
          CacheType: "CACHE TYPE",
          Size: "SIZE",
          CreatedSince: "CREATED",
          LastUsedSince: "LAST USED",
          UsageCount: "USAGE",
          Shared: "SHARED",
        },
        du.BuildCache.map((b) => ({
          ID: b.ID.slice(0, 12),
          CacheType: b.Type,
          Size: size4(b.Size),
          CreatedSince: `${humanDuration(now - Date.parse(b.CreatedAt))} ago`,
          LastUsedSince: b.LastUsedAt ? `${humanDuration(now - Date.parse(b.LastUsedAt))} ago` : "",
          UsageCount: String(b.UsageCount),
          Shared: String(b.Shared),
        })),
      ),
    );
    cli.out(out.join(""));
    return 0;
  },
};
