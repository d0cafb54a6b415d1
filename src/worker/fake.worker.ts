/**
 * TEMPORARY stand-in for the real machine (src/worker/machine.worker.ts),
 * used by the UI helper to develop the app shell. Load it in dev with
 * `?worker=fake`. Delete it once the real worker works; nothing imports it.
 *
 * It speaks the protocol: echoes input with minimal line editing, `echo …`,
 * `docker run NAME`, `docker rm NAME`, `docker stop/start`, `sleep N`, `hang`
 * (an endless loop to try the Ctrl+C watchdog), `engine stop|start`, `clear`.
 */
import type { ContainerSummary, ImageSummary } from "../engine/api/types";
import type { EngineViewState, FromMachine, MachineSnapshot, ToMachine } from "../machine/protocol";

// The app's tsconfig has the DOM lib, not WebWorker: describe the little we use.
declare const self: { postMessage(msg: FromMachine): void; onmessage: ((e: MessageEvent<ToMachine>) => void) | null };

const PROMPT = "\x1b[1;32mstudent@classroom\x1b[0m:\x1b[1;34m~\x1b[0m$ ";
let line = "";
let explain = true;
let busy = false;
let history: string[] = [];

const images: ImageSummary[] = [
  img("sha256:a6bd71f48f6839d9faae1f29d3babef831e76bc213107682c5cc80f0cbb30866", ["nginx:latest"], 187_000_000),
  img(
    "sha256:1d34ffeaf190be23d3de5a8de0a436676b758f48f835c3a2d4768b798c15a7f1",
    ["busybox:latest", "busybox:1.36"],
    4_260_000,
  ),
  img("sha256:fe6d8f9f0d0e0c31a4d0ab5e4b0d9a6e5f1c2b3a4d5e6f708192a3b4c5d6e7f8", [], 77_800_000),
];
let containers: ContainerSummary[] = [
  ctr("f3b2c1a0d9e8", "web", "nginx:latest", "running", "Up 3 minutes", [
    { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
  ]),
  ctr("0a1b2c3d4e5f", "hello", "busybox:latest", "exited", "Exited (0) 2 minutes ago"),
  ctr("9f8e7d6c5b4a", "paused-one", "busybox:latest", "paused", "Up 5 minutes (Paused)"),
  ctr("1234abcd5678", "new-one", "busybox:1.36", "created", "Created"),
];
let running = true;

function img(Id: string, RepoTags: string[], Size: number): ImageSummary {
  return {
    Id,
    ParentId: "",
    RepoTags,
    RepoDigests: [],
    Created: 1_700_000_000,
    Size,
    SharedSize: -1,
    Labels: null,
    Containers: -1,
  };
}

function ctr(
  id: string,
  name: string,
  image: string,
  State: ContainerSummary["State"],
  Status: string,
  Ports: ContainerSummary["Ports"] = [],
): ContainerSummary {
  return {
    Id: id.padEnd(64, "0"),
    Names: [`/${name}`],
    Image: image,
    ImageID: images[0].Id,
    Command: "sh",
    Created: 1_700_000_000,
    State,
    Status,
    Ports,
    Labels: {},
    HostConfig: { NetworkMode: "default" },
    Mounts: [],
  };
}

function send(msg: FromMachine): void {
  self.postMessage(msg);
}

function out(data: string): void {
  send({ type: "output", data });
}

function engine(): void {
  const state: EngineViewState = {
    context: "sim",
    running,
    images: running ? images : [],
    containers: running ? containers : [],
  };
  send({ type: "engine", state });
}

function snapshot(): void {
  const snap: MachineSnapshot = { version: 1, hostFiles: [], engine: { fake: true }, shell: { env: {}, history } };
  send({ type: "snapshot", snapshot: snap });
}

function setBusy(b: boolean): void {
  busy = b;
  send({ type: "busy", busy: b });
}

async function execute(cmd: string): Promise<string> {
  const words = cmd.trim().split(/\s+/);
  if (!cmd.trim()) return "";
  if (words[0] === "echo")
    return `${cmd
      .trim()
      .slice(5)
      .replace(/^"(.*)"$/, "$1")}\r\n`;
  if (words[0] === "clear") return "\x1b[H\x1b[2J";
  if (words[0] === "sleep") {
    await new Promise((r) => setTimeout(r, Number(words[1] ?? 1) * 1000));
    return "";
  }
  if (words[0] === "hang") {
    // Block the worker thread, like a runaway script would.
    for (;;) {
      /* spin */
    }
  }
  if (words[0] === "engine") {
    running = words[1] !== "stop";
    engine();
    return "";
  }
  if (words[0] === "docker") {
    if (!running) {
      return "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\r\n";
    }
    const name = words[2] ?? "c";
    if (words[1] === "run") {
      containers = [
        ctr(Math.random().toString(16).slice(2, 14), name, "busybox:latest", "running", "Up Less than a second"),
        ...containers,
      ];
    } else if (words[1] === "rm") {
      containers = containers.filter((c) => c.Names[0] !== `/${name}`);
    } else if (words[1] === "stop") {
      containers = containers.map((c) =>
        c.Names[0] === `/${name}` ? { ...c, State: "exited", Status: "Exited (137) Less than a second ago" } : c,
      );
    } else {
      let text = `docker: '${words[1] ?? ""}' is not a docker command.\r\nSee 'docker --help'\r\n`;
      if (explain) text += "\x1b[36m  ↳ 도커에 없는 명령이에요. docker --help로 명령 목록을 볼 수 있어요.\x1b[0m\r\n";
      return text;
    }
    engine();
    return "";
  }
  let text = `bash: ${words[0]}: command not found\r\n`;
  if (explain) text += `\x1b[36m  ↳ '${words[0]}'라는 명령을 찾지 못했어요. 철자를 확인해 보세요.\x1b[0m\r\n`;
  return text;
}

async function onInput(data: string): Promise<void> {
  if (busy) {
    if (data.includes("\x03")) {
      // Cooperative Ctrl+C does not reach a blocked thread; `sleep` is interruptible here.
      out("^C\r\n");
    }
    return;
  }
  for (const ch of data) {
    if (ch === "\r") {
      out("\r\n");
      const cmd = line;
      line = "";
      if (cmd.trim()) history = [...history, cmd].slice(-100);
      setBusy(true);
      const text = await execute(cmd);
      out(text);
      setBusy(false);
      snapshot();
      out(PROMPT);
    } else if (ch === "\x7f") {
      if (line.length > 0) {
        const last = [...line].pop() ?? "";
        line = [...line].slice(0, -1).join("");
        const wide =
          /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(last);
        out(wide ? "\b\b  \b\b" : "\b \b");
      }
    } else if (ch === "\x03") {
      out("^C\r\n" + PROMPT);
      line = "";
    } else if (ch === "\x0c") {
      out(`\x1b[H\x1b[2J${PROMPT}${line}`);
    } else if (ch >= " " || ch === "\t") {
      line += ch;
      out(ch);
    }
  }
}

self.onmessage = (e: MessageEvent<ToMachine>) => {
  const msg = e.data;
  switch (msg.type) {
    case "init":
      explain = msg.options.explain;
      history = msg.options.snapshot?.shell.history ?? [];
      setTimeout(() => {
        send({ type: "ready" });
        out("\x1b[1m컨테이너 교실\x1b[0m 가짜 머신이에요 (fake worker).\r\n");
        out(
          `터미널 크기: ${msg.options.cols}x${msg.options.rows}${msg.options.snapshot ? ", 저장된 상태에서 시작했어요" : ""}\r\n\r\n`,
        );
        out(PROMPT);
        engine();
      }, 300);
      break;
    case "input":
      void onInput(msg.data);
      break;
    case "resize":
      break;
    case "setExplain":
      explain = msg.explain;
      break;
    case "run":
      void execute(msg.script).then((stdout) =>
        send({ type: "result", id: msg.id, result: { stdout, stderr: "", exitCode: 0 } }),
      );
      break;
  }
};
