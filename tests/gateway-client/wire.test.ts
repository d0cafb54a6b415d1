/** The gateway client's wire formats, without a gateway: frames, split UTF-8, JSON lines, tar, base64. */
import { describe, expect, it } from "vitest";
import type { Archive } from "../../src/engine/api/types";
import {
  base64Url,
  Demuxer,
  fromBase64,
  LineSplitter,
  readTar,
  Utf8Stream,
  writeTar,
} from "../../src/engine/gateway/wire";

const frame = (stream: number, text: string) => {
  const data = new TextEncoder().encode(text);
  const h = new Uint8Array(8 + data.length);
  h[0] = stream;
  new DataView(h.buffer).setUint32(4, data.length);
  h.set(data, 8);
  return h;
};

describe("gateway wire formats", () => {
  it("demultiplexes frames split anywhere", () => {
    const all = new Uint8Array([...frame(1, "out\n"), ...frame(2, "err\n"), ...frame(1, "x")]);
    for (let cut = 0; cut <= all.length; cut++) {
      const d = new Demuxer();
      const got = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut))].map(
        (f) => `${f.stream}:${new TextDecoder().decode(f.data)}`,
      );
      expect(got).toEqual(["1:out\n", "2:err\n", "1:x"]);
    }
  });

  it("decodes UTF-8 split across chunks", () => {
    const bytes = new TextEncoder().encode("안녕 🐳 hi");
    for (let cut = 0; cut <= bytes.length; cut++) {
      const u = new Utf8Stream();
      expect(u.decode(bytes.subarray(0, cut)) + u.decode(bytes.subarray(cut)) + u.flush()).toBe("안녕 🐳 hi");
    }
  });

  it("splits JSON lines", () => {
    const l = new LineSplitter();
    expect(l.push('{"a":1}\r\n{"b"')).toEqual(['{"a":1}']);
    expect(l.push(":2}\n\n")).toEqual(['{"b":2}']);
    expect(l.push('{"c":3}')).toEqual([]);
    expect(l.flush()).toEqual(['{"c":3}']);
  });

  it("encodes X-Registry-Auth as base64url and reads path stats", () => {
    expect(base64Url('{"username":"a"}')).toBe("eyJ1c2VybmFtZSI6ImEifQ==");
    expect(fromBase64("eyJuYW1lIjoiZXRjIiwic2l6ZSI6NDA5Nn0=")).toBe('{"name":"etc","size":4096}');
  });

  it("writes and reads tar archives, long names and symlinks included", () => {
    const long = `deep/${"d".repeat(120)}/file.txt`;
    const a: Archive = new Map([
      ["data", { type: "dir", mode: 0o755, mtime: 1_700_000_000_000 }],
      ["data/hello.txt", { type: "file", content: "안녕\n", mode: 0o644, mtime: 1_700_000_000_000 }],
      ["data/link", { type: "symlink", target: "hello.txt", mode: 0o777, mtime: 1_700_000_000_000 }],
      [long, { type: "file", content: new Uint8Array([1, 2, 3]), mode: 0o600, mtime: 1_700_000_000_000 }],
    ]);
    const back = readTar(writeTar(a));
    expect([...back.keys()]).toEqual(["data", "data/hello.txt", "data/link", long]);
    const hello = back.get("data/hello.txt");
    expect(hello?.type === "file" && new TextDecoder().decode(hello.content as Uint8Array)).toBe("안녕\n");
    expect(back.get("data/link")).toMatchObject({ type: "symlink", target: "hello.txt" });
    expect(back.get(long)).toMatchObject({ type: "file", mode: 0o600, mtime: 1_700_000_000_000 });
  });
});
