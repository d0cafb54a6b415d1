import { describe, expect, it } from "vitest";
import { createMachine } from "../../../machine/machine";

describe("docker search", () => {
  it("searches the simulated hub: NAME DESCRIPTION STARS OFFICIAL, descriptions cut at 45", async () => {
    const m = await createMachine();
    expect((await m.run("docker search busybox")).stdout).toBe(
      "NAME      DESCRIPTION           STARS     OFFICIAL\nbusybox   Busybox base image.   3318      [OK]\n",
    );
    const r = await m.run("docker search --limit 2 o");
    expect(r.stdout).toBe(
      "NAME      DESCRIPTION                                     STARS     OFFICIAL\nnginx     Official build of Nginx.                        20589     [OK]\nubuntu    Ubuntu is a Debian-based Linux operating sys…   17596     [OK]\n",
    );
    expect((await m.run("docker search --format '{{.Name}}' --filter stars=10000 u")).stdout).toBe(
      "nginx\nubuntu\nalpine\n",
    );
    expect((await m.run("docker search --format json alpine")).stdout).toBe(
      '{"Description":"A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!","IsAutomated":"false","IsOfficial":"true","Name":"alpine","StarCount":"11043"}\n',
    );
    expect((await m.run("docker search nosuchthing")).stdout).toBe("NAME      DESCRIPTION   STARS     OFFICIAL\n");
  });

  it("rejects bad filters and limits like the daemon", async () => {
    const m = await createMachine();
    expect((await m.run("docker search --filter bogus=1 x")).stderr).toBe(
      "Error response from daemon: invalid filter 'bogus'\n",
    );
    expect((await m.run("docker search --limit 200 x")).stderr).toBe(
      "Error response from daemon: limit 200 is outside the range of [1, 100]\n",
    );
    expect((await m.run("docker search")).stderr).toBe(
      "docker: 'docker search' requires 1 argument\n\nUsage:  docker search [OPTIONS] TERM\n\nRun 'docker search --help' for more information\n",
    );
  });
});
