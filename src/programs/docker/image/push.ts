import { EngineError } from "../../../engine/api/errors";
import { familiarString, parseReference, ReferenceError_ } from "../../../shared/reference";
import { loadAuth } from "../auth-store";
import { bool, type CommandSpec, daemonError, StatusError } from "../cli";
import { ProgressRenderer } from "../pull-progress";

export const push: CommandSpec = {
  name: "push",
  aliases: ["image push"],
  usage: "push [OPTIONS] NAME[:TAG]",
  short: "Upload an image to a registry",
  flags: [
    { name: "all-tags", short: "a", type: "bool", description: "Push all tags of an image to the repository" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress verbose output" },
  ],
  args: { exact: 1 },
  async run(cli, flags, args) {
    let ref: ReturnType<typeof parseReference>;
    try {
      ref = parseReference(args[0]);
    } catch (e) {
      if (e instanceof ReferenceError_) throw new StatusError(`${e.message}\n`, 1);
      throw e;
    }
    const quiet = bool(flags.quiet);
    const write = quiet ? () => {} : cli.out;
    if (!args[0].slice(args[0].lastIndexOf("/")).includes(":")) write(`Using default tag: ${ref.tag}\n`);
    try {
      await cli.engine.imageInspect(familiarString(ref));
    } catch (e) {
      if (e instanceof EngineError && e.statusCode === 404)
        throw new StatusError(`Error response from daemon: No such image: ${familiarString(ref)}\n`, 1);
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
    const repoShown = ref.domain === "docker.io" ? `docker.io/${ref.path}` : `${ref.domain}/${ref.path}`;
    write(`The push refers to repository [${repoShown}]\n`);
    const auth = await loadAuth(cli.ctx, ref.domain);
    const renderer = new ProgressRenderer(write, cli.isTty, cli.ctx.tty?.cols);
    try {
      await cli.engine.imagePush(ref.familiar, { tag: ref.tag }, auth, (p) => renderer.push(p));
      if (quiet) cli.out(`${familiarString(ref)}\n`);
      return 0;
    } catch (e) {
      // Registry errors arrive in the push stream and are printed as they are.
      if (e instanceof EngineError && e.statusCode !== 500 && !/^No such image/.test(e.message))
        throw new StatusError(`${e.message}\n`, 1);
      throw new StatusError(`${daemonError(e)}\n`, 1);
    }
  },
};
