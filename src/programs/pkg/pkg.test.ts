import { describe, expect, it } from "vitest";
import { createMachine } from "../../machine/machine";

describe("package managers", () => {
  it("apk add puts the package's programs in the container, usable at once", async () => {
    const m = await createMachine();
    const r = await m.run(
      "docker run --rm alpine:3.20 sh -c 'curl --version >/dev/null 2>&1; echo before=$?; apk add --no-cache curl >/dev/null; curl --version | head -1'",
    );
    expect(r.stdout).toBe("before=127\ncurl 8.9.1 (x86_64-pc-linux-gnu) libcurl/8.9.1 OpenSSL/3.3.2 zlib/1.3.1\n");
    const bad = await m.run("docker run --rm alpine apk add nosuch");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain(
      "ERROR: unable to select packages:\n  nosuch (no such package):\n    required by: world[nosuch]\n",
    );
  });

  it("apt-get finds nothing before apt-get update, as in a fresh image", async () => {
    const m = await createMachine();
    const r = await m.run("docker run --rm ubuntu apt-get install -y curl");
    expect(r.exitCode).toBe(100);
    expect(r.stderr.endsWith("E: Unable to locate package curl\n")).toBe(true);
    const ok = await m.run(
      "docker run --rm ubuntu sh -c 'apt-get update >/dev/null && apt-get install -y curl >/dev/null && which curl'",
    );
    expect(ok.stdout).toBe("/usr/bin/curl\n");
  });

  it("a Dockerfile RUN apk add makes the program part of the image", async () => {
    const m = await createMachine();
    await m.run("mkdir -p /home/student/shop");
    await m.hostFs.writeFile(
      "/home/student/shop/Dockerfile",
      'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["curl", "--version"]\n',
    );
    expect((await m.run("cd /home/student/shop && docker build -q -t shop .")).exitCode).toBe(0);
    expect((await m.run("docker run --rm shop")).stdout).toMatch(/^curl 8\.9\.1/);
    expect((await m.run("docker run --rm alpine:3.20 sh -c 'command -v curl || echo none'")).stdout).toBe("none\n");
  });
});
