/**
 * The machine: a simulated Linux host with a Docker engine. It owns the host
 * filesystem, the engine, the terminal's interactive shell and a silent shell
 * for lesson checks. It runs unchanged in a Web Worker and in Node.
 */
import { Bash, getCommandNames } from "just-bash";
import { EngineUnreachableError } from "../engine/api/errors";
import type { EngineApi } from "../engine/api/types";
import { EngineContexts, type GatewayInfo } from "../engine/gateway/contexts";
import type { FetchLike, WebSocketCtor } from "../engine/gateway/web";
import { KERNEL_RELEASE, SimEngine } from "../engine/sim/engine";
import { EcrRegistry } from "../engine/sim/registry";
import { awsProgram } from "../programs/aws";
import { dockerCompletions, dockerProgram, groupCompletions } from "../programs/docker";
import { editorPrograms } from "../programs/editor";
import { hello } from "../programs/hello";
import { curl, nslookup, ping, wget } from "../programs/netutils";
import { ip } from "../programs/netutils/ip";
import { dockerEntrypoint, nginx } from "../programs/nginx";
import { apk, aptGet } from "../programs/pkg";
import { free, hostname, nproc, ps, sleep, uname, uptime } from "../programs/sys";
import { type Clock, realClock, VirtualClock } from "../shared/clock";
import { type IdGenerator, RandomIds, SeededIds } from "../shared/ids";
import { redirectFailure } from "./bash-syntax";
import { explainLines } from "./explain";
import { HOST, hostBaseLayer } from "./host";
import { type Layer, LayeredFs, LowerView } from "./layered-fs";
import type { Completion } from "./line-editor";
import { Network } from "./network";
import {
  type Foreground,
  NO_FOREGROUND,
  type Program,
  SHELL_LIMITS,
  type SystemView,
  terminalWidth,
  toCommand,
} from "./program";
import type { EngineViewState, MachineSnapshot, RunResult } from "./protocol";
import { ShellSession } from "./shell";
import { Pty } from "./tty";
import { USERLAND_PROGRAMS, userlandWrappers } from "./userland";

export interface MachineOptions {
  clock?: "virtual" | "real" | Clock;
  ids?: IdGenerator;
  cols?: number;
  rows?: number;
  /** Colour prompt (browser, interactive sim). */
  color?: boolean;
  /** Korean explanation lines under some errors (browser only). */
  explain?: boolean;
  /** false: commands never get the terminal (script mode of `npm run sim`). */
  interactive?: boolean;
  /** Share a registry between machines (a "clean machine" pulling back what another pushed). */
  ecr?: EcrRegistry;
  /** fetch/WebSocket for the classroom gateway (default: the host's; Node tests pass `ws`). */
  web?: { fetch?: FetchLike; WebSocket?: WebSocketCtor };
}

/** Programs found in container images by file name. */
const CONTAINER_PROGRAMS: Record<string, Program> = {
  hello,
  nginx,
  "docker-entrypoint.sh": dockerEntrypoint,
  uname,
  hostname,
  ps,
  wget,
  ping,
  nslookup,
  ip,
  nproc,
  free,
  uptime,
  curl,
  sleep,
  apk,
  "apt-get": aptGet,
  apt: aptGet,
};

export class Machine {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly engine: SimEngine;
  /** The simulated world's Amazon ECR registry: outside the machine, like the real one. */
  readonly ecr: EcrRegistry;
  /** The kernel's network stack (host namespace, docker bridges, published ports). */
  readonly network: Network;
  readonly pty: Pty;
  /** docker contexts: `default` (the simulated engine) and `classroom` (a real engine through the gateway). */
  readonly contexts: EngineContexts;
  hostFs: LayeredFs;
  daemonRunning = true;
  /** dockerd's PID and when systemd last started or stopped it (a restart is a new process). */
  private dockerd = { pid: 812, since: 0, starts: 0 };
  explain: boolean;
  private session!: ShellSession;
  private base: LowerView;
  private busyListeners = new Set<(b: boolean) => void>();
  private engineListeners = new Set<() => void>();
  private lineListeners = new Set<() => void>();
  private editorListeners = new Set<(path: string) => void>();
  private readonly o: MachineOptions;

  constructor(o: MachineOptions = {}) {
    this.o = o;
    this.clock = o.clock === "virtual" ? new VirtualClock() : o.clock === "real" || !o.clock ? realClock : o.clock;
    this.dockerd.since = this.clock.now();
    this.ids = o.ids ?? (o.clock === "virtual" ? new SeededIds() : new RandomIds());
    this.explain = !!o.explain;
    this.ecr = o.ecr ?? new EcrRegistry();
    this.network = new Network();
    this.engine = new SimEngine({
      clock: this.clock,
      ids: this.ids,
      programs: CONTAINER_PROGRAMS,
      hostFs: () => this.hostFs,
      ecr: this.ecr,
      network: this.network,
    });
    this.engine.subscribe(() => this.notifyEngine());
    this.contexts = new EngineContexts({ onChange: () => this.notifyEngine(), ...o.web });
    this.pty = new Pty(o.cols ?? 80, o.rows ?? 24);
    this.base = new LowerView([hostBaseLayer(Object.keys(this.hostPrograms()))]);
    this.hostFs = new LayeredFs(this.base, undefined, () => this.clock.now());
  }

  /** The engine the docker CLI talks to; refuses everything while the daemon is stopped. */
  engineApi(): EngineApi {
    const real = this.contexts.real;
    if (real) return real;
    if (this.daemonRunning) return this.engine;
    return new Proxy(this.engine, {
      get: (target, prop) => {
        const v = (target as unknown as Record<string | symbol, unknown>)[prop];
        if (typeof v !== "function") return v;
        if (prop === "subscribe") return () => () => {};
        return () => Promise.reject(new EngineUnreachableError());
      },
    });
  }

  private hostSystem(): SystemView {
    const contexts = this.contexts;
    return {
      hostname: HOST.hostname,
      uid: 1000,
      // Read at each call: a terminal's shell outlives context switches, and in `classroom` the
      // kernel every container shares is the server's.
      get kernelRelease() {
        return contexts.realKernel ?? KERNEL_RELEASE;
      },
      userland: "gnu",
      processes: () => [
        { pid: 1, user: "root", argv: ["/sbin/init"], started: 0 },
        ...(this.daemonRunning
          ? [
              {
                pid: this.dockerd.pid,
                user: "root",
                argv: ["/usr/bin/dockerd", "-H", "fd://", "--containerd=/run/containerd/containerd.sock"],
                started: this.dockerd.since,
              },
            ]
          : []),
        { pid: 1442, user: HOST.user, argv: ["-bash"], started: 0 },
        { pid: 2087, user: HOST.user, argv: ["ps"], started: 0 },
      ],
    };
  }

  private hostPrograms(): Record<string, Program> {
    return {
      docker: this.explained(dockerProgram({ engine: () => this.engineApi(), contexts: this.contexts })),
      curl,
      aws: awsProgram(this.ecr),
      uname,
      hostname,
      ps,
      sudo: async (ctx) => {
        if (ctx.args.length === 0) {
          ctx.stderr(
            "usage: sudo -h | -K | -k | -V\nusage: sudo [-AbEHknPS] [-g group] [-h host] [-p prompt] [-u user] [command [arg ...]]\n",
          );
          return 1;
        }
        const r = await ctx.exec(ctx.args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" "), { stdin: ctx.stdin });
        ctx.stdout(r.stdout);
        ctx.stderr(r.stderr);
        return r.exitCode;
      },
      id: USERLAND_PROGRAMS.id,
      whoami: USERLAND_PROGRAMS.whoami,
      systemctl: async (ctx) => this.serviceControl(ctx.args[0], ctx.args[1], ctx, "systemctl"),
      service: async (ctx) => this.serviceControl(ctx.args[1], ctx.args[0], ctx, "service"),
      ...editorPrograms(this),
    };
  }

  private async serviceControl(
    action: string | undefined,
    unit: string | undefined,
    ctx: Parameters<Program>[0],
    tool: string,
  ): Promise<number> {
    const name = (unit ?? "").replace(/\.service$/, "");
    if (!action || !unit) {
      ctx.stderr(
        tool === "service"
          ? "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n"
          : "Too few arguments.\n",
      );
      return 1;
    }
    if (name !== "docker") {
      ctx.stderr(
        tool === "service"
          ? `${unit}: unrecognized service\n`
          : `Failed to ${action} ${unit}.service: Unit ${unit}.service not found.\n`,
      );
      return tool === "service" ? 1 : 5;
    }
    switch (action) {
      case "stop":
        await this.setDaemon(false);
        return 0;
      case "start":
        await this.setDaemon(true);
        return 0;
      case "restart":
        await this.setDaemon(false);
        await this.setDaemon(true);
        return 0;
      case "status": {
        const active = this.daemonRunning ? "\x1b[0;1;32m●\x1b[0m" : "○";
        const now = this.clock.now();
        const since = `since ${systemdTimestamp(this.dockerd.since)}; ${systemdAgo(now - this.dockerd.since)}`;
        const pid = this.dockerd.pid;
        ctx.stdout(
          [
            `${ctx.tty ? active : this.daemonRunning ? "●" : "○"} docker.service - Docker Application Container Engine`,
            "     Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; preset: enabled)",
            `     Active: ${this.daemonRunning ? "active (running)" : "inactive (dead)"} ${since}`,
            "       Docs: https://docs.docker.com",
            this.daemonRunning
              ? `   Main PID: ${pid} (dockerd)`
              : `   Main PID: ${pid} (code=exited, status=0/SUCCESS)`,
            ...(this.daemonRunning
              ? [
                  "     CGroup: /system.slice/docker.service",
                  `             └─${pid} /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock`,
                ]
              : []),
            "",
          ].join("\n"),
        );
        return this.daemonRunning ? 0 : 3;
      }
      case "is-active":
        ctx.stdout(this.daemonRunning ? "active\n" : "inactive\n");
        return this.daemonRunning ? 0 : 3;
      default:
        ctx.stderr(`Unknown command verb '${action}'.\n`);
        return 1;
    }
  }

  /**
   * On the terminal a program writes stderr straight to the tty, past the shell's rewrite: add the
   * Korean explanation line here (e.g. "the classroom gateway went away") when it is turned on.
   */
  private explained(p: Program): Program {
    return async (ctx) => {
      if (!ctx.tty || !this.explain) return p(ctx);
      let err = "";
      const tty = ctx.tty;
      const code = await p({
        ...ctx,
        stderr: (s) => {
          err += s;
          ctx.stderr(s);
        },
      });
      const line = explainLines(err);
      if (line) tty.write(line);
      return code;
    };
  }

  /** The current docker context: "default" (simulator) or "classroom" (real engine). */
  get context(): string {
    return this.contexts.current();
  }

  /** `docker context use NAME`: the CLI, lesson checks and the engine view follow. */
  setContext(name: string, opts: { joinCode?: string } = {}): Promise<void> {
    return this.contexts.use(name, opts);
  }

  /** The page tells where the classroom gateway that served it is (null: none). */
  setGateway(info: GatewayInfo | null): void {
    this.contexts.setGateway(info);
  }

  /** Stop or start the simulated dockerd. Stopping it stops its containers, as a real daemon does. */
  async setDaemon(running: boolean): Promise<void> {
    if (running === this.daemonRunning) return;
    if (!running) {
      for (const c of await this.engine.containerList({}))
        await this.engine.containerKill(c.Id, { signal: "SIGKILL" }).catch(() => {});
    }
    this.daemonRunning = running;
    // A started daemon is a new process: a new PID (as the kernel hands them out, upwards).
    if (running) this.dockerd.pid = 2731 + 97 * this.dockerd.starts++;
    this.dockerd.since = this.clock.now();
    this.notifyEngine();
  }

  private makeBash(fg: () => Foreground, signal?: () => AbortSignal | undefined): Bash {
    const programs = this.hostPrograms();
    const system = this.hostSystem();
    return new Bash({
      fs: this.hostFs,
      cwd: HOST.home,
      env: this.hostEnv(),
      customCommands: [
        ...Object.entries(programs).map(([n, p]) =>
          toCommand(n, p, { fg, clock: this.clock, system, netns: this.network.host, network: this.network }),
        ),
        ...userlandWrappers("gnu", ["ls", "cp", "mv", "ln", "chmod", "rm", "xargs"], {
          now: () => this.clock.now(),
          terminal: () => terminalWidth(fg(), "ls"),
          // The student owns their home and whatever they created; the system's files are root's.
          ownerOf: (p) =>
            p === HOST.home || p.startsWith(`${HOST.home}/`) || (this.hostFs.upper.has(p) && !this.base.nodes.has(p))
              ? 1000
              : undefined,
        }),
      ],
      sleep: (ms) => this.clock.sleep(ms, signal?.()),
      executionLimitProfile: "hardened",
      executionLimits: SHELL_LIMITS,
      // The interpreter runs only bash (no JS or Python); its JS-global lockdown would block our own timers.
      defenseInDepth: false,
      processInfo: { pid: 1442, ppid: 1441, uid: 1000, gid: 1000 },
    });
  }

  private hostEnv(): Record<string, string> {
    return {
      HOME: HOST.home,
      USER: HOST.user,
      LOGNAME: HOST.user,
      SHELL: "/bin/bash",
      HOSTNAME: HOST.hostname,
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      LANG: "C.UTF-8",
      TERM: "xterm-256color",
      PWD: HOST.home,
    };
  }

  private prompt(env: Record<string, string>): string {
    const cwd = env.PWD ?? HOST.home;
    const shown = cwd === HOST.home ? "~" : cwd.startsWith(`${HOST.home}/`) ? `~${cwd.slice(HOST.home.length)}` : cwd;
    if (!this.o.color) return `${HOST.user}@${HOST.hostname}:${shown}$ `;
    return `\x1b[01;32m${HOST.user}@${HOST.hostname}\x1b[00m:\x1b[01;34m${shown}\x1b[00m$ `;
  }

  /** Build the terminal's interactive shell (call start() to show the prompt). */
  private makeSession(history: string[] = [], env?: Record<string, string>): ShellSession {
    let session: ShellSession | null = null;
    const bash = this.makeBash(
      () => (this.o.interactive === false || !session ? NO_FOREGROUND : session.fg),
      () => undefined,
    );
    session = new ShellSession({
      tty: this.pty,
      bash,
      env: env ?? this.hostEnv(),
      history,
      name: "bash",
      prompt: (e) => this.prompt(e),
      completer: (line, cursor) => this.complete(line, cursor, session?.env ?? this.hostEnv()),
      rewriteStderr: (s) => {
        const fixed = s.replace(/^bash: (.+): command not found$/gm, "$1: command not found");
        return this.explain ? fixed + explainLines(fixed) : fixed;
      },
      onBusy: (b) => {
        for (const l of [...this.busyListeners]) l(b);
      },
      onLineDone: () => {
        for (const l of [...this.lineListeners]) l();
        this.notifyEngine();
      },
      onRunaway: () => (this.explain ? `\x1b[2m  ↳ 끝나지 않는 반복이에요. Ctrl+C를 눌러 멈추세요.\x1b[0m\n` : ""),
    });
    return session;
  }

  /** A shell whose output goes to `tty` and whose programs never get a terminal (script mode). */
  scriptSession(tty: import("./tty").Tty): ShellSession {
    let session: ShellSession | null = null;
    const bash = this.makeBash(() => session?.fg ?? NO_FOREGROUND);
    session = new ShellSession({
      tty,
      bash,
      env: this.hostEnv(),
      name: "bash",
      prompt: () => "",
      programsGetTty: false,
      rewriteStderr: (s) => s.replace(/^bash: (.+): command not found$/gm, "bash: line 1: $1: command not found"),
    });
    return session;
  }

  /** Start the interactive shell on the terminal. A shell that exits is replaced by a fresh login. */
  start(): void {
    const loop = async () => {
      for (;;) {
        const hist = this.session?.history ?? [];
        this.session = this.makeSession(hist);
        await this.session.run();
        this.pty.write("\n");
      }
    };
    void loop();
  }

  /** The interactive shell, for restoring and tests. */
  get shell(): ShellSession {
    if (!this.session) this.session = this.makeSession();
    return this.session;
  }

  input(data: string): void {
    this.pty.input(data);
  }
  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
  }
  onOutput(h: (data: string) => void): () => void {
    return this.pty.onOutput(h);
  }
  onBusy(h: (busy: boolean) => void): () => void {
    this.busyListeners.add(h);
    return () => this.busyListeners.delete(h);
  }
  onLineDone(h: () => void): () => void {
    this.lineListeners.add(h);
    return () => this.lineListeners.delete(h);
  }
  onEngineChange(h: () => void): () => void {
    this.engineListeners.add(h);
    return () => this.engineListeners.delete(h);
  }
  /** `code FILE` / `edit FILE` ask the attached editor (the browser UI) to open an absolute host path. */
  onOpenEditor(h: (path: string) => void): () => void {
    this.editorListeners.add(h);
    return () => this.editorListeners.delete(h);
  }
  /** EditorHost (src/programs/editor): without a listener (`npm run sim`) there is no editor. */
  editorAvailable(): boolean {
    return this.editorListeners.size > 0;
  }
  openEditor(path: string): void {
    for (const l of [...this.editorListeners]) l(path);
  }
  private notifyEngine(): void {
    for (const l of [...this.engineListeners]) l();
  }

  /** Run shell lines silently on the same host and engine (lesson checks, setup). */
  async run(script: string): Promise<RunResult> {
    const bash = this.makeBash(() => NO_FOREGROUND);
    const r = await bash.exec(script, { cwd: HOST.home }).catch((e) => {
      const failed = redirectFailure(e, "bash");
      if (!failed) throw e;
      return { stdout: "", ...failed };
    });
    this.notifyEngine();
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }

  async engineState(): Promise<EngineViewState> {
    const extra = { contextName: this.contexts.current(), gateway: this.contexts.gateway };
    const real = this.contexts.real;
    if (real) return { context: "real", ...(await this.contexts.realState()), ...extra };
    if (!this.daemonRunning) return { context: "sim", running: false, images: [], containers: [], ...extra };
    const [images, containers] = await Promise.all([this.engine.imageList(), this.engine.containerList({ all: true })]);
    return { context: "sim", running: true, images, containers, ...extra };
  }

  // ---------------- completion ----------------

  async complete(line: string, cursor: number, env: Record<string, string>): Promise<Completion> {
    const before = line.slice(0, cursor);
    const m = before.match(/(\S*)$/);
    const word = m ? m[1] : "";
    const start = cursor - word.length;
    const words = before.slice(0, start).trim().split(/\s+/).filter(Boolean);
    const atCommand = words.length === 0 || /[;&|]$/.test(words[words.length - 1] ?? "");
    if (atCommand && !word.includes("/")) {
      const names = new Set<string>([...Object.keys(this.hostPrograms())]);
      for (const p of ["/usr/bin", "/usr/local/bin"])
        for (const n of await this.hostFs.readdir(p).catch(() => [])) names.add(n);
      for (const b of ["cd", "exit", "export", "alias", "history", "unset", "source"]) names.add(b);
      return { start, candidates: [...names].filter((n) => n.startsWith(word)) };
    }
    if (words[0] === "docker" || (words[0] === "sudo" && words[1] === "docker")) {
      const dw = words.slice(words[0] === "sudo" ? 2 : 1).filter((w) => !w.startsWith("-"));
      if (dw.length === 0 && !word.startsWith("-")) return { start, candidates: dockerCompletions() };
      if (dw.length === 1 && groupCompletions(dw[0]).length && !word.startsWith("-"))
        return { start, candidates: groupCompletions(dw[0]) };
      const verb = dw.length >= 2 && groupCompletions(dw[0]).length ? dw[1] : dw[0];
      const containerVerbs = [
        "start",
        "stop",
        "rm",
        "exec",
        "logs",
        "restart",
        "kill",
        "inspect",
        "attach",
        "top",
        "port",
        "wait",
        "pause",
        "unpause",
        "rename",
        "diff",
        "cp",
        "commit",
      ];
      const imageVerbs = ["run", "create", "pull", "rmi", "push", "tag", "history", "images"];
      if (!word.startsWith("-") && (containerVerbs.includes(verb) || imageVerbs.includes(verb))) {
        const api = this.engineApi();
        if (containerVerbs.includes(verb)) {
          const cs = await api.containerList({ all: verb !== "stop" && verb !== "exec" }).catch(() => []);
          return { start, candidates: cs.flatMap((c) => [c.Names[0].slice(1)]) };
        }
        const imgs = await api.imageList().catch(() => []);
        const tags = imgs.flatMap((i) => i.RepoTags).filter((t) => t !== "<none>:<none>");
        const cands = new Set<string>(tags);
        for (const t of tags) if (t.endsWith(":latest")) cands.add(t.slice(0, -7));
        if (verb === "run" || verb === "pull" || verb === "create")
          for (const n of ["hello-world", "busybox", "alpine", "ubuntu", "nginx", "debian"]) cands.add(n);
        return { start, candidates: [...cands] };
      }
    }
    return this.completePath(word, start, env);
  }

  private async completePath(word: string, start: number, env: Record<string, string>): Promise<Completion> {
    const cwd = env.PWD ?? HOST.home;
    const expanded = word.startsWith("~") ? HOST.home + word.slice(1) : word;
    const slash = expanded.lastIndexOf("/");
    const dirPart = slash >= 0 ? expanded.slice(0, slash + 1) : "";
    const prefixShown = slash >= 0 ? word.slice(0, word.lastIndexOf("/") + 1) : "";
    const dir = dirPart.startsWith("/") ? dirPart : `${cwd}/${dirPart}`;
    let entries: { name: string; isDirectory: boolean }[] = [];
    try {
      entries = (await this.hostFs.readdirWithFileTypes(dir || "/")) as { name: string; isDirectory: boolean }[];
    } catch {
      return { start, candidates: [] };
    }
    const base = expanded.slice(slash + 1);
    const cands = entries
      .filter((e) => e.name.startsWith(base) && (base.startsWith(".") || !e.name.startsWith(".")))
      .map((e) => `${prefixShown}${e.name}${e.isDirectory ? "/" : ""}`);
    return { start, candidates: cands };
  }

  // ---------------- snapshot ----------------

  snapshot(): MachineSnapshot {
    const hostFiles: MachineSnapshot["hostFiles"] = [];
    for (const [path, n] of this.hostFs.upper) {
      if (n.type === "file")
        hostFiles.push({
          path,
          type: "file",
          content: typeof n.content === "string" ? n.content : new TextDecoder().decode(n.content),
          mode: n.mode,
        });
      else if (n.type === "dir") hostFiles.push({ path, type: "dir", mode: n.mode });
      else if (n.type === "symlink") hostFiles.push({ path, type: "symlink", target: n.target, mode: n.mode });
      else hostFiles.push({ path, type: "file", mode: -1 });
    }
    const s = this.session;
    return {
      version: 1,
      hostFiles,
      engine: this.engine.snapshot(),
      shell: { env: s ? { ...s.env } : this.hostEnv(), history: s ? [...s.history] : [] },
      context: this.contexts.saved(),
    };
  }

  async restore(snap: MachineSnapshot): Promise<void> {
    if (snap?.version !== 1) return;
    const upper: Layer = new Map();
    for (const f of snap.hostFiles) {
      if (f.mode === -1) upper.set(f.path, { type: "whiteout" });
      else if (f.type === "dir") upper.set(f.path, { type: "dir", mode: f.mode, mtime: this.clock.now() });
      else if (f.type === "symlink")
        upper.set(f.path, { type: "symlink", target: f.target ?? "", mode: f.mode, mtime: this.clock.now() });
      else upper.set(f.path, { type: "file", content: f.content ?? "", mode: f.mode, mtime: this.clock.now() });
    }
    this.hostFs = new LayeredFs(this.base, upper, () => this.clock.now());
    await this.engine.restore(snap.engine);
    this.session = this.makeSession(snap.shell.history, { ...this.hostEnv(), ...snap.shell.env });
    this.contexts.restore(snap.context);
  }

  /** Start the shell with the restored session (if any) instead of a fresh one. */
  startRestored(): void {
    const loop = async () => {
      for (let first = true; ; first = false) {
        if (!first || !this.session) this.session = this.makeSession(this.session?.history ?? []);
        await this.session.run();
        this.pty.write("\n");
      }
    };
    void loop();
  }
}

let preloaded: Promise<void> | null = null;

/**
 * just-bash loads each command's code on first use, which is real I/O. On a
 * virtual clock that wait looks like idle time and lets the clock jump (a
 * container's `sleep 1000` would end early), so load every command once, up front.
 */
export function preloadCommands(): Promise<void> {
  preloaded ??= (async () => {
    const b = new Bash({ defenseInDepth: false });
    const script = getCommandNames()
      .filter((n) => n !== "yes")
      .map((n) => `${n} --help </dev/null >/dev/null 2>&1`)
      .join("\n");
    await b.exec(script).catch(() => undefined);
  })();
  return preloaded;
}

export async function createMachine(o: MachineOptions = {}): Promise<Machine> {
  const m = new Machine({ clock: "virtual", ...o });
  if (!(m.clock === realClock)) await preloadCommands();
  return m;
}

/** systemd's timestamp in `systemctl status` ("Sat 2026-11-28 16:49:24 UTC"); the machine runs in UTC. */
function systemdTimestamp(ms: number): string {
  const d = new Date(ms);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
  return `${day} ${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/** systemd's format_timestamp_relative: "5s ago", "1min 3s ago", "19min ago", "2h 3min ago" … */
export function systemdAgo(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const min = Math.floor(s / 60);
  const h = Math.floor(s / 3600);
  const days = Math.floor(s / 86400);
  if (days >= 2) return `${days} days ago`;
  if (h >= 25) return `1 day ${h - 24}h ago`;
  if (h >= 6) return `${h}h ago`;
  if (h >= 1) return `${h}h ${min % 60}min ago`;
  if (min >= 5) return `${min}min ago`;
  if (min >= 1) return `${min}min ${s % 60}s ago`;
  if (s >= 1) return `${s}s ago`;
  return ms >= 1 ? `${Math.floor(ms)}ms ago` : "now";
}
