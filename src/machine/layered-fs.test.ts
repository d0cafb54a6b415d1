import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LayeredFs, LowerView, layerFrom } from "./layered-fs";

const image = () => new LowerView([layerFrom({ "/etc/os-release": "ID=test\n", "/bin/sh": "sh", "/a/b/c": "deep" })]);

describe("LayeredFs", () => {
  it("reads through to the image and writes only to the upper layer", async () => {
    const lower = image();
    const fs = new LayeredFs(lower);
    expect(await fs.readFile("/etc/os-release")).toBe("ID=test\n");
    await fs.writeFile("/etc/os-release", "ID=changed\n");
    expect(await fs.readFile("/etc/os-release")).toBe("ID=changed\n");
    expect(new LayeredFs(lower).readText("/etc/os-release")).toBe("ID=test\n");
    expect(fs.diff()).toEqual([{ Path: "/etc/os-release", Kind: 0 }]);
  });

  it("hides deleted lower files with a whiteout and can recreate them", async () => {
    const fs = new LayeredFs(image());
    await fs.rm("/a", { recursive: true });
    expect(await fs.exists("/a/b/c")).toBe(false);
    expect(await fs.readdir("/")).toEqual(["bin", "etc"]);
    await fs.mkdir("/a");
    expect(await fs.readdir("/a")).toEqual([]);
    expect(await fs.exists("/a/b")).toBe(false);
  });

  it("fails like a kernel: no parent, not a dir, not empty", async () => {
    const fs = new LayeredFs(image());
    await expect(fs.writeFile("/nope/x", "1")).rejects.toThrow(/ENOENT/);
    await expect(fs.readdir("/bin/sh")).rejects.toThrow(/ENOTDIR/);
    await expect(fs.rm("/a")).rejects.toThrow(/ENOTEMPTY/);
    await expect(fs.readFile("/etc")).rejects.toThrow(/EISDIR/);
  });

  it("follows symlinked directories", async () => {
    const fs = new LayeredFs(new LowerView([layerFrom({ "/usr/bin/ls": "ls", "/bin": { symlink: "usr/bin" } })]));
    expect(await fs.readFile("/bin/ls")).toBe("ls");
    await fs.writeFile("/bin/new", "n");
    expect(await fs.readFile("/usr/bin/new")).toBe("n");
    expect(await fs.realpath("/bin/new")).toBe("/usr/bin/new");
  });

  it("matches a plain map model for any sequence of writes and removals, and never changes the image", async () => {
    const names = fc.constantFrom("/etc/os-release", "/bin/sh", "/x", "/etc/y");
    const op = fc.oneof(
      fc.record({ kind: fc.constant("write" as const), path: names, data: fc.string({ maxLength: 5 }) }),
      fc.record({ kind: fc.constant("rm" as const), path: names }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 20 }), async (ops) => {
        const lower = image();
        const fs = new LayeredFs(lower);
        const model = new Map<string, string>([
          ["/etc/os-release", "ID=test\n"],
          ["/bin/sh", "sh"],
        ]);
        for (const o of ops) {
          if (o.kind === "write") {
            await fs.writeFile(o.path, o.data);
            model.set(o.path, o.data);
          } else {
            await fs.rm(o.path, { force: true });
            model.delete(o.path);
          }
        }
        for (const p of ["/etc/os-release", "/bin/sh", "/x", "/etc/y"]) {
          expect(fs.readText(p)).toBe(model.get(p));
        }
        expect(new LayeredFs(lower).readText("/etc/os-release")).toBe("ID=test\n");
        expect(new LayeredFs(lower).readText("/x")).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
