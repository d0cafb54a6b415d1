import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker restart", () => {
  it("stops and starts again: a new start time, same container, name echoed", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    const started = (await run(m, "docker inspect -f '{{.State.StartedAt}}' web")).out;
    await run(m, "sleep 5");
    expect(await run(m, "docker restart -t 1 web")).toEqual({ out: "web\n", err: "", code: 0 });
    expect((await run(m, "docker ps --format '{{.Names}} {{.Status}}'")).out).toBe("web Up Less than a second\n");
    expect((await run(m, "docker inspect -f '{{.State.StartedAt}}' web")).out).not.toBe(started);
  });

  it("starts a stopped container and reports missing ones without a summary line", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker create --name c1 busybox sleep 1000");
    expect(await run(m, "docker restart c1 nosuch")).toEqual({
      out: "c1\n",
      err: "Error response from daemon: No such container: nosuch\n",
      code: 1,
    });
    expect((await run(m, "docker inspect -f '{{.State.Status}}' c1")).out).toBe("running\n");
    expect((await run(m, "docker restart")).err).toContain("docker: 'docker restart' requires at least 1 argument");
  });
});
