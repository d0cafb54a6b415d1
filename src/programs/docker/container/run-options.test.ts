import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker run --restart", () => {
  it("on-failure:N restarts a failing main process N times, then stays exited", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name job --restart on-failure:2 busybox sh -c 'echo run; exit 3'");
    await run(m, "sleep 6");
    expect(
      (
        await run(
          m,
          "docker inspect -f '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}} {{json .HostConfig.RestartPolicy}}' job",
        )
      ).out,
    ).toBe('2 exited 3 {"Name":"on-failure","MaximumRetryCount":2}\n');
    expect((await run(m, "docker logs job")).out).toBe("run\nrun\nrun\n");
    expect((await run(m, "docker ps -a --format '{{.Status}}'")).out).toBe("Exited (3) 5 seconds ago\n");
  });

  it("always restarts (Restarting (N) in ps) until docker stop, which stops it for good", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name loop --restart always busybox sh -c 'exit 3'");
    expect((await run(m, "docker ps --format '{{.Status}}'")).out).toBe("Restarting (3) Less than a second ago\n");
    expect((await run(m, "docker inspect -f '{{.State.Running}} {{.State.Restarting}}' loop")).out).toBe("true true\n");
    await run(m, "sleep 2");
    const count = Number((await run(m, "docker inspect -f '{{.RestartCount}}' loop")).out);
    expect(count).toBeGreaterThanOrEqual(3);
    expect((await run(m, "docker stop loop")).out).toBe("loop\n");
    await run(m, "sleep 5");
    expect((await run(m, "docker inspect -f '{{.State.Status}} {{.RestartCount}}' loop")).out).toBe(
      `exited ${count}\n`,
    );
  });

  it("unless-stopped brings back a process that died, not one that was killed", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name web --restart unless-stopped busybox sleep 1000");
    await run(m, "docker kill -s KILL web");
    await run(m, "sleep 1");
    expect((await run(m, "docker inspect -f '{{.State.Status}} {{.RestartCount}}' web")).out).toBe("exited 0\n");
    await run(m, "docker start web");
    await run(m, "docker exec web kill 1");
    await run(m, "sleep 1");
    expect((await run(m, "docker inspect -f '{{.State.Status}}' web")).out).toBe("running\n");
  });

  it("rejects bad policies as the CLI and the daemon do", async () => {
    const m = await machineWithBusybox();
    const err = (msg: string) => `docker: ${msg}\n\nRun 'docker run --help' for more information\n`;
    expect(await run(m, "docker run -d --restart bogus busybox true")).toEqual({
      out: "",
      err: err(
        "Error response from daemon: invalid restart policy: unknown policy 'bogus'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
      ),
      code: 125,
    });
    expect((await run(m, "docker run -d --restart on-failure:x busybox true")).err).toBe(
      err("invalid restart policy format: maximum retry count must be an integer"),
    );
    expect((await run(m, "docker run -d --restart always:3 busybox true")).err).toBe(
      err("Error response from daemon: invalid restart policy: maximum retry count can only be used with 'on-failure'"),
    );
    expect((await run(m, "docker run --rm --restart always busybox true")).err).toBe(
      err("conflicting options: cannot specify both --restart and --rm"),
    );
    expect((await run(m, "docker ps -aq")).out).toBe("");
  });
});

describe("docker run --init", () => {
  it("makes docker-init PID 1, so SIGTERM stops sleep promptly with 143", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name zi --init busybox sleep 1000");
    expect((await run(m, "docker exec zi ps")).out).toMatch(
      /^PID +USER +TIME +COMMAND\n +1 root .*\/sbin\/docker-init -- sleep 1000\n +7 root .*sleep 1000\n/,
    );
    const t0 = m.clock.now();
    expect((await run(m, "docker stop zi")).out).toBe("zi\n");
    expect(m.clock.now() - t0).toBeLessThan(1000);
    expect((await run(m, "docker inspect -f '{{.State.ExitCode}} {{.HostConfig.Init}} {{.Path}}' zi")).out).toBe(
      "143 true sleep\n",
    );
    // Without --init, sleep as PID 1 ignores SIGTERM: 137 after the grace period.
    await run(m, "docker run -d --name plain busybox sleep 1000");
    const t1 = m.clock.now();
    await run(m, "docker stop plain");
    expect(m.clock.now() - t1).toBeGreaterThanOrEqual(10_000);
    expect((await run(m, "docker inspect -f '{{.State.ExitCode}}' plain")).out).toBe("137\n");
  });
});

describe("docker run -u", () => {
  it("runs as the user: id and whoami say so, files need permission", async () => {
    const m = await machineWithBusybox();
    expect((await run(m, "docker run --rm -u nobody busybox sh -c 'id; whoami'")).out).toBe(
      "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\nnobody\n",
    );
    expect(await run(m, "docker run --rm -u 1000 busybox sh -c 'id; whoami'")).toEqual({
      out: "uid=1000 gid=0(root) groups=0(root)\n",
      err: "whoami: unknown uid 1000\n",
      code: 1,
    });
    expect((await run(m, "docker run --rm -u 1000:1000 busybox id")).out).toBe("uid=1000 gid=1000 groups=1000\n");
    expect((await run(m, "docker run --rm busybox id")).out).toBe("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n");
    // Alpine's accounts differ from busybox's and Debian's: its group 65534 is nobody, not nogroup.
    expect((await run(m, "docker pull -q alpine >/dev/null; docker run --rm -u nobody alpine id")).out).toBe(
      "uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n",
    );
    expect((await run(m, "docker run --rm alpine id")).out).toBe(
      "uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n",
    );
    const denied = await run(m, "docker run --rm -u nobody busybox touch /x");
    expect(denied.code).toBe(1);
    expect(denied.err).toContain("Permission denied");
    expect((await run(m, "docker run --rm -u nobody busybox sh -c 'echo hi > /tmp/x && cat /tmp/x'")).out).toBe("hi\n");
    expect(
      (
        await run(
          m,
          "docker run -d --name u1 -u nobody busybox sleep 1000 && docker exec u1 whoami && docker exec -u root u1 whoami",
        )
      ).out,
    ).toMatch(/\nnobody\nroot\n$/);
  });

  it("fails to start for an unknown user or group", async () => {
    const m = await machineWithBusybox();
    expect((await run(m, "docker run --rm -u nosuchuser busybox id")).err).toBe(
      "docker: Error response from daemon: unable to find user nosuchuser: no matching entries in passwd file\n\nRun 'docker run --help' for more information\n",
    );
    expect((await run(m, "docker run --rm -u 0:nosuchgrp busybox id")).code).toBe(125);
    await run(m, "docker create --name u2 -u nosuchuser busybox true");
    expect(await run(m, "docker start u2")).toEqual({
      out: "",
      err: "Error response from daemon: unable to find user nosuchuser: no matching entries in passwd file\nError: failed to start containers: u2\n",
      code: 1,
    });
  });
});

describe("docker run --read-only", () => {
  it("refuses writes to the root filesystem, not to volumes", async () => {
    const m = await machineWithBusybox();
    const t = await run(m, "docker run --rm --read-only busybox touch /x");
    expect(t.code).toBe(1);
    expect(t.err).toContain("Read-only file system");
    expect(await run(m, "docker run --rm --read-only busybox sh -c 'echo hi > /x'")).toEqual({
      out: "",
      err: "sh: can't create /x: Read-only file system\n",
      code: 1,
    });
    expect(
      (await run(m, "docker run --rm --read-only -v /data busybox sh -c 'echo hi > /data/x && cat /data/x'")).out,
    ).toBe("hi\n");
  });
});

describe("docker run --memory --cpus --pids-limit", () => {
  it("are kept in HostConfig, shown by inspect and stats", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name lim -m 64m --cpus 0.5 --pids-limit 50 --read-only busybox sleep 1000");
    expect(
      (
        await run(
          m,
          "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.NetworkMode}}' lim",
        )
      ).out,
    ).toBe("67108864 134217728 500000000 50 true default\n");
    expect((await run(m, "docker stats --no-stream --format '{{.MemUsage}}' lim")).out).toMatch(/ \/ 64MiB\n$/);
    await run(m, "docker create --name plain busybox");
    expect(
      (
        await run(
          m,
          "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} {{json .HostConfig.RestartPolicy}} {{.HostConfig.ShmSize}}' plain",
        )
      ).out,
    ).toBe('0 <nil> {"Name":"no","MaximumRetryCount":0} 67108864\n');
  });

  it("rejects bad values as docker does", async () => {
    const m = await machineWithBusybox();
    const usage =
      "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n";
    expect(await run(m, "docker run --rm --memory abc busybox true")).toEqual({
      out: "",
      err: `invalid argument "abc" for "-m, --memory" flag: invalid size: 'abc'${usage}`,
      code: 125,
    });
    expect((await run(m, "docker run --rm --cpus abc busybox true")).err).toBe(
      `invalid argument "abc" for "--cpus" flag: failed to parse abc as a rational number${usage}`,
    );
    expect((await run(m, "docker run --rm --pids-limit abc busybox true")).err).toBe(
      `invalid argument "abc" for "--pids-limit" flag: strconv.ParseInt: parsing "abc": invalid syntax${usage}`,
    );
    expect((await run(m, "docker run --rm --memory 1k busybox true")).err).toBe(
      "docker: Error response from daemon: Minimum memory limit allowed is 6MB\n\nRun 'docker run --help' for more information\n",
    );
    expect((await run(m, "docker run --rm --cpus 99 busybox true")).err).toBe(
      "docker: Error response from daemon: range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available\n\nRun 'docker run --help' for more information\n",
    );
  });
});

describe("docker run -m", () => {
  const hog = "sh -c 'x=a; while true; do x=$x$x; done'";

  it("OOM-kills a main process that outgrows the limit: 137, OOMKilled, oom then die", async () => {
    const m = await machineWithBusybox();
    expect(await run(m, `docker run --name hog -m 6m busybox ${hog}`)).toEqual({ out: "", err: "", code: 137 });
    expect(
      (await run(m, "docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}} {{.State.Status}}' hog")).out,
    ).toBe("true 137 exited\n");
    const events = await run(m, "docker events --since 1h --until 0s --filter container=hog --format '{{.Action}}'");
    expect(events.out.trim().split("\n").slice(-2)).toEqual(["oom", "die"]);
    // Started again, it is OOM-killed again; the flag is the last run's.
    expect((await run(m, "docker start -a hog")).code).toBe(137);
    // A process that fits runs to its end.
    expect(
      (
        await run(
          m,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion
          "docker run --rm -m 64m busybox sh -c 'x=a; i=0; while [ $i -lt 18 ]; do x=$x$x; i=$((i+1)); done; echo ${#x}'",
        )
      ).out,
    ).toBe("262144\n");
  });

  it("kills only an exec'd hog: the container runs on and is not OOMKilled", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run -d --name svc -m 6m busybox sleep 1000");
    expect((await run(m, `docker exec svc ${hog}`)).code).toBe(137);
    expect((await run(m, "docker inspect -f '{{.State.Status}} {{.State.OOMKilled}}' svc")).out).toBe(
      "running false\n",
    );
  });
});
