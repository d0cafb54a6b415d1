import { describe, expect, it } from "vitest";
import { createMachine } from "../../machine/machine";
import { EngineError } from "../api/errors";

async function engine() {
  const m = await createMachine();
  const e = m.engine;
  await e.imageCreate({ fromImage: "busybox", tag: "latest" }, () => {});
  return { m, e };
}

describe("simulated engine: PID 1 semantics", () => {
  it("a container lives exactly as long as its main process", async () => {
    const { e } = await engine();
    const { Id } = await e.containerCreate({ Image: "busybox", Cmd: ["sh", "-c", "exit 3"] });
    await e.containerStart(Id);
    expect((await e.containerWait(Id)).StatusCode).toBe(3);
    const c = await e.containerInspect(Id);
    expect(c.State.Status).toBe("exited");
    expect(c.State.ExitCode).toBe(3);
  });

  it("stop on a PID 1 that ignores SIGTERM ends with SIGKILL after the grace period: 137", async () => {
    const { m, e } = await engine();
    const { Id } = await e.containerCreate({ Image: "busybox", Cmd: ["sleep", "1000"] });
    await e.containerStart(Id);
    const t0 = m.clock.now();
    await e.containerStop(Id, { t: 10 });
    expect(m.clock.now() - t0).toBeGreaterThanOrEqual(10_000);
    expect((await e.containerInspect(Id)).State.ExitCode).toBe(137);
  });

  it("nginx handles its stop signal and exits 0 without waiting", async () => {
    const { m, e } = await engine();
    await e.imageCreate({ fromImage: "nginx", tag: "latest" }, () => {});
    const { Id } = await e.containerCreate({ Image: "nginx" });
    await e.containerStart(Id);
    const t0 = m.clock.now();
    await e.containerStop(Id);
    expect(m.clock.now() - t0).toBeLessThan(10_000);
    expect((await e.containerInspect(Id)).State.ExitCode).toBe(0);
  });

  it("refuses exec on a stopped container and removal of a running one", async () => {
    const { e } = await engine();
    const { Id } = await e.containerCreate({ Image: "busybox", Cmd: ["sleep", "1000"] }, { name: "web" });
    await expect(e.execCreate("web", { Cmd: ["ls"] })).rejects.toThrow(/is not running/);
    await e.containerStart(Id);
    await expect(e.containerDelete("web")).rejects.toMatchObject({ statusCode: 409 });
    await expect(e.containerCreate({ Image: "busybox" }, { name: "web" })).rejects.toThrow(/already in use/);
    await e.containerDelete("web", { force: true });
    await expect(e.containerInspect("web")).rejects.toBeInstanceOf(EngineError);
  });

  it("shares layers between images and keeps each container's changes to itself", async () => {
    const { e } = await engine();
    const a = await e.containerCreate({ Image: "busybox", Cmd: ["sh", "-c", "echo one > /note"] });
    const b = await e.containerCreate({ Image: "busybox", Cmd: ["cat", "/note"] });
    await e.containerStart(a.Id);
    await e.containerWait(a.Id);
    await e.containerStart(b.Id);
    expect((await e.containerWait(b.Id)).StatusCode).toBe(1);
    const logs: string[] = [];
    await e.containerLogs(b.Id, { stdout: true, stderr: true }, (f) => logs.push(`${f.stream}:${f.text}`));
    expect(logs).toEqual(["stderr:cat: can't open '/note': No such file or directory\n"]);
  });

  it("reports a missing executable the way runc does, and the container stays Created", async () => {
    const { e } = await engine();
    const { Id } = await e.containerCreate({ Image: "busybox", Cmd: ["bash"] });
    await expect(e.containerStart(Id)).rejects.toThrow(/exec: "bash": executable file not found in \$PATH/);
    expect((await e.containerInspect(Id)).State.Status).toBe("created");
  });

  it("fails to pull a Windows image on Linux", async () => {
    const { e } = await engine();
    await expect(
      e.imageCreate({ fromImage: "mcr.microsoft.com/windows/nanoserver", tag: "ltsc2022" }, () => {}),
    ).rejects.toThrow("no matching manifest for linux/amd64 in the manifest list entries");
  });
});

describe("time on the virtual clock", () => {
  it("stands still for detached containers between commands, and moves for whoever waits", async () => {
    const { m } = await engine();
    await m.run("docker run -d --name long busybox sleep 100000");
    await m.run("docker run -d --name short busybox sleep 5");
    await new Promise((r) => setTimeout(r, 50));
    expect((await m.run("docker ps --format '{{.Names}}'")).stdout).toBe("short\nlong\n");
    const t0 = m.clock.now();
    expect((await m.run("docker wait short")).stdout).toBe("0\n");
    expect(m.clock.now() - t0).toBeGreaterThanOrEqual(5000);
    expect((await m.run("docker ps --format '{{.Names}}'")).stdout).toBe("long\n");
    expect((await m.run("docker run --rm busybox sh -c 'sleep 2; echo done'")).stdout).toBe("done\n");
    expect((await m.run("docker ps --format '{{.Names}}'")).stdout).toBe("long\n");
  });
});

describe("a looping container logs as it goes", () => {
  it("writes each iteration's line at its own time", async () => {
    const { m } = await engine();
    await m.run("docker run -d --name ticker busybox sh -c 'for i in 1 2 3; do echo tick $i; sleep 1; done'");
    await m.run("docker wait ticker");
    const logs = (await m.run("docker logs -t ticker")).stdout.trim().split("\n");
    expect(logs.map((l) => l.split(" ").slice(1).join(" "))).toEqual(["tick 1", "tick 2", "tick 3"]);
    const times = logs.map((l) => Date.parse(l.split(" ")[0]));
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(1000);
  });
});
