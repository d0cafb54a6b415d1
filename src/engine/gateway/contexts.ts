/**
 * The machine's docker contexts: `default` (the engine in the machine, i.e. the simulator)
 * and, when the app was served by a classroom gateway, `classroom` (a real engine through
 * `GatewayEngine`). `docker context use` switches between them; the docker CLI, lesson
 * checks and the engine view only ever see the `EngineApi` of the current one.
 *
 * Switching never touches the simulator: going back to `default` finds it as it was.
 */
import { EngineUnreachableError } from "../api/errors";
import type { ContainerSummary, ImageSummary } from "../api/types";
import { GatewayEngine } from "./client";
import type { FetchLike, WebSocketCtor } from "./web";

/** What the page knows about the gateway that served it. */
export interface GatewayInfo {
  /** Base URL of the gateway (the page's own origin when it served the app). */
  url: string;
  /** "open": no join code; "class": a join code is needed to get a session. */
  mode: "open" | "class";
}

export type ContextName = "default" | "classroom";
export const CLASSROOM = "classroom";

/** One row of `docker context ls`. */
export interface ContextEntry {
  Name: string;
  Description: string;
  DockerEndpoint: string;
  Current: boolean;
  Error: string;
}

/** What survives a reload (saved with the machine's snapshot). */
export interface SavedContext {
  name: string;
  token?: string | null;
}

export interface EngineContextsOptions {
  /** The engine view and listeners need to look again (context switched, real events, connectivity). */
  onChange: () => void;
  fetch?: FetchLike;
  WebSocket?: WebSocketCtor;
}

export class EngineContexts {
  private info: GatewayInfo | null = null;
  private gw: GatewayEngine | null = null;
  private name: ContextName = "default";
  private token: string | null = null;
  private joinCode: string | null = null;
  private unwatch: (() => void) | null = null;
  /** The context to return to once the page tells where the gateway is (after a restore). */
  private wanted: ContextName | null = null;
  private last: { images: ImageSummary[]; containers: ContainerSummary[] } = { images: [], containers: [] };
  /** The classroom server's kernel release (`/version`'s KernelVersion), once known. */
  private serverKernel: string | null = null;
  /** Whether the real engine's event stream is up (meaningful in `classroom`). */
  connected = false;

  constructor(private readonly o: EngineContextsOptions) {}

  current(): ContextName {
    return this.name;
  }

  get gateway(): GatewayInfo | null {
    return this.info;
  }

  /** The gateway engine while `classroom` is the current context. */
  get real(): GatewayEngine | null {
    return this.name === CLASSROOM ? this.gw : null;
  }

  /**
   * The kernel every container shares in `classroom`: the server's. The terminal's host answers
   * `uname -r` with it there, as a Docker host does; null in the simulator or while still unknown.
   */
  get realKernel(): string | null {
    return this.name === CLASSROOM ? this.serverKernel : null;
  }

  /** The page found (or lost) the gateway that served it. */
  setGateway(info: GatewayInfo | null): void {
    const same = info && this.info && info.url === this.info.url;
    this.info = info;
    if (!same && this.gw && this.name !== CLASSROOM) this.gw = null;
    if (!same && this.name !== CLASSROOM) this.serverKernel = null;
    if (info && this.wanted === CLASSROOM) {
      this.wanted = null;
      void this.use(CLASSROOM, {}).catch(() => {});
    }
    this.o.onChange();
  }

  list(): ContextEntry[] {
    const rows: ContextEntry[] = [
      {
        Name: "default",
        Description: "Current DOCKER_HOST based configuration",
        DockerEndpoint: "unix:///var/run/docker.sock",
        Current: this.name === "default",
        Error: "",
      },
    ];
    if (this.info || this.name === CLASSROOM)
      rows.push({
        Name: CLASSROOM,
        Description: "Container Classroom gateway",
        DockerEndpoint: this.engine().endpoint,
        Current: this.name === CLASSROOM,
        Error: "",
      });
    return rows;
  }

  needsJoinCode(name: string): boolean {
    return name === CLASSROOM && this.info?.mode === "class" && !this.token && !this.joinCode;
  }

  /** Switch to `name`. Joining the classroom happens here, so a wrong code or a gateway that is gone fails now. */
  async use(name: string, opts: { joinCode?: string } = {}): Promise<void> {
    if (name === "default") {
      this.stopWatching();
      this.name = "default";
      this.o.onChange();
      return;
    }
    if (name !== CLASSROOM || (!this.info && !this.gw)) throw new Error(`context "${name}" does not exist`);
    if (opts.joinCode) this.joinCode = opts.joinCode;
    const gw = this.engine();
    try {
      await gw.session();
    } catch (e) {
      if (opts.joinCode) this.joinCode = null;
      throw e;
    }
    if (!this.serverKernel) this.serverKernel = (await gw.version().catch(() => null))?.KernelVersion || null;
    if (this.name !== CLASSROOM) {
      this.name = CLASSROOM;
      this.startWatching(gw);
    }
    this.o.onChange();
  }

  /**
   * What the engine view shows in `classroom`: the real engine's lists. When they cannot be read
   * the last ones stay (dimmed by the view); only an unreachable gateway counts as "not running".
   */
  async realState(): Promise<{ running: boolean; images: ImageSummary[]; containers: ContainerSummary[] }> {
    const gw = this.engine();
    try {
      const [images, containers] = await Promise.all([gw.imageList(), gw.containerList({ all: true })]);
      this.last = { images, containers };
      return { running: true, images, containers };
    } catch (e) {
      return { running: !(e instanceof EngineUnreachableError), ...this.last };
    }
  }

  /** The gateway engine (created on first use). */
  engine(): GatewayEngine {
    if (!this.gw) {
      this.gw = new GatewayEngine({
        baseUrl: this.info?.url ?? "http://127.0.0.1/",
        token: this.token,
        joinCode: () => this.joinCode,
        onToken: (t) => {
          this.token = t;
        },
        fetch: this.o.fetch,
        WebSocket: this.o.WebSocket,
      });
    }
    return this.gw;
  }

  private startWatching(gw: GatewayEngine) {
    this.stopWatching();
    this.connected = true;
    // dockerd announces `die` before its container list says "exited": look again a little later too.
    let later: unknown[] = [];
    const onEvent = () => {
      this.o.onChange();
      for (const t of later) clearTimeout(t);
      later = [300, 1500].map((ms) => setTimeout(() => this.o.onChange(), ms));
    };
    const unwatch = gw.watch(onEvent, (up) => {
      if (up === this.connected) return;
      this.connected = up;
      this.o.onChange();
    });
    this.unwatch = () => {
      unwatch();
      for (const t of later) clearTimeout(t);
    };
  }

  private stopWatching() {
    this.unwatch?.();
    this.unwatch = null;
  }

  saved(): SavedContext {
    return { name: this.name, token: this.token };
  }

  /** Restore a saved context: `classroom` comes back once the page says where the gateway is. */
  restore(s: SavedContext | undefined): void {
    if (!s) return;
    this.token = s.token ?? null;
    if (s.name === CLASSROOM) {
      if (this.info) void this.use(CLASSROOM, {}).catch(() => {});
      else this.wanted = CLASSROOM;
    }
  }

  /** Stop following the real engine (the machine is thrown away). */
  dispose(): void {
    this.stopWatching();
  }
}
