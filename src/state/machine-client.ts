/**
 * The ONLY module that talks to the machine (the Web Worker). Everything else
 * in the browser uses the functions exported here.
 *
 * - The worker is created after first paint (`startMachineAfterPaint`), so the
 *   heavy machine bundle never delays the page.
 * - Messages other than `init` wait in a queue until the machine says `ready`.
 * - The latest `snapshot` is kept in memory and saved to IndexedDB (throttled);
 *   on load the machine is started from it, so it survives a reload.
 * - The editor reads and saves host files (`readFile`, `writeFile`) and hears
 *   `code FILE` typed in the terminal (`onOpenEditor`).
 * - Classroom gateway: when the page was served by one (`npm run server`, or `?gateway=URL`),
 *   the machine is told where it is, and `switchEngine` runs `docker context use …` in it.
 * - Ctrl+C watchdog: when the learner types Ctrl+C while a command runs and the
 *   machine does not come back to the prompt within 1.5 s, the worker is
 *   terminated and a new one starts from the last snapshot.
 */
import { del, get, set } from "idb-keyval";
import { t } from "../i18n/ko";
import type {
  EngineViewState,
  FromMachine,
  GatewayInfo,
  MachineInitOptions,
  MachineSnapshot,
  RunResult,
  ToMachine,
} from "../machine/protocol";
import { storeExplain, useAppStore } from "./store";

export type { EngineViewState, MachineSnapshot, RunResult };

export const SNAPSHOT_KEY = "machine-snapshot";
/** How long Ctrl+C may take to bring a busy machine back before it is restarted. */
export const WATCHDOG_MS = 1500;
/** At most one IndexedDB write of the snapshot per this many ms. */
const SNAPSHOT_SAVE_MS = 1000;
/** Don't let a broken IndexedDB keep the machine from starting. */
const SNAPSHOT_LOAD_TIMEOUT_MS = 1500;

/** Thrown (as the rejection of `run()`) when the machine restarts under a pending run. */
export class MachineRestartedError extends Error {
  constructor() {
    super("machine restarted");
    this.name = "MachineRestartedError";
  }
}

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private listeners = new Set<Listener<T>>();
  get size(): number {
    return this.listeners.size;
  }
  on(fn: Listener<T>): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  emit(value: T): void {
    for (const fn of this.listeners) fn(value);
  }
}

const outputEvents = new Emitter<string>();
const busyEvents = new Emitter<boolean>();
const engineEvents = new Emitter<EngineViewState>();
const readyEvents = new Emitter<void>();
const openEditorEvents = new Emitter<string>();
/** `code FILE` typed before the editor listens (it mounts with the page, so rarely) is kept for it. */
let unheardOpens: string[] = [];

let worker: Worker | null = null;
/** Bumped on every (re)start: messages from an old worker are ignored. */
let generation = 0;
let started = false;
let ready = false;
let busy = false;
let queue: ToMachine[] = [];
let size = { cols: 80, rows: 24 };
/** Resolved by the first resize(): the machine should start with the terminal's real size. */
let sizeKnown: () => void = () => undefined;
const firstSize = new Promise<void>((resolve) => {
  sizeKnown = resolve;
});
let lastSnapshot: MachineSnapshot | null = null;
let engineState: EngineViewState | null = null;
/** Output written before anyone listens (the terminal) is kept for the first listener. */
let unheardOutput: string[] = [];

let nextRunId = 1;
const runs = new Map<number, { resolve: (r: RunResult) => void; reject: (e: Error) => void }>();
let nextFileId = 1;
const fileRequests = new Map<number, { resolve: (content: string) => void; reject: (e: Error) => void }>();

/** The classroom gateway that served the page: undefined until probed, null when there is none. */
let gatewayInfo: GatewayInfo | null | undefined;

let watchdog: ReturnType<typeof setTimeout> | null = null;
let saveTimer: ReturnType<typeof setTimeout> | null = null;
let snapshotDirty = false;

// ───────────────────────────── public API ─────────────────────────────

/** Keystrokes or pasted text from the terminal, exactly as the terminal sends them. */
export function sendInput(data: string): void {
  if (data.includes("\x03") && busy) armWatchdog();
  post({ type: "input", data });
}

/** The terminal's size changed. */
export function resize(cols: number, rows: number): void {
  if (cols <= 0 || rows <= 0) return;
  sizeKnown();
  if (cols === size.cols && rows === size.rows) return;
  size = { cols, rows };
  if (worker) post({ type: "resize", cols, rows });
}

/** The terminal's current size as last reported (the machine starts with it). */
export function getSize(): { cols: number; rows: number } {
  return { ...size };
}

/**
 * Run shell lines in the machine out of sight of the terminal (lesson checks,
 * setup). Rejects with MachineRestartedError if the machine restarts first.
 */
export function run(script: string): Promise<RunResult> {
  const id = nextRunId++;
  return new Promise<RunResult>((resolve, reject) => {
    runs.set(id, { resolve, reject });
    post({ type: "run", id, script });
  });
}

/**
 * Read a file of the machine's host (absolute path) for the editor. Waits for the machine to be
 * ready; rejects with the machine's error message (ENOENT …) or MachineRestartedError.
 */
export function readFile(path: string): Promise<string> {
  return fileRequest((id) => ({ type: "readFile", id, path }));
}

/** Save a file on the machine's host (absolute path). Resolves once it is on the machine's filesystem. */
export async function writeFile(path: string, content: string): Promise<void> {
  await fileRequest((id) => ({ type: "writeFile", id, path, content }));
}

/** Subscribe to `code FILE` / `edit FILE` typed in the host shell (absolute paths). */
export function onOpenEditor(fn: Listener<string>): () => void {
  const off = openEditorEvents.on(fn);
  const pending = unheardOpens;
  unheardOpens = [];
  for (const path of pending) fn(path);
  return off;
}

/**
 * Switch the machine's docker context, exactly as typing `docker context use NAME` does
 * ("classroom": the real engine behind the gateway; "default": the simulator). In class mode the
 * join code goes along the way the terminal takes it (CLASSROOM_JOIN_CODE=…).
 */
export function switchEngine(name: "default" | "classroom", joinCode?: string): Promise<RunResult> {
  const code = joinCode?.trim();
  const prefix = code ? `CLASSROOM_JOIN_CODE='${code.replace(/'/g, `'\\''`)}' ` : "";
  return run(`${prefix}docker context use ${name}`);
}

/** Turn the Korean explanation lines in the terminal on or off (saved). */
export function setExplain(explain: boolean): void {
  storeExplain(explain);
  if (worker) post({ type: "setExplain", explain });
}

/** Subscribe to terminal bytes from the machine. Returns an unsubscribe function. */
export function onOutput(fn: Listener<string>): () => void {
  const off = outputEvents.on(fn);
  if (unheardOutput.length > 0) {
    const pending = unheardOutput.join("");
    unheardOutput = [];
    fn(pending);
  }
  return off;
}

/** Subscribe to busy changes (true while a foreground command runs). */
export function onBusy(fn: Listener<boolean>): () => void {
  return busyEvents.on(fn);
}

/** Subscribe to the engine view state. The latest state is delivered at once if known. */
export function onEngine(fn: Listener<EngineViewState>): () => void {
  const off = engineEvents.on(fn);
  if (engineState) fn(engineState);
  return off;
}

/** Called each time the machine becomes ready (also after a restart). */
export function onReady(fn: () => void): () => void {
  return readyEvents.on(fn);
}

export function isReady(): boolean {
  return ready;
}

export function isBusy(): boolean {
  return busy;
}

/** The latest snapshot the machine sent (null before the first one). */
export function getSnapshot(): MachineSnapshot | null {
  return lastSnapshot;
}

/** Start the machine now (loads the saved snapshot first). Safe to call twice. */
export async function startMachine(): Promise<void> {
  if (started) return;
  started = true;
  const [snapshot] = await Promise.all([
    loadSavedSnapshot(),
    Promise.race([firstSize, new Promise((resolve) => setTimeout(resolve, 1000))]),
  ]);
  lastSnapshot = snapshot;
  boot(snapshot);
  void probeGateway().then((info) => {
    gatewayInfo = info;
    if (worker && ready) worker.postMessage({ type: "gateway", gateway: info } satisfies ToMachine);
  });
}

/** Start the machine once the page has painted and the browser is idle. */
export function startMachineAfterPaint(): void {
  const go = () => void startMachine();
  requestAnimationFrame(() => {
    setTimeout(() => {
      if (typeof requestIdleCallback === "function") requestIdleCallback(go, { timeout: 300 });
      else go();
    }, 0);
  });
}

/** Throw the machine away and start a fresh one (forgets the saved snapshot). */
export async function resetMachine(): Promise<void> {
  lastSnapshot = null;
  snapshotDirty = false;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  try {
    await del(SNAPSHOT_KEY);
  } catch {
    // ignore: a fresh machine starts anyway
  }
  stopWorker();
  emitOutput("\x1bc");
  boot(null);
}

// ───────────────────────────── internals ─────────────────────────────

/**
 * Was the page served by a classroom gateway? Its `/api/health` answers JSON with a `mode`;
 * a static host answers the app's HTML (or 404). `?gateway=URL` points at another one.
 */
async function probeGateway(): Promise<GatewayInfo | null> {
  const explicit = new URLSearchParams(location.search).get("gateway");
  // The gateway marks the pages it serves with a cookie; a plain static host gets no probe at all.
  if (!explicit && !/(^|;\s*)cc-gateway=1/.test(document.cookie)) return null;
  try {
    const base = new URL(explicit ?? "./", location.href);
    const res = await fetch(new URL("api/health", base), { cache: "no-store" });
    if (!(res.headers.get("content-type") ?? "").includes("application/json")) return null;
    const j = (await res.json()) as { mode?: unknown };
    return j.mode === "open" || j.mode === "class" ? { url: base.href, mode: j.mode } : null;
  } catch {
    return null;
  }
}

/**
 * Send a file request once the machine is ready. (Messages queued before a (re)boot are dropped by
 * `boot`, so these wait for `ready` instead of using the queue.)
 */
function fileRequest(make: (id: number) => ToMachine): Promise<string> {
  const id = nextFileId++;
  return new Promise<string>((resolve, reject) => {
    fileRequests.set(id, { resolve, reject });
    const send = () => {
      if (fileRequests.has(id)) worker?.postMessage(make(id));
    };
    if (worker && ready) send();
    else {
      const off = readyEvents.on(() => {
        off();
        send();
      });
    }
  });
}

function post(msg: ToMachine): void {
  if (worker && ready) worker.postMessage(msg);
  else queue.push(msg);
}

function emitOutput(data: string): void {
  if (outputEvents.size === 0) unheardOutput.push(data);
  else outputEvents.emit(data);
}

function createWorker(): Worker {
  if (import.meta.env.DEV && new URLSearchParams(location.search).get("worker") === "fake") {
    // Development only: a stand-in that speaks the protocol (src/worker/fake.worker.ts).
    // A plain string keeps it out of production builds.
    const fakeUrl = "/src/worker/fake.worker.ts";
    return new Worker(fakeUrl, { type: "module", name: "machine (fake)" });
  }
  return new Worker(new URL("../worker/machine.worker.ts", import.meta.url), { type: "module", name: "machine" });
}

function boot(snapshot: MachineSnapshot | null): void {
  const gen = ++generation;
  ready = false;
  queue = [];
  useAppStore.setState({ ready: false, status: generation === 1 ? "loading" : "restarting" });

  let w: Worker;
  try {
    w = createWorker();
  } catch (err) {
    fail(err);
    return;
  }
  worker = w;
  w.addEventListener("message", (e: MessageEvent<FromMachine>) => {
    if (gen === generation) handle(e.data);
  });
  w.addEventListener("error", (e: ErrorEvent) => {
    if (gen !== generation) return;
    // Before `ready` an error means the worker could not load or start.
    if (!ready) {
      e.preventDefault();
      fail(e.error ?? (e.message || "the worker script could not be loaded (see the worker's console)"));
    } else {
      console.error("machine worker error:", e.message);
    }
  });

  const options: MachineInitOptions = {
    cols: size.cols,
    rows: size.rows,
    explain: useAppStore.getState().explain,
    snapshot,
  };
  w.postMessage({ type: "init", options } satisfies ToMachine);
}

function fail(err: unknown): void {
  console.error("machine failed to start:", err);
  stopWorker();
  useAppStore.setState({ status: "error", ready: false, busy: false });
  emitOutput(`\r\n\x1b[31m${t.terminal.workerFailed}\x1b[0m\r\n`);
}

function handle(msg: FromMachine): void {
  switch (msg.type) {
    case "ready": {
      ready = true;
      useAppStore.setState({ ready: true, status: "ready" });
      const pending = queue;
      queue = [];
      for (const m of pending) worker?.postMessage(m);
      if (gatewayInfo !== undefined) worker?.postMessage({ type: "gateway", gateway: gatewayInfo } satisfies ToMachine);
      readyEvents.emit();
      break;
    }
    case "output":
      emitOutput(msg.data);
      break;
    case "busy":
      busy = msg.busy;
      if (!busy) disarmWatchdog();
      useAppStore.setState({ busy });
      busyEvents.emit(busy);
      break;
    case "engine":
      engineState = msg.state;
      useAppStore.setState({ engine: msg.state });
      engineEvents.emit(msg.state);
      break;
    case "result": {
      const pending = runs.get(msg.id);
      if (pending) {
        runs.delete(msg.id);
        pending.resolve(msg.result);
      }
      break;
    }
    case "snapshot":
      lastSnapshot = msg.snapshot;
      scheduleSave();
      break;
    case "file":
    case "written": {
      const pending = fileRequests.get(msg.id);
      if (!pending) break;
      fileRequests.delete(msg.id);
      if (msg.error !== undefined) pending.reject(new Error(msg.error));
      else pending.resolve(msg.type === "file" ? (msg.content ?? "") : "");
      break;
    }
    case "openEditor":
      if (openEditorEvents.size === 0) unheardOpens.push(msg.path);
      else openEditorEvents.emit(msg.path);
      break;
  }
}

function armWatchdog(): void {
  if (watchdog) return;
  watchdog = setTimeout(() => {
    watchdog = null;
    if (busy) restartAfterHang();
  }, WATCHDOG_MS);
}

function disarmWatchdog(): void {
  if (watchdog) clearTimeout(watchdog);
  watchdog = null;
}

/** Stop the worker and everything that waits on it. */
function stopWorker(): void {
  disarmWatchdog();
  generation++;
  worker?.terminate();
  worker = null;
  ready = false;
  queue = [];
  if (busy) {
    busy = false;
    busyEvents.emit(false);
  }
  useAppStore.setState({ ready: false, busy: false });
  const pending = [...runs.values(), ...fileRequests.values()];
  runs.clear();
  fileRequests.clear();
  for (const r of pending) r.reject(new MachineRestartedError());
}

function restartAfterHang(): void {
  stopWorker();
  let text = "^C\r\n";
  if (useAppStore.getState().explain) text += `\x1b[36m${t.terminal.restarted}\x1b[0m\r\n`;
  emitOutput(text);
  boot(lastSnapshot);
}

// ─────────────────────── snapshot persistence ───────────────────────

async function loadSavedSnapshot(): Promise<MachineSnapshot | null> {
  try {
    const saved = await Promise.race([
      get<MachineSnapshot>(SNAPSHOT_KEY),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SNAPSHOT_LOAD_TIMEOUT_MS)),
    ]);
    return saved && saved.version === 1 ? saved : null;
  } catch {
    return null;
  }
}

function scheduleSave(): void {
  snapshotDirty = true;
  if (saveTimer) return;
  saveTimer = setTimeout(() => {
    saveTimer = null;
    void flushSnapshot();
  }, SNAPSHOT_SAVE_MS);
}

async function flushSnapshot(): Promise<void> {
  if (!snapshotDirty || !lastSnapshot) return;
  snapshotDirty = false;
  try {
    await set(SNAPSHOT_KEY, lastSnapshot);
  } catch (err) {
    console.warn("could not save the machine snapshot:", err);
  }
}

if (typeof window !== "undefined") {
  const flushNow = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    void flushSnapshot();
  };
  window.addEventListener("pagehide", flushNow);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flushNow();
  });
}

if (import.meta.hot) {
  import.meta.hot.dispose(() => {
    worker?.terminate();
    worker = null;
  });
}
