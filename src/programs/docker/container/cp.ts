import { EngineError } from "../../../engine/api/errors";
import type { Archive } from "../../../engine/api/types";
import { humanSize } from "../../../shared/format";
import {
  CopyError,
  extractToHost,
  fromLatin1,
  fromTar,
  hostArchive,
  hostDestination,
  latin1,
  prepareArchiveCopy,
  resolveLocalPath,
  splitPathDirEntry,
  tarSize,
  toTar,
  validateOutputPath,
} from "../archive";
import { bool, type CommandSpec, type DockerCli, daemonError, StatusError } from "../cli";

/** docker/cli splitCpArg: "/abs" and "./x:y" are local; "ctr:path" names a container. */
function splitCpArg(arg: string): { container: string; path: string } {
  if (arg.startsWith("/")) return { container: "", path: arg };
  const i = arg.indexOf(":");
  if (i < 0 || arg.startsWith(".")) return { container: "", path: arg };
  return { container: arg.slice(0, i), path: arg.slice(i + 1) };
}

const GO_MODE_DIR = 2 ** 31;

const fail = (msg: string) => new StatusError(`${msg}\n`, 1);

export const cp: CommandSpec = {
  name: "cp",
  aliases: ["container cp"],
  usage: "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
  short: "Copy files/folders between a container and the local filesystem",
  long: `Copy files/folders between a container and the local filesystem

Use '-' as the source to read a tar archive from stdin
and extract it to a directory destination in a container.
Use '-' as the destination to stream a tar archive of a
container source to stdout.`,
  flags: [
    { name: "archive", short: "a", type: "bool", description: "Archive mode (copy all uid/gid information)" },
    { name: "follow-link", short: "L", type: "bool", description: "Always follow symbol link in SRC_PATH" },
    {
      name: "quiet",
      short: "q",
      type: "bool",
      description:
        "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached",
    },
  ],
  args: { exact: 2 },
  async run(cli, flags, args) {
    const [srcArg, dstArg] = args;
    if (srcArg === "") throw fail("source can not be empty");
    if (dstArg === "") throw fail("destination can not be empty");
    const src = splitCpArg(srcArg);
    const dst = splitCpArg(dstArg);
    if (src.container && dst.container) throw fail("copying between containers is not supported");
    if (!src.container && !dst.container) throw fail("must specify at least one container source");
    const quiet = bool(flags.quiet) || !cli.isTty;
    try {
      const size = src.container
        ? await fromContainer(cli, src.container, src.path, dst.path, bool(flags["follow-link"]))
        : await toContainer(cli, src.path, dst.container, dst.path, bool(flags["follow-link"]), bool(flags.archive));
      if (!quiet && size !== null) {
        const shown = src.container
          ? dst.path === "-"
            ? "-"
            : resolveLocalPath(cli.ctx.cwd, dst.path)
          : `${dst.container}:${dst.path}`;
        cli.err(`Successfully copied ${humanSize(size)} to ${shown}\n`);
      }
      return 0;
    } catch (e) {
      if (e instanceof StatusError) throw e;
      if (e instanceof CopyError) throw fail(e.message);
      throw fail(daemonError(e));
    }
  },
};

/** Container → host (or a tar on stdout). Resolves with the bytes copied, null for "-". */
async function fromContainer(
  cli: DockerCli,
  container: string,
  srcPath: string,
  dstPath: string,
  followLink: boolean,
): Promise<number | null> {
  const fs = cli.ctx.fs;
  const local = dstPath === "-" ? "-" : resolveLocalPath(cli.ctx.cwd, dstPath);
  if (local !== "-") await validateOutputPath(fs, local);
  let path = srcPath;
  if (followLink) {
    const st = await cli.engine.containerStatPath(container, srcPath);
    if (st.linkTarget) path = st.linkTarget;
  }
  const { stat, archive } = await cli.engine.containerArchive(container, path);
  if (local === "-") {
    cli.out(latin1(toTar(archive)));
    return null;
  }
  const isDir = stat.mode >= GO_MODE_DIR;
  const dst = await hostDestination(fs, local);
  const prepared = prepareArchiveCopy(archive, { path: srcPath, isDir }, dst);
  await extractToHost(fs, prepared.dir, prepared.archive);
  return tarSize(archive);
}

/** Host (or a tar on stdin) → container. Resolves with the bytes copied. */
async function toContainer(
  cli: DockerCli,
  srcPath: string,
  container: string,
  dstPath: string,
  followLink: boolean,
  copyUIDGID: boolean,
): Promise<number> {
  const fs = cli.ctx.fs;
  let dstStat: Awaited<ReturnType<typeof cli.engine.containerStatPath>> | null = null;
  try {
    dstStat = await cli.engine.containerStatPath(container, dstPath);
    if (dstStat.linkTarget) dstPath = dstStat.linkTarget;
  } catch (e) {
    // Any error: assume the parent exists; the copy itself will say what is wrong.
    if (!(e instanceof EngineError)) throw e;
  }
  const dstIsDir = !!dstStat && dstStat.mode >= GO_MODE_DIR;
  let archive: Archive;
  let dir: string;
  if (srcPath === "-") {
    if (dstStat && !dstIsDir) throw new CopyError(`destination "${container}:${dstPath}" must be a directory`);
    archive = fromTar(fromLatin1(cli.ctx.stdin));
    dir = dstPath;
  } else {
    const local = resolveLocalPath(cli.ctx.cwd, srcPath);
    const st = await fs
      .lstat(splitPathDirEntry(local)[1] === "." ? splitPathDirEntry(local)[0] : local)
      .catch(() => null);
    if (!st) throw new CopyError(`lstat ${local.replace(/\/\.?$/, "")}: no such file or directory`);
    const isDir = st.isDirectory || (followLink && (await fs.stat(local).catch(() => null))?.isDirectory === true);
    const source = await hostArchive(fs, local, followLink);
    const prepared = prepareArchiveCopy(
      source,
      { path: local, isDir },
      { path: dstPath, exists: !!dstStat, isDir: dstIsDir },
    );
    archive = prepared.archive;
    dir = prepared.dir;
  }
  await cli.engine.containerExtractArchive(container, dir, archive, { noOverwriteDirNonDir: true, copyUIDGID });
  return tarSize(archive);
}
