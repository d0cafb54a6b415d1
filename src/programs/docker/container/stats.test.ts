import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker stats --no-stream", () => {
  it("prints one sample in docker's table, small plausible figures, limits from --memory", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    await run(m, "docker run -d --name small --memory 64m busybox sleep 1000");
    await run(m, "docker create --name idle busybox");
    const r = await run(m, "docker stats --no-stream");
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O     BLOCK I/O   PIDS",
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^[0-9a-f]{12} {3}small {5}0\.00% {5}\d+(\.\d+)?KiB \/ 64MiB {6}\d\.\d\d% +\d+B \/ 0B +0B \/ 0B +1$/,
    );
    expect(lines[2]).toMatch(/^[0-9a-f]{12} {3}web .* \/ 3\.82GiB .*1$/);
    const all = await run(m, "docker stats --no-stream -a idle");
    expect(all.out).toMatch(/^[0-9a-f]{12} {3}idle {6}0\.00% {5}0B \/ 0B {13}0\.00% {5}0B \/ 0B {3}0B \/ 0B {5}0\n$/m);
  });

  it("formats, refuses unknown containers", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    expect((await run(m, "docker stats --no-stream --format '{{.Name}} {{.Container}} {{.PIDs}}' web")).out).toBe(
      "web web 1\n",
    );
    expect((await run(m, "docker stats --no-stream --format 'table {{.Name}}\\t{{.MemPerc}}'")).out).toMatch(
      /^NAME {6}MEM %\nweb {7}\d\.\d\d%\n$/,
    );
    expect(await run(m, "docker stats --no-stream web nosuch")).toEqual({
      out: "",
      err: "Error response from daemon: No such container: nosuch\n",
      code: 1,
    });
  });
});
