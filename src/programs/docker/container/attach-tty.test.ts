import { describe, expect, it } from "vitest";
import { createMachine } from "../../../machine/machine";
import { terminal } from "../../../machine/testing";

describe("on a terminal", () => {
  it("docker attach reaches a tty container's shell; Ctrl+P Ctrl+Q detaches and leaves it running", async () => {
    const m = await createMachine();
    await m.run("docker pull -q busybox && docker run -dit --name box busybox sh");
    const t = terminal(m);
    await t.waitFor(/\$ $/);
    await t.type("docker attach box\r");
    await t.type("echo hi-from-box\r");
    await t.waitFor(/hi-from-box\n.*hi-from-box/s);
    t.clear();
    await t.type("\x10\x11");
    await t.waitFor(/read escape sequence\n.*\$ $/s);
    expect((await m.run("docker inspect -f '{{.State.Status}}' box")).stdout).toBe("running\n");
  });

  it("docker events streams until Ctrl+C; docker stats redraws until Ctrl+C", async () => {
    const m = await createMachine();
    await m.run("docker pull -q busybox");
    const t = terminal(m);
    await t.waitFor(/\$ $/);
    await t.type("docker events --filter type=container\r");
    await m.run("docker run --name ev1 busybox true");
    await t.waitFor(/container die [0-9a-f]{64} \(exitCode=0, image=busybox, name=ev1\)/);
    await t.type("\x03");
    await t.waitFor(/\^C\n.*\$ $/s);
    await m.run("docker run -d --name st1 busybox sleep 1000");
    t.clear();
    await t.type("docker stats\r");
    await t.waitFor(/CONTAINER ID +NAME +CPU %.*st1/s);
    await t.type("\x03");
    await t.waitFor(/\^C\n.*\$ $/s);
  });
});
