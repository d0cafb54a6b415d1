import { describe, expect, it } from "vitest";
import { machineWithBusybox, run } from "../testing";

describe("docker events", () => {
  it("replays past events between --since and --until, in docker's line format", async () => {
    const m = await machineWithBusybox();
    await run(m, "sleep 1");
    const since = Math.floor(m.clock.now() / 1000);
    await run(m, "docker run --name zze busybox true && docker rm zze");
    await run(m, "docker volume create v1 && docker volume rm v1");
    await run(m, "sleep 1");
    const until = Math.floor(m.clock.now() / 1000);
    const r = await run(m, `docker events --since ${since} --until ${until}`);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    const kinds = lines.map((l) => l.split(" ").slice(1, 3).join(" "));
    expect(kinds).toEqual([
      "container create",
      "container attach",
      "network connect",
      "container start",
      "network disconnect",
      "container die",
      "container destroy",
      "volume create",
      "volume destroy",
    ]);
    expect(lines[0]).toMatch(
      /^2026-11-28T09:00:\d\d\.\d{9}Z container create [0-9a-f]{64} \(image=busybox, name=zze\)$/,
    );
    expect(lines.find((l) => l.includes(" die "))).toMatch(/\(exitCode=0, image=busybox, name=zze\)$/);
    const f = await run(
      m,
      `docker events --since ${since} --until ${until} --filter type=container --filter event=die --format '{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Status}} {{.From}}'`,
    );
    expect(f.out).toBe("container die zze die busybox\n");
    const json = await run(m, `docker events --since ${since} --until ${until} --filter type=volume --format json`);
    expect(json.out.split("\n")[0]).toMatch(
      /^\{"Type":"volume","Action":"create","Actor":\{"ID":"v1","Attributes":\{"driver":"local"\}\},"scope":"local","time":\d+,"timeNano":\d+\}$/,
    );
  });

  it("in a script, --until bounds it and no --until does not hang", async () => {
    const m = await machineWithBusybox();
    await run(m, "docker run --name e1 busybox true");
    const t0 = m.clock.now();
    expect((await run(m, "docker events --since 1m --until 0s --filter event=start")).out).toMatch(/ container start /);
    expect((await run(m, "docker events")).code).toBe(0);
    // A future --until waits for that moment, then returns what happened meanwhile.
    const later = Math.floor(t0 / 1000) + 5;
    const r = await run(
      m,
      `docker run -d --name e2 busybox sleep 1 > /dev/null; docker events --until ${later} --filter event=die --format '{{.Actor.Attributes.name}}'`,
    );
    expect(r.out).toBe("e2\n");
    expect(m.clock.now()).toBeGreaterThanOrEqual(later * 1000);
  });

  it("validates its flags", async () => {
    const m = await machineWithBusybox();
    expect(await run(m, "docker events --since nonsense")).toEqual({
      out: "",
      err: 'failed to parse value as time or duration: "nonsense"\n',
      code: 1,
    });
    expect((await run(m, "docker events --filter event")).err).toBe(
      'invalid argument "event" for "-f, --filter" flag: bad format of filter (expected name=value)\n\nUsage:  docker events [OPTIONS]\n\nRun \'docker events --help\' for more information\n',
    );
    expect((await run(m, "docker system events a")).err).toContain("'docker system events' accepts no arguments");
  });
});
