import { familiarString, fullString, parseReference } from "../../../shared/reference";
import { loadAuth } from "../auth-store";
import type { DockerCli } from "../cli";
import { ProgressRenderer } from "../pull-progress";

/** Pull with progress written by `write` (stdout for `docker pull`, stderr for `docker run`). */
export async function pullWithProgress(
  cli: DockerCli,
  image: string,
  write: (s: string) => void,
  opts: { announceTag: boolean },
): Promise<string> {
  const ref = parseReference(image);
  if (opts.announceTag && !image.includes(":") && !ref.digest) write(`Using default tag: ${ref.tag}\n`);
  const renderer = new ProgressRenderer(write, cli.isTty, cli.ctx.tty?.cols);
  const auth = await loadAuth(cli.ctx, ref.domain);
  await cli.engine.imageCreate({ fromImage: ref.familiar, tag: ref.tag }, (p) => renderer.push(p), auth);
  return ref.domain === "docker.io" ? fullString(ref) : familiarString(ref);
}
