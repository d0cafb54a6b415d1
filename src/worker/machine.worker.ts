/// <reference lib="webworker" />
/**
 * The machine's home in the browser: a Web Worker. It speaks the protocol in
 * src/machine/protocol.ts and nothing else, so a runaway script can never
 * block the page.
 */
import "./node-shims";
import { Machine } from "../machine/machine";
import type { FromMachine, ToMachine } from "../machine/protocol";

const post = (m: FromMachine) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);
let machine: Machine | null = null;
/** The terminal size can change while the machine is still being restored: keep the latest. */
let size: { cols: number; rows: number } | null = null;
let outBuf = "";
let outTimer: ReturnType<typeof setTimeout> | null = null;
let stateTimer: ReturnType<typeof setTimeout> | null = null;
let snapTimer: ReturnType<typeof setTimeout> | null = null;

function flushOutput() {
  outTimer = null;
  if (outBuf) post({ type: "output", data: outBuf });
  outBuf = "";
}

function pushState() {
  if (stateTimer) return;
  stateTimer = setTimeout(async () => {
    stateTimer = null;
    if (machine) post({ type: "engine", state: await machine.engineState() });
  }, 30);
}

function pushSnapshot() {
  if (snapTimer) return;
  snapTimer = setTimeout(() => {
    snapTimer = null;
    if (machine) post({ type: "snapshot", snapshot: machine.snapshot() });
  }, 200);
}

self.onmessage = async (ev: MessageEvent<ToMachine>) => {
  const msg = ev.data;
  switch (msg.type) {
    case "init": {
      size ??= { cols: msg.options.cols, rows: msg.options.rows };
      machine = new Machine({
        clock: "real",
        cols: size.cols,
        rows: size.rows,
        color: true,
        explain: msg.options.explain,
      });
      machine.onOutput((d) => {
        outBuf += d;
        if (!outTimer) outTimer = setTimeout(flushOutput, 8);
      });
      machine.onBusy((busy) => {
        flushOutput();
        post({ type: "busy", busy });
      });
      machine.onEngineChange(pushState);
      machine.onLineDone(pushSnapshot);
      machine.onOpenEditor((path) => {
        flushOutput();
        post({ type: "openEditor", path });
      });
      if (msg.options.snapshot) {
        try {
          await machine.restore(msg.options.snapshot);
        } catch (e) {
          console.error("restore failed", e);
        }
        machine.startRestored();
      } else machine.start();
      if (size) machine.resize(size.cols, size.rows);
      if (msg.options.gateway) machine.setGateway(msg.options.gateway);
      post({ type: "ready" });
      pushState();
      break;
    }
    case "input":
      machine?.input(msg.data);
      break;
    case "resize":
      size = { cols: msg.cols, rows: msg.rows };
      machine?.resize(msg.cols, msg.rows);
      break;
    case "setExplain":
      if (machine) machine.explain = msg.explain;
      break;
    case "gateway":
      machine?.setGateway(msg.gateway);
      break;
    case "run": {
      if (!machine) {
        post({ type: "result", id: msg.id, result: { stdout: "", stderr: "machine not ready\n", exitCode: 1 } });
        break;
      }
      const result = await machine.run(msg.script);
      post({ type: "result", id: msg.id, result });
      pushState();
      pushSnapshot();
      break;
    }
    case "readFile": {
      if (!machine) {
        post({ type: "file", id: msg.id, error: "machine not ready" });
        break;
      }
      try {
        post({ type: "file", id: msg.id, content: await machine.hostFs.readFile(msg.path) });
      } catch (e) {
        post({ type: "file", id: msg.id, error: (e as Error).message });
      }
      break;
    }
    case "writeFile": {
      if (!machine) {
        post({ type: "written", id: msg.id, error: "machine not ready" });
        break;
      }
      try {
        await machine.hostFs.writeFile(msg.path, msg.content);
        post({ type: "written", id: msg.id });
        pushSnapshot();
      } catch (e) {
        post({ type: "written", id: msg.id, error: (e as Error).message });
      }
      break;
    }
  }
};
