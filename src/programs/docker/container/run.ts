import { EngineError } from "../../../engine/api/errors";
import type {
  ContainerCreateBody,
  HijackedStream,
  HostConfig,
  MountSpec,
  PortBinding,
} from "../../../engine/api/types";
import { parseReference, ReferenceError_ } from "../../../shared/reference";
import {
  bool,
  type CommandSpec,
  type DockerCli,
  daemonError,
  type FlagSpec,
  type FlagValues,
  list,
  StatusError,
  str,
  UsageError,
} from "../cli";
import { pullWithProgress } from "../image/pull-image";

/** Flags shared by `docker run` and `docker create`. */
export const CREATE_FLAGS: FlagSpec[] = [
  { name: "attach", short: "a", type: "stringArray", description: "Attach to STDIN, STDOUT or STDERR" },
  { name: "cpus", type: "string", valueName: "decimal", description: "Number of CPUs" },
  { name: "entrypoint", type: "string", description: "Overwrite the default ENTRYPOINT of the image" },
  { name: "env", short: "e", type: "stringArray", description: "Set environment variables" },
  { name: "hostname", short: "h", type: "string", description: "Container host name" },
  {
    name: "init",
    type: "bool",
    description: "Run an init inside the container that forwards signals and reaps processes",
  },
  { name: "interactive", short: "i", type: "bool", description: "Keep STDIN open even if not attached" },
  { name: "label", short: "l", type: "stringArray", description: "Set meta data on a container" },
  { name: "memory", short: "m", type: "string", valueName: "bytes", description: "Memory limit" },
  {
    name: "memory-swap",
    type: "string",
    valueName: "bytes",
    description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
  },
  { name: "mount", type: "stringArray", description: "Attach a filesystem mount to the container" },
  { name: "name", type: "string", description: "Assign a name to the container" },
  { name: "network", type: "string", description: "Connect a container to a network" },
  { name: "net", type: "string", description: "Connect a container to a network", hidden: true },
  { name: "pids-limit", type: "int", description: "Tune container pids limit (set -1 for unlimited)" },
  { name: "platform", type: "string", description: "Set platform if server is multi-platform capable" },
  { name: "expose", type: "stringArray", description: "Expose a port or a range of ports" },
  { name: "privileged", type: "bool", description: "Give extended privileges to this container" },
  { name: "publish", short: "p", type: "stringArray", description: "Publish a container's port(s) to the host" },
  { name: "publish-all", short: "P", type: "bool", description: "Publish all exposed ports to random ports" },
  {
    name: "pull",
    type: "string",
    description: 'Pull image before running ("always", "missing", "never")',
    default: "missing",
  },
  { name: "quiet", short: "q", type: "bool", description: "Suppress the pull output" },
  { name: "read-only", type: "bool", description: "Mount the container's root filesystem as read only" },
  { name: "restart", type: "string", description: "Restart policy to apply when a container exits", default: "no" },
  {
    name: "rm",
    type: "bool",
    description: "Automatically remove the container and its associated anonymous volumes when it exits",
  },
  { name: "tty", short: "t", type: "bool", description: "Allocate a pseudo-TTY" },
  { name: "user", short: "u", type: "string", description: "Username or UID (format: <name|uid>[:<group|gid>])" },
  { name: "volume", short: "v", type: "stringArray", description: "Bind mount a volume" },
  { name: "workdir", short: "w", type: "string", description: "Working directory inside the container" },
];

/** Parse -p specs ("8080:80", "127.0.0.1:8080:80/tcp", "80") as docker/go-connections nat does. */
export function parsePorts(specs: string[]): {
  exposed: Record<string, Record<string, never>>;
  bindings: Record<string, PortBinding[]>;
} {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, PortBinding[]> = {};
  const fail = (msg: string) =>
    new StatusError(`docker: ${msg}\n\nRun 'docker run --help' for more information\n`, 125);
  for (const spec of specs) {
    const parts = spec.split(":");
    const [containerPort, proto = "tcp"] = parts[parts.length - 1].split("/");
    const hostPort = parts.length >= 2 ? parts[parts.length - 2] : "";
    let hostIp = parts.length >= 3 ? parts.slice(0, -2).join(":") : "";
    // nat.ParsePortSpec checks the IP first ("-p 8080:80:90" reads 8080 as an address), then the ports.
    if (hostIp.startsWith("[") && hostIp.endsWith("]")) hostIp = hostIp.slice(1, -1);
    if (hostIp && !isIp(hostIp)) throw fail(`invalid IP address: ${hostIp}`);
    if (containerPort === "") throw fail(`no port specified: ${spec}<empty>`);
    if (!/^\d+$/.test(containerPort) || Number(containerPort) < 1 || Number(containerPort) > 65535)
      throw new StatusError(
        `docker: invalid containerPort: ${containerPort}\n\nRun 'docker run --help' for more information\n`,
        125,
      );
    if (hostPort && (!/^\d+$/.test(hostPort) || Number(hostPort) > 65535))
      throw new StatusError(
        `docker: invalid hostPort: ${hostPort}\n\nRun 'docker run --help' for more information\n`,
        125,
      );
    if (!["tcp", "udp", "sctp"].includes(proto))
      throw new StatusError(`docker: invalid proto: ${proto}\n\nRun 'docker run --help' for more information\n`, 125);
    const key = `${containerPort}/${proto}`;
    exposed[key] = {};
    bindings[key] = [...(bindings[key] ?? []), { HostIp: hostIp, HostPort: hostPort }];
  }
  return { exposed, bindings };
}

/** Go's net.ParseIP, closely enough for a -p address: dotted IPv4 (no leading zeros) or IPv6. */
function isIp(s: string): boolean {
  if (/^\d+(\.\d+){3}$/.test(s)) return s.split(".").every((o) => Number(o) <= 255 && !/^0\d/.test(o));
  return s.includes(":") && /^[0-9a-fA-F:.]+$/.test(s) && (s.match(/::/g) ?? []).length <= 1;
}

/** docker/cli's loader.ParseVolume: the spec errors a -v gets before anything reaches the daemon. */
export function checkVolumeSpec(spec: string): void {
  const fail = (msg: string) =>
    new StatusError(`docker: ${msg}\n\nRun 'docker run --help' for more information\n`, 125);
  if (spec === "") throw fail("invalid empty volume spec");
  if (spec.length <= 2) return;
  const fields = spec.split(":");
  let filled = 0;
  for (let i = 0; i < fields.length; i++) {
    const last = i === fields.length - 1;
    if (fields[i] === "") throw fail(`invalid spec: ${spec}: empty section between colons`);
    if (filled < 2 || last) filled++;
    else throw fail(`invalid spec: ${spec}: too many colons`);
  }
}

/** --mount type=volume,source=data,target=/data,readonly */
export function parseMount(spec: string): MountSpec {
  const m: MountSpec = { Type: "volume", Target: "" };
  for (const part of spec.split(",")) {
    const [k, v = ""] = part.split("=");
    switch (k.trim()) {
      case "type":
        if (!["volume", "bind", "tmpfs"].includes(v))
          throw new StatusError(
            `invalid argument "${spec}" for "--mount" flag: invalid mount type: ${v}\nSee 'docker run --help'.\n`,
            125,
          );
        m.Type = v as MountSpec["Type"];
        break;
      case "source":
      case "src":
        m.Source = v;
        break;
      case "target":
      case "destination":
      case "dst":
        m.Target = v;
        break;
      case "readonly":
      case "ro":
        m.ReadOnly = v === "" || v === "true" || v === "1";
        break;
      default:
        throw new StatusError(
          `invalid argument "${spec}" for "--mount" flag: unexpected key '${k}' in '${part}'\nSee 'docker run --help'.\n`,
          125,
        );
    }
  }
  if (!m.Target)
    throw new StatusError(
      `invalid argument "${spec}" for "--mount" flag: target is required\nSee 'docker run --help'.\n`,
      125,
    );
  return m;
}

export function createBody(
  flags: FlagValues,
  image: string,
  cmd: string[],
  hostEnv: Record<string, string>,
): ContainerCreateBody {
  const env = list(flags.env)
    .map((e) => (e.includes("=") ? e : hostEnv[e] !== undefined ? `${e}=${hostEnv[e]}` : e))
    .filter((e) => e.includes("="));
  const labels: Record<string, string> = {};
  for (const l of list(flags.label)) {
    const i = l.indexOf("=");
    labels[i >= 0 ? l.slice(0, i) : l] = i >= 0 ? l.slice(i + 1) : "";
  }
  const restartPolicy = parseRestartPolicy(str(flags.restart));
  if (bool(flags.rm) && restartPolicy.Name !== "no" && restartPolicy.Name !== "")
    throw new OptionError("conflicting options: cannot specify both --restart and --rm");
  const memory = flags.memory === undefined ? 0 : ramInBytes(str(flags.memory), "-m, --memory");
  const memorySwap =
    flags["memory-swap"] === undefined
      ? undefined
      : str(flags["memory-swap"]) === "-1"
        ? -1
        : ramInBytes(str(flags["memory-swap"]), "--memory-swap");
  const nanoCpus = flags.cpus === undefined ? 0 : parseCpus(str(flags.cpus));
  const pidsLimit = typeof flags["pids-limit"] === "number" ? flags["pids-limit"] : undefined;
  const entry = flags.entrypoint;
  for (const v of list(flags.volume)) checkVolumeSpec(v);
  const ports = parsePorts(list(flags.publish));
  for (const e of list(flags.expose)) ports.exposed[e.includes("/") ? e : `${e}/tcp`] = {};
  return {
    Image: image,
    Cmd: cmd.length ? cmd : null,
    Entrypoint: typeof entry === "string" ? (entry === "" ? [] : [entry]) : null,
    Env: env,
    WorkingDir: str(flags.workdir),
    User: str(flags.user),
    Hostname: str(flags.hostname),
    Tty: bool(flags.tty),
    OpenStdin: bool(flags.interactive),
    StdinOnce: bool(flags.interactive),
    AttachStdin: bool(flags.interactive),
    AttachStdout: true,
    AttachStderr: true,
    Labels: labels,
    ExposedPorts: ports.exposed,
    HostConfig: {
      Binds: list(flags.volume),
      Mounts: list(flags.mount).map(parseMount),
      NetworkMode: str(flags.network) || str(flags.net) || "default",
      PortBindings: ports.bindings,
      PublishAllPorts: bool(flags["publish-all"]),
      AutoRemove: bool(flags.rm),
      Privileged: bool(flags.privileged),
      Init: bool(flags.init) || null,
      RestartPolicy: restartPolicy,
      ...(memory ? { Memory: memory } : {}),
      ...(memorySwap !== undefined ? { MemorySwap: memorySwap } : {}),
      ...(nanoCpus ? { NanoCpus: nanoCpus } : {}),
      ...(pidsLimit !== undefined ? { PidsLimit: pidsLimit } : {}),
      ...(bool(flags["read-only"]) ? { ReadonlyRootfs: true } : {}),
    },
  };
}

/** A run/create option the CLI rejects after parsing flags: "docker: …" and the help hint, exit 125. */
export class OptionError extends Error {}

/** docker/cli opts.ParseRestartPolicy: "name[:max-retries]"; the daemon validates the name. */
export function parseRestartPolicy(value: string): NonNullable<HostConfig["RestartPolicy"]> {
  if (value === "") return { Name: "", MaximumRetryCount: 0 };
  const i = value.indexOf(":");
  const name = i < 0 ? value : value.slice(0, i);
  const count = i < 0 ? "" : value.slice(i + 1);
  if (i >= 0 && name === "") throw new OptionError("invalid restart policy format: no policy provided before colon");
  if (count !== "" && !/^[-+]?\d+$/.test(count))
    throw new OptionError("invalid restart policy format: maximum retry count must be an integer");
  return { Name: name as never, MaximumRetryCount: count === "" ? 0 : Number(count) };
}

/** go-units RAMInBytes: "64m", "1.5g", "512k", "1024" (binary units). */
export function ramInBytes(value: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(value);
  if (!m) throw new UsageError(`invalid argument "${value}" for "${flag}" flag: invalid size: '${value}'`);
  const mult = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 }[
    (m[2] ?? "").toLowerCase() as "" | "k" | "m" | "g" | "t" | "p"
  ];
  return Math.floor(Number.parseFloat(m[1]) * mult);
}

/** docker/cli NanoCPUs: a rational number of CPUs, ×10⁹. */
export function parseCpus(value: string): number {
  let n: number;
  const frac = /^([-+]?\d+)\/(\d+)$/.exec(value);
  if (frac && Number(frac[2]) !== 0) n = Number(frac[1]) / Number(frac[2]);
  else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) n = Number(value);
  else
    throw new UsageError(
      `invalid argument "${value}" for "--cpus" flag: failed to parse ${value} as a rational number`,
    );
  const nano = n * 1e9;
  if (!Number.isInteger(Math.round(nano * 1e6) / 1e6))
    throw new UsageError(`invalid argument "${value}" for "--cpus" flag: value is too precise`);
  return Math.round(nano);
}

/** Create, pulling the image first when it is missing (as `docker run`/`create` do). */
export async function createWithPull(
  cli: DockerCli,
  flags: FlagValues,
  image: string,
  cmd: string[],
  usageName: string,
): Promise<string> {
  try {
    parseReference(image);
  } catch (e) {
    if (e instanceof ReferenceError_) throw createError(e, usageName);
  }
  let body: ContainerCreateBody;
  try {
    body = createBody(flags, image, cmd, cli.ctx.env);
  } catch (e) {
    if (e instanceof OptionError)
      throw new StatusError(`docker: ${e.message}\n\nRun 'docker ${usageName} --help' for more information\n`, 125);
    throw e;
  }
  // docker/cli's run tells the daemon the terminal's size at create, so a tty starts at that size.
  if (usageName === "run" && body.Tty && cli.ctx.tty)
    body.HostConfig = { ...body.HostConfig, ConsoleSize: [cli.ctx.tty.rows, cli.ctx.tty.cols] };
  const name = str(flags.name) || undefined;
  try {
    return (await cli.engine.containerCreate(body, { name })).Id;
  } catch (e) {
    if (!(e instanceof EngineError && e.statusCode === 404 && e.message.startsWith("No such image")))
      throw createError(e, usageName);
  }
  const ref = parseReference(image);
  cli.err(`Unable to find image '${ref.familiar}:${ref.tag}' locally\n`);
  try {
    await pullWithProgress(cli, image, bool(flags.quiet) ? () => {} : cli.err, { announceTag: false });
    return (await cli.engine.containerCreate(body, { name })).Id;
  } catch (e) {
    throw createError(e, usageName);
  }
}

/**
 * `docker run` turns every error into "docker: …" + a help hint, exit 125 (toStatusError);
 * `docker create` prints daemon and reference errors as they are, exit 1.
 */
function createError(e: unknown, usageName: string): StatusError {
  if (usageName === "run") return runError(e, usageName);
  if (e instanceof StatusError) return e;
  return new StatusError(`${daemonError(e)}\n`, 1);
}

export function runError(e: unknown, usageName: string, code = 125): StatusError {
  if (e instanceof StatusError) return e;
  return new StatusError(`docker: ${daemonError(e)}\n\nRun 'docker ${usageName} --help' for more information\n`, code);
}

/** Exit code docker run uses for a failed start: 127 not found, 126 cannot invoke, else 125. */
export function startFailureCode(e: unknown): number {
  const m = (e as Error).message ?? "";
  if (/executable file not found|no such file or directory/.test(m)) return 127;
  if (/permission denied/.test(m)) return 126;
  return 125;
}

/** Wire a hijacked stream to this CLI's stdio; resolves when the stream ends. Handles Ctrl+P Ctrl+Q detach on a tty. */
export function pipeStream(
  cli: DockerCli,
  stream: HijackedStream,
  opts: { tty: boolean; stdin: boolean },
): { detached: Promise<boolean> } {
  const release: (() => void)[] = [];
  release.push(
    stream.onOutput((which, data) => {
      // With -t the container's pty output (already CRLF) goes to our terminal, or to stdout when
      // there is none (`echo | docker run -t busybox echo hi` prints "hi\r\n").
      if (opts.tty && cli.ctx.tty) cli.ctx.tty.write(data);
      else if (which === "stderr" && !opts.tty) cli.err(data);
      else cli.out(data);
    }),
  );
  let detach!: (d: boolean) => void;
  const detached = new Promise<boolean>((r) => {
    detach = r;
  });
  if (opts.stdin) {
    if (cli.ctx.tty) {
      let sawCtrlP = false;
      release.push(
        cli.ctx.claimInput((data) => {
          if (opts.tty) {
            for (const ch of data) {
              if (sawCtrlP && ch === "\x11") {
                detach(true);
                return;
              }
              sawCtrlP = ch === "\x10";
            }
          }
          stream.write(data);
        }),
      );
      if (opts.tty && cli.ctx.tty) stream.resize(cli.ctx.tty.cols, cli.ctx.tty.rows);
    } else {
      if (cli.ctx.stdin) stream.write(cli.ctx.stdin);
      stream.closeWrite();
    }
  }
  void stream.closed.then(() => detach(false));
  void detached.then(() => {
    for (const r of release) r();
  });
  return { detached };
}

export const run: CommandSpec = {
  name: "run",
  usage: "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
  short: "Create and run a new container from an image",
  aliases: ["container run"],
  flags: [
    { name: "detach", short: "d", type: "bool", description: "Run container in background and print container ID" },
    ...CREATE_FLAGS,
  ],
  stopAtFirstArg: true,
  args: { min: 1 },
  async run(cli, flags, args) {
    const tty = bool(flags.tty);
    const interactive = bool(flags.interactive);
    const detach = bool(flags.detach);
    // Detached, nothing reads the terminal: real docker skips this check with -d.
    if (tty && interactive && !detach && !cli.ctx.tty) throw new StatusError("the input device is not a TTY\n", 1);
    const id = await createWithPull(cli, flags, args[0], args.slice(1), "run");
    if (detach) {
      // docker/cli prints the ID as soon as the container is created, before starting it:
      // a start failure (port already allocated, no such command) still leaves the ID on stdout.
      cli.out(`${id}\n`);
      try {
        await cli.engine.containerStart(id);
      } catch (e) {
        if (bool(flags.rm)) await cli.engine.containerDelete(id, { force: true }).catch(() => {});
        throw runError(e, "run", startFailureCode(e));
      }
      return 0;
    }
    const stream = await cli.engine.containerAttach(id, {
      stream: true,
      stdin: interactive,
      stdout: true,
      stderr: true,
    });
    const autoRemove = bool(flags.rm);
    const waitP = cli.engine.containerWait(id, { condition: autoRemove ? "removed" : "next-exit" });
    const piped = pipeStream(cli, stream, { tty, stdin: interactive });
    try {
      await cli.engine.containerStart(id);
    } catch (e) {
      stream.close();
      if (autoRemove) await cli.engine.containerDelete(id, { force: true }).catch(() => {});
      throw runError(e, "run", startFailureCode(e));
    }
    const detachedByKeys = await piped.detached;
    if (detachedByKeys) {
      cli.ctx.tty?.write("\r\nread escape sequence\r\n");
      return 0;
    }
    const { StatusCode } = await waitP;
    return StatusCode;
  },
};
