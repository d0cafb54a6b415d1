import { describe, expect, it } from "vitest";
import { LayeredFs, LowerView, layerFrom } from "./layered-fs";
import { type LsEnv, lsHuman, lsLong, lsTime } from "./ls";
import { createMachine } from "./machine";

const NOW = Date.parse("2026-11-28T15:23:00Z");
const BUILT = Date.parse("2026-11-28T12:31:00Z");

function rootfs() {
  const lower = new LowerView([
    layerFrom(
      {
        "/bin/busybox": { mode: 0o755, content: "x".repeat(1982256) },
        "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n",
        "/etc/group": "root:x:0:\nnogroup:x:65534:\n",
        "/home/": "",
        "/tmp/": "",
      },
      BUILT,
    ),
  ]);
  return new LayeredFs(lower, undefined, () => NOW);
}

const env = (userland: LsEnv["userland"], owners: Record<string, number> = {}): LsEnv => ({
  userland,
  now: () => NOW,
  ownerOf: (p) => owners[p],
});

describe("ls long format", () => {
  it("prints busybox's fixed columns (as captured from busybox 1.37 in docker)", async () => {
    const fs = rootfs();
    await fs.mkdir("/tmp/d");
    await fs.writeFile("/tmp/d/f", "hi\n");
    await fs.symlink("f", "/tmp/d/l");
    await fs.mkdir("/tmp/d/sub");
    const r = await lsLong(["-la", "/tmp/d"], fs, "/", env("busybox"));
    expect(r?.stdout).toBe(
      [
        "total 16",
        "drwxr-xr-x    3 root     root          4096 Nov 28 15:23 .",
        "drwxr-xr-x    3 root     root          4096 Nov 28 12:31 ..",
        "-rw-r--r--    1 root     root             3 Nov 28 15:23 f",
        "lrwxrwxrwx    1 root     root             1 Nov 28 15:23 l -> f",
        "drwxr-xr-x    2 root     root          4096 Nov 28 15:23 sub",
        "",
      ].join("\n"),
    );
    const h = await lsLong(["-lh", "/bin/busybox"], fs, "/", env("busybox"));
    expect(h?.stdout).toBe("-rwxr-xr-x    1 root     root        1.9M Nov 28 12:31 /bin/busybox\n");
    const missing = await lsLong(["-l", "/nope"], fs, "/", env("busybox"));
    expect(missing).toEqual({ stdout: "", stderr: "ls: /nope: No such file or directory\n", exitCode: 1 });
  });

  it("prints GNU's fitted columns, owners from /etc/passwd, exit 2 for a missing operand", async () => {
    const fs = rootfs();
    await fs.writeFile("/tmp/mine", "x".repeat(5000));
    await fs.writeFile("/tmp/theirs", "");
    const r = await lsLong(["-l", "/tmp"], fs, "/", env("gnu", { "/tmp/theirs": 65534 }));
    expect(r?.stdout).toBe(
      [
        "total 8",
        "-rw-r--r-- 1 root   root    5000 Nov 28 15:23 mine",
        "-rw-r--r-- 1 nobody nogroup    0 Nov 28 15:23 theirs",
        "",
      ].join("\n"),
    );
    const d = await lsLong(["-ld", "/tmp", "/nope"], fs, "/", env("gnu"));
    expect(d).toEqual({
      stdout: "drwxr-xr-x 2 root root 4096 Nov 28 12:31 /tmp\n",
      stderr: "ls: cannot access '/nope': No such file or directory\n",
      exitCode: 2,
    });
  });

  it("dates: time of day within six months, the year before that", () => {
    expect(lsTime(Date.parse("2026-11-03T09:05:00Z"), NOW, "gnu")).toBe("Nov  3 09:05");
    expect(lsTime(Date.parse("2024-09-26T21:31:42Z"), NOW, "gnu")).toBe("Sep 26  2024");
    expect(lsTime(Date.parse("2024-09-26T21:31:42Z"), NOW, "busybox")).toBe("Sep 26  2024");
  });

  it("human sizes: busybox keeps a decimal, GNU rounds up", () => {
    expect(lsHuman(1982256, "busybox")).toBe("1.9M");
    expect(lsHuman(12288, "busybox")).toBe("12.0K");
    expect(lsHuman(12288, "gnu")).toBe("12K");
    expect(lsHuman(4096, "gnu")).toBe("4.0K");
    expect(lsHuman(4097, "gnu")).toBe("4.1K");
    expect(lsHuman(300, "gnu")).toBe("300");
  });

  it("leaves the short forms to just-bash", async () => {
    expect(await lsLong(["-a"], rootfs(), "/", env("gnu"))).toBeNull();
    expect(await lsLong(["-lR"], rootfs(), "/", env("gnu"))).toBeNull();
  });
});

describe("ls in the machine", () => {
  it("the host's home belongs to student, GNU style", async () => {
    const m = await createMachine({ clock: "virtual" });
    const r = await m.run("ls -la ~");
    expect(r.stdout).toMatch(/^total 16\ndrwxr-xr-x 2 student student 4096 \w{3} [ \d]\d +[\d:]+ \.\n/);
    expect(r.stdout).toContain(" root    root    4096 ");
    expect(r.stdout).toMatch(/-rw-r--r-- 1 student student +\d+ .* \.bashrc\n/);
  });

  it("busybox images: root's files, the writer's uid for files made with -u", async () => {
    const m = await createMachine({ clock: "virtual" });
    await m.run("docker pull -q busybox");
    const r = await m.run("docker run --rm busybox ls -l /");
    expect(r.stdout).toMatch(
      /^total \d+\ndrwxr-xr-x +\d+ root {5}root {10}4096 \w{3} [ \d]\d [ \d]{2}\d{1,4}:?\d* bin\n/,
    );
    expect(r.stdout).not.toContain("bin/");
    expect(r.stdout).toMatch(/\ndr-xr-xr-x {2}128 root {5}root {13}0 \w{3} [ \d]\d \d\d:\d\d proc\n/);
    expect(r.stdout).toMatch(/\ndrwx------ {4}2 root {5}root {10}4096 .* root\n/);
    const all = await m.run("docker run --rm busybox ls -la / /etc/mtab");
    expect(all.stdout).toMatch(/^lrwxrwxrwx {4}1 root {5}root {12}12 .* \/etc\/mtab -> \/proc\/mounts\n/);
    expect(all.stdout).toMatch(/\n-rwxr-xr-x {4}1 root {5}root {13}0 .* \.dockerenv\n/);
    const u = await m.run(`docker run --rm -u 1000 busybox sh -c ": > /tmp/a && ls -l /tmp"`);
    expect(u.stdout).toMatch(/^total 0\n-rw-r--r-- {4}1 1000 {5}1000 {13}0 \w{3} [ \d]\d \d\d:\d\d a\n$/);
  });
});
