/**
 * The protocol between the browser UI (main thread) and the machine (Web Worker).
 * The UI is a client of the machine: it sends terminal bytes and requests, and
 * renders the state it receives. It never reaches into engine internals.
 */
import type { ContainerSummary, ImageSummary } from "../engine/api/types";
import type { GatewayInfo, SavedContext } from "../engine/gateway/contexts";

export type { GatewayInfo };

/** What the engine view renders: Engine API list shapes, nothing internal. */
export interface EngineViewState {
  /** Which engine the `docker` CLI talks to. */
  context: "sim" | "real";
  /** false when the daemon is stopped (`sudo systemctl stop docker`). */
  running: boolean;
  images: ImageSummary[];
  containers: ContainerSummary[];
  /** The docker context in use: "default" or "classroom" (`docker context show`). */
  contextName?: string;
  /** The classroom gateway that served the app, if any: then the UI offers the engine switch. */
  gateway?: GatewayInfo | null;
}

/** Options for the machine's start. */
export interface MachineInitOptions {
  cols: number;
  rows: number;
  /** Print Korean explanation lines under some errors (browser only). */
  explain: boolean;
  /** Saved machine to restore (from a previous session or after a forced restart). */
  snapshot?: MachineSnapshot | null;
  /** The classroom gateway that served the page, when the page already knows. */
  gateway?: GatewayInfo | null;
}

/** A serialisable copy of the machine: host files, engine state, shell state. */
export interface MachineSnapshot {
  version: 1;
  hostFiles: { path: string; type: "file" | "dir" | "symlink"; content?: string; mode: number; target?: string }[];
  engine: unknown;
  shell: { env: Record<string, string>; history: string[] };
  /** The docker context and the classroom session token (real mode comes back after a reload). */
  context?: SavedContext;
}

/** Result of running shell lines silently (lesson checks, setup). */
export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type ToMachine =
  | { type: "init"; options: MachineInitOptions }
  /** Keystrokes / pasted text from the terminal, as the terminal sends them. */
  | { type: "input"; data: string }
  | { type: "resize"; cols: number; rows: number }
  /** Run shell lines out of sight of the terminal (lesson checks and setup). */
  | { type: "run"; id: number; script: string }
  | { type: "setExplain"; explain: boolean }
  /** Read a host file for the editor (absolute path); answered by `file`. */
  | { type: "readFile"; id: number; path: string }
  /** Save a host file from the editor (absolute path); answered by `written`. */
  | { type: "writeFile"; id: number; path: string; content: string }
  /** The page found (or lost) the classroom gateway that served it (`docker context use classroom`). */
  | { type: "gateway"; gateway: GatewayInfo | null };

export type FromMachine =
  | { type: "ready" }
  /** Bytes for the terminal (already with \r\n line ends). */
  | { type: "output"; data: string }
  /** true while a command runs in the foreground, false at the prompt. */
  | { type: "busy"; busy: boolean }
  | { type: "engine"; state: EngineViewState }
  | { type: "result"; id: number; result: RunResult }
  | { type: "snapshot"; snapshot: MachineSnapshot }
  /** Answer to `readFile`: the text, or an error message (ENOENT, EISDIR …). */
  | { type: "file"; id: number; content?: string; error?: string }
  /** Answer to `writeFile`: no error means it is on the machine's filesystem. */
  | { type: "written"; id: number; error?: string }
  /** The learner typed `code FILE` / `edit FILE` on the host: open this absolute path in the editor. */
  | { type: "openEditor"; path: string };
