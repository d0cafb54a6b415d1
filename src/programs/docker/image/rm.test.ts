import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

const short = (s: string) => s.trim().slice(0, 12);

describe("docker rmi conflicts", () => {
  it("words each conflict as moby's image_delete.go does", async () => {
    const m = await machineWithBusybox();
    const bb = short((await run(m, "docker images -q busybox")).out);
    await run(m, "docker run -d --name web busybox sleep 1000");
    const web = short((await run(m, "docker inspect -f '{{.Id}}' web")).out);
    expect((await run(m, "docker rmi busybox")).err).toBe(
      `Error response from daemon: conflict: unable to remove repository reference "busybox" (must force) - container ${web} is using its referenced image ${bb}\n`,
    );
    expect((await run(m, `docker rmi ${bb}`)).err).toBe(
      `Error response from daemon: conflict: unable to delete ${bb} (cannot be forced) - image is being used by running container ${web}\n`,
    );
    expect((await run(m, `docker rmi -f ${bb}`)).err).toBe(
      `Error response from daemon: conflict: unable to delete ${bb} (cannot be forced) - image is being used by running container ${web}\n`,
    );
    await run(m, "docker stop -t 0 web");
    expect((await run(m, `docker rmi ${bb}`)).err).toBe(
      `Error response from daemon: conflict: unable to delete ${bb} (must be forced) - image is being used by stopped container ${web}\n`,
    );
    // Another tag: the tag goes, the image stays.
    await run(m, "docker tag busybox mybox:1");
    expect(await run(m, "docker rmi mybox:1")).toEqual({ out: "Untagged: mybox:1\n", err: "", code: 0 });
    await run(m, "docker tag busybox other/box:2");
    expect((await run(m, `docker rmi ${bb}`)).err).toBe(
      `Error response from daemon: conflict: unable to delete ${bb} (must be forced) - image is referenced in multiple repositories\n`,
    );
  });

  it("refuses to delete an image with children; force on a used image leaves it dangling", async () => {
    const m = await machineWithBusybox();
    const bb = short((await run(m, "docker images -q busybox")).out);
    await run(m, "docker run --name job busybox true");
    await run(m, "docker commit job child:1");
    await run(m, "docker rm job");
    expect((await run(m, `docker rmi ${bb}`)).err).toBe(
      `Error response from daemon: conflict: unable to delete ${bb} (cannot be forced) - image has dependent child images\n`,
    );
    await run(m, "docker run -d --name c2 child:1 sleep 1000");
    const forced = await run(m, "docker rmi -f child:1");
    expect(forced).toEqual({ out: "Untagged: child:1\n", err: "", code: 0 });
    expect((await run(m, "docker images --format '{{.Repository}}:{{.Tag}}'")).out).toBe(
      "<none>:<none>\nbusybox:latest\n",
    );
  });
});
