/**
 * `npm run server -- --prepare-images` (src/server/prepare-images.ts): the tar writer, the static
 * busybox check, its errors, and against the real engine an import that matches
 * tests/fidelity/build-busybox-image.sh's busybox:latest file for file.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { helpText, parseConfig } from "../../src/server/config";
import { isStaticElf, PrepareError, prepareImages, STAND_INS } from "../../src/server/prepare-images";
import { tarArchive } from "../../src/server/tar";
import { dockerCli, ENGINE_URL, engine, skipNote, uniq } from "./harness";

describe("prepare-images without an engine", () => {
  it("is an option of npm run server that needs no session mode", () => {
    expect(parseConfig(["--prepare-images"], {})).toMatchObject({
      prepareImages: true,
      force: false,
      busybox: "/bin/busybox",
    });
    expect(parseConfig([], { CC_PREPARE_IMAGES: "1", CC_FORCE: "1" })).toMatchObject({
      prepareImages: true,
      force: true,
    });
    expect(() => parseConfig([], {})).toThrow(/--join-code/);
    for (const flag of ["--prepare-images", "--force", "--busybox PATH"]) expect(helpText()).toContain(flag);
  });

  it("writes a tar that tar reads back: files, modes, directories and links", () => {
    const t = tarArchive([
      { type: "dir", name: "./bin/" },
      { type: "file", name: "./bin/tool", content: "#!/bin/sh\necho hi\n", mode: 0o755 },
      { type: "link", name: "./bin/alias", target: "./bin/tool" },
      { type: "symlink", name: "./etc-os", target: "../usr/lib/os-release" },
      { type: "file", name: `./${"d/".repeat(60)}deep.txt`, content: "deep" },
    ]);
    expect(t.length % 512).toBe(0);
    const r = spawnSync("tar", ["-tvf", "-"], { input: t, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^drwxr-xr-x root\/root\s+0 .* \.\/bin\/$/m);
    expect(r.stdout).toMatch(/^-rwxr-xr-x root\/root\s+18 .* \.\/bin\/tool$/m);
    expect(r.stdout).toMatch(/\.\/bin\/alias link to \.\/bin\/tool$/m);
    expect(r.stdout).toMatch(/\.\/etc-os -> \.\.\/usr\/lib\/os-release$/m);
    expect(r.stdout).toContain(`${"d/".repeat(60)}deep.txt`);
  });

  it("tells a static executable from a dynamic one", () => {
    expect(isStaticElf(process.execPath)).toBe(false);
    if (spawnSync("/bin/busybox", ["true"]).status === 0) expect(isStaticElf("/bin/busybox")).toBe(true);
  });

  it("says clearly when the engine cannot be reached", async () => {
    const e = await prepareImages({
      engine: "unix:///nonexistent/docker.sock",
      force: false,
      busybox: "/bin/busybox",
      log: () => {},
    }).catch((x) => x);
    expect(e).toBeInstanceOf(PrepareError);
    expect(e.message).toMatch(/^Cannot connect to the Docker daemon at unix:\/\/\/nonexistent\/docker\.sock\./);
  });

  it("keeps one Dockerfile per stand-in, each FROM the imported busybox and labelled", async () => {
    const { readFileSync } = await import("node:fs");
    const { IMAGES_DIR } = await import("../../src/server/prepare-images");
    for (const s of STAND_INS) {
      const d = readFileSync(`${IMAGES_DIR}/${s.dir}/Dockerfile`, "utf8");
      expect(d).toMatch(/^FROM busybox:latest$/m);
      expect(d).toContain('org.container-classroom.stand-in="true"');
      expect(d).toContain("org.container-classroom.description=");
    }
  });
});

describe.skipIf(!engine.ok || !dockerCli)(`prepare-images against the real engine${skipNote}`, () => {
  const docker = (...args: string[]) => spawnSync("docker", ["-H", ENGINE_URL, ...args], { encoding: "utf8" });

  it("refuses a busybox that is missing", async () => {
    const e = await prepareImages({
      engine: ENGINE_URL,
      force: false,
      busybox: "/nonexistent/busybox",
      baseTag: `cc-prepare-test/busybox:${uniq("m")}`,
      only: [],
      log: () => {},
    }).catch((x) => x);
    expect(e).toBeInstanceOf(PrepareError);
    expect(e.message).toContain("/nonexistent/busybox not found");
    expect(e.message).toContain("busybox-static");
  });

  it.skipIf(!isStaticElfSafe("/bin/busybox"))(
    "imports busybox like build-busybox-image.sh, and keeps what is present",
    async () => {
      const tag = `cc-prepare-test/busybox:${uniq("i")}`;
      const lines: string[] = [];
      try {
        await prepareImages({
          engine: ENGINE_URL,
          force: false,
          busybox: "/bin/busybox",
          baseTag: tag,
          only: [],
          log: (l) => lines.push(l),
        });
        expect(lines[0]).toMatch(new RegExp(`^${tag.replace(/[./]/g, "\\$&")}\\s+imported from /bin/busybox`));
        const listing = (image: string) =>
          docker(
            "run",
            "--rm",
            "--network",
            "none",
            image,
            "sh",
            "-c",
            "find / -xdev \\! -path '/proc*' \\! -path '/sys*' \\! -path '/dev*' \\! -name .dockerenv \\! -path /etc/hostname \\! -path /etc/hosts \\! -path /etc/resolv.conf -exec stat -c '%n %a %h %u %g %s' {} + | sort; cat /etc/passwd /etc/group",
          ).stdout;
        const mine = listing(tag);
        expect(mine).toContain("/bin/busybox 755");
        expect(mine).toBe(listing("busybox:latest"));
        const conf = (image: string) =>
          docker("image", "inspect", "-f", "{{json .Config.Cmd}} {{json .Config.Env}}", image);
        expect(conf(tag).stdout).toBe(conf("busybox:latest").stdout);
        lines.length = 0;
        await prepareImages({
          engine: ENGINE_URL,
          force: true,
          busybox: "/bin/busybox",
          baseTag: tag,
          only: [],
          log: (l) => lines.push(l),
        });
        expect(lines).toEqual([expect.stringMatching(/present, kept/)]);
      } finally {
        docker("rmi", tag);
      }
    },
    60_000,
  );
});

function isStaticElfSafe(p: string): boolean {
  try {
    return isStaticElf(p);
  } catch {
    return false;
  }
}
