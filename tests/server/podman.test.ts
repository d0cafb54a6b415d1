/**
 * The classroom gateway in front of Podman's Docker-compatible socket (`podman system service`):
 * a focused suite that `npm test` runs next to the dockerd suites, plus the pure normalisations of
 * src/server/compat.ts. The whole tests/server suite also runs against Podman with
 *   CC_TEST_ENGINE=unix:///run/podman/podman.sock npx vitest run tests/server
 *
 * Engine: CC_TEST_PODMAN (default unix:///run/podman/podman.sock; "off" skips, with that reason).
 * Skipped with the reason in the title when no Podman answers, unless CC_REQUIRE_ENGINE=1 (CI),
 * where a missing Podman is a failure. Start one with: bash tests/server/podman-service.sh
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineEvent } from "../../src/engine/api/types";
import {
  BuildahStages,
  dockerBuildLines,
  dockerEvent,
  dockerImageName,
  eventMatches,
  labelsMatch,
  nameConflict,
  parseApiTime,
} from "../../src/server/compat";
import { LABEL_SESSION } from "../../src/server/registry";
import {
  cliCreateBody,
  createStarted,
  dockerCli,
  dockerThrough,
  type EngineProbe,
  engineObjects,
  probeEngine,
  startTestGateway,
  type TestGateway,
  ttyRoundTrip,
  uniq,
} from "./harness";

const PODMAN_URL =
  process.env.CC_TEST_PODMAN && process.env.CC_TEST_PODMAN !== "off"
    ? process.env.CC_TEST_PODMAN
    : "unix:///run/podman/podman.sock";

function podmanProbe(): EngineProbe {
  if (process.env.CC_TEST_PODMAN === "off") return { ok: false, reason: "CC_TEST_PODMAN=off", kind: null };
  const p = probeEngine(PODMAN_URL);
  if (!p.ok) {
    return {
      ...p,
      reason: `${p.reason.replace(/start one with: dockerd &|build it with: bash tests\/fidelity\/build-busybox-image.sh/, "")}start one with: bash tests/server/podman-service.sh`,
    };
  }
  if (p.kind !== "podman") return { ok: false, reason: `the engine at ${PODMAN_URL} is not Podman`, kind: p.kind };
  return p;
}

const podman = podmanProbe();
if (!podman.ok && process.env.CC_REQUIRE_ENGINE === "1" && process.env.CC_TEST_PODMAN !== "off") {
  throw new Error(`CC_REQUIRE_ENGINE=1 but Podman is not usable: ${podman.reason}`);
}
if (!podman.ok) console.warn(`[tests/server] Podman gateway tests SKIPPED: ${podman.reason}`);
const skipNote = podman.ok ? "" : ` [skipped: ${podman.reason}]`;

describe("compat: Podman's answers in Docker's shape", () => {
  it("matches labels as Docker does (all of them), which Podman's volume filter does not", () => {
    const l = { "io.container-classroom.session": "s1", "io.container-classroom.gateway": "g1", tier: "db" };
    expect(labelsMatch(l, ["io.container-classroom.session=s1", "io.container-classroom.gateway=g1"])).toBe(true);
    expect(labelsMatch(l, ["io.container-classroom.session=s2", "io.container-classroom.gateway=g1"])).toBe(false);
    expect(labelsMatch(l, ["tier"])).toBe(true);
    expect(labelsMatch(null, ["tier"])).toBe(false);
    expect(labelsMatch(null, [])).toBe(true);
  });

  it("names images as Docker does", () => {
    expect(dockerImageName("localhost/busybox:latest")).toBe("busybox:latest");
    expect(dockerImageName("docker.io/library/alpine:3.19")).toBe("alpine:3.19");
    expect(dockerImageName("docker.io/nginxinc/nginx-unprivileged:1")).toBe("nginxinc/nginx-unprivileged:1");
    expect(dockerImageName("quay.io/x/y:1")).toBe("quay.io/x/y:1");
  });

  it("turns Podman's 500 for a name in use into Docker's 409 text", () => {
    const id = "a".repeat(64);
    const body = Buffer.from(
      JSON.stringify({
        cause: "that name is already in use",
        message: `container create: creating container storage: the container name "cc-s1-web" is already in use by ${id}. You have to remove that container to be able to reuse that name: that name is already in use`,
        response: 500,
      }),
    );
    expect(nameConflict(500, body, "cc-s1-web")?.message).toBe(
      `Conflict. The container name "/cc-s1-web" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
    expect(nameConflict(500, Buffer.from('{"message":"boom"}'), "cc-s1-web")).toBeNull();
    expect(nameConflict(201, body, "cc-s1-web")).toBeNull();
  });

  it("reads buildah's build stream as dockerd's classic builder's", () => {
    const podman = [
      "STEP 1/3: FROM busybox\n",
      "STEP 2/3: RUN echo hi\n",
      "hi\n",
      "--> 2949d780a72\n",
      'STEP 3/3: LABEL "course"="docker-101"\n',
      "COMMIT docker.io/library/app:1\n",
      "--> 0ee6c5ecbae\n",
      "Successfully tagged docker.io/library/app:1\n",
      `${"0ee6c5ecbae".padEnd(64, "0")}\n`,
    ].map((stream) => JSON.stringify({ stream }));
    const out = [...podman, '{"aux":{"ID":"sha256:0ee6"}}', JSON.stringify({ stream: "Successfully tagged app:1\n" })]
      .flatMap((l) => dockerBuildLines(l))
      .map((l) => JSON.parse(l).stream ?? "(aux)")
      .join("");
    expect(out).toBe(
      "Step 1/3 : FROM busybox\nStep 2/3 : RUN echo hi\nhi\n ---> 2949d780a72\nStep 3/3 : LABEL course=docker-101\n ---> 0ee6c5ecbae\n(aux)Successfully tagged app:1\n",
    );
    expect(dockerBuildLines("not json")).toEqual(["not json"]);
  });

  it("numbers a multi-stage build's steps through the whole Dockerfile, as dockerd does", () => {
    const podman = [
      "[1/2] STEP 1/2: FROM busybox AS stage\n",
      "[1/2] STEP 2/2: RUN echo s > /s\n",
      "[1/2] --> 8539bf99d9f\n",
      "[2/2] STEP 1/3: FROM busybox\n",
      "[2/2] STEP 2/3: COPY --from=stage /s /s\n",
      '[2/2] STEP 3/3: LABEL "course"="x"\n',
      "[2/2] COMMIT docker.io/library/staged:latest\n",
      "--> d3e32de0b73\n",
    ].map((stream) => JSON.stringify({ stream }));
    const read = (stages: BuildahStages) =>
      podman
        .flatMap((l) => dockerBuildLines(l, stages))
        .map((l) => JSON.parse(l).stream)
        .join("");
    expect(read(new BuildahStages(5))).toBe(
      "Step 1/5 : FROM busybox AS stage\nStep 2/5 : RUN echo s > /s\n ---> 8539bf99d9f\nStep 3/5 : FROM busybox\nStep 4/5 : COPY --from=stage /s /s\nStep 5/5 : LABEL course=x\n ---> d3e32de0b73\n",
    );
    // Without the Dockerfile's count, the steps seen so far.
    expect(read(new BuildahStages(null)).split("\n")[0]).toBe("Step 1/2 : FROM busybox AS stage");
  });

  it("shapes and filters events as Docker does", () => {
    const ev = (over: Partial<EngineEvent>): EngineEvent => ({
      Type: "container",
      Action: "start",
      Actor: { ID: "c".repeat(64), Attributes: { name: "web", tier: "db" } },
      time: 1795869030,
      timeNano: 1795869030123456000,
      ...over,
    });
    expect(dockerEvent(ev({ Action: "remove" })).Action).toBe("destroy");
    expect(
      dockerEvent(ev({ Type: "volume", Action: "create", Actor: { ID: "", Attributes: { name: "v" } } })).Actor.ID,
    ).toBe("v");
    expect(eventMatches(ev({}), { type: ["volume", "container"] })).toBe(true);
    expect(eventMatches(ev({}), { type: ["volume"] })).toBe(false);
    expect(eventMatches(ev({ Action: "exec_start: sh" }), { event: ["exec_start"] })).toBe(true);
    expect(eventMatches(ev({}), { event: ["die", "stop"] })).toBe(false);
    expect(eventMatches(ev({}), { label: ["tier=db"] })).toBe(true);
    expect(eventMatches(ev({}), { label: ["tier=db", "x"] })).toBe(false);
    expect(eventMatches(ev({}), { container: ["0".repeat(64), "c".repeat(64)] })).toBe(true);
    expect(eventMatches(ev({ Type: "network" }), { container: ["c".repeat(64)] })).toBe(false);
    expect(parseApiTime("1795869030.5")).toBe(1795869030500);
    expect(parseApiTime("2026-11-28T13:00:00Z")).toBe(Date.parse("2026-11-28T13:00:00Z"));
    expect(parseApiTime("soon")).toBeNull();
  });
});

describe.skipIf(!podman.ok)(`classroom gateway on Podman${skipNote}`, () => {
  let t: TestGateway;
  let a: string;
  let b: string;
  const origin = () => `http://127.0.0.1:${t.gw.port}`;

  beforeAll(async () => {
    t = await startTestGateway(["--max-containers", "3", "--memory", "64m"], undefined, PODMAN_URL);
    a = await t.join();
    b = await t.join();
  });
  afterAll(async () => {
    await t?.close();
    await t?.destroy();
  });

  const create = (token: string, name: string, cmd?: string[], host?: Record<string, unknown>) =>
    createStarted(t, token, name, cmd, host);

  it("answers as Podman and shows the imported image as busybox:latest", async () => {
    const v = await t.api(a, "GET", "/v1.41/version");
    expect(v.json.Components.map((c: { Name: string }) => c.Name)).toContain("Podman Engine");
    const images = await t.api(a, "GET", "/v1.41/images/json");
    expect(images.json.flatMap((i: { RepoTags: string[] }) => i.RepoTags)).toContain("busybox:latest");
    // Podman's own extra fields (Names, History) keep its names; Docker's fields use Docker's.
    const dockerFields = images.json.map((i: { RepoTags: string[]; RepoDigests: string[] }) => [
      i.RepoTags,
      i.RepoDigests,
    ]);
    expect(JSON.stringify(dockerFields)).not.toContain("localhost/");
    expect((await t.api(a, "GET", "/v1.41/images/busybox/json")).json.RepoTags).toEqual(["busybox:latest"]);
  });

  it("runs, lists, inspects, logs, execs and removes through the gateway", async () => {
    const name = uniq("web");
    const id = await create(a, name, ["sh", "-c", "echo hello from podman; sleep 300"]);
    const list = (await t.api(a, "GET", "/v1.41/containers/json")).json;
    expect(list.map((c: { Id: string }) => c.Id)).toEqual([id]);
    expect(list[0].Names).toEqual([`/${name}`]);
    expect(list[0].Image).toBe("busybox");
    expect(list[0].Labels[LABEL_SESSION]).toBeUndefined();
    const ins = (await t.api(a, "GET", `/v1.41/containers/${name}/json`)).json;
    expect(ins.Id).toBe(id);
    expect(ins.Name).toBe(`/${name}`);
    expect(ins.Config.Image).toBe("busybox");
    expect(ins.HostConfig.Memory).toBe(64 * 1024 ** 2);
    expect(ins.HostConfig.Privileged).toBe(false);
    for (let i = 0; i < 50; i++) {
      const logs = await t.api(a, "GET", `/v1.41/containers/${name}/logs?stdout=1`);
      if (logs.text.includes("hello from podman")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const logs = await t.api(a, "GET", `/v1.41/containers/${name}/logs?stdout=1`);
    expect(logs.text).toContain("hello from podman");
    const ex = await t.api(a, "POST", `/v1.41/containers/${name}/exec`, {
      Cmd: ["id", "-u"],
      AttachStdout: true,
      Tty: true,
    });
    expect(ex.status, ex.text).toBe(201);
    const start = await t.api(a, "POST", `/v1.41/exec/${ex.json.Id}/start`, { Detach: false, Tty: true });
    expect(start.status).toBe(200);
    expect(start.text.trim()).toBe("0");
    // A name is unique inside a session: Podman's 500 comes back as Docker's 409.
    const dup = await t.api(a, "POST", `/v1.41/containers/create?name=${name}`, cliCreateBody(["true"]));
    expect(dup.status, dup.text).toBe(409);
    expect(dup.json.message).toBe(
      `Conflict. The container name "/${name}" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
    expect((await t.api(a, "DELETE", `/v1.41/containers/${name}?force=1`)).status).toBe(204);
    expect((await t.api(a, "GET", "/v1.41/containers/json?all=1")).json).toEqual([]);
  });

  // The course's stand-ins, made on Podman by `npm run server -- --prepare-images --engine …podman.sock`
  // (.ci/run does it). Locally, without them, this says so and is skipped unless CC_REQUIRE_ENGINE=1.
  it("runs the course's prepared images (hello-world, alpine:3.19) through the gateway", async (ctx) => {
    const tags = (await t.api(a, "GET", "/v1.41/images/json")).json.flatMap((i: { RepoTags: string[] }) => i.RepoTags);
    if (!tags.includes("hello-world:latest") && process.env.CC_REQUIRE_ENGINE !== "1") {
      ctx.skip(
        "no course images on Podman: npm run server -- --prepare-images --engine unix:///run/podman/podman.sock",
      );
    }
    expect(tags).toEqual(expect.arrayContaining(["hello-world:latest", "alpine:3.19", "nginx:1.27"]));
    const out: string[] = [];
    for (const [image, cmd] of [
      ["hello-world", []],
      ["alpine:3.19", ["cat", "/etc/alpine-release"]],
    ] as [string, string[]][]) {
      const r = await t.api(
        a,
        "POST",
        `/v1.41/containers/create?name=${uniq("course")}`,
        cliCreateBody(cmd, {}, { Image: image, ...(cmd.length ? {} : { Cmd: null }) }),
      );
      expect(r.status, r.text).toBe(201);
      expect((await t.api(a, "POST", `/v1.41/containers/${r.json.Id}/start`)).status).toBe(204);
      const w = await t.api(a, "POST", `/v1.41/containers/${r.json.Id}/wait`);
      expect(w.json.StatusCode).toBe(0);
      // Not a TTY: the log stream is multiplexed; the text is what matters here.
      out.push((await t.api(a, "GET", `/v1.41/containers/${r.json.Id}/logs?stdout=1`)).text);
      await t.api(a, "DELETE", `/v1.41/containers/${r.json.Id}?force=1`);
    }
    expect(out[0]).toContain("Hello from Docker!");
    expect(out[1]).toContain("3.19.4");
  });

  it("refuses --privileged, host namespaces and bind mounts, and creates nothing", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ["privileged", { Privileged: true }],
      ["host-network", { NetworkMode: "host" }],
      ["host-pid", { PidMode: "host" }],
      ["bind-mount", { Binds: ["/:/host"] }],
    ];
    for (const [code, host] of cases) {
      const r = await t.api(a, "POST", "/v1.41/containers/create", cliCreateBody(["true"], host));
      expect(r.status, code).toBe(403);
      expect(r.json.message, code).toMatch(/^classroom policy: /);
    }
    expect((await engineObjects(t.gw.store.gatewayId, PODMAN_URL)).containers).toEqual([]);
  });

  it("isolates two sessions: containers by name and id, volumes, volume prune, events", async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const name = uniq("iso");
    const vol = uniq("data");
    const idA = await create(a, name, ["sleep", "300"], { Binds: [`${vol}:/data`] });
    const idB = await create(b, name);
    for (const ref of [idB, idB.slice(0, 12)]) {
      const r = await t.api(a, "GET", `/v1.41/containers/${ref}/json`);
      expect(r.status).toBe(404);
      expect(r.json.message).toBe(`No such container: ${ref}`);
    }
    expect((await t.api(a, "GET", `/v1.41/containers/${name}/json`)).json.Id).toBe(idA);
    expect((await t.api(b, "GET", `/v1.41/containers/${name}/json`)).json.Id).toBe(idB);
    expect((await t.api(b, "POST", `/v1.41/containers/${idA}/kill`)).status).toBe(404);
    // Volumes of the same name: each session sees its own only. Podman's label filter matches ANY label.
    expect((await t.api(b, "POST", "/v1.41/volumes/create", { Name: vol })).status).toBe(201);
    const extra = uniq("spare");
    expect((await t.api(b, "POST", "/v1.41/volumes/create", { Name: extra })).status).toBe(201);
    const volsA = (await t.api(a, "GET", "/v1.41/volumes")).json.Volumes.map((v: { Name: string }) => v.Name);
    const volsB = (await t.api(b, "GET", "/v1.41/volumes")).json.Volumes.map((v: { Name: string }) => v.Name);
    expect(volsA).toEqual([vol]);
    expect(volsB.sort()).toEqual([vol, extra].sort());
    // A's prune removes nothing of B's (both of B's volumes are unused).
    const prune = await t.api(a, "POST", "/v1.41/volumes/prune");
    expect(prune.status).toBe(200);
    expect(prune.json.VolumesDeleted ?? []).toEqual([]);
    expect((await t.api(b, "GET", "/v1.41/volumes")).json.Volumes.length).toBe(2);
    const pruneB = await t.api(b, "POST", "/v1.41/volumes/prune");
    expect((pruneB.json.VolumesDeleted ?? []).sort()).toEqual([vol, extra].sort());
    expect((await t.api(a, "GET", `/v1.41/volumes/${vol}`)).status).toBe(200);
    // Events over a finished window, with two values of one filter key.
    const until = Math.floor(Date.now() / 1000) + 1;
    const f = encodeURIComponent(JSON.stringify({ type: ["volume", "container"] }));
    const evA = (await t.api(a, "GET", `/v1.41/events?since=${since}&until=${until}&filters=${f}`)).text
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(evA.filter((e) => e.id === idA).map((e) => e.Action)).toEqual(expect.arrayContaining(["create", "start"]));
    expect(evA.some((e) => e.Type === "volume" && e.Action === "create" && e.Actor.ID === vol)).toBe(true);
    expect(evA.every((e) => e.time <= until)).toBe(true);
    expect(JSON.stringify(evA)).not.toContain(idB);
    expect(JSON.stringify(evA)).not.toMatch(/cc-[0-9a-z]+-|io\.container-classroom|localhost\//);
    await t.api(a, "DELETE", `/v1.41/containers/${idA}?force=1`);
    await t.api(b, "DELETE", `/v1.41/containers/${idB}?force=1`);
    expect((await t.api(a, "DELETE", `/v1.41/volumes/${vol}`)).status).toBe(204);
  });

  it("gives the browser a WebSocket terminal (exec with a TTY)", async () => {
    const id = await create(a, uniq("ws"));
    const ex = await t.api(a, "POST", `/v1.41/containers/${id}/exec`, {
      Cmd: ["sh"],
      Tty: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    expect(ex.status).toBe(201);
    const { out, control } = await ttyRoundTrip(
      `ws://127.0.0.1:${t.gw.port}/api/ws/exec/${ex.json.Id}/start`,
      a,
      origin(),
    );
    expect(out, out).toContain("30 100");
    expect(out, out).toContain("/dev/pts/");
    expect(control[0]).toEqual({ type: "ready", tty: true });
    expect(control.at(-1)).toEqual({ type: "exit", code: 5 });
    await t.api(a, "DELETE", `/v1.41/containers/${id}?force=1`);
  });

  it.skipIf(!dockerCli)(
    `the real docker CLI: run (hijacked attach), ps, exec -i, rm, and --rm frees the quota${dockerCli ? "" : " [skipped: no docker CLI on PATH]"}`,
    async () => {
      // More --rm runs than the quota (3): each auto-removal must reach the registry ("remove" on Podman).
      for (let i = 0; i < 4; i++) {
        const run = await dockerThrough(t.url, a, ["run", "--rm", "busybox", "echo", `hello ${i}`]);
        expect(run.stderr).toBe("");
        expect(run.stdout).toBe(`hello ${i}\n`);
        expect(run.code).toBe(0);
      }
      const name = uniq("cli");
      const d = await dockerThrough(t.url, a, ["run", "-d", "--name", name, "busybox", "sleep", "300"]);
      expect(d.code, d.stderr).toBe(0);
      const ps = await dockerThrough(t.url, a, ["ps", "--format", "{{.Names}} {{.Image}} {{.Command}}"]);
      expect(ps.stdout).toBe(`${name} busybox "sleep 300"\n`);
      expect((await dockerThrough(t.url, b, ["ps", "-a", "--format", "{{.Names}}"])).stdout).not.toContain(name);
      const images = await dockerThrough(t.url, a, ["images", "--format", "{{.Repository}}:{{.Tag}}"]);
      // Docker's names, one row per tag: no `localhost/…` and no extra `<none>` row for a digest.
      const rows = images.stdout.trim().split("\n");
      expect(rows.filter((r) => r === "busybox:latest")).toHaveLength(1);
      expect(rows.filter((r) => r.includes("localhost/") || r.includes("<none>"))).toEqual([]);
      const ex = await dockerThrough(t.url, a, ["exec", name, "sh", "-c", "echo in-$(hostname | cut -c1-3); exit 3"]);
      expect(ex.stdout).toBe(`in-${d.stdout.slice(0, 3)}\n`);
      expect(ex.code).toBe(3);
      const stdin = await dockerThrough(t.url, a, ["exec", "-i", name, "cat"], { input: "piped stdin\n" });
      expect(stdin.stdout).toBe("piped stdin\n");
      const priv = await dockerThrough(t.url, a, ["run", "--rm", "--privileged", "busybox", "true"]);
      expect(priv.code).toBe(125);
      expect(priv.stderr).toContain("classroom policy: --privileged");
      expect((await dockerThrough(t.url, a, ["rm", "-f", name])).stdout).toBe(`${name}\n`);
      expect((await dockerThrough(t.url, a, ["ps", "-aq"])).stdout).toBe("");
    },
  );
});
