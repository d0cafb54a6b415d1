import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker commit", () => {
  it("makes a new image: the container's changes as one layer on its image, with a history entry", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    await run(m, "docker exec web sh -c 'mkdir /data && echo hello > /data/f.txt'");
    const c = await run(m, "docker commit -m 'my msg' -a 'Kim <k@x>' -c 'CMD [\"cat\",\"/data/f.txt\"]' web snap:v1");
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect((await run(m, "docker run --rm snap:v1")).out).toBe("hello\n");
    expect((await run(m, "docker inspect -f '{{.Author}}|{{.Comment}}|{{json .Config.Cmd}}' snap:v1")).out).toBe(
      'Kim <k@x>|my msg|["cat","/data/f.txt"]\n',
    );
    const layers = (await run(m, "docker image inspect -f '{{len .RootFS.Layers}}' snap:v1 busybox")).out;
    expect(layers).toBe("2\n1\n");
    const parent = (await run(m, "docker images -q busybox")).out.trim();
    const h = (await run(m, "docker history --format '{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}' snap:v1")).out;
    expect(h.split("\n")[0]).toMatch(/^[0-9a-f]{12}\|sleep 1000\|\d+B\|my msg$/);
    expect(h.split("\n")[1]).toBe(`${parent}|/bin/sh -c #(nop)  CMD ["sh"]|0B|`);
    // The container keeps running.
    expect((await run(m, "docker ps --format '{{.Names}} {{.Status}}'")).out).toMatch(/^web Up /);
  });

  it("applies -c changes, makes a dangling image without a name, and refuses bad input", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker create --name box busybox");
    await run(m, "docker commit -c 'ENV A=1' -c 'WORKDIR /data' -c 'EXPOSE 80' box snap:v2");
    expect((await run(m, "docker run --rm snap:v2 sh -c 'pwd; echo $A'")).out).toBe("/data\n1\n");
    expect((await run(m, "docker inspect -f '{{json .Config.ExposedPorts}}' snap:v2")).out).toBe('{"80/tcp":{}}\n');
    await run(m, "docker commit box");
    expect((await run(m, "docker images -f dangling=true --format '{{.Repository}}:{{.Tag}}'")).out).toBe(
      "<none>:<none>\n",
    );
    expect(await run(m, "docker commit -c 'FOO bar' box x:1")).toEqual({
      out: "",
      err: "Error response from daemon: foo is not a valid change command\n",
      code: 1,
    });
    expect(await run(m, "docker commit box Bad:Name")).toEqual({
      out: "",
      err: "invalid reference format: repository name (library/Bad) must be lowercase\n",
      code: 1,
    });
    expect((await run(m, "docker commit nosuch")).err).toBe("Error response from daemon: No such container: nosuch\n");
    expect((await run(m, "docker commit")).err).toContain(
      "docker: 'docker commit' requires at least 1 and at most 2 arguments",
    );
  });

  it("a committed image survives a snapshot and restore of the machine", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run --name job busybox sh -c 'echo kept > /kept'");
    await run(m, "docker commit job kept:1");
    const { createMachine } = await import("../../../machine/machine");
    const m2 = await createMachine();
    await m2.restore(JSON.parse(JSON.stringify(m.snapshot())));
    expect((await m2.run("docker run --rm kept:1 cat /kept")).stdout).toBe("kept\n");
  });
});
