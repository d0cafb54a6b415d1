/**
 * The classroom gateway against a real engine: refusals, isolation between sessions, the real
 * docker CLI through the gateway, and the browser's WebSocket terminal.
 * Skipped, with the reason in the title, when no engine answers (CC_REQUIRE_ENGINE=1 makes that a failure).
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LABEL_SESSION } from "../../src/server/registry";
import {
  cliCreateBody,
  createStarted,
  dockerCli,
  dockerThrough,
  engine,
  engineObjects,
  onPodman,
  skipNote,
  startTestGateway,
  type TestGateway,
  ttyRoundTrip,
  uniq,
} from "./harness";

describe.skipIf(!engine.ok)(`classroom gateway on a real engine${skipNote}`, () => {
  let t: TestGateway;
  let a: string;
  let b: string;

  beforeAll(async () => {
    t = await startTestGateway([
      "--max-containers",
      "4",
      "--memory",
      "64m",
      "--session-memory",
      "512m",
      "--pids-limit",
      "64",
    ]);
    a = await t.join();
    b = await t.join();
  });
  afterAll(async () => {
    await t?.close();
    await t?.destroy();
  });

  const create = (token: string, name: string, cmd?: string[], host?: Record<string, unknown>) =>
    createStarted(t, token, name, cmd, host);

  it("requires a session token (401) and issues tokens only for the join code in class mode", async () => {
    const r = await t.api(null, "GET", "/v1.41/containers/json");
    expect(r.status).toBe(401);
    expect(r.json.message).toMatch(/session token is required/);
    expect(r.headers["www-authenticate"]).toMatch(/Bearer/);
    expect((await t.api("not-a-token", "GET", "/_ping")).status).toBe(401);
    const c = await startTestGateway(["--join-code", "sesame42"]);
    try {
      const bad = await c.api(null, "POST", "/api/sessions", { joinCode: "nope" });
      expect(bad.status).toBe(403);
      const good = await c.api(null, "POST", "/api/sessions", { joinCode: "sesame42" });
      expect(good.status).toBe(201);
      expect((await c.api(good.json.token, "GET", "/_ping")).text).toBe("OK");
      expect(readFileSync(join(c.dir, "audit.log"), "utf8")).toMatch(/"code":"join-code"/);
    } finally {
      await c.close();
      await c.destroy();
    }
  });

  describe("refuses every escape with 403, an audit line, and creates nothing", () => {
    let victim: string;
    beforeAll(async () => {
      victim = await create(b, uniq("victim"));
    });

    const cases: [string, () => [string, string, unknown?]][] = [
      ["--privileged", () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { Privileged: true })]],
      ["--network=host", () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { NetworkMode: "host" })]],
      ["--pid=host", () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { PidMode: "host" })]],
      ["--ipc=host", () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { IpcMode: "host" })]],
      ["--uts=host", () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { UTSMode: "host" })]],
      ["--userns=host", () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { UsernsMode: "host" })]],
      [
        "--cgroupns=host",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { CgroupnsMode: "host" })],
      ],
      [
        "--network=container:<another session's>",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { NetworkMode: `container:${victim}` })],
      ],
      [
        "--pid=container:<another session's>",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { PidMode: `container:${victim}` })],
      ],
      [
        "--ipc=container:<another session's>",
        () => [
          "POST",
          "/v1.41/containers/create",
          cliCreateBody(["true"], { IpcMode: `container:${victim.slice(0, 12)}` }),
        ],
      ],
      ["-v /:/host", () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { Binds: ["/:/host"] })]],
      [
        "--mount type=bind",
        () => [
          "POST",
          "/v1.41/containers/create",
          cliCreateBody(["true"], { Mounts: [{ Type: "bind", Source: "/etc", Target: "/x" }] }),
        ],
      ],
      [
        "the docker socket",
        () => [
          "POST",
          "/v1.41/containers/create",
          cliCreateBody(["true"], { Binds: ["/var/run/docker.sock:/var/run/docker.sock"] }),
        ],
      ],
      [
        "--mount volume-opt o=bind device=/",
        () => [
          "POST",
          "/v1.41/containers/create",
          cliCreateBody(["true"], {
            Mounts: [
              {
                Type: "volume",
                Source: "hostroot",
                Target: "/h",
                VolumeOptions: { DriverConfig: { Name: "local", Options: { type: "none", o: "bind", device: "/" } } },
              },
            ],
          }),
        ],
      ],
      [
        "docker volume create -o type=none -o o=bind -o device=/",
        () => [
          "POST",
          "/v1.41/volumes/create",
          { Name: "hostroot", Driver: "local", DriverOpts: { type: "none", o: "bind", device: "/" }, Labels: {} },
        ],
      ],
      [
        "--device",
        () => [
          "POST",
          "/v1.41/containers/create",
          cliCreateBody(["true"], {
            Devices: [{ PathOnHost: "/dev/sda", PathInContainer: "/dev/sda", CgroupPermissions: "rwm" }],
          }),
        ],
      ],
      [
        "--gpus (device requests)",
        () => [
          "POST",
          "/v1.41/containers/create",
          cliCreateBody(["true"], { DeviceRequests: [{ Count: -1, Capabilities: [["gpu"]] }] }),
        ],
      ],
      [
        "--device-cgroup-rule",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { DeviceCgroupRules: ["c 1:3 rmw"] })],
      ],
      [
        "--cap-add SYS_ADMIN",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { CapAdd: ["SYS_ADMIN"] })],
      ],
      ["--cap-add ALL", () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { CapAdd: ["ALL"] })]],
      [
        "seccomp=unconfined",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { SecurityOpt: ["seccomp=unconfined"] })],
      ],
      [
        "apparmor=unconfined",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { SecurityOpt: ["apparmor=unconfined"] })],
      ],
      [
        "label=disable",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { SecurityOpt: ["label=disable"] })],
      ],
      [
        "systempaths=unconfined",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { MaskedPaths: [], ReadonlyPaths: [] })],
      ],
      [
        "--sysctl",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { Sysctls: { "kernel.shmmax": "1" } })],
      ],
      [
        "--cgroup-parent",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { CgroupParent: "/system.slice" })],
      ],
      [
        "--runtime",
        () => [
          "POST",
          "/v1.41/containers/create",
          cliCreateBody(["true"], { Runtime: "io.containerd.runtime.v1.linux" }),
        ],
      ],
      [
        "an image outside the allow-list",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], {}, { Image: "evil/miner" })],
      ],
      [
        "an unknown field",
        () => ["POST", "/v1.41/containers/create", cliCreateBody(["true"], { NewEscapeHatch: true })],
      ],
      ["an empty create body", () => ["POST", "/v1.41/containers/create"]],
      [
        "a body over the cap",
        () => [
          "POST",
          "/v1.41/containers/create",
          cliCreateBody(["true"], {}, { Env: [`X=${"a".repeat(1100 * 1024)}`] }),
        ],
      ],
      ["build?remote=", () => ["POST", "/v1.41/build?remote=https://example.invalid/repo.git"]],
      ["images/create?fromSrc=", () => ["POST", "/v1.41/images/create?fromSrc=-&repo=evil"]],
      ["images/load", () => ["POST", "/v1.41/images/load"]],
      ["plugins", () => ["POST", "/v1.41/plugins/pull?remote=evil"]],
      ["swarm", () => ["POST", "/v1.41/swarm/init", { ListenAddr: "0.0.0.0:2377" }]],
      [
        "pulling an image outside the allow-list",
        () => ["POST", "/v1.41/images/create?fromImage=evil/miner&tag=latest"],
      ],
    ];
    for (const [what, make] of cases) {
      it(what, async () => {
        const [method, path, body] = make();
        const r = await t.api(a, method, path, body);
        expect(r.status, r.text).toBe(403);
        expect(r.json.message).toMatch(/^classroom (policy|gateway)/);
      });
    }

    it("privileged exec", async () => {
      const mine = await create(a, uniq("ex"));
      const r = await t.api(a, "POST", `/v1.41/containers/${mine}/exec`, {
        Cmd: ["id"],
        Privileged: true,
        AttachStdout: true,
      });
      expect(r.status).toBe(403);
      expect(r.json.message).toMatch(/exec --privileged/);
      await t.api(a, "DELETE", `/v1.41/containers/${mine}?force=1`);
    });

    it("and docker ps -a / docker volume ls on the engine show nothing was created", async () => {
      const objs = await engineObjects(t.gw.store.gatewayId);
      const sidA = t.gw.store.byToken(a)?.id;
      expect(sidA).toBeTruthy();
      expect(objs.containers.filter((c) => c.Labels[LABEL_SESSION] === sidA)).toEqual([]);
      expect(objs.containers.filter((c) => c.Labels[LABEL_SESSION] !== sidA).map((c) => c.Id)).toEqual([victim]);
      expect(objs.volumes).toEqual([]);
      const audit = readFileSync(join(t.dir, "audit.log"), "utf8").trim().split("\n");
      expect(audit.length).toBeGreaterThanOrEqual(cases.length);
      for (const code of [
        "privileged",
        "host-network",
        "bind-mount",
        "docker-socket",
        "volume-driver-opts",
        "cap-add",
        "seccomp-unconfined",
        "build-remote",
        "images-import",
      ]) {
        expect(
          audit.some((l) => JSON.parse(l).code === code),
          code,
        ).toBe(true);
      }
      expect(await t.api(a, "GET", `/v1.41/containers/json?all=1`).then((r) => r.json)).toEqual([]);
    });
  });

  it("isolates two sessions by id and by name", async () => {
    const name = uniq("web");
    const idA = await create(a, name);
    const idB = await create(b, name);
    expect(idA).not.toBe(idB);

    const listA = (await t.api(a, "GET", "/v1.41/containers/json?all=1")).json as {
      Id: string;
      Names: string[];
      Labels: Record<string, string>;
    }[];
    expect(listA.map((c) => c.Id)).toEqual([idA]);
    expect(listA[0].Names).toEqual([`/${name}`]);
    expect(listA[0].Labels[LABEL_SESSION]).toBeUndefined();
    expect((await t.api(a, "GET", `/v1.41/containers/${name}/json`)).json.Id).toBe(idA);
    expect((await t.api(b, "GET", `/v1.41/containers/${name}/json`)).json.Id).toBe(idB);
    expect((await t.api(a, "GET", `/v1.41/containers/${name}/json`)).json.Name).toBe(`/${name}`);

    // A cannot see, exec into, stop or remove B's container: 404 with Docker's text.
    for (const ref of [idB, idB.slice(0, 12)]) {
      const probes: [string, string, unknown?][] = [
        ["GET", `/v1.41/containers/${ref}/json`],
        ["GET", `/v1.41/containers/${ref}/logs?stdout=1`],
        ["GET", `/v1.41/containers/${ref}/top`],
        ["POST", `/v1.41/containers/${ref}/exec`, { Cmd: ["id"], AttachStdout: true }],
        ["POST", `/v1.41/containers/${ref}/stop?t=0`],
        ["POST", `/v1.41/containers/${ref}/kill`],
        ["DELETE", `/v1.41/containers/${ref}?force=1`],
      ];
      for (const [method, path, body] of probes) {
        const r = await t.api(a, method, path, body);
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(r.json.message).toBe(`No such container: ${ref}`);
      }
    }
    // B's exec id is not A's either.
    const ex = await t.api(b, "POST", `/v1.41/containers/${idB}/exec`, { Cmd: ["true"], AttachStdout: true });
    expect(ex.status).toBe(201);
    for (const [m, p] of [
      ["GET", `/v1.41/exec/${ex.json.Id}/json`],
      ["POST", `/v1.41/exec/${ex.json.Id}/resize?h=10&w=10`],
    ]) {
      const r = await t.api(a, m, p);
      expect(r.status).toBe(404);
      expect(r.json.message).toBe(`No such exec instance: ${ex.json.Id}`);
    }
    // Names conflict only inside a session, with the learner's name in the message.
    const dup = await t.api(a, "POST", `/v1.41/containers/create?name=${name}`, cliCreateBody(["true"]));
    expect(dup.status).toBe(409);
    expect(dup.json.message).toContain(`"/${name}"`);
    expect(dup.json.message).not.toContain("cc-");
    // B's container is still running.
    expect((await t.api(b, "GET", `/v1.41/containers/${idB}/json`)).json.State.Running).toBe(true);
    await t.api(a, "DELETE", `/v1.41/containers/${name}?force=1`);
    await t.api(b, "DELETE", `/v1.41/containers/${name}?force=1`);
  });

  it("scopes events and volumes to the session", async () => {
    // Followed live from before the first action: a replay with `since` reads the engine's ring of its
    // last 256 events, which other suites running at the same time can overflow.
    const evA = follow(t.url, a);
    const evB = follow(t.url, b);
    await Promise.all([evA.ready, evB.ready]);
    const vol = uniq("data");
    const net = uniq("evnet");
    const id = await create(a, uniq("ev"), ["true"], { Binds: [`${vol}:/data`] });
    await t.api(b, "POST", "/v1.41/volumes/create", { Name: vol });
    expect((await t.api(a, "POST", "/v1.41/networks/create", { Name: net })).status).toBe(201);
    await t.api(a, "POST", `/v1.41/containers/${id}/start`);
    const has = (evs: EventLike[], type: string, action: string) =>
      evs.some((e) => e.Type === type && e.Action === action);
    await evA.until(
      (evs) =>
        has(evs, "container", "die") && has(evs, "volume", "create") && (onPodman || has(evs, "network", "create")),
    );
    await evB.until((evs) => has(evs, "volume", "create"));
    await new Promise((r) => setTimeout(r, 500)); // anything B should not see has had time to arrive
    const objA = evA.close();
    const objB = evB.close();
    expect(objB.some((e) => e.id === id || e.Actor?.ID === id)).toBe(false);
    const actions = objA.filter((e) => e.id === id).map((e) => e.Action);
    expect(actions).toContain("create");
    expect(actions).toContain("start");
    expect(JSON.stringify(objA)).not.toContain("io.container-classroom");
    // Volume and network events: the session's own, under its own names, and nobody else's.
    // The engine reports "create" again when a container create mounts the volume, as `docker events` shows.
    expect([
      ...new Set(objA.filter((e) => e.Type === "volume" && e.Action === "create").map((e) => e.Actor.ID)),
    ]).toEqual([vol]);
    expect(objB.filter((e) => e.Type === "volume" && e.Action === "create").map((e) => e.Actor.ID)).toEqual([vol]);
    if (onPodman) {
      // Podman 4 reports neither a volume "mount" nor any network event (see src/server/compat.ts).
      expect(objA.filter((e) => e.Type === "network" || e.Action === "mount")).toEqual([]);
    } else {
      expect(objA.some((e) => e.Type === "volume" && e.Action === "mount")).toBe(true);
      expect(
        objA.filter((e) => e.Type === "network" && e.Action === "create").map((e) => e.Actor.Attributes.name),
      ).toEqual([net]);
    }
    expect(objB.some((e) => e.Type === "volume" && e.Action === "mount")).toBe(false);
    expect(objB.some((e) => e.Type === "network")).toBe(false);
    expect(objB.some((e) => e.Type === "container")).toBe(false);
    expect(JSON.stringify([...objA, ...objB])).not.toMatch(/cc-[0-9a-z]+-/);
    await t.api(a, "DELETE", `/v1.41/networks/${net}`);
    const volsA = (await t.api(a, "GET", "/v1.41/volumes")).json.Volumes.map((v: { Name: string }) => v.Name);
    const volsB = (await t.api(b, "GET", "/v1.41/volumes")).json.Volumes.map((v: { Name: string }) => v.Name);
    expect(volsA).toEqual([vol]);
    expect(volsB).toEqual([vol]);
    expect((await t.api(a, "DELETE", `/v1.41/volumes/${vol}`)).status).toBe(409); // in use by A's container
    await t.api(a, "DELETE", `/v1.41/containers/${id}?force=1&v=1`);
    expect((await t.api(a, "DELETE", `/v1.41/volumes/${vol}`)).status).toBe(204);
    expect((await t.api(b, "GET", `/v1.41/volumes/${vol}`)).status).toBe(200);
    await t.api(b, "DELETE", `/v1.41/volumes/${vol}`);
  });

  it("scopes networks: names resolve inside a session's network, other sessions cannot see or join it", async () => {
    const net = uniq("net");
    const mk = await t.api(a, "POST", "/v1.41/networks/create", {
      Name: net,
      CheckDuplicate: true,
      Driver: "bridge",
      IPAM: { Driver: "default", Options: {}, Config: [] },
      Options: {},
      Labels: {},
    });
    expect(mk.status, mk.text).toBe(201);
    const db = uniq("db");
    await create(a, db, ["sleep", "300"], { NetworkMode: net });
    const probe = await t.api(a, "POST", `/v1.41/containers/create?name=${uniq("probe")}`, {
      ...cliCreateBody(["ping", "-c", "1", "-W", "2", db], { NetworkMode: net, CapAdd: ["NET_RAW"] }),
      NetworkingConfig: { EndpointsConfig: { [net]: {} } },
    });
    expect(probe.status, probe.text).toBe(201);
    await t.api(a, "POST", `/v1.41/containers/${probe.json.Id}/start`);
    expect((await t.api(a, "POST", `/v1.41/containers/${probe.json.Id}/wait`)).json.StatusCode).toBe(0);
    const logs = await t.api(a, "GET", `/v1.41/containers/${probe.json.Id}/logs?stdout=1&stderr=1`);
    expect(logs.text).toContain(`PING ${db} (`);

    const namesB = (await t.api(b, "GET", "/v1.41/networks")).json.map((n: { Name: string }) => n.Name);
    expect(namesB).not.toContain(net);
    expect(namesB).toContain("bridge");
    expect((await t.api(b, "GET", `/v1.41/networks/${net}`)).status).toBe(404);
    expect((await t.api(b, "GET", `/v1.41/networks/${mk.json.Id}`)).status).toBe(404);
    const own = await create(b, uniq("bx"));
    expect((await t.api(b, "POST", `/v1.41/networks/${mk.json.Id}/connect`, { Container: own })).status).toBe(404);
    expect((await t.api(b, "POST", "/v1.41/networks/bridge/connect", { Container: db })).status).toBe(404);
    const bridgeB = Object.keys((await t.api(b, "GET", "/v1.41/networks/bridge")).json.Containers);
    const mineB = (await t.api(b, "GET", "/v1.41/containers/json")).json.map((c: { Id: string }) => c.Id);
    expect(bridgeB).toContain(own);
    expect(bridgeB.every((id) => mineB.includes(id))).toBe(true);
    expect((await t.api(b, "DELETE", `/v1.41/networks/${net}`)).status).toBe(404);
    expect(
      (
        await t.api(a, "POST", "/v1.41/networks/create", {
          Name: "x",
          Options: { "com.docker.network.bridge.name": "eth0" },
        })
      ).status,
    ).toBe(403);
    for (const ref of [db, probe.json.Id]) await t.api(a, "DELETE", `/v1.41/containers/${ref}?force=1`);
    await t.api(b, "DELETE", `/v1.41/containers/${own}?force=1`);
    expect((await t.api(a, "DELETE", `/v1.41/networks/${net}`)).status).toBe(204);
  });

  it("enforces the container quota", async () => {
    const ids: string[] = [];
    const token = await t.join();
    for (let i = 0; i < 4; i++) {
      const r = await t.api(token, "POST", "/v1.41/containers/create", cliCreateBody(["true"]));
      expect(r.status).toBe(201);
      ids.push(r.json.Id);
    }
    const over = await t.api(token, "POST", "/v1.41/containers/create", cliCreateBody(["true"]));
    expect(over.status).toBe(403);
    expect(over.json.message).toMatch(/at most 4 containers per session/);
    for (const id of ids) await t.api(token, "DELETE", `/v1.41/containers/${id}?force=1`);
  });

  describe.skipIf(!dockerCli)(
    `the real docker CLI through the gateway${dockerCli ? "" : " [skipped: no docker CLI on PATH]"}`,
    () => {
      it("runs, lists, execs and removes with a token in config.json HttpHeaders", async () => {
        const name = uniq("cli");
        const run = await dockerThrough(t.url, a, ["run", "--rm", "busybox", "echo", "hello from busybox"]);
        expect(run.stderr).toBe("");
        expect(run.stdout).toBe("hello from busybox\n");
        expect(run.code).toBe(0);
        const d = await dockerThrough(t.url, a, ["run", "-d", "--name", name, "busybox", "sleep", "300"]);
        expect(d.code, d.stderr).toBe(0);
        expect(d.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
        const ps = await dockerThrough(t.url, a, ["ps", "--format", "{{.Names}} {{.Image}} {{.Command}}"]);
        expect(ps.stdout).toBe(`${name} busybox "sleep 300"\n`);
        const psB = await dockerThrough(t.url, b, ["ps", "-a", "--format", "{{.Names}}"]);
        expect(psB.stdout).not.toContain(name);
        const ex = await dockerThrough(t.url, a, ["exec", name, "sh", "-c", "echo in-$(hostname | cut -c1-3); exit 3"]);
        expect(ex.stdout).toBe(`in-${d.stdout.slice(0, 3)}\n`);
        expect(ex.code).toBe(3);
        const stdin = await dockerThrough(t.url, a, ["exec", "-i", name, "cat"], { input: "piped stdin\n" });
        expect(stdin.stdout).toBe("piped stdin\n");
        const other = await dockerThrough(t.url, b, ["exec", name, "true"]);
        expect(other.code).toBe(1);
        expect(other.stderr).toContain(`No such container: ${name}`);
        const priv = await dockerThrough(t.url, a, ["run", "--rm", "--privileged", "busybox", "true"]);
        expect(priv.code).toBe(125);
        expect(priv.stderr).toContain("classroom policy: --privileged");
        const rm = await dockerThrough(t.url, a, ["rm", "-f", name]);
        expect(rm.stdout).toBe(`${name}\n`);
        expect((await dockerThrough(t.url, a, ["ps", "-aq"])).stdout).toBe("");
      });

      it("fails without a token (401)", async () => {
        const r = await dockerThrough(t.url, null, ["ps"]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("session token is required");
      });
    },
  );

  it("gives the browser a WebSocket terminal: origin checked, token required, exec with a TTY", async () => {
    const id = await create(a, uniq("ws"));
    const ex = await t.api(a, "POST", `/v1.41/containers/${id}/exec`, {
      Cmd: ["sh"],
      Tty: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    expect(ex.status).toBe(201);
    const wsUrl = `ws://127.0.0.1:${t.gw.port}/api/ws/exec/${ex.json.Id}/start`;
    const refused = (url: string, opts: WebSocket.ClientOptions) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, opts);
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.on("open", () => resolve(101));
        ws.on("error", () => {});
      });
    expect(await refused(wsUrl, {})).toBe(401);
    expect(await refused(`${wsUrl}?token=${a}`, { origin: "http://evil.example" })).toBe(403);
    expect(await refused(`${wsUrl}?token=${b}`, { origin: `http://127.0.0.1:${t.gw.port}` })).toBe(404);

    const { out, control } = await ttyRoundTrip(wsUrl, a, `http://127.0.0.1:${t.gw.port}`);
    expect(out, out).toContain("30 100");
    expect(out, out).toContain("/dev/pts/");
    expect(control[0]).toEqual({ type: "ready", tty: true });
    expect(control.at(-1)).toEqual({ type: "exit", code: 5 });

    const ex2 = await t.api(a, "POST", `/v1.41/containers/${id}/exec`, {
      Cmd: ["cat"],
      AttachStdin: true,
      AttachStdout: true,
    });
    const big = new WebSocket(`ws://127.0.0.1:${t.gw.port}/api/ws/exec/${ex2.json.Id}/start?token=${a}`);
    await new Promise((r) => big.once("open", r));
    const closed = new Promise<number>((r) => big.once("close", (code) => r(code)));
    big.send(Buffer.alloc(t.config.wsMaxMessage + 1));
    expect(await closed).toBe(1009); // message too big
    await t.api(a, "DELETE", `/v1.41/containers/${id}?force=1`);
  });
});

interface EventLike {
  Type: string;
  Action: string;
  id?: string;
  Actor: { ID: string; Attributes: Record<string, string> };
}

/** Follow a session's /events live; `until` waits (≤ 15 s) for a condition on what has arrived. */
function follow(url: string, token: string) {
  const events: EventLike[] = [];
  let waiters: (() => void)[] = [];
  let req: http.ClientRequest;
  const ready = new Promise<void>((resolve, reject) => {
    const u = new URL("/v1.41/events", url);
    req = http.get(
      { host: u.hostname, port: u.port, path: u.pathname, agent: false, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        expect(res.statusCode).toBe(200);
        resolve();
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buf += chunk;
          for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line) events.push(JSON.parse(line));
          }
          for (const w of waiters) w();
        });
        res.on("error", () => {});
      },
    );
    req.on("error", (e) => (events.length ? undefined : reject(e)));
  });
  return {
    ready,
    until(cond: (evs: EventLike[]) => boolean): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`events did not arrive within 15 s: ${JSON.stringify(events.map((e) => [e.Type, e.Action]))}`),
            ),
          15_000,
        );
        const check = () => {
          if (!cond(events)) return;
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== check);
          resolve();
        };
        waiters.push(check);
        check();
      });
    },
    close(): EventLike[] {
      req.destroy();
      return [...events];
    },
  };
}
