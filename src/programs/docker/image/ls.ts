import { humanDuration, humanSize, tabwrite } from "../../../shared/format";
import { bool, type CommandSpec, list, StatusError, str } from "../cli";
import { compileTemplate } from "../template";
import { FORMAT_TABLE_HELP } from "../usage";

export const ls: CommandSpec = {
  name: "ls",
  aliases: ["images", "list"],
  usage: "ls [OPTIONS] [REPOSITORY[:TAG]]",
  short: "List images",
  flags: [
    { name: "all", short: "a", type: "bool", description: "Show all images (default hides intermediate images)" },
    { name: "digests", type: "bool", description: "Show digests" },
    {
      name: "filter",
      short: "f",
      type: "stringArray",
      valueName: "filter",
      description: "Filter output based on conditions provided",
    },
    { name: "format", type: "string", description: FORMAT_TABLE_HELP },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Only show image IDs" },
  ],
  args: { max: 1 },
  async run(cli, flags, args) {
    const images = await cli.engine.imageList({ all: bool(flags.all) });
    const now = cli.clock.now();
    const noTrunc = bool(flags["no-trunc"]);
    const rows: { Repository: string; Tag: string; ID: string; CreatedSince: string; Size: string; Digest: string }[] =
      [];
    for (const img of images) {
      for (const rt of img.RepoTags) {
        const i = rt.lastIndexOf(":");
        const repo = rt.slice(0, i);
        const tag = rt.slice(i + 1);
        if (args[0]) {
          const [wantRepo, wantTag] = args[0].includes(":") ? args[0].split(":") : [args[0], undefined];
          if (repo !== wantRepo || (wantTag && tag !== wantTag)) continue;
        }
        rows.push({
          Repository: repo,
          Tag: tag,
          ID: noTrunc ? img.Id : img.Id.slice(7, 19),
          CreatedSince: `${humanDuration(now - img.Created * 1000)} ago`,
          Size: humanSize(img.Size),
          Digest: img.RepoDigests[0]?.split("@")[1] ?? "<none>",
        });
      }
    }
    // The daemon validates the filters (moby's image list): unknown keys, and a dangling
    // value that is neither true nor false.
    const dangling = list(flags.filter)
      .filter((f) => f.startsWith("dangling="))
      .map((f) => f.slice("dangling=".length));
    for (const f of list(flags.filter)) {
      const k = f.split("=")[0];
      if (!["before", "since", "dangling", "label", "label!", "reference", "until"].includes(k))
        throw new StatusError(`Error response from daemon: invalid filter '${k}'\n`, 1);
    }
    if (dangling.length && !dangling.some((v) => ["true", "false", "1", "0"].includes(v)))
      throw new StatusError(`Error response from daemon: invalid filter 'dangling=[${dangling.join(" ")}]'\n`, 1);
    for (const f of list(flags.filter)) {
      const [k, v] = f.split("=");
      if (k === "reference")
        rows.splice(0, rows.length, ...rows.filter((r) => r.Repository === v || `${r.Repository}:${r.Tag}` === v));
      // dangling=true: only images without a tag (<none>:<none>); false: only tagged ones.
      if (k === "dangling") {
        const dangling = v === "true" || v === "1";
        rows.splice(0, rows.length, ...rows.filter((r) => (r.Repository === "<none>") === dangling));
      }
    }
    if (bool(flags.quiet)) {
      const seen = new Set<string>();
      for (const r of rows) {
        if (seen.has(r.ID)) continue;
        seen.add(r.ID);
        cli.out(`${r.ID}\n`);
      }
      return 0;
    }
    const format = str(flags.format);
    if (format && !format.startsWith("table")) {
      const t = compileTemplate(format);
      for (const r of rows) cli.out(`${t(r)}\n`);
      return 0;
    }
    const header = ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"];
    cli.out(tabwrite([header, ...rows.map((r) => [r.Repository, r.Tag, r.ID, r.CreatedSince, r.Size])]));
    return 0;
  },
};
