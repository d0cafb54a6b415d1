import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker attach", () => {
  it("follows a running container's output to its end and exits with its status", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name job busybox sh -c 'sleep 1; echo tick; echo err >&2; sleep 1; exit 7'");
    expect(await run(m, "docker attach job")).toEqual({ out: "tick\n", err: "err\n", code: 7 });
  });

  it("refuses stopped and paused containers, and a tty container without a terminal", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker create --name idle busybox");
    expect(await run(m, "docker attach idle")).toEqual({
      out: "",
      err: "You cannot attach to a stopped container, start it first\n",
      code: 1,
    });
    await run(m, "docker run -d --name pp busybox sleep 1000");
    await run(m, "docker pause pp");
    expect((await run(m, "docker attach pp")).err).toBe("You cannot attach to a paused container, unpause it first\n");
    await run(m, "docker run -dit --name sh1 busybox sh");
    expect((await run(m, "echo | docker attach sh1")).err).toBe("the input device is not a TTY\n");
    expect((await run(m, "docker attach nosuch")).err).toBe("Error response from daemon: No such container: nosuch\n");
  });
});
