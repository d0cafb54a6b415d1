import { BuildFailedError } from "../../../engine/api/errors";
import type { BuildContext } from "../../../engine/api/types";
import { normalize } from "../../../machine/layered-fs";
import type { ProgramContext } from "../../../machine/program";
import { bool, type CommandSpec, daemonError, list, StatusError, str } from "../cli";
import { BuildProgress } from "./build-progress";

/** One .dockerignore rule (Go filepath.Match with ** and ! exceptions, as moby/patternmatcher). */
interface IgnoreRule {
  re: RegExp;
  negate: boolean;
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (let line of text.split("\n")) {
    line = line.trim();
    if (!line || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    if (negate) line = line.slice(1).trim();
    line = line.replace(/^\/+/, "").replace(/\/+$/, "");
    if (line.startsWith("./")) line = line.slice(2);
    const re = line
      .split("/")
      .map((seg) =>
        seg === "**"
          ? "\u0000"
          : seg
              .replace(/[.+^${}()|\\]/g, "\\$&")
              .replace(/\*/g, "[^/]*")
              .replace(/\?/g, "[^/]"),
      )
      .join("/")
      .replace(/\u0000\/?/g, "(?:.*/)?")
      .replace(/\/\(\?:\.\*\/\)\?$/, "(?:/.*)?");
    rules.push({ re: new RegExp(`^${re}(?:/.*)?$`), negate });
  }
  return rules;
}

export function ignored(rules: IgnoreRule[], path: string): boolean {
  let out = false;
  for (const r of rules) if (r.re.test(path)) out = !r.negate;
  return out;
}

/** Read the build context from the host filesystem, leaving out what .dockerignore excludes. */
async function readContext(ctx: ProgramContext, dir: string, dockerfileRel: string): Promise<BuildContext> {
  const files: BuildContext = new Map();
  let rules: IgnoreRule[] = [];
  try {
    rules = parseDockerignore(await ctx.fs.readFile(`${dir}/.dockerignore`));
  } catch {}
  const walk = async (rel: string) => {
    const abs = rel ? `${dir}/${rel}` : dir;
    for (const name of await ctx.fs.readdir(abs)) {
      const r = rel ? `${rel}/${name}` : name;
      const st = await ctx.fs.stat(`${dir}/${r}`);
      const keep = r === dockerfileRel || r === ".dockerignore" || !ignored(rules, r);
      if (st.isDirectory) {
        if (keep || rules.some((x) => x.negate)) await walk(r);
      } else if (keep) files.set(r, { content: await ctx.fs.readFileBuffer(`${dir}/${r}`), mode: st.mode & 0o7777 });
    }
  };
  await walk("");
  return files;
}

export const build: CommandSpec = {
  name: "build",
  aliases: ["image build", "buildx build", "builder build"],
  usage: "build [OPTIONS] PATH | URL | -",
  short: "Build an image from a Dockerfile",
  flags: [
    { name: "build-arg", type: "stringArray", description: "Set build-time variables" },
    { name: "file", short: "f", type: "string", description: 'Name of the Dockerfile (default: "PATH/Dockerfile")' },
    { name: "no-cache", type: "bool", description: "Do not use cache when building the image" },
    {
      name: "progress",
      type: "string",
      description: 'Set type of progress output ("auto", "quiet", "plain", "tty", "rawjson")',
      default: "auto",
    },
    { name: "pull", type: "bool", description: "Always attempt to pull all referenced images" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress the build output and print image ID on success" },
    { name: "tag", short: "t", type: "stringArray", description: 'Name and optionally a tag (format: "name:tag")' },
    { name: "target", type: "string", description: "Set the target build stage to build" },
  ],
  args: { exact: 1 },
  async run(cli, flags, args) {
    const ctx = cli.ctx;
    const abs = (p: string) => normalize(p.startsWith("/") ? p : `${ctx.cwd}/${p}`);
    const dir = abs(args[0]);
    try {
      const st = await ctx.fs.stat(dir);
      if (!st.isDirectory) throw new Error("not a dir");
    } catch {
      throw new StatusError(`ERROR: failed to build: unable to prepare context: path "${args[0]}" not found\n`, 1);
    }
    const fileFlag = str(flags.file);
    const dfAbs = fileFlag ? abs(fileFlag) : `${dir}/Dockerfile`;
    const dfRel = dfAbs.startsWith(`${dir === "/" ? "" : dir}/`)
      ? dfAbs.slice(dir === "/" ? 1 : dir.length + 1)
      : dfAbs.slice(dfAbs.lastIndexOf("/") + 1);
    const context = await readContext(ctx, dir, dfRel);
    let dockerfileText = "";
    try {
      dockerfileText = await ctx.fs.readFile(dfAbs);
      if (!context.has(dfRel)) context.set(dfRel, { content: dockerfileText, mode: 0o644 });
    } catch {
      context.delete(dfRel);
    }
    const buildargs: Record<string, string> = {};
    for (const a of list(flags["build-arg"])) {
      const i = a.indexOf("=");
      if (i < 0) {
        if (ctx.env[a] !== undefined) buildargs[a] = ctx.env[a];
      } else buildargs[a.slice(0, i)] = a.slice(i + 1);
    }
    const quiet = bool(flags.quiet) || str(flags.progress) === "quiet";
    const progressFlag = str(flags.progress);
    const mode = quiet
      ? "quiet"
      : progressFlag === "plain" || progressFlag === "rawjson"
        ? "plain"
        : progressFlag === "tty" || (progressFlag === "auto" && cli.isTty)
          ? "tty"
          : "plain";
    // BuildKit writes its progress to stderr.
    const progress = new BuildProgress(
      mode,
      (s) => (mode === "quiet" ? undefined : cli.err(s)),
      () => cli.clock.now(),
      ctx.tty?.cols,
    );
    try {
      const { id } = await cli.engine.imageBuild(
        context,
        {
          t: list(flags.tag),
          dockerfile: dfRel,
          buildargs,
          target: str(flags.target) || undefined,
          nocache: bool(flags["no-cache"]),
        },
        (s) => progress.push(s),
      );
      progress.finish();
      if (quiet) cli.out(`${id}\n`);
      return 0;
    } catch (e) {
      if (e instanceof BuildFailedError) {
        progress.finish({
          message: e.message,
          line: e.line,
          dockerfile: dockerfileText,
          dockerfileName: fileFlag || "Dockerfile",
        });
        throw new StatusError(
          `ERROR: failed to build: ${e.message.startsWith("failed to solve") ? e.message : `failed to solve: ${e.message}`}\n`,
          1,
        );
      }
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
