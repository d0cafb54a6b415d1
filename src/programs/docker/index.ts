/**
 * The `docker` program: global options, then a top-level command or a
 * management group ("container", "image", "system") and its subcommand.
 * Every command only talks to the EngineApi it is given.
 */
import type { EngineApi } from "../../engine/api/types";
import type { Program } from "../../machine/program";
import {
  type CommandSpec,
  checkArgs,
  type DockerCli,
  daemonError,
  type GroupSpec,
  helpText,
  parseFlags,
  StatusError,
  UsageError,
} from "./cli";
import { container } from "./container";
import { context } from "./context";
import type { DockerContextHost } from "./context/host";
import { image } from "./image";
import { network } from "./network";
import { registry } from "./registry";
import { system } from "./system";
import { CLIENT } from "./system/client";
import { ALIASES, GROUP_COMMANDS, ROOT_USAGE } from "./usage";
import { volume } from "./volume";

export const GROUPS: GroupSpec[] = [container, context, image, network, registry, system, volume];

const find = (g: GroupSpec, name: string) => g.commands.find((c) => c.name === name || c.aliases?.includes(name));

/** Top-level shortcuts, as docker/cli registers them. */
export const TOP_LEVEL: Record<string, CommandSpec> = {
  attach: find(container, "attach") as CommandSpec,
  commit: find(container, "commit") as CommandSpec,
  cp: find(container, "cp") as CommandSpec,
  create: find(container, "create") as CommandSpec,
  diff: find(container, "diff") as CommandSpec,
  exec: find(container, "exec") as CommandSpec,
  kill: find(container, "kill") as CommandSpec,
  logs: find(container, "logs") as CommandSpec,
  pause: find(container, "pause") as CommandSpec,
  ps: { ...(find(container, "ls") as CommandSpec), name: "ps", usage: "ps [OPTIONS]" },
  port: find(container, "port") as CommandSpec,
  rename: find(container, "rename") as CommandSpec,
  restart: find(container, "restart") as CommandSpec,
  rm: find(container, "rm") as CommandSpec,
  run: find(container, "run") as CommandSpec,
  start: find(container, "start") as CommandSpec,
  stats: find(container, "stats") as CommandSpec,
  stop: find(container, "stop") as CommandSpec,
  top: find(container, "top") as CommandSpec,
  unpause: find(container, "unpause") as CommandSpec,
  wait: find(container, "wait") as CommandSpec,
  images: { ...(find(image, "ls") as CommandSpec), name: "images", usage: "images [OPTIONS] [REPOSITORY[:TAG]]" },
  build: find(image, "build") as CommandSpec,
  history: find(image, "history") as CommandSpec,
  pull: find(image, "pull") as CommandSpec,
  push: find(image, "push") as CommandSpec,
  tag: find(image, "tag") as CommandSpec,
  rmi: { ...(find(image, "rm") as CommandSpec), name: "rmi", usage: "rmi [OPTIONS] IMAGE [IMAGE...]" },
  login: find(registry, "login") as CommandSpec,
  logout: find(registry, "logout") as CommandSpec,
  search: find(registry, "search") as CommandSpec,
  events: find(system, "events") as CommandSpec,
  info: find(system, "info") as CommandSpec,
  inspect: find(system, "inspect") as CommandSpec,
  version: find(system, "version") as CommandSpec,
};

/** Every name a learner can complete after `docker `. */
export function dockerCompletions(): string[] {
  return [...Object.keys(TOP_LEVEL), ...GROUPS.filter((g) => !g.topLevelOnly).map((g) => g.name)].sort();
}

export function groupCompletions(group: string): string[] {
  return (
    GROUPS.find((g) => g.name === group && !g.topLevelOnly)
      ?.commands.filter((c) => !c.topLevelOnly)
      .map((c) => c.name) ?? []
  );
}

function groupUsage(g: GroupSpec): string {
  const rows =
    GROUP_COMMANDS[g.name] ??
    g.commands
      .filter((c) => !c.topLevelOnly)
      .map((c) => `  ${c.name.padEnd(11)} ${c.short}`)
      .join("\n");
  return `Usage:  docker ${g.name} COMMAND\n\n${g.short}\n\nCommands:\n${rows}\n\nRun 'docker ${g.name} COMMAND --help' for more information on a command.\n`;
}

export interface DockerProgramOptions {
  /** The engine the current context points at. */
  engine: () => EngineApi;
  /** The machine's contexts, for `docker context …`. */
  contexts?: DockerContextHost;
}

export function dockerProgram(opts: DockerProgramOptions): Program {
  return async (ctx) => {
    const argv = [...ctx.args];
    // Global options before the command.
    while (argv.length && argv[0].startsWith("-")) {
      const a = argv.shift() as string;
      if (a === "-v" || a === "--version") {
        ctx.stdout(`Docker version ${CLIENT.version}, build ${CLIENT.gitCommit}\n`);
        return 0;
      }
      if (a === "--help" || a === "-h") {
        ctx.stdout(`\n${ROOT_USAGE}\n`);
        return 0;
      }
      if (a === "-D" || a === "--debug" || a === "--tls" || a === "--tlsverify") continue;
      if (["-H", "--host", "-c", "--context", "-l", "--log-level", "--config"].includes(a)) {
        argv.shift();
        continue;
      }
      if (/^--(host|context|log-level|config)=/.test(a)) continue;
      ctx.stderr(
        `${a.startsWith("--") ? `unknown flag: ${a.split("=")[0]}` : `unknown shorthand flag: '${a[1]}' in ${a}`}\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information\n`,
      );
      return 125;
    }
    if (argv.length === 0) {
      ctx.stderr(`${ROOT_USAGE}\n`);
      return 0;
    }
    const first = argv.shift() as string;
    let spec: CommandSpec | undefined = TOP_LEVEL[first];
    let path = `docker ${first}`;
    if (!spec) {
      const group = GROUPS.find((g) => g.name === first && !g.topLevelOnly);
      if (group) {
        // docker/cli: a bare management command prints its usage on stderr (exit 0); --help on stdout.
        if (argv.length === 0) {
          ctx.stderr(groupUsage(group));
          return 0;
        }
        if (argv[0] === "--help" || argv[0] === "-h") {
          ctx.stdout(groupUsage(group));
          return 0;
        }
        const sub = argv.shift() as string;
        spec = find(group, sub);
        if (spec?.topLevelOnly) spec = undefined;
        path = `docker ${group.name} ${sub}`;
        if (!spec) {
          ctx.stderr(
            `docker: unknown command: docker ${group.name} ${sub}\n\nUsage:  docker ${group.name}\n\nRun 'docker ${group.name} --help' for more information\n`,
          );
          return 1;
        }
      }
    }
    if (!spec) {
      ctx.stderr(`docker: unknown command: docker ${first}\n\nRun 'docker --help' for more information\n`);
      return 1;
    }
    const cli: DockerCli = {
      engine: opts.engine(),
      ctx,
      clock: ctx.clock,
      out: ctx.stdout,
      err: ctx.stderr,
      commandPath: path,
      isTty: ctx.tty !== null,
      contexts: opts.contexts,
    };
    try {
      const parsed = parseFlags(spec, argv);
      if (parsed.help) {
        ctx.stdout(helpText(spec, path, ALIASES.get(path), ctx.tty ? ctx.tty.cols - 1 : 79));
        return 0;
      }
      checkArgs(spec, path, parsed.args);
      return await spec.run(cli, parsed.flags, parsed.args);
    } catch (e) {
      if (e instanceof UsageError) {
        if (e.exitCode !== 125) {
          ctx.stderr(`${e.message}\n`);
          return e.exitCode;
        }
        ctx.stderr(
          `${e.message}\n\nUsage:  ${path} ${spec.usage.split(" ").slice(1).join(" ")}\n\nRun '${path} --help' for more information\n`,
        );
        return 125;
      }
      if (e instanceof StatusError) {
        ctx.stderr(e.message);
        return e.exitCode;
      }
      ctx.stderr(`${daemonError(e)}\n`);
      return 1;
    }
  };
}
