/**
 * The gateway client (src/engine/gateway) against a real classroom gateway in front of a real
 * dockerd: the Engine API directly, then the simulated machine's docker CLI after
 * `docker context use classroom` — run, ps, logs, exec, rm, an interactive `docker run -it`,
 * lesson-check style lines — and what happens when the gateway goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { EngineError, EngineUnreachableError } from "../../src/engine/api/errors";
import { GatewayEngine } from "../../src/engine/gateway/client";
import type { WebSocketCtor } from "../../src/engine/gateway/web";
import { Machine } from "../../src/machine/machine";
import { type ChildGateway, engine, freePort, labelledContainers, skipNote, startChildGateway } from "./harness";

const Ws = WebSocket as unknown as WebSocketCtor;
const TIMEOUT = 60_000;

function machineFor(gw: ChildGateway): Machine {
  const m = new Machine({ clock: "real", web: { WebSocket: Ws } });
  m.setGateway({ url: gw.url, mode: "open" });
  return m;
}

/** Drive the machine's terminal like a learner (tty programs: docker run -it). */
function terminal(m: Machine) {
  let screen = "";
  m.onOutput((d) => {
    screen += d;
  });
  let busy = false;
  m.onBusy((b) => {
    busy = b;
  });
  m.start();
  const text = () => screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
  const waitFor = async (test: () => boolean, what: string, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!test()) {
      if (Date.now() > end) throw new Error(`never saw ${what}: ${JSON.stringify(text().slice(-500))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    text,
    clear: () => {
      screen = "";
    },
    type: (s: string) => m.input(s),
    waitFor: (re: RegExp, ms?: number) => waitFor(() => re.test(text()), String(re), ms),
    prompt: () => waitFor(() => !busy && screen.endsWith("$ "), "the prompt"),
  };
}

describe.skipIf(!engine.ok)(`GatewayEngine against a real gateway and dockerd${skipNote}`, () => {
  let gw: ChildGateway;
  let g: GatewayEngine;

  beforeAll(async () => {
    gw = await startChildGateway();
    g = new GatewayEngine({ baseUrl: gw.url, WebSocket: Ws });
  }, TIMEOUT);

  afterAll(async () => {
    await gw?.destroy();
  }, TIMEOUT);

  it("joins, negotiates the API version and reads the engine", async () => {
    await g.ping();
    expect(g.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const v = await g.version();
    expect(v.ApiVersion).toMatch(/^1\.\d+$/);
    expect((await g.imageList()).flatMap((i) => i.RepoTags)).toContain("busybox:latest");
    expect(g.endpoint).toBe(`tcp://127.0.0.1:${gw.port}`);
  });

  it("keeps the daemon's status and words in errors", async () => {
    const e = await g.containerInspect("no-such-thing").catch((x) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect(e.statusCode).toBe(404);
    expect(e.message).toBe("No such container: no-such-thing");
  });

  it("creates, attaches, starts, waits, reads logs (demultiplexed, UTF-8) and removes", async () => {
    const { Id } = await g.containerCreate(
      {
        Image: "busybox",
        Cmd: ["sh", "-c", "echo hi; echo oops >&2; echo 안녕"],
        AttachStdout: true,
        AttachStderr: true,
      },
      { name: "gwc-direct" },
    );
    const s = await g.containerAttach(Id, { stream: true, stdin: false, stdout: true, stderr: true });
    const got: string[] = [];
    s.onOutput((stream, d) => got.push(`${stream}:${d}`));
    const wait = g.containerWait(Id, { condition: "next-exit" });
    await g.containerStart(Id);
    await s.closed;
    expect((await wait).StatusCode).toBe(0);
    expect(got.join("")).toContain("stdout:hi\n");
    expect(got.join("")).toContain("stderr:oops\n");
    expect(got.filter((x) => x.startsWith("stdout")).join("")).toContain("안녕");
    const frames: string[] = [];
    await g.containerLogs(Id, { stdout: true, stderr: true, timestamps: true }, (f) => {
      expect(f.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      frames.push(`${f.stream}:${f.text}`);
    });
    expect(frames).toEqual(expect.arrayContaining(["stdout:hi\n", "stderr:oops\n", "stdout:안녕\n"]));
    await g.containerDelete("gwc-direct", { force: true });
    expect((await g.containerList({ all: true })).some((c) => c.Names.includes("/gwc-direct"))).toBe(false);
  });

  it("follows the engine's events", async () => {
    const seen: string[] = [];
    let connected = false;
    const off = g.watch(
      (e) => seen.push(`${e.Type}:${e.Action}:${e.Actor.Attributes.name ?? ""}`),
      (up) => {
        connected = up;
      },
    );
    try {
      for (let i = 0; i < 100 && !connected; i++) await new Promise((r) => setTimeout(r, 20));
      const { Id } = await g.containerCreate({ Image: "busybox", Cmd: ["true"] }, { name: "gwc-events" });
      await g.containerDelete(Id, { force: true });
      for (let i = 0; i < 100 && !seen.includes("container:destroy:gwc-events"); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(seen).toContain("container:create:gwc-events");
      expect(seen).toContain("container:destroy:gwc-events");
    } finally {
      off();
    }
  });

  it("says the daemon cannot be reached when nothing answers", async () => {
    const port = await freePort();
    const dead = new GatewayEngine({ baseUrl: `http://127.0.0.1:${port}`, WebSocket: Ws });
    const e = await dead.containerList().catch((x) => x);
    expect(e).toBeInstanceOf(EngineUnreachableError);
    expect(e.message).toBe(
      `Cannot connect to the Docker daemon at tcp://127.0.0.1:${port}. Is the docker daemon running?`,
    );
  });
});

describe.skipIf(!engine.ok)(`the machine's docker CLI in the classroom context${skipNote}`, () => {
  let gw: ChildGateway;
  let m: Machine;

  beforeAll(async () => {
    gw = await startChildGateway();
    m = machineFor(gw);
  }, TIMEOUT);

  afterAll(async () => {
    m?.contexts.dispose();
    await gw?.destroy();
  }, TIMEOUT);

  it("lists the contexts and switches with docker context use", async () => {
    // Something in the simulator first: it must still be there after the round trip.
    expect((await m.run("docker create --name keepme hello-world")).exitCode).toBe(0);
    let r = await m.run("docker context ls");
    expect(r.stdout).toBe(
      "NAME        DESCRIPTION                               DOCKER ENDPOINT               ERROR\n" +
        `${"classroom".padEnd(12)}${"Container Classroom gateway".padEnd(42)}${`tcp://127.0.0.1:${gw.port}`.padEnd(30)}\n` +
        "default *   Current DOCKER_HOST based configuration   unix:///var/run/docker.sock   \n",
    );
    r = await m.run("docker context use classroom");
    expect(r).toEqual({ stdout: "classroom\n", stderr: 'Current context is now "classroom"\n', exitCode: 0 });
    expect(m.context).toBe("classroom");
    expect((await m.run("docker context show")).stdout).toBe("classroom\n");
    expect((await m.run("docker context ls -q")).stdout).toBe("classroom\ndefault\n");
    expect((await m.run("docker context ls")).stdout).toContain("classroom *");
    const inspect = JSON.parse((await m.run("docker context inspect")).stdout);
    expect(inspect[0].Endpoints.docker.Host).toBe(`tcp://127.0.0.1:${gw.port}`);
    const state = await m.engineState();
    expect(state.context).toBe("real");
    expect(state.running).toBe(true);
    expect(state.contextName).toBe("classroom");
  });

  it("runs, lists, execs, reads logs and removes real containers", async () => {
    let r = await m.run("docker run --rm busybox echo hi");
    expect(r).toEqual({ stdout: "hi\n", stderr: "", exitCode: 0 });
    r = await m.run("docker run -d --name web busybox sleep 300");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    r = await m.run("docker ps");
    expect(r.stdout).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\n/);
    expect(r.stdout).toMatch(/busybox\s+"sleep 300"\s+.*Up .*\s+web\n/);
    expect((await m.run("docker exec web echo inside")).stdout).toBe("inside\n");
    expect((await m.run("docker exec web sh -c 'exit 3'")).exitCode).toBe(3);
    r = await m.run("docker run --name talker busybox sh -c 'echo one; echo two >&2; exit 2'");
    expect(r).toEqual({ stdout: "one\n", stderr: "two\n", exitCode: 2 });
    r = await m.run("docker logs talker");
    expect(r.stdout).toBe("one\n");
    expect(r.stderr).toBe("two\n");
    r = await m.run("docker logs nope");
    expect(r).toEqual({ stdout: "", stderr: "Error response from daemon: No such container: nope\n", exitCode: 1 });
    // The engine view sees the same containers, from the real engine.
    const names = (await m.engineState()).containers.flatMap((c) => c.Names);
    expect(names).toEqual(expect.arrayContaining(["/web", "/talker"]));
    // On the engine they are the session's, under the gateway's label.
    expect((await labelledContainers(gw.gatewayId)).length).toBe(2);
    r = await m.run("docker rm -f web talker");
    expect(r).toEqual({ stdout: "web\ntalker\n", stderr: "", exitCode: 0 });
  });

  it("grades lesson checks against the real engine", async () => {
    expect((await m.run("docker ps -a -q | grep -q .")).exitCode).toBe(1);
    await m.run("docker create --name check-me busybox");
    expect((await m.run("docker ps -a -q | grep -q .")).exitCode).toBe(0);
    expect((await m.run("docker ps -a --format '{{.Names}}' | grep -qx check-me")).exitCode).toBe(0);
    await m.run("docker rm check-me");
    expect((await m.run("docker ps -a -q | grep -q .")).exitCode).toBe(1);
  });

  it(
    "runs an interactive docker run -it on a real TTY",
    async () => {
      const t = terminal(m);
      await t.prompt();
      t.type("docker run -it --rm busybox sh\r");
      await t.waitFor(/\/ # $/);
      t.type("echo $((6*7))\r");
      await t.waitFor(/\n42\n/);
      t.type("exit\r");
      await t.prompt();
      expect(t.text()).toContain("42");
      expect((await m.run("docker ps -a -q")).stdout).toBe("");
    },
    TIMEOUT,
  );

  it("goes back to the simulator with nothing lost", async () => {
    const r = await m.run("docker context use default");
    expect(r).toEqual({ stdout: "default\n", stderr: 'Current context is now "default"\n', exitCode: 0 });
    expect((await m.run("docker ps -a --format '{{.Names}}'")).stdout).toBe("keepme\n");
    expect((await m.engineState()).context).toBe("sim");
  });
});

describe.skipIf(!engine.ok)(`when the gateway goes away${skipNote}`, () => {
  let gw: ChildGateway;
  let m: Machine;

  beforeAll(async () => {
    gw = await startChildGateway();
    m = machineFor(gw);
  }, TIMEOUT);

  afterAll(async () => {
    m?.contexts.dispose();
    await gw?.destroy();
  }, TIMEOUT);

  it("says so in docker's words, with a Korean explanation in the browser, and default still works", async () => {
    await m.run("docker create --name simbox busybox");
    expect((await m.run("docker context use classroom")).exitCode).toBe(0);
    expect((await m.run("docker run -d --name gone busybox sleep 300")).exitCode).toBe(0);
    await gw.stop();
    const r = await m.run("docker ps");
    expect(r).toEqual({
      stdout: "",
      stderr: `Cannot connect to the Docker daemon at tcp://127.0.0.1:${gw.port}. Is the docker daemon running?\n`,
      exitCode: 1,
    });
    const { explainLines } = await import("../../src/machine/explain");
    expect(explainLines(r.stderr)).toContain("교실 서버");
    expect(explainLines(r.stderr)).toContain("docker context use default");
    const state = await m.engineState();
    expect(state).toMatchObject({ context: "real", running: false, contextName: "classroom" });
    expect((await m.run("docker context use default")).exitCode).toBe(0);
    expect((await m.run("docker ps -a --format '{{.Names}}'")).stdout).toBe("simbox\n");
  });
});

describe.skipIf(!engine.ok)(`a class with a join code, and a reload${skipNote}`, () => {
  let gw: ChildGateway;

  beforeAll(async () => {
    gw = await startChildGateway(["--join-code", "7wq2k"]);
  }, TIMEOUT);

  afterAll(async () => {
    await gw?.destroy();
  }, TIMEOUT);

  it("asks for the join code, refuses a wrong one and joins with the right one", async () => {
    const m = new Machine({ clock: "real", web: { WebSocket: Ws } });
    m.setGateway({ url: gw.url, mode: "class" });
    let r = await m.run("docker context use classroom");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      "classroom: this classroom needs a join code: CLASSROOM_JOIN_CODE=<code> docker context use classroom\n",
    );
    r = await m.run("CLASSROOM_JOIN_CODE=nope docker context use classroom");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Error response from daemon: wrong join code/);
    expect(m.context).toBe("default");
    r = await m.run("CLASSROOM_JOIN_CODE=7wq2k docker context use classroom");
    expect(r.exitCode).toBe(0);
    expect(m.context).toBe("classroom");
    expect((await m.run("docker create --name kept busybox")).exitCode).toBe(0);

    // A reload: the snapshot brings the context and the session back once the page finds the gateway.
    const snap = JSON.parse(JSON.stringify(m.snapshot()));
    m.contexts.dispose();
    const again = new Machine({ clock: "real", web: { WebSocket: Ws } });
    await again.restore(snap);
    expect(again.context).toBe("default");
    again.setGateway({ url: gw.url, mode: "class" });
    for (let i = 0; i < 100 && again.context !== "classroom"; i++) await new Promise((res) => setTimeout(res, 20));
    expect(again.context).toBe("classroom");
    expect((await again.run("docker ps -a --format '{{.Names}}'")).stdout).toBe("kept\n");
    again.contexts.dispose();
  });
});

describe("docker context without a gateway", () => {
  it("has only the default context, like a fresh docker install", async () => {
    const m = new Machine({ clock: "real" });
    expect((await m.run("docker context ls")).stdout).toBe(
      "NAME        DESCRIPTION                               DOCKER ENDPOINT               ERROR\n" +
        "default *   Current DOCKER_HOST based configuration   unix:///var/run/docker.sock   \n",
    );
    expect((await m.run("docker context show")).stdout).toBe("default\n");
    const r = await m.run("docker context use classroom");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'context "classroom": context not found: open /home/student/.docker/contexts/meta/83d82a74a67aebdecd3846a42bc5235254fb77f8da9a189bf49c321f450dcccd/meta.json: no such file or directory\n',
    );
    expect((await m.run("docker context use")).stderr).toBe("accepts 1 arg(s), received 0\n");
    expect((await m.run("docker context show x")).stderr).toBe(
      "docker: 'docker context show' accepts no arguments\n\nUsage:  docker context show\n\nRun 'docker context show --help' for more information\n",
    );
    expect((await m.run("docker context inspect default")).stdout).toBe(`[
    {
        "Name": "default",
        "Metadata": {},
        "Endpoints": {
            "docker": {
                "Host": "unix:///var/run/docker.sock",
                "SkipTLSVerify": false
            }
        },
        "TLSMaterial": {},
        "Storage": {
            "MetadataPath": "\\u003cIN MEMORY\\u003e",
            "TLSPath": "\\u003cIN MEMORY\\u003e"
        }
    }
]
`);
    expect((await m.run("docker context ls --format json")).stdout).toBe(
      '{"Current":true,"Description":"Current DOCKER_HOST based configuration","DockerEndpoint":"unix:///var/run/docker.sock","Error":"","Name":"default"}\n',
    );
  });
});
