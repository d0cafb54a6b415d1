/**
 * A session's own images through the classroom gateway, on a real engine: docker build (the classic
 * builder), commit, tag, rmi and history, scoped per session (`cc-<session>-myapp` on the engine,
 * `myapp` for the learner), FROM checks, the image quota, image events, the reaper and a restart.
 * Skipped, with the reason in the title, when no engine answers (CC_REQUIRE_ENGINE=1 makes that a failure).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineClient } from "../../src/server/engine";
import { LABEL_GATEWAY, LABEL_SESSION } from "../../src/server/registry";
import {
  type ApiResult,
  cliCreateBody,
  dockerCli,
  dockerThrough,
  ENGINE_URL,
  engine,
  onPodman,
  request,
  skipNote,
  startTestGateway,
  type TestGateway,
  uniq,
} from "./harness";

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

/** A ustar archive of small files (what `docker build` sends). */
function tar(files: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0, 100);
    h.write("0000644\0", 100);
    h.write("0000000\0", 108);
    h.write("0000000\0", 116);
    h.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
    h.write(
      `${Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, "0")}\0`,
      136,
    );
    h.write("        ", 148);
    h.write("0", 156);
    h.write("ustar\0", 257);
    h.write("00", 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    parts.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

interface Built {
  status: number;
  text: string;
  /** The concatenated `stream` text of a build (what docker build prints). */
  out: string;
  error: string | null;
  id: string | null;
}

async function build(t: TestGateway, token: string, dockerfile: string, query: Record<string, string> = {}) {
  const q = new URLSearchParams({ version: "1", rm: "1", ...query });
  const r = await request(t.url, "POST", `/v1.41/build?${q}`, {
    raw: tar({ Dockerfile: dockerfile }),
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/x-tar" },
  });
  return parseBuild(r);
}

function parseBuild(r: ApiResult): Built {
  let out = "";
  let error: string | null = null;
  let id: string | null = null;
  if (r.status === 200) {
    for (const line of r.text.split("\n").filter((l) => l.trim())) {
      const m = JSON.parse(line) as { stream?: string; error?: string; aux?: { ID?: string } };
      if (m.stream) out += m.stream;
      if (m.error) error = m.error;
      if (m.aux?.ID) id = m.aux.ID;
    }
  }
  return { status: r.status, text: r.text, out, error, id };
}

interface EngineImage {
  Id: string;
  RepoTags: string[] | null;
  Labels: Record<string, string> | null;
}

/** The engine's images, bypassing the gateway: the ground truth. */
async function engineImages(): Promise<EngineImage[]> {
  const e = new EngineClient(ENGINE_URL);
  try {
    return await e.json<EngineImage[]>("GET", "/images/json");
  } finally {
    e.close();
  }
}

async function engineImage(ref: string): Promise<EngineImage | null> {
  const e = new EngineClient(ENGINE_URL);
  try {
    const r = await e.request("GET", `/images/${encodeURIComponent(ref)}/json`);
    if (r.status !== 200) return null;
    const img = JSON.parse(r.body.toString("utf8")) as EngineImage & {
      Config: { Labels: Record<string, string> | null };
    };
    return { Id: img.Id, RepoTags: img.RepoTags, Labels: img.Config.Labels };
  } finally {
    e.close();
  }
}

/** Remove every image a test gateway's sessions left (tags `cc-<sid>-…`, images with its label). */
async function removeImagesOf(gatewayId: string, sids: string[]) {
  const e = new EngineClient(ENGINE_URL);
  try {
    for (let pass = 0; pass < 3; pass++) {
      for (const img of await e.json<EngineImage[]>("GET", "/images/json")) {
        for (const t of img.RepoTags ?? [])
          if (sids.some((s) => t.startsWith(`cc-${s}-`))) await e.request("DELETE", `/images/${encodeURIComponent(t)}`);
        if (img.Labels?.[LABEL_GATEWAY] === gatewayId) await e.request("DELETE", `/images/${img.Id}?force=1`);
      }
    }
  } finally {
    e.close();
  }
}

const tagsOf = (list: { RepoTags: string[] }[]) => list.flatMap((i) => i.RepoTags);

// ── the suite ────────────────────────────────────────────────────────────────────────────────

describe.skipIf(!engine.ok)(`a session's own images on a real engine${skipNote}`, () => {
  let t: TestGateway;
  let a: string;
  let b: string;
  let sidA: string;
  let sidB: string;
  const sids: string[] = [];

  beforeAll(async () => {
    t = await startTestGateway(["--max-images", "4", "--memory", "64m", "--session-memory", "512m"]);
    a = await t.join();
    b = await t.join();
    sidA = t.gw.store.byToken(a)?.id ?? "";
    sidB = t.gw.store.byToken(b)?.id ?? "";
    sids.push(sidA, sidB);
  });
  afterAll(async () => {
    await t?.close();
    await t?.destroy();
    if (t) await removeImagesOf(t.gw.store.gatewayId, sids);
  });

  it("builds under the session's engine name, with its labels, and shows the learner's names", async () => {
    const r = await build(t, a, 'FROM busybox\nRUN echo built-by-a > /who\nCMD ["cat", "/who"]\n', {
      t: "myapp:1.0",
      labels: JSON.stringify({ course: "docker-101" }),
    });
    expect(r.status, r.text).toBe(200);
    expect(r.error).toBeNull();
    expect(r.out).toContain("Step 1/4 : FROM busybox");
    expect(r.out).toContain("Step 4/4 : LABEL course=docker-101");
    expect(r.out).toContain("Successfully tagged myapp:1.0");
    expect(r.text).not.toContain("cc-");
    expect(r.text).not.toContain("io.container-classroom");

    const real = await engineImage(`cc-${sidA}-myapp:1.0`);
    expect(real?.Id).toBe(r.id);
    const ins = await engineImage(r.id ?? "");
    expect(ins?.Labels?.[LABEL_SESSION]).toBe(sidA);
    expect(ins?.Labels?.[LABEL_GATEWAY]).toBe(t.gw.store.gatewayId);
    expect(await engineImage("myapp:1.0")).toBeNull(); // no unprefixed name on the engine

    const list = (await t.api(a, "GET", "/v1.41/images/json")).json;
    expect(tagsOf(list)).toContain("myapp:1.0");
    expect(tagsOf(list)).toContain("busybox:latest");
    expect(tagsOf(list).some((x: string) => x.startsWith("cc-"))).toBe(false);
    const mine = list.find((i: { RepoTags: string[] }) => i.RepoTags.includes("myapp:1.0"));
    // Podman (buildah) adds its version to every image it builds; the gateway shows labels as they are.
    const { "io.buildah.version": buildah, ...labels } = mine.Labels;
    expect(labels).toEqual({ course: "docker-101" });
    expect(buildah === undefined).toBe(!onPodman);

    const insp = await t.api(a, "GET", "/v1.41/images/myapp:1.0/json");
    expect(insp.status).toBe(200);
    expect(insp.json.Id).toBe(r.id);
    expect(insp.json.RepoTags).toEqual(["myapp:1.0"]);
    expect({ ...insp.json.Config.Labels, "io.buildah.version": undefined }).toEqual({
      course: "docker-101",
      "io.buildah.version": undefined,
    });
    const hist = await t.api(a, "GET", "/v1.41/images/myapp:1.0/history");
    expect(hist.status).toBe(200);
    expect(hist.text).not.toContain("io.container-classroom");
    expect(hist.json[0].Id).toBe(r.id);
    expect(hist.json.map((h: { CreatedBy: string }) => h.CreatedBy).join("\n")).toContain("echo built-by-a");

    // The learner's image runs under its own name.
    const c = await t.api(a, "POST", `/v1.41/containers/create?name=${uniq("run")}`, {
      ...cliCreateBody([]),
      Cmd: null,
      Image: "myapp:1.0",
    });
    expect(c.status, c.text).toBe(201);
    await t.api(a, "POST", `/v1.41/containers/${c.json.Id}/start`);
    expect((await t.api(a, "POST", `/v1.41/containers/${c.json.Id}/wait`)).json.StatusCode).toBe(0);
    expect((await t.api(a, "GET", `/v1.41/containers/${c.json.Id}/logs?stdout=1`)).text).toContain("built-by-a");
    const ps = (await t.api(a, "GET", "/v1.41/containers/json?all=1")).json;
    expect(ps.find((x: { Id: string }) => x.Id === c.json.Id).Image).toBe("myapp:1.0");
    await t.api(a, "DELETE", `/v1.41/containers/${c.json.Id}?force=1`);
  });

  it("lets two sessions both build myapp; each sees and uses only its own", async () => {
    const r = await build(t, b, "FROM busybox\nRUN echo built-by-b > /who\n", { t: "myapp:1.0" });
    expect(r.status, r.text).toBe(200);
    expect(r.out).toContain("Successfully tagged myapp:1.0");
    const idA = (await t.api(a, "GET", "/v1.41/images/myapp:1.0/json")).json.Id;
    const idB = (await t.api(b, "GET", "/v1.41/images/myapp:1.0/json")).json.Id;
    expect(idB).toBe(r.id);
    expect(idA).not.toBe(idB);
    expect((await engineImage(`cc-${sidB}-myapp:1.0`))?.Id).toBe(idB);

    const listB = (await t.api(b, "GET", "/v1.41/images/json")).json as { Id: string }[];
    expect(listB.map((i) => i.Id)).toContain(idB);
    expect(listB.map((i) => i.Id)).not.toContain(idA);
    // A's image is "No such image" to B by id, by id prefix and by its engine name.
    for (const ref of [idA, idA.slice(7, 19), `cc-${sidA}-myapp:1.0`]) {
      for (const [m, p] of [
        ["GET", `/v1.41/images/${ref}/json`],
        ["GET", `/v1.41/images/${ref}/history`],
        ["DELETE", `/v1.41/images/${ref}`],
        ["POST", `/v1.41/images/${ref}/tag?repo=stolen&tag=1`],
      ]) {
        const x = await t.api(b, m, p);
        expect(x.status, `${m} ${p}`).toBe(404);
        expect(x.json.message).toBe(`No such image: ${ref}`);
      }
    }
    const run = await t.api(b, "POST", "/v1.41/containers/create", { ...cliCreateBody(["true"]), Image: idA });
    expect(run.status).toBe(404);
    expect((await engineImage(`cc-${sidA}-myapp:1.0`))?.Id).toBe(idA);
  });

  describe("refuses with 403, an audit line, and builds nothing", () => {
    const cases: [string, string, Record<string, string>, string][] = [
      ["FROM an image outside the allow-list", "FROM evil/miner\nRUN true\n", { t: "x1" }, "build-from"],
      ["FROM another session's engine name", "", { t: "x2" }, "build-from"],
      ["FROM another session's image id", "", { t: "x3" }, "build-from"],
      ["COPY --from another image", "FROM busybox\nCOPY --from=evil/tools /x /x\n", { t: "x4" }, "build-from"],
      ["ADD from a URL", "FROM busybox\nADD http://169.254.169.254/latest/ /m\n", {}, "build-add-url"],
      ["a reserved label", 'FROM busybox\nLABEL "io.container-classroom.session"="x"\n', {}, "reserved-label"],
      ["--network host", "FROM busybox\n", { networkmode: "host" }, "build-network"],
      ["--cgroup-parent", "FROM busybox\n", { cgroupparent: "/" }, "cgroup-parent"],
      ["--cpuset-cpus", "FROM busybox\n", { cpusetcpus: "0" }, "build-cpuset"],
      ["--isolation", "FROM busybox\n", { isolation: "hyperv" }, "build-isolation"],
      ["build?remote=", "FROM busybox\n", { remote: "https://example.invalid/repo.git" }, "build-remote"],
      ["BuildKit (version=2)", "FROM busybox\n", { version: "2" }, "buildkit"],
    ];
    for (const [what, dockerfile, query, code] of cases) {
      it(what, async () => {
        // Other suites build on the same engine at the same time: count only what this gateway or
        // session B could have made (a build carries the gateway's label and B's engine names).
        const mine = async () =>
          (await engineImages())
            .filter(
              (i) =>
                i.Labels?.[LABEL_GATEWAY] === t.gw.store.gatewayId ||
                (i.RepoTags ?? []).some((x) => x.startsWith(`cc-${sidB}-`)),
            )
            .map((i) => i.Id)
            .sort();
        const before = await mine();
        const idA = (await t.api(a, "GET", "/v1.41/images/myapp:1.0/json")).json.Id as string;
        const df =
          what === "FROM another session's engine name"
            ? `FROM cc-${sidA}-myapp:1.0\n`
            : what === "FROM another session's image id"
              ? `FROM ${idA.replace("sha256:", "")}\n`
              : dockerfile;
        const r = await build(t, b, df, query);
        expect(r.status, r.text).toBe(403);
        expect(JSON.parse(r.text).message).toMatch(/^classroom policy/);
        expect(await mine()).toEqual(before);
        const audit = readFileSync(join(t.dir, "audit.log"), "utf8").trim().split("\n");
        expect(JSON.parse(audit.at(-1) ?? "{}").code).toBe(code);
      });
    }
  });

  it("commits and tags the session's own images; rmi removes only its own tags", async () => {
    const name = uniq("box");
    const c = await t.api(
      a,
      "POST",
      `/v1.41/containers/create?name=${name}`,
      cliCreateBody(["sh", "-c", "echo x > /made"]),
    );
    expect(c.status).toBe(201);
    await t.api(a, "POST", `/v1.41/containers/${name}/start`);
    await t.api(a, "POST", `/v1.41/containers/${name}/wait`);
    // Another session cannot commit it; a config body or a reserved label is refused.
    expect((await t.api(b, "POST", `/v1.41/commit?container=${name}&repo=snap&tag=1`)).status).toBe(404);
    const withConfig = await t.api(a, "POST", `/v1.41/commit?container=${name}&repo=snap`, { Labels: { x: "y" } });
    expect(withConfig.status).toBe(403);
    const reserved = await t.api(
      a,
      "POST",
      `/v1.41/commit?container=${name}&repo=snap&changes=${encodeURIComponent("LABEL io.container-classroom.session=zz")}`,
    );
    expect(reserved.status).toBe(403);

    const cm = await t.api(
      a,
      "POST",
      `/v1.41/commit?container=${name}&repo=docker.io/library/snap&tag=1&changes=${encodeURIComponent('CMD ["cat", "/made"]')}`,
    );
    expect(cm.status, cm.text).toBe(201);
    const snap = await engineImage(`cc-${sidA}-snap:1`);
    expect(snap?.Id).toBe(cm.json.Id);
    expect(snap?.Labels?.[LABEL_SESSION]).toBe(sidA);
    const insp = await t.api(a, "GET", "/v1.41/images/snap:1/json");
    expect(insp.json.RepoTags).toEqual(["snap:1"]);
    expect(insp.json.Config.Cmd).toEqual(["cat", "/made"]);
    await t.api(a, "DELETE", `/v1.41/containers/${name}?force=1`);

    // tag: own → own name, shared → own name; a registry name or another session's image is refused.
    expect((await t.api(a, "POST", "/v1.41/images/myapp:1.0/tag?repo=myapp&tag=stable")).status).toBe(201);
    expect((await t.api(a, "POST", "/v1.41/images/busybox/tag?repo=mybox&tag=latest")).status).toBe(201);
    expect((await engineImage(`cc-${sidA}-myapp:stable`))?.Id).toBe(
      (await t.api(a, "GET", "/v1.41/images/myapp:1.0/json")).json.Id,
    );
    expect((await engineImage(`cc-${sidA}-mybox:latest`))?.Id).toBe((await engineImage("busybox:latest"))?.Id);
    const reg = await t.api(a, "POST", "/v1.41/images/myapp:1.0/tag?repo=registry.example.com/myapp&tag=1");
    expect(reg.status).toBe(403);
    expect(tagsOf((await t.api(b, "GET", "/v1.41/images/json")).json)).not.toContain("mybox:latest");
    const busyInA = (await t.api(a, "GET", "/v1.41/images/busybox/json")).json.RepoTags;
    expect(busyInA).toContain("mybox:latest");
    expect(busyInA).toContain("busybox:latest");
    expect((await t.api(b, "GET", "/v1.41/images/busybox/json")).json.RepoTags).not.toContain("mybox:latest");

    // rmi: own tags go (output in the learner's names); the shared image stays, by name and by id.
    const rm1 = await t.api(a, "DELETE", "/v1.41/images/mybox");
    expect(rm1.status, rm1.text).toBe(200);
    expect(rm1.json).toEqual([{ Untagged: "mybox:latest" }]);
    expect(await engineImage("busybox:latest")).not.toBeNull();
    const busyId = (await engineImage("busybox:latest"))?.Id ?? "";
    expect((await t.api(a, "DELETE", "/v1.41/images/busybox")).status).toBe(403);
    expect((await t.api(a, "DELETE", `/v1.41/images/${busyId}?force=1`)).status).toBe(403);
    const rm2 = await t.api(a, "DELETE", "/v1.41/images/myapp:stable");
    expect(rm2.json).toEqual([{ Untagged: "myapp:stable" }]);
    expect(await engineImage(`cc-${sidA}-myapp:1.0`)).not.toBeNull();
    const rm3 = await t.api(a, "DELETE", "/v1.41/images/snap:1");
    expect(rm3.status).toBe(200);
    expect(rm3.json[0], rm3.text).toEqual({ Untagged: "snap:1" });
    expect(rm3.json.some((x: { Deleted?: string }) => x.Deleted === cm.json.Id)).toBe(true);
    expect(await engineImage(cm.json.Id)).toBeNull();
  });

  it("enforces the per-session image quota", async () => {
    const q = await t.join();
    sids.push(t.gw.store.byToken(q)?.id ?? "");
    for (let i = 0; i < 4; i++) {
      const r = await build(t, q, `FROM busybox\nRUN echo ${i} > /n\n`, { t: `q${i}` });
      expect(r.status, r.text).toBe(200);
      expect(r.error).toBeNull();
    }
    const over = await build(t, q, "FROM busybox\nRUN echo 9 > /n\n", { t: "q9" });
    expect(over.status).toBe(403);
    expect(JSON.parse(over.text).message).toMatch(/at most 4 images per session/);
    expect(await engineImage(`cc-${t.gw.store.byToken(q)?.id}-q9:latest`)).toBeNull();
    // Another tag of an image the session already has is not a new image; a tag of a shared one is.
    expect((await t.api(q, "POST", "/v1.41/images/q0/tag?repo=q0b")).status).toBe(201);
    expect((await t.api(q, "POST", "/v1.41/images/busybox/tag?repo=mybox")).status).toBe(403);
    const session = await t.api(q, "GET", "/api/session");
    expect(session.json.usage.ownImages).toBe(4);
    expect(session.json.limits.ownImages).toBe(4);
    // Removing one makes room again.
    expect((await t.api(q, "DELETE", "/v1.41/images/q1")).status).toBe(200);
    expect((await t.api(q, "POST", "/v1.41/images/busybox/tag?repo=mybox")).status).toBe(201);
  });

  it("sends a session its own image events, in its names, and no one else's", async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const tagged = uniq("ev");
    expect((await t.api(a, "POST", `/v1.41/images/myapp:1.0/tag?repo=${tagged}`)).status).toBe(201);
    expect((await t.api(a, "DELETE", `/v1.41/images/${tagged}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const until = Math.floor(Date.now() / 1000) + 1;
    const evf = encodeURIComponent(JSON.stringify({ type: ["image"] }));
    const evA = await t.api(a, "GET", `/v1.41/events?since=${since}&until=${until}&filters=${evf}`);
    const evB = await t.api(b, "GET", `/v1.41/events?since=${since}&until=${until}&filters=${evf}`);
    const events = evA.text
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { Action: string; Actor: { Attributes: Record<string, string> } });
    expect(events.some((e) => e.Action === "tag" && e.Actor.Attributes.name === `${tagged}:latest`)).toBe(true);
    expect(events.some((e) => e.Action === "untag")).toBe(true);
    expect(evA.text).not.toContain("cc-");
    expect(evA.text).not.toContain("io.container-classroom");
    expect(evB.text).not.toContain(tagged);
    expect(evB.text.trim().split("\n").filter(Boolean)).toEqual([]);
  });

  describe.skipIf(!dockerCli)(
    `the real docker CLI: DOCKER_BUILDKIT=0 docker build, tag, rmi${dockerCli ? "" : " [skipped: no docker CLI on PATH]"}`,
    () => {
      it("builds from a directory, runs the image, tags and removes it", async () => {
        const dir = mkdtempSync(join(tmpdir(), "cc-build-"));
        try {
          writeFileSync(
            join(dir, "Dockerfile"),
            'FROM myapp:1.0\nCOPY hello.txt /hello.txt\nCMD ["cat", "/hello.txt"]\n',
          );
          writeFileSync(join(dir, "hello.txt"), "hello from the context\n");
          const r = await dockerThrough(t.url, a, ["build", "-t", "cliapp", dir], { timeoutMs: 60_000 });
          expect(r.code, r.stderr).toBe(0);
          expect(r.stdout).toContain("Step 1/3 : FROM myapp:1.0");
          expect(r.stdout).toContain("Successfully tagged cliapp:latest");
          expect(r.stdout).not.toContain("cc-");
          const run = await dockerThrough(t.url, a, ["run", "--rm", "cliapp"]);
          expect(run.stdout).toBe("hello from the context\n");
          const images = await dockerThrough(t.url, a, ["images", "--format", "{{.Repository}}:{{.Tag}}"]);
          expect(images.stdout.split("\n")).toContain("cliapp:latest");
          expect(images.stdout).not.toContain("cc-");
          const imagesB = await dockerThrough(t.url, b, ["images", "--format", "{{.Repository}}:{{.Tag}}"]);
          expect(imagesB.stdout).not.toContain("cliapp");
          const tag = await dockerThrough(t.url, a, ["tag", "cliapp", "cliapp:v2"]);
          expect(tag.code, tag.stderr).toBe(0);
          const rmi = await dockerThrough(t.url, a, ["rmi", "cliapp:v2", "cliapp"]);
          expect(rmi.code, rmi.stderr).toBe(0);
          expect(rmi.stdout).toContain("Untagged: cliapp:v2");
          expect(rmi.stdout).toContain("Untagged: cliapp:latest");
          expect(rmi.stdout).toContain("Deleted: sha256:");
          const push = await dockerThrough(t.url, a, ["push", "myapp:1.0"]);
          expect(push.code).not.toBe(0);
          expect(push.stderr).toContain("docker push is not allowed");
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }, 90_000);
    },
  );
});

describe.skipIf(!engine.ok)(`a session's images after the session and across restarts${skipNote}`, () => {
  it("the reaper removes an ended session's images and tags, never the shared image", async () => {
    const t = await startTestGateway(["--reap-interval", "1h"]);
    let sid = "";
    try {
      const tok = await t.join();
      sid = t.gw.store.byToken(tok)?.id ?? "";
      const r = await build(t, tok, "FROM busybox\nRUN echo reap > /r\n", { t: "doomed" });
      expect(r.status, r.text).toBe(200);
      expect((await t.api(tok, "POST", "/v1.41/images/busybox/tag?repo=mybusy")).status).toBe(201);
      // An older build of the same tag stays behind untagged: the reaper finds it by its labels.
      const r2 = await build(t, tok, "FROM busybox\nRUN echo reap2 > /r\n", { t: "doomed" });
      expect(r2.status).toBe(200);
      expect(await engineImage(r.id ?? "")).not.toBeNull();
      // A multi-stage build: the classic builder labels only the last stage, so the gateway labels
      // the others itself, and hides those steps: the learner sees their own four.
      const r3 = await build(
        t,
        tok,
        "FROM busybox AS stage\nRUN echo s > /s\nFROM busybox\nCOPY --from=stage /s /s\n",
        { t: "staged" },
      );
      expect(r3.status, r3.text).toBe(200);
      expect(r3.out.match(/^Step .*$/gm), r3.text).toEqual([
        "Step 1/4 : FROM busybox AS stage",
        "Step 2/4 : RUN echo s > /s",
        "Step 3/4 : FROM busybox",
        "Step 4/4 : COPY --from=stage /s /s",
      ]);
      const stageId = /Step 2\/4 : RUN echo s > \/s\n[\s\S]*? ---> ([0-9a-f]{12})\n/.exec(r3.out)?.[1] ?? "";
      const stage = await engineImage(stageId);
      // dockerd keeps an earlier stage's image (the build cache); buildah removes it after the build.
      if (!onPodman || stage) {
        expect(stage?.RepoTags ?? []).toEqual([]);
        expect(stage?.Labels?.[LABEL_SESSION]).toBe(sid);
      }
      // The session's time is up (as after --ttl): the next reaper pass ends it.
      const session = t.gw.store.byToken(tok);
      if (session) session.expiresAt = Date.now() - 1;
      expect(await t.gw.reapNow()).toContain(sid);
      const left = await engineImages();
      expect(left.filter((i) => (i.RepoTags ?? []).some((x) => x.startsWith(`cc-${sid}-`)))).toEqual([]);
      expect(left.filter((i) => i.Labels?.[LABEL_SESSION] === sid)).toEqual([]);
      expect(await engineImage(r.id ?? "")).toBeNull();
      expect(await engineImage(stageId)).toBeNull();
      expect(await engineImage("busybox:latest")).not.toBeNull();
    } finally {
      await t.close();
      await t.destroy();
      await removeImagesOf(t.gw.store.gatewayId, [sid]);
    }
  });

  it("a restarted gateway rediscovers a session's images from their names and labels", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-gw-restart-"));
    const t1 = await startTestGateway(["--max-images", "2"], dir);
    const tok = await t1.join();
    const sid = t1.gw.store.byToken(tok)?.id ?? "";
    let t2: TestGateway | null = null;
    try {
      const r = await build(t1, tok, "FROM busybox\nRUN echo again > /a\n", { t: "keep:1" });
      expect(r.status, r.text).toBe(200);
      expect((await t1.api(tok, "POST", "/v1.41/images/busybox/tag?repo=bb")).status).toBe(201);
      await t1.close();
      t2 = await startTestGateway(["--max-images", "2"], dir);
      expect(
        t2.gw.registry
          .imagesOf(sid)
          .map((i) => i.id)
          .sort(),
      ).toEqual([r.id, (await engineImage("busybox:latest"))?.Id].sort());
      const list = tagsOf((await t2.api(tok, "GET", "/v1.41/images/json")).json);
      expect(list).toContain("keep:1");
      expect(list).toContain("bb:latest");
      expect((await t2.api(tok, "GET", "/v1.41/images/keep:1/json")).json.Id).toBe(r.id);
      // The quota counts what was rediscovered.
      const over = await build(t2, tok, "FROM busybox\n", { t: "third" });
      expect(over.status).toBe(403);
      expect((await t2.api(tok, "GET", "/api/session")).json.usage.ownImages).toBe(2);
    } finally {
      await t2?.close();
      await t2?.destroy();
      await removeImagesOf(t1.gw.store.gatewayId, [sid]);
    }
  });
});
