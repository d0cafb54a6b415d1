import { describe, expect, it } from "vitest";
import { LayeredFs, LowerView, layerFrom } from "./layered-fs";
import { gnuQuote, type LsEnv, lsColumns, lsHuman, lsLong, lsShort, lsTime } from "./ls";
import { createMachine, type Machine } from "./machine";
import { terminal } from "./testing";

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

/*
 * Expected columns below were captured from this machine's real tools, on a pty of the given width,
 * in a directory holding the same names (LANG=C.UTF-8):
 *   script -qc "stty cols 80; ls" /dev/null | tr -d '\r'           (GNU coreutils 9.1)
 *   script -qc "stty cols 80; busybox ls" /dev/null | tr -d '\r'   (busybox 1.35.0, Debian busybox-static)
 * GNU pads with tabs to 8-cell stops, so the tabs are part of the expected text.
 */
const HOST_ROOT = ["bin", "dev", "etc", "home", "opt", "proc", "root", "sbin", "tmp", "usr", "var"];
const BUSYBOX_ROOT = ["bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"];
// The host's /usr/bin in the simulator (`ls /usr/bin` there), 94 names.
const USR_BIN =
  "alias awk aws base64 basename bash cat chmod clear code column comm cp curl cut date diff dirname docker du echo edit egrep env expand expr false fgrep file find fold grep gunzip gzip head help history hostname html-to-markdown id join jq ln ls md5sum mkdir mv nl od paste printenv printf ps pwd readlink rev rg rm rmdir sed seq service sh sha1sum sha256sum sleep sort split sqlite3 stat strings sudo systemctl tac tail tar tee time timeout touch tr tree true unalias uname unexpand uniq wc which whoami xan xargs yq zcat".split(
    " ",
  );

describe("ls short form in columns", () => {
  it("GNU: fitted columns, tab-padded, fewer cells than the terminal is wide", () => {
    expect(lsColumns(HOST_ROOT, 80, "gnu")).toEqual(["bin  dev  etc  home  opt  proc\troot  sbin  tmp  usr  var"]);
    expect(lsColumns(HOST_ROOT, 40, "gnu")).toEqual(["bin  etc   opt\t root  tmp  var", "dev  home  proc  sbin  usr"]);
    // 57 cells of names and gaps: one line needs a 58-wide terminal.
    expect(lsColumns(HOST_ROOT, 58, "gnu")).toHaveLength(1);
    expect(lsColumns(HOST_ROOT, 57, "gnu")).toHaveLength(2);
    expect(lsColumns(HOST_ROOT, 10, "gnu")).toEqual(HOST_ROOT);
    expect(lsColumns(USR_BIN, 80, "gnu").join("\n")).toBe(
      [
        "alias\t  cut\t   file\t\t     ln        rg\t  strings    uname",
        "awk\t  date\t   find\t\t     ls        rm\t  sudo\t     unexpand",
        "aws\t  diff\t   fold\t\t     md5sum    rmdir\t  systemctl  uniq",
        "base64\t  dirname  grep\t\t     mkdir     sed\t  tac\t     wc",
        "basename  docker   gunzip\t     mv        seq\t  tail\t     which",
        "bash\t  du\t   gzip\t\t     nl        service\t  tar\t     whoami",
        "cat\t  echo\t   head\t\t     od        sh\t  tee\t     xan",
        "chmod\t  edit\t   help\t\t     paste     sha1sum\t  time\t     xargs",
        "clear\t  egrep    history\t     printenv  sha256sum  timeout    yq",
        "code\t  env\t   hostname\t     printf    sleep\t  touch      zcat",
        "column\t  expand   html-to-markdown  ps        sort\t  tr",
        "comm\t  expr\t   id\t\t     pwd       split\t  tree",
        "cp\t  false    join\t\t     readlink  sqlite3\t  true",
        "curl\t  fgrep    jq\t\t     rev       stat\t  unalias",
      ].join("\n"),
    );
  });

  it("GNU: 한글 names take two cells each", () => {
    const names = ["a", "b", "c.txt", "d", "e", "f", "g", "h", "도커파일", "메모.txt"];
    expect(lsColumns(names, 80, "gnu")).toEqual(["a  b  c.txt  d\te  f  g  h  도커파일  메모.txt"]);
    expect(lsColumns(names, 20, "gnu")).toEqual(["a      e  도커파일", "b      f  메모.txt", "c.txt  g", "d      h"]);
  });

  it("busybox: one width for every column, (width - 1) / width-of-a-column columns, spaces only", () => {
    expect(lsColumns(BUSYBOX_ROOT, 80, "busybox")).toEqual([
      "bin   dev   etc   home  proc  root  sys   tmp   usr   var",
    ]);
    expect(lsColumns(BUSYBOX_ROOT, 40, "busybox")).toEqual([
      "bin   etc   proc  sys   usr",
      "dev   home  root  tmp   var",
    ]);
    expect(lsColumns(BUSYBOX_ROOT, 30, "busybox")).toEqual([
      "bin   home  sys   var",
      "dev   proc  tmp",
      "etc   root  usr",
    ]);
    // 11 columns of 6 cells need a 67-wide terminal.
    expect(lsColumns(HOST_ROOT, 67, "busybox")).toHaveLength(1);
    expect(lsColumns(HOST_ROOT, 66, "busybox")).toHaveLength(2);
    expect(lsColumns(USR_BIN, 80, "busybox").slice(0, 3)).toEqual([
      "alias             expand            od                systemctl",
      "awk               expr              paste             tac",
      "aws               false             printenv          tail",
    ]);
  });

  // Captured in a directory with d1/{x,y}, d2/z, f1 and zf: `ls d2 f1 zf d1 nope`, `ls -a d1`, `ls -ra d1`, `ls -C1 d1`.
  async function tree() {
    const fs = rootfs();
    await fs.mkdir("/w/d1", { recursive: true });
    await fs.mkdir("/w/d2");
    for (const f of ["/w/d1/x", "/w/d1/y", "/w/d2/z", "/w/f1", "/w/zf"]) await fs.writeFile(f, "");
    return fs;
  }
  const tty = { cols: 80 };

  it("operands: errors, then files, then each directory under its name; GNU exits 2, busybox 1", async () => {
    const fs = await tree();
    const args = ["d2", "f1", "zf", "d1", "nope"];
    expect(await lsShort(args, fs, "/w", "gnu", tty)).toEqual({
      stdout: "f1  zf\n\nd1:\nx  y\n\nd2:\nz\n",
      stderr: "ls: cannot access 'nope': No such file or directory\n",
      exitCode: 2,
    });
    expect(await lsShort(args, fs, "/w", "busybox", tty)).toEqual({
      stdout: "f1  zf\n\nd1:\nx  y\n\nd2:\nz\n",
      stderr: "ls: nope: No such file or directory\n",
      exitCode: 1,
    });
    expect((await lsShort(["-d", "d2", "d1"], fs, "/w", "gnu", tty))?.stdout).toBe("d1  d2\n");
  });

  it("-a, -A and -r", async () => {
    const fs = await tree();
    await fs.writeFile("/w/d1/.hid", "");
    expect((await lsShort(["-a", "d1"], fs, "/w", "gnu", tty))?.stdout).toBe(".  ..  .hid  x\ty\n");
    expect((await lsShort(["-A", "d1"], fs, "/w", "gnu", tty))?.stdout).toBe(".hid  x  y\n");
    await fs.rm("/w/d1/.hid");
    expect((await lsShort(["-a", "d1"], fs, "/w", "busybox", tty))?.stdout).toBe(".   ..  x   y\n");
    expect((await lsShort(["-ra", "d1"], fs, "/w", "gnu", tty))?.stdout).toBe("y  x  ..  .\n");
    expect((await lsShort(["-ar", "d1"], fs, "/w", "busybox", tty))?.stdout).toBe("y   x   ..  .\n");
  });

  it("-1 and -C: the last one wins; without a terminal -C uses $COLUMNS or 80", async () => {
    const fs = await tree();
    const none = { cols: null };
    // Plain names one per line (no terminal, or busybox's -1) are just-bash's own ls.
    expect(await lsShort(["d1"], fs, "/w", "gnu", none)).toBeNull();
    expect(await lsShort(["-1", "d1"], fs, "/w", "busybox", tty)).toBeNull();
    // GNU on a terminal prints -1 itself (it quotes names there, see below).
    expect((await lsShort(["-1", "d1"], fs, "/w", "gnu", tty))?.stdout).toBe("x\ny\n");
    expect((await lsShort(["-C", "d1"], fs, "/w", "gnu", none))?.stdout).toBe("x  y\n");
    expect((await lsShort(["-C1", "d1"], fs, "/w", "gnu", tty))?.stdout).toBe("x\ny\n");
    expect((await lsShort(["-1C", "d1"], fs, "/w", "busybox", tty))?.stdout).toBe("x  y\n");
    const root = rootfs();
    for (const d of HOST_ROOT) await root.mkdir(`/r/${d}`, { recursive: true });
    expect((await lsShort(["-C", "/r"], root, "/", "gnu", none))?.stdout).toBe(`${lsColumns(HOST_ROOT, 80, "gnu")}\n`);
    expect((await lsShort(["-C", "/r"], root, "/", "gnu", { cols: null, columnsEnv: "40" }))?.stdout).toBe(
      "bin  etc   opt\t root  tmp  var\ndev  home  proc  sbin  usr\n",
    );
    // GNU: -l after -C is long (and -C after -l is columns); busybox: -l always wins.
    expect(await lsShort(["-Cl", "d1"], fs, "/w", "gnu", tty)).toBeNull();
    expect((await lsShort(["-lC", "d1"], fs, "/w", "gnu", tty))?.stdout).toBe("x  y\n");
    expect(await lsShort(["-lC", "d1"], fs, "/w", "busybox", tty)).toBeNull();
    expect((await lsLong(["-lC", "d1"], fs, "/w", env("busybox")))?.stdout).toMatch(/^total 0\n-rw-r--r-- /);
  });
});

describe("GNU ls quotes names on a terminal", () => {
  // Each expected form is GNU ls 9.1's on a pty (`ls -1` in a directory of such names), see above.
  it("single quotes for shell specials, double quotes when a ' is the only trouble, $'\\t' for control characters", () => {
    const cases: [string, string][] = [
      ["plain.txt", "plain.txt"],
      ["메모.txt", "메모.txt"],
      ["x y", "'x y'"],
      ["a$b", "'a$b'"],
      ["e*", "'e*'"],
      ["a=b", "'a=b'"],
      ["a]b", "a]b"],
      ["#a", "'#a'"],
      ["a#b", "a#b"],
      ["~a", "'~a'"],
      ["a~b", "a~b"],
      ["{", "'{'"],
      ["{a", "{a"],
      ["it's", `"it's"`],
      ["it's x", `"it's x"`],
      ["it's*", String.raw`'it'\''s*'`],
      [`a'b"c`, String.raw`'a'\''b"c'`],
      ["a\\b", String.raw`'a\b'`],
      ["a\tb", String.raw`'a'$'\t''b'`],
      ["a\nb", String.raw`'a'$'\n''b'`],
    ];
    for (const [name, shown] of cases) expect(gnuQuote(name)).toBe(shown);
  });

  it("columns and long listings line the other names up with the text inside the quotes; -1 does not", async () => {
    // Captured: touch a 'b$c' 'e*' "it's" 'q"d' 'x y' (and, for -l, a link `'l nk' -> "it's x"`), ls / ls -l / ls -1 on a pty.
    const fs = rootfs();
    await fs.mkdir("/q");
    for (const f of ["a", "b$c", "e*", "it's", 'q"d', "x y"]) await fs.writeFile(`/q/${f}`, "");
    expect((await lsShort([], fs, "/q", "gnu", { cols: 80 }))?.stdout).toBe(` a  'b$c'  'e*'  "it's"  'q"d'\t'x y'\n`);
    expect((await lsShort(["-1"], fs, "/q", "gnu", { cols: 80 }))?.stdout).toBe(
      `a\n'b$c'\n'e*'\n"it's"\n'q"d'\n'x y'\n`,
    );
    // Not a terminal: the names as they are.
    expect((await lsShort(["-C"], fs, "/q", "gnu", { cols: null }))?.stdout).toBe(`a  b$c\te*  it's  q"d  x y\n`);
    // busybox does not quote.
    expect((await lsShort([], fs, "/q", "busybox", { cols: 80 }))?.stdout).toBe(`a     b$c   e*    it's  q"d   x y\n`);
    await fs.symlink("it's x", "/q/l nk");
    const long = await lsLong(["-l", "/q"], fs, "/", { ...env("gnu"), tty: true });
    expect(long?.stdout.split("\n").map((l) => l.replace(/^.*? \d\d:\d\d /, ""))).toEqual([
      "total 0",
      " a",
      "'b$c'",
      "'e*'",
      `"it's"`,
      `'l nk' -> "it's x"`,
      `'q"d'`,
      "'x y'",
      "",
    ]);
    expect((await lsLong(["-l", "/q"], fs, "/", env("gnu")))?.stdout).toContain(" 15:23 l nk -> it's x\n");
  });
});

/** The terminal, once its first prompt is up. */
async function ready(m: Machine) {
  const t = terminal(m);
  await t.waitFor(/\$ $/);
  return t;
}

describe("ls on the terminal", () => {
  it("the host prints columns as wide as the terminal, one per line into a pipe or $(…)", async () => {
    const m = await createMachine({ clock: "virtual", cols: 80 });
    const t = await ready(m);
    expect(await t.line("ls /")).toBe("bin  dev  etc  home  opt  proc\troot  sbin  tmp  usr  var\n");
    m.resize(40, 24);
    expect(await t.line("ls /")).toBe("bin  etc   opt\t root  tmp  var\ndev  home  proc  sbin  usr\n");
    expect(await t.line("ls -1 /")).toBe(`${HOST_ROOT.join("\n")}\n`);
    expect(await t.line("ls / | cat")).toBe(`${HOST_ROOT.join("\n")}\n`);
    expect(await t.line(`x=$(ls /); echo "$x"`)).toBe(`${HOST_ROOT.join("\n")}\n`);
    expect(await t.line("ls / > /tmp/l; cat /tmp/l")).toBe(`${HOST_ROOT.join("\n")}\n`);
    // -C into a pipe: 80 columns (bash does not export $COLUMNS).
    expect(await t.line("ls -C / | cat")).toBe("bin  dev  etc  home  opt  proc\troot  sbin  tmp  usr  var\n");
    expect(await t.line("ls /nope")).toBe("ls: cannot access '/nope': No such file or directory\n");
    expect(await t.line("echo $?")).toBe("2\n");
    expect(await t.line("mkdir q; touch 'q/my file' q/notes; ls q")).toBe("'my file'   notes\n");
    // Not the whole statement, but still writing to the terminal.
    expect(await t.line("cd q && ls && cd ..")).toBe("'my file'   notes\n");
    expect(await t.line("for d in q; do ls $d; done")).toBe("'my file'   notes\n");
    expect(await t.line("if true; then ls q; fi")).toBe("'my file'   notes\n");
    expect(await t.line("true && ls q > /tmp/l; cat /tmp/l")).toBe("my file\nnotes\n");
    expect(await t.line("ls q 2>/dev/null | cat && true")).toBe("my file\nnotes\n");
    expect(await t.line("ls q nope 2>/dev/null")).toBe("q:\n'my file'   notes\n");
    expect(await t.line("ls q >&2")).toBe("my file\nnotes\n");
    expect(await t.line("ls q &> /tmp/l; cat /tmp/l")).toBe("my file\nnotes\n");
    // Commands for lesson checks have no terminal.
    expect((await m.run("ls /")).stdout).toBe(`${HOST_ROOT.join("\n")}\n`);
  });

  it("a busybox container's shell prints busybox's columns at the terminal's width", async () => {
    const m = await createMachine({ clock: "virtual", cols: 40 });
    await m.run("docker pull -q busybox && docker run -d --name box busybox sleep 1000");
    const t = await ready(m);
    await t.line("docker exec -it box sh", /\/ # $/);
    expect(await t.line("ls /", /\/ # $/)).toBe("bin   etc   proc  sys   usr\ndev   home  root  tmp   var\n");
    expect(await t.line("ls / | cat", /\/ # $/)).toBe(`${BUSYBOX_ROOT.join("\n")}\n`);
    expect(await t.line("ls -C1 /", /\/ # $/)).toBe(`${BUSYBOX_ROOT.join("\n")}\n`);
    expect(await t.line("ls /nope; echo $?", /\/ # $/)).toBe("ls: /nope: No such file or directory\n1\n");
    await t.line("exit");
    // `docker run -t`: the command's stdout is the container's tty, created at the terminal's size
    // (the CLI sends ConsoleSize at create, as docker/cli does): 40 columns, then 80.
    expect(await t.line("docker run --rm -t busybox ls /")).toBe(
      "bin   etc   proc  sys   usr\ndev   home  root  tmp   var\n",
    );
    m.resize(80, 24);
    expect(await t.line("docker run --rm -t busybox ls /")).toBe(
      "bin   dev   etc   home  proc  root  sys   tmp   usr   var\n",
    );
    expect(
      (
        await m.run(
          "docker run -t --name sized busybox true; docker inspect -f '{{json .HostConfig.ConsoleSize}}' sized",
        )
      ).stdout,
    ).toBe("[0,0]\n");
    expect(await t.line("docker run --rm busybox ls /")).toBe(`${BUSYBOX_ROOT.join("\n")}\n`);
  });
});

describe("ls -t and -S", () => {
  it("sort newest or largest first, ties by name, as GNU ls does (same order as coreutils 9.1 here)", async () => {
    const m = await createMachine({ clock: "virtual" });
    await m.run(
      "mkdir d && cd d && echo aaaaaaaa > big && echo a > small && echo aaaa > med && echo aaaa > tie && " +
        "touch -d '2024-01-01 00:00' big && touch -d '2025-06-01 00:00' small && touch -d '2024-06-01 00:00' med tie",
    );
    const names = async (cmd: string) => (await m.run(`cd d && ${cmd}`)).stdout.trim().split("\n");
    expect(await names("ls -t")).toEqual(["small", "med", "tie", "big"]);
    expect(await names("ls -S")).toEqual(["big", "med", "tie", "small"]);
    expect(await names("ls -tr")).toEqual(["big", "tie", "med", "small"]);
    // The last of -t and -S wins.
    expect(await names("ls -St")).toEqual(["small", "med", "tie", "big"]);
    expect(await names("ls -tS")).toEqual(["big", "med", "tie", "small"]);
    expect((await names("ls -lt")).slice(1).map((l) => l.split(" ").at(-1))).toEqual(["small", "med", "tie", "big"]);
    // Several operands: files first in the same order, then directories.
    expect(await names("ls -t big small")).toEqual(["small", "big"]);
  });
});
