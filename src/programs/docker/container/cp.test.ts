import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker cp", () => {
  it("copies files and directories out of a container as docker's archive rules say", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    await run(m, "docker exec web sh -c 'mkdir -p /data/sub && echo hello > /data/f.txt && echo x > /data/sub/g'");
    await run(m, "mkdir -p /tmp/out");
    expect(await run(m, "docker cp web:/data/f.txt /tmp/out/")).toEqual({ out: "", err: "", code: 0 });
    expect((await run(m, "cat /tmp/out/f.txt")).out).toBe("hello\n");
    // A directory to a new path becomes that path; to an existing directory, a child of it.
    await run(m, "docker cp web:/data /tmp/out/d1");
    await run(m, "docker cp web:/data/ /tmp/out/d1");
    await run(m, "docker cp web:/data/. /tmp/out/d2");
    expect((await run(m, "cd /tmp/out && find d1 d2 | sort")).out).toBe(
      "d1\nd1/data\nd1/data/f.txt\nd1/data/sub\nd1/data/sub/g\nd1/f.txt\nd1/sub\nd1/sub/g\nd2\nd2/f.txt\nd2/sub\nd2/sub/g\n",
    );
    // Relative destinations are the shell's working directory.
    await run(m, "cd /tmp/out && docker cp web:/data/sub/g ./copied");
    expect((await run(m, "cat /tmp/out/copied")).out).toBe("x\n");
  });

  it("copies into a container, also a stopped one", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker create --name box busybox cat /etc/motd");
    await run(m, "echo 'welcome' > /tmp/motd");
    expect((await run(m, "docker cp /tmp/motd box:/etc/motd")).code).toBe(0);
    expect((await run(m, "docker start -a box")).out).toBe("welcome\n");
    await run(m, "mkdir -p /tmp/site/css && echo body > /tmp/site/css/a.css && echo hi > /tmp/site/index.html");
    await run(m, "docker run -d --name web busybox sleep 1000");
    await run(m, "docker cp /tmp/site web:/srv");
    expect((await run(m, "docker exec web find /srv")).out).toBe("/srv\n/srv/css\n/srv/css/a.css\n/srv/index.html\n");
    expect((await run(m, "docker diff web")).out).toContain("A /srv/index.html\n");
  });

  it("fails with real docker's messages", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    await run(m, "mkdir -p /tmp/x && echo a > /tmp/x/f.txt");
    const cases: [string, string][] = [
      [
        "docker cp web:/nosuch /tmp/x/",
        "Error response from daemon: Could not find the file /nosuch in container web\n",
      ],
      ["docker cp nosuch:/x /tmp/x/", "Error response from daemon: No such container: nosuch\n"],
      ["docker cp web:/etc/passwd /tmp/x/nodir/y", 'invalid output path: directory "/tmp/x/nodir" does not exist\n'],
      ["docker cp /tmp/x/nosuch web:/tmp/", "lstat /tmp/x/nosuch: no such file or directory\n"],
      [
        "docker cp /tmp/x/f.txt web:/nodir/y",
        "Error response from daemon: Could not find the file /nodir in container web\n",
      ],
      ["docker cp /tmp/x/f.txt web:/nodir/", "no such directory\n"],
      ["docker cp /tmp/x/f.txt /tmp/x/g", "must specify at least one container source\n"],
      ["docker cp web:/etc/passwd web:/tmp", "copying between containers is not supported\n"],
      ["docker cp web:/etc/passwd /tmp/x/f.txt/", "stat /tmp/x/f.txt/: not a directory\n"],
      ["docker cp /tmp/x web:/etc/passwd", "cannot copy directory\n"],
      ["docker cp web:/etc /tmp/x/f.txt", "cannot copy directory\n"],
    ];
    for (const [cmd, err] of cases) expect(await run(m, cmd), cmd).toEqual({ out: "", err, code: 1 });
    expect((await run(m, "docker cp web:/etc")).err).toBe(
      "docker: 'docker cp' requires 2 arguments\n\nUsage:  docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nRun 'docker cp --help' for more information\n",
    );
  });

  it("refuses to write into a read-only container, but not into its volumes", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name ro --read-only -v /data busybox sleep 1000");
    await run(m, "echo a > /tmp/f");
    expect(await run(m, "docker cp /tmp/f ro:/tmp/")).toEqual({
      out: "",
      err: "Error response from daemon: container rootfs is marked read-only\n",
      code: 1,
    });
    expect((await run(m, "docker cp /tmp/f ro:/data/")).code).toBe(0);
  });

  it("streams a tar archive to stdout with -", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web busybox sleep 1000");
    const r = await run(m, "docker cp web:/etc/hostname - | tar -t");
    expect(r.out).toBe("hostname\n");
  });
});
