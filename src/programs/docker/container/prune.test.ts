import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker container prune", () => {
  it("asks first: no answer keeps everything, y removes every stopped container", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    await run(m, "docker run --name done busybox sh -c 'echo hi > /f'");
    await run(m, "docker create --name fresh busybox");
    const prompt = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ";
    expect(await run(m, "true | docker container prune")).toEqual({ out: prompt, err: "", code: 0 });
    expect(await run(m, "echo n | docker container prune")).toEqual({ out: prompt, err: "", code: 0 });
    expect((await run(m, "docker ps -aq")).out.split("\n").filter(Boolean)).toHaveLength(3);
    const r = await run(m, "echo y | docker container prune");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^WARNING! This will remove all stopped containers\.\nAre you sure you want to continue\? \[y\/N\] Deleted Containers:\n[0-9a-f]{64}\n[0-9a-f]{64}\n\nTotal reclaimed space: 3B\n$/,
    );
    expect((await run(m, "docker ps -a --format '{{.Names}}'")).out).toBe("web\n");
    expect(await run(m, "docker container prune -f")).toEqual({ out: "Total reclaimed space: 0B\n", err: "", code: 0 });
  });

  it("filters by label and until, and validates filters", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run --name keep -l keep=yes busybox true");
    await run(m, "docker run --name drop busybox true");
    const r = await run(m, "docker container prune -f --filter 'label!=keep'");
    expect(r.out).toMatch(/^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: 0B\n$/);
    expect((await run(m, "docker ps -a --format '{{.Names}}'")).out).toBe("keep\n");
    expect((await run(m, "docker container prune -f --filter until=1h")).out).toBe("Total reclaimed space: 0B\n");
    expect((await run(m, "docker container prune -f --filter bogus=1")).err).toBe(
      "Error response from daemon: invalid filter 'bogus'\n",
    );
    expect((await run(m, "docker container prune a")).err).toContain("'docker container prune' accepts no arguments");
  });
});
