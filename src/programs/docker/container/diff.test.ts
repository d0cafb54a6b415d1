import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker diff", () => {
  it("lists the writable layer: A added, C changed (with parent directories), D deleted", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    expect(await run(m, "docker diff web")).toEqual({ out: "", err: "", code: 0 });
    await run(
      m,
      "docker exec web sh -c 'mkdir -p /data/sub && echo hello > /data/f.txt && echo x > /data/sub/g && rm /etc/group && echo y >> /etc/passwd && touch /tmp/t'",
    );
    expect((await run(m, "docker diff web")).out).toBe(
      "A /data\nA /data/f.txt\nA /data/sub\nA /data/sub/g\nC /etc\nD /etc/group\nC /etc/passwd\nC /tmp\nA /tmp/t\n",
    );
    expect(await run(m, "docker diff nosuch")).toEqual({
      out: "",
      err: "Error response from daemon: No such container: nosuch\n",
      code: 1,
    });
  });

  it("works on a stopped container too", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run --name job busybox sh -c 'echo done > /result'");
    expect((await run(m, "docker diff job")).out).toBe("A /result\n");
  });
});
