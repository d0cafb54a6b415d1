import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker image prune", () => {
  it("removes dangling images; -a removes every image no container uses", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run --name job busybox sh -c 'echo x > /x'");
    await run(m, "docker commit job");
    await run(m, "docker commit job kept:1");
    const prompt = "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ";
    expect(await run(m, "true | docker image prune")).toEqual({ out: prompt, err: "", code: 0 });
    const r = await run(m, "docker image prune -f");
    expect(r.out).toMatch(/^Deleted Images:\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: 0B\n$/);
    expect((await run(m, "docker images --format '{{.Repository}}:{{.Tag}}'")).out).toBe("kept:1\nbusybox:latest\n");
    // busybox is used by the stopped container `job`: -a leaves it.
    const all = await run(m, "docker image prune -a -f");
    expect(all.out).toMatch(
      /^Deleted Images:\nuntagged: kept:1\ndeleted: sha256:[0-9a-f]{64}\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: 2B\n$/,
    );
    expect((await run(m, "docker images --format '{{.Repository}}'")).out).toBe("busybox\n");
    await run(m, "docker rm job");
    const last = await run(m, "docker image prune -a -f");
    expect(last.out).toMatch(/^Deleted Images:\nuntagged: busybox:latest\nuntagged: busybox@sha256:[0-9a-f]{64}\n/);
    expect(last.out).toMatch(/\nTotal reclaimed space: 4\.26MB\n$/);
    expect((await run(m, "docker images -q")).out).toBe("");
  });
});
