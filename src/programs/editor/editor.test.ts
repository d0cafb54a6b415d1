import { describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../machine/machine";

async function withEditor(): Promise<{ m: Machine; opened: string[] }> {
  const m = await createMachine();
  const opened: string[] = [];
  m.onOpenEditor((path) => opened.push(path));
  return { m, opened };
}

describe("code / edit (host)", () => {
  it("`code Dockerfile` creates the file and asks the editor to open its absolute path", async () => {
    const { m, opened } = await withEditor();
    expect(await m.hostFs.exists("/home/student/Dockerfile")).toBe(false);
    const r = await m.run("code Dockerfile");
    expect(r).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(opened).toEqual(["/home/student/Dockerfile"]);
    expect(await m.hostFs.readFile("/home/student/Dockerfile")).toBe("");
  });

  it("keeps an existing file as it is, resolves against the cwd, and `edit` does the same", async () => {
    const { m, opened } = await withEditor();
    await m.run("mkdir -p app && printf 'FROM alpine\\n' > app/Dockerfile");
    const r = await m.run("cd app && edit Dockerfile ../notes.txt");
    expect(r.exitCode).toBe(0);
    expect(opened).toEqual(["/home/student/app/Dockerfile", "/home/student/notes.txt"]);
    expect(await m.hostFs.readFile("/home/student/app/Dockerfile")).toBe("FROM alpine\n");
    expect(await m.hostFs.exists("/home/student/notes.txt")).toBe(true);
  });

  it("works from the interactive shell, after cd", async () => {
    const { m, opened } = await withEditor();
    let screen = "";
    m.onOutput((d) => {
      screen += d;
    });
    m.start();
    const settle = async () => {
      for (let i = 0; i < 2000 && !screen.endsWith("$ "); i++) await new Promise((r) => setTimeout(r, 0));
    };
    await settle();
    screen = "";
    m.input("mkdir web && cd web && code index.html\r");
    await settle();
    expect(opened).toEqual(["/home/student/web/index.html"]);
  });

  it("refuses directories and missing parent directories", async () => {
    const { m, opened } = await withEditor();
    const dir = await m.run("code /tmp");
    expect(dir).toMatchObject({ exitCode: 1, stderr: "code: /tmp: Is a directory\n" });
    const missing = await m.run("code nowhere/Dockerfile");
    expect(missing).toMatchObject({
      exitCode: 1,
      stderr: "code: cannot create 'nowhere/Dockerfile': No such file or directory\n",
    });
    expect(opened).toEqual([]);
  });

  it("prints usage without a file", async () => {
    const { m } = await withEditor();
    const r = await m.run("edit");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Usage: edit FILE\.\.\./);
    expect((await m.run("code --help")).exitCode).toBe(0);
  });

  it("without an editor (npm run sim) says so in one line, exits 1 and creates nothing", async () => {
    const m = await createMachine();
    const r = await m.run("code Dockerfile");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^code: no editor is available/);
    expect(await m.hostFs.exists("/home/student/Dockerfile")).toBe(false);
  });

  it("exists as a command on the host", async () => {
    const m = await createMachine();
    expect((await m.run("command -v code edit")).stdout).toBe("/usr/bin/code\n/usr/bin/edit\n");
  });
});
