import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker pause / unpause", () => {
  it("freezes a container: Up … (Paused), exec refused, errors as real Docker words them", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    expect(await run(m, "docker pause web")).toEqual({ out: "web\n", err: "", code: 0 });
    expect((await run(m, "docker ps --format '{{.Names}} {{.Status}}'")).out).toBe(
      "web Up Less than a second (Paused)\n",
    );
    expect((await run(m, "docker inspect -f '{{.State.Status}} {{.State.Running}} {{.State.Paused}}' web")).out).toBe(
      "paused true true\n",
    );
    expect(await run(m, "docker exec web ls")).toEqual({
      out: "",
      err: "Error response from daemon: Container web is paused, unpause the container before exec\n",
      code: 1,
    });
    const again = await run(m, "docker pause web");
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^Error response from daemon: Container [0-9a-f]{64} is already paused\n$/);
    expect(await run(m, "docker unpause web")).toEqual({ out: "web\n", err: "", code: 0 });
    const notPaused = await run(m, "docker unpause web nosuch");
    expect(notPaused.code).toBe(1);
    expect(notPaused.err).toMatch(
      /^Error response from daemon: Container [0-9a-f]{64} is not paused\nError response from daemon: No such container: nosuch\n$/,
    );
    await run(m, "docker stop -t 1 web");
    const stopped = await run(m, "docker pause web");
    expect(stopped.err).toMatch(/^Error response from daemon: container [0-9a-f]{64} is not running\n$/);
    expect((await run(m, "docker pause")).err).toBe(
      "docker: 'docker pause' requires at least 1 argument\n\nUsage:  docker pause CONTAINER [CONTAINER...]\n\nSee 'docker pause --help' for more information\n",
    );
  });

  it("a paused container's processes write nothing until it is unpaused", async () => {
    const m = await machineWithBusybox();
    // ping writes a line a second as it goes (a shell script's output comes when it ends).
    await run(m, "docker run -d --name tick busybox ping 127.0.0.1");
    await run(m, "sleep 3");
    const before = (await run(m, "docker logs tick")).out.split("\n").filter(Boolean).length;
    expect(before).toBeGreaterThan(2);
    await run(m, "docker pause tick");
    await run(m, "sleep 5");
    expect((await run(m, "docker logs tick")).out.split("\n").filter(Boolean).length).toBe(before);
    await run(m, "docker unpause tick");
    await run(m, "sleep 3");
    expect((await run(m, "docker logs tick")).out.split("\n").filter(Boolean).length).toBeGreaterThan(before);
  });

  it("stop and kill work on a paused container (the daemon thaws it first)", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name pa busybox sleep 1000");
    await run(m, "docker pause pa");
    expect((await run(m, "docker stop -t 1 pa")).out).toBe("pa\n");
    expect((await run(m, "docker ps -a --format '{{.Status}}'")).out).toMatch(/^Exited \(137\) /);
    await run(m, "docker run -d --name pb busybox sleep 1000");
    await run(m, "docker pause pb");
    expect((await run(m, "docker kill pb")).out).toBe("pb\n");
    expect((await run(m, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' pb")).out).toBe("exited 137\n");
  });
});
