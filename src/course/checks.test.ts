import { Bash } from "just-bash";
import { describe, expect, it } from "vitest";
import { applySetup, quotePath, replaySolution, runChecks, setupScripts, shellQuote } from "./checks";
import type { RunFn } from "./types";

/** A fake machine: a set of container names, and a few commands over it. */
function fakeMachine() {
  const containers = new Set<string>();
  const log: string[] = [];
  const run: RunFn = async (script) => {
    log.push(script);
    const m = /^docker run --name (\S+)/.exec(script);
    if (m) {
      containers.add(m[1]);
      return { exitCode: 0, stdout: "", stderr: "" };
    }
    const has = /^has (\S+)$/.exec(script);
    if (has) return { exitCode: containers.has(has[1]) ? 0 : 1, stdout: "", stderr: "" };
    if (script === "boom") throw new Error("machine gone");
    return { exitCode: 127, stdout: "", stderr: `${script}: command not found` };
  };
  return { run, containers, log };
}

describe("runChecks", () => {
  const task = {
    check: [
      { run: "has a", fail: "a가 없어요." },
      { run: "has b", fail: "b가 없어요." },
    ],
  };

  it("runs every line and reports each failure with its message", async () => {
    const m = fakeMachine();
    const r = await runChecks(task, m.run);
    expect(r.passed).toBe(false);
    expect(r.messages).toEqual(["a가 없어요.", "b가 없어요."]);
    expect(r.lines.map((l) => [l.run, l.passed, l.exitCode])).toEqual([
      ["has a", false, 1],
      ["has b", false, 1],
    ]);
    m.containers.add("a");
    const r2 = await runChecks(task, m.run);
    expect(r2.messages).toEqual(["b가 없어요."]);
    expect(r2.lines[0].message).toBeUndefined();
  });

  it("passes when all lines exit 0, whatever path led there", async () => {
    const m = fakeMachine();
    m.containers.add("a").add("b");
    expect(await runChecks(task, m.run)).toMatchObject({ passed: true, messages: [] });
  });

  it("treats a run that throws as a failed line", async () => {
    const m = fakeMachine();
    const r = await runChecks({ check: [{ run: "boom", fail: "확인하지 못했어요." }] }, m.run);
    expect(r.passed).toBe(false);
    expect(r.lines[0]).toMatchObject({ exitCode: -1, stderr: "machine gone", message: "확인하지 못했어요." });
  });
});

describe("replaySolution", () => {
  it("runs every line even after a failing one", async () => {
    const m = fakeMachine();
    const r = await replaySolution({ solution: ["docker run --name a x", "nope", "docker run --name b x"] }, m.run);
    expect(r.ok).toBe(false);
    expect([...m.containers]).toEqual(["a", "b"]);
  });
});

describe("setup", () => {
  it("pulls only missing images, then files, then lines", () => {
    expect(setupScripts({ images: ["busybox"], files: [], run: ["echo hi"] })).toEqual([
      "docker images -q 'busybox' | grep -q . || docker pull 'busybox'",
      "echo hi",
    ]);
  });

  it("quotes for the shell", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(quotePath("~/a b")).toBe(`~/'a b'`);
    expect(quotePath("/x")).toBe(`'/x'`);
  });

  it("creates files in a real shell, keeps edits unless overwrite is set", async () => {
    const bash = new Bash({ cwd: "/home/student", env: { HOME: "/home/student" } });
    await bash.exec("mkdir -p /home/student");
    const run: RunFn = async (s) => {
      const r = await bash.exec(s);
      return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    };
    const content = "첫 줄 'quoted' \"double\" $HOME `tick` \\ back\n둘째 줄\n";
    const setup = {
      images: [],
      files: [
        { path: "~/app/index.html", content, overwrite: false },
        { path: "/opt/run.sh", content: "echo hi", mode: "755", overwrite: true },
        { path: "notes.txt", content: "rel", overwrite: false },
      ],
      run: [],
    };
    expect((await applySetup(setup, run)).ok).toBe(true);
    expect((await bash.exec("cat /home/student/app/index.html")).stdout).toBe(content);
    expect((await bash.exec("cat /home/student/notes.txt")).stdout).toBe("rel");
    expect((await bash.exec("stat -c %a /opt/run.sh")).stdout).toBe("755\n");
    await bash.exec("echo edited > /home/student/app/index.html; echo edited > /opt/run.sh");
    expect((await applySetup(setup, run)).ok).toBe(true);
    expect((await bash.exec("cat /home/student/app/index.html")).stdout).toBe("edited\n");
    expect((await bash.exec("cat /opt/run.sh")).stdout).toBe("echo hi");
  });
});
