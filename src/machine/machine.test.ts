import { describe, expect, it } from "vitest";
import { createMachine, type Machine } from "./machine";

/** Drive the terminal like a user: type, wait for the prompt, read the screen text. */
async function terminal(m: Machine) {
  let screen = "";
  m.onOutput((d) => {
    screen += d;
  });
  let busy = false;
  m.onBusy((b) => {
    busy = b;
  });
  m.start();
  const settle = async () => {
    for (let i = 0; i < 2000; i++) {
      await new Promise((r) => setTimeout(r, 0));
      if (!busy && screen.endsWith("$ ")) return;
    }
    throw new Error(`terminal did not settle: ${JSON.stringify(screen.slice(-300))}`);
  };
  await settle();
  return {
    get text() {
      // eslint-disable-next-line no-control-regex
      return screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
    },
    clear() {
      screen = "";
    },
    async type(s: string, waitPrompt = true) {
      m.input(s);
      if (waitPrompt) await settle();
      else for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0));
    },
    async waitFor(re: RegExp) {
      for (let i = 0; i < 2000; i++) {
        if (re.test(this.text)) return;
        await new Promise((r) => setTimeout(r, 0));
      }
      throw new Error(`never saw ${re}: ${JSON.stringify(this.text.slice(-400))}`);
    },
  };
}

describe("the terminal shell", () => {
  it("shows the Ubuntu-like prompt and runs a command", async () => {
    const t = await terminal(await createMachine());
    expect(t.text).toBe("student@classroom:~$ ");
    await t.type("echo hello\r");
    expect(t.text).toContain("echo hello\nhello\nstudent@classroom:~$ ");
  });

  it("keeps cwd, variables and aliases from line to line", async () => {
    const t = await terminal(await createMachine());
    await t.type("cd /tmp\r");
    await t.type("X=42\r");
    await t.type("alias greet='echo hi'\r");
    t.clear();
    await t.type("pwd; echo $X; greet\r");
    expect(t.text).toContain("/tmp\n42\nhi\n");
    expect(t.text).toMatch(/student@classroom:\/tmp\$ $/);
  });

  it("carries $? across lines", async () => {
    const t = await terminal(await createMachine());
    await t.type("false\r");
    t.clear();
    await t.type("echo $?\r");
    expect(t.text).toContain("\n1\n");
  });

  it("edits the line: left arrow insert, Home/End, Ctrl+U, Ctrl+W, history", async () => {
    const t = await terminal(await createMachine());
    await t.type("echo bc\x1b[D\x1b[Da\r");
    expect(t.text).toContain("\nabc\n");
    t.clear();
    await t.type("cho x\x01e\x05y\r");
    expect(t.text).toContain("\nxy\n");
    t.clear();
    await t.type("garbage\x15echo ok\r");
    expect(t.text).toContain("\nok\n");
    t.clear();
    await t.type("echo one two\x17three\r");
    expect(t.text).toContain("\none three\n");
    t.clear();
    await t.type("\x1b[A\r");
    expect(t.text).toContain("\none three\n");
  });

  it("runs a multi-line paste line by line", async () => {
    const t = await terminal(await createMachine());
    await t.type("echo first\recho second\r");
    await t.waitFor(/second\n.*\$ $/);
    expect(t.text.indexOf("first")).toBeLessThan(t.text.indexOf("second"));
    expect(t.text.match(/student@classroom:~\$ /g)?.length).toBe(3);
  });

  it("keeps Korean text intact", async () => {
    const t = await terminal(await createMachine());
    await t.type('echo "안녕하세요"\r');
    expect(t.text).toContain("\n안녕하세요\n");
  });

  it("completes docker subcommands and container names", async () => {
    const m = await createMachine();
    const t = await terminal(m);
    await t.type("docker run -d --name webserver nginx\r");
    t.clear();
    await t.type("docker vers\t", false);
    expect(t.text).toContain("docker version ");
    await t.type("\x15docker stop web\t", false);
    expect(t.text).toContain("docker stop webserver ");
  });

  it("stops an endless loop on Ctrl+C and gives the prompt back", async () => {
    const t = await terminal(await createMachine());
    await t.type("while true; do :; done\r", false);
    await t.type("\x03");
    expect(t.text).toMatch(/\^C\nstudent@classroom:~\$ $/);
    t.clear();
    await t.type("echo $?\r");
    expect(t.text).toContain("\n130\n");
  });
});

describe("docker run -it", () => {
  it("gives a container shell with its own hostname, and isolation holds after exit", async () => {
    const m = await createMachine();
    const t = await terminal(m);
    await t.type("docker pull ubuntu\r");
    t.clear();
    m.input("docker run -it ubuntu bash\r");
    await t.waitFor(/root@[0-9a-f]{12}:\/# $/);
    const host = t.text.match(/root@([0-9a-f]{12})/)?.[1];
    m.input("hostname\r");
    await t.waitFor(new RegExp(`hostname\\n${host}\\n`));
    m.input("touch /proof && ls /proof\r");
    await t.waitFor(/\n\/proof\n/);
    m.input("exit\r");
    await t.waitFor(/exit\nstudent@classroom:~\$ $/);
    t.clear();
    await t.type("docker ps -a --format '{{.Status}}'\r");
    expect(t.text).toMatch(/Exited \(0\)/);
    t.clear();
    await t.type("docker run --rm ubuntu ls /proof\r");
    expect(t.text).toContain("ls: cannot access '/proof': No such file or directory");
    t.clear();
    await t.type("echo $?\r");
    expect(t.text).toContain("\n2\n");
  });

  it("refuses -it when stdin is not a terminal", async () => {
    const m = await createMachine();
    const r = await m.run("echo | docker run -it --rm busybox sh");
    expect(r.stderr).toBe("the input device is not a TTY\n");
    expect(r.exitCode).toBe(1);
  });
});

describe("silent runs (lesson checks)", () => {
  it("see the same engine as the terminal", async () => {
    const m = await createMachine();
    const t = await terminal(m);
    await t.type("docker run --name first busybox echo 안녕\r");
    const r = await m.run("docker ps -a --filter name=first -q | grep -q . && echo yes");
    expect(r.stdout).toBe("yes\n");
    expect((await m.run("docker ps -a --filter name=nobody -q | grep -q .")).exitCode).toBe(1);
  });
});

describe("snapshot", () => {
  it("restores host files, images and containers", async () => {
    const a = await createMachine();
    await a.run("echo data > /home/student/note.txt && docker run --name keep busybox sh -c 'echo hi > /f'");
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const b = await createMachine();
    await b.restore(snap);
    expect((await b.run("cat /home/student/note.txt")).stdout).toBe("data\n");
    expect((await b.run("docker ps -a --format '{{.Names}}'")).stdout).toBe("keep\n");
    expect((await b.run("docker images --format '{{.Repository}}'")).stdout).toBe("busybox\n");
  });
});

describe("line editing with a colour prompt", () => {
  it("does not count colour codes as columns (no redraw near the right margin)", async () => {
    const m = await createMachine({ color: true, cols: 58 });
    let out = "";
    m.onOutput((d) => {
      out += d;
    });
    m.start();
    await new Promise((r) => setTimeout(r, 10));
    out = "";
    m.input("echo 1234567890123456789012345678901");
    await new Promise((r) => setTimeout(r, 10));
    // 21 visible prompt cells + 36 typed = 57 < 58: every key is echoed as is, no cursor movement.
    expect(out).toBe("echo 1234567890123456789012345678901");
  });
});

describe("the docker service", () => {
  it("systemctl status shows when dockerd started and its PID; a restart is a new process", async () => {
    const m = await createMachine({ clock: "virtual" });
    const first = await m.run("sudo systemctl status docker");
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(
      /^● docker\.service - Docker Application Container Engine\n {5}Loaded: loaded \(\/usr\/lib\/systemd\/system\/docker\.service; enabled; preset: enabled\)\n {5}Active: active \(running\) since \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; (now|\d+ms ago)\n/,
    );
    expect(first.stdout).toContain("   Main PID: 812 (dockerd)\n");
    await m.run("sudo systemctl stop docker");
    await m.clock.sleep(65_000);
    const stopped = await m.run("sudo systemctl status docker");
    expect(stopped.exitCode).toBe(3);
    expect(stopped.stdout).toMatch(/ {5}Active: inactive \(dead\) since .* UTC; 1min 5s ago\n/);
    expect(stopped.stdout).toContain("   Main PID: 812 (code=exited, status=0/SUCCESS)\n");
    expect((await m.run("ps -ef | grep -c [d]ockerd")).stdout).toBe("0\n");
    await m.run("sudo systemctl start docker");
    const again = await m.run("sudo systemctl status docker");
    expect(again.stdout).not.toContain("Main PID: 812 ");
    expect(again.stdout).toMatch(/Main PID: (\d+) \(dockerd\)[\s\S]*└─\1 \/usr\/bin\/dockerd/);
  });
});
