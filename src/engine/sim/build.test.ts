import { describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../machine/machine";

async function project(m: Machine, dockerfile: string, files: Record<string, string> = {}) {
  await m.run("mkdir -p /home/student/app");
  await m.hostFs.writeFile("/home/student/app/Dockerfile", dockerfile);
  for (const [k, v] of Object.entries(files)) await m.hostFs.writeFile(`/home/student/app/${k}`, v);
}

const build = (m: Machine, args = "-t app") => m.run(`cd /home/student/app && docker build --progress=plain ${args} .`);

describe("docker build", () => {
  it("builds an image whose container sees the copied and generated files", async () => {
    const m = await createMachine();
    await project(
      m,
      'FROM alpine:3.20\nWORKDIR /srv\nCOPY hello.txt .\nRUN cat hello.txt > copy.txt\nCMD ["cat", "/srv/copy.txt"]\n',
      { "hello.txt": "안녕\n" },
    );
    const r = await build(m);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("#1 [internal] load build definition from Dockerfile");
    expect(r.stderr).toMatch(/#\d+ \[4\/4\] RUN cat hello.txt > copy.txt\n#\d+ DONE/);
    expect(r.stderr).toContain("naming to docker.io/library/app:latest done");
    expect((await m.run("docker run --rm app")).stdout).toBe("안녕\n");
    expect((await m.run("docker history -q app | head -1")).stdout).toBe(
      `${(await m.run("docker images -q app")).stdout}`,
    );
  });

  it("reports CACHED exactly for unchanged steps before the first change", async () => {
    const m = await createMachine();
    await project(m, "FROM alpine:3.20\nWORKDIR /srv\nCOPY a.txt .\nRUN echo one\nCOPY b.txt .\nRUN echo two\n", {
      "a.txt": "a",
      "b.txt": "b",
    });
    await build(m);
    await m.hostFs.writeFile("/home/student/app/b.txt", "changed");
    const r = await build(m);
    const cached = [...r.stderr.matchAll(/#\d+ (\[\d\/\d\] [^\n]+)\n#\d+ CACHED/g)].map((x) => x[1]);
    expect(cached).toEqual(["[2/6] WORKDIR /srv", "[3/6] COPY a.txt .", "[4/6] RUN echo one"]);
    expect(r.stderr).toMatch(/\[5\/6\] COPY b.txt \.\n#\d+ DONE/);
    expect(r.stderr).toMatch(/\[6\/6\] RUN echo two\n#\d+ [0-9.]+ two\n#\d+ DONE/);
    const again = await build(m, "-t app --no-cache");
    expect(again.stderr).not.toContain("CACHED");
  });

  it("honours .dockerignore and multi-stage COPY --from", async () => {
    const m = await createMachine();
    await project(
      m,
      "FROM busybox AS builder\nRUN echo compiled > /out.bin\nFROM alpine:3.20\nCOPY --from=builder /out.bin /app/out.bin\nCOPY . /ctx/\n",
      {
        ".dockerignore": "secret.env\n*.log\n",
        "secret.env": "PASSWORD=1",
        "debug.log": "x",
        "main.txt": "main",
      },
    );
    expect((await build(m)).exitCode).toBe(0);
    expect((await m.run("docker run --rm app cat /app/out.bin")).stdout).toBe("compiled\n");
    expect((await m.run("docker run --rm app ls /ctx")).stdout).toBe("Dockerfile\nmain.txt\n");
  });

  it("fails a RUN with its exit code and points at the Dockerfile line", async () => {
    const m = await createMachine();
    await project(m, "FROM alpine:3.20\nRUN echo ok\nRUN exit 3\n");
    const r = await build(m);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      "Dockerfile:3\n--------------------\n   1 |     FROM alpine:3.20\n   2 |     RUN echo ok\n   3 | >>> RUN exit 3\n--------------------\n",
    );
    expect(r.stderr).toMatch(
      /ERROR: failed to build: failed to solve: process "\/bin\/sh -c exit 3" did not complete successfully: exit code: 3\n$/,
    );
  });

  it("rejects an unknown instruction with its line number", async () => {
    const m = await createMachine();
    await project(m, "FROM alpine\nCOPPY a b\n");
    const r = await build(m);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("dockerfile parse error on line 2: unknown instruction: COPPY");
  });

  it("says when a COPY source is missing", async () => {
    const m = await createMachine();
    await project(m, "FROM alpine\nCOPY nope.txt /\n");
    const r = await build(m);
    expect(r.stderr).toMatch(/"\/nope.txt": not found\n$/);
  });
});
