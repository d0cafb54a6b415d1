import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

const row = (cells: string[]) =>
  `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(Math.max(20, c.length + 3)))).join("")}\n`;

describe("docker top", () => {
  it("lists the container's processes in ps -ef columns, 20 wide", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    await run(m, "docker exec -d web sleep 500");
    const r = await run(m, "docker top web");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe(row(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]).trimEnd());
    expect(lines[1]).toMatch(/^root {16}\d+ +\d+ +0 {19}\d\d:\d\d {15}\? {19}00:00:00 {12}sleep 1000$/);
    expect(r.out).toContain("sleep 500");
  });

  it("takes ps options, and fails like ps and the daemon do", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    expect((await run(m, "docker top web -o pid,comm")).out).toMatch(/^PID {17}COMMAND\n\d+ +sleep\n$/);
    expect((await run(m, "docker top web aux")).out.split("\n")[0]).toBe(
      row(["USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"]).trimEnd(),
    );
    expect(await run(m, "docker top web -o comm")).toEqual({
      out: "",
      err: "Error response from daemon: Couldn't find PID field in ps output\n",
      code: 1,
    });
    expect((await run(m, "docker top web -o bogus")).err).toBe(
      'Error response from daemon: ps: error: unknown user-defined format specifier "bogus"\n',
    );
    await run(m, "docker create --name idle busybox");
    expect((await run(m, "docker top idle")).err).toMatch(
      /^Error response from daemon: container [0-9a-f]{64} is not running\n$/,
    );
    expect((await run(m, "docker top nosuch")).err).toBe("Error response from daemon: No such container: nosuch\n");
  });
});
