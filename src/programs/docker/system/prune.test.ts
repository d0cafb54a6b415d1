import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker system prune", () => {
  it("prompts with what it removes, then removes stopped containers, unused networks, dangling images", async () => {
    const m = await machineWithBusybox();
    expect((await run(m, "true | docker system prune")).out).toBe(
      "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all dangling images\n  - unused build cache\n\nAre you sure you want to continue? [y/N] ",
    );
    expect((await run(m, "true | docker system prune -a --volumes")).out).toBe(
      "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all anonymous volumes not used by at least one container\n  - all images without at least one container associated to them\n  - all build cache\n\nAre you sure you want to continue? [y/N] ",
    );
    await run(m, "docker run -d --name web busybox sleep 1000");
    await run(m, "docker run --name job busybox true");
    await run(m, "docker commit job");
    await run(m, "docker network create unused");
    await run(m, "docker run --name anon -v /scratch busybox true");
    const r = await run(m, "docker system prune -f --volumes");
    expect(r.out).toMatch(
      /^Deleted Containers:\n[0-9a-f]{64}\n[0-9a-f]{64}\n\nDeleted Networks:\nunused\n\nDeleted Volumes:\n[0-9a-f]{64}\n\nDeleted Images:\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: 0B\n$/,
    );
    expect((await run(m, "docker ps -a --format '{{.Names}}'")).out).toBe("web\n");
    expect(await run(m, "docker system prune -f")).toEqual({ out: "Total reclaimed space: 0B\n", err: "", code: 0 });
  });
});
