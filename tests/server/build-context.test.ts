/**
 * The build policy without an engine: reading build contexts, checking and rewriting Dockerfiles,
 * learner image names, and the build output the learner sees.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  buildOutputFilter,
  checkCommitChanges,
  checkDockerfile,
  readBuildContext,
  replaceTarFile,
  substitute,
  tarEntries,
} from "../../src/server/build-context";
import { parseLearnerRef, scrubLabelText, viewHistory, visibleTags } from "../../src/server/own-images";
import { PolicyError } from "../../src/server/policy";

type Entry = { name: string; type?: string; content?: string; link?: string };

function tar(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.content ?? "");
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100);
    h.write("0000644\0", 100);
    h.write(`${(e.type === "2" ? 0 : data.length).toString(8).padStart(11, "0")}\0`, 124);
    h.write("00000000000\0", 136);
    h.write("        ", 148);
    h.write(e.type ?? "0", 156);
    if (e.link) h.write(e.link, 157, 100);
    h.write("ustar\0", 257);
    h.write("00", 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    parts.push(h);
    if (e.type !== "2") parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const own = new Set(["myapp:1.0", "myapp:latest", "base:latest"]);
const deps = {
  baseImage: async (ref: string) => {
    const full = ref.includes(":") ? ref : `${ref}:latest`;
    if (own.has(full)) return `cc-s1-${full}`;
    if (ref.startsWith("busybox") || ref.startsWith("alpine")) return ref;
    throw new PolicyError("build-from", `refused ${ref}`);
  },
};

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return "accepted";
  } catch (e) {
    return e instanceof PolicyError ? e.code : `${(e as { status?: number }).status}: ${(e as Error).message}`;
  }
};

describe("build contexts", () => {
  it("finds the Dockerfile (plain or gzip) and replaces only its content", () => {
    const t = tar([
      { name: "./", type: "5" },
      { name: "./Dockerfile", content: "FROM myapp\n" },
      { name: "./app/main.sh", content: "echo hi\n" },
    ]);
    for (const body of [t, gzipSync(t)]) {
      const ctx = readBuildContext(body, null, 1 << 20);
      expect(ctx.dockerfilePath).toBe("Dockerfile");
      expect(ctx.dockerfile).toBe("FROM myapp\n");
      const out = replaceTarFile(ctx.tar, ctx.entry, Buffer.from("FROM cc-s1-myapp:latest\n"));
      const entries = tarEntries(out);
      expect(entries.map((e) => e.name)).toEqual([".", "Dockerfile", "app/main.sh"]);
      const df = entries[1];
      expect(out.subarray(df.data, df.data + df.size).toString()).toBe("FROM cc-s1-myapp:latest\n");
      const app = entries[2];
      expect(out.subarray(app.data, app.data + app.size).toString()).toBe("echo hi\n");
    }
  });

  it("uses the dockerfile parameter, and docker's lowercase fallback only for the default", () => {
    const t = tar([
      { name: "dockerfile", content: "FROM busybox\n" },
      { name: "sub/Build.df", content: "FROM alpine\n" },
    ]);
    expect(readBuildContext(t, null, 1 << 20).dockerfilePath).toBe("dockerfile");
    expect(readBuildContext(t, "./sub/Build.df", 1 << 20).dockerfile).toBe("FROM alpine\n");
    expect(() => readBuildContext(t, "missing", 1 << 20)).toThrow(/Cannot locate specified Dockerfile: missing/);
    expect(() => readBuildContext(t, "../etc/passwd", 1 << 20)).toThrow(/Cannot locate/);
  });

  it("refuses a Dockerfile that is a link, and entries written through a symbolic link", () => {
    const linked = tar([{ name: "Dockerfile", type: "2", link: "/etc/passwd" }]);
    expect(() => readBuildContext(linked, null, 1 << 20)).toThrow(PolicyError);
    const through = tar([
      { name: "Dockerfile", content: "FROM busybox\n" },
      { name: "x", type: "2", link: "." },
      { name: "x/Dockerfile", content: "FROM evil\n" },
    ]);
    expect(() => readBuildContext(through, null, 1 << 20)).toThrow(/through the symbolic link x/);
    // A symbolic link nothing is written through is fine.
    const ok = tar([
      { name: "Dockerfile", content: "FROM busybox\n" },
      { name: "latest", type: "2", link: "v1" },
    ]);
    expect(readBuildContext(ok, null, 1 << 20).dockerfile).toBe("FROM busybox\n");
  });

  it("refuses what is not a tar, and contexts over the cap once unpacked", () => {
    expect(() => readBuildContext(Buffer.from("FROM busybox\n"), null, 1 << 20)).toThrow(/must be a tar archive/);
    const big = tar([
      { name: "Dockerfile", content: "FROM busybox\n" },
      { name: "blob", content: "x".repeat(200_000) },
    ]);
    expect(() => readBuildContext(gzipSync(big), null, 100_000)).toThrow(PolicyError);
  });
});

describe("Dockerfile checks", () => {
  it("rewrites the session's own images and resolves ARGs in FROM", async () => {
    const df = [
      "ARG BASE=busybox",
      "ARG TAG",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variables
      "FROM ${BASE}:${TAG:-latest} AS build",
      "RUN echo hi > /hi",
      "FROM myapp:1.0",
      "COPY --from=build /hi /hi",
      "COPY --from=base /x /x",
      "FROM build",
      "",
    ].join("\n");
    expect((await checkDockerfile(df, { TAG: "1.36" }, deps)).dockerfile).toBe(
      [
        "ARG BASE=busybox",
        "ARG TAG",
        "FROM busybox:1.36 AS build",
        "RUN echo hi > /hi",
        "FROM cc-s1-myapp:1.0",
        "COPY --from=build /hi /hi",
        "COPY --from=cc-s1-base:latest /x /x",
        "FROM build",
        "",
      ].join("\n"),
    );
    expect(await checkDockerfile("FROM scratch\nCOPY a /a\n", {}, deps)).toEqual({
      dockerfile: "FROM scratch\nCOPY a /a\n",
      labelSteps: 0,
      steps: 2,
    });
  });

  it("labels every stage but the last (which the build's labels reach), up to --target", async () => {
    const df = "FROM busybox AS a\nRUN true\nFROM myapp:1.0 AS b\n  FROM a\nCMD x\n";
    const stageLabels = { "io.container-classroom.session": "s1" };
    const at = 'LABEL io.container-classroom.session="s1"\n';
    expect(await checkDockerfile(df, {}, { ...deps, stageLabels })).toEqual({
      dockerfile: `FROM busybox AS a\nRUN true\n${at}FROM cc-s1-myapp:1.0 AS b\n  ${at}FROM a\nCMD x\n`,
      labelSteps: 2,
      steps: 7,
    });
    // --target b: a and b are built, and b is the last (the build's labels reach it).
    const b = await checkDockerfile(df, {}, { ...deps, stageLabels, target: "B" });
    expect(b.labelSteps).toBe(1);
    expect(b.dockerfile).toBe(`FROM busybox AS a\nRUN true\n${at}FROM cc-s1-myapp:1.0 AS b\n  FROM a\nCMD x\n`);
    expect((await checkDockerfile("FROM busybox\nRUN true\n", {}, { ...deps, stageLabels })).labelSteps).toBe(0);
    // A stage continued over two lines, and a last FROM without a newline at the end of the file.
    expect((await checkDockerfile("FROM busybox \\\n  AS a\nFROM a", {}, { ...deps, stageLabels })).dockerfile).toBe(
      `FROM busybox \\\n  AS a\n${at}FROM a`,
    );
  });

  it("refuses other images, URLs, reserved labels and unresolvable FROMs", async () => {
    expect(await code(checkDockerfile("FROM evil/miner\n", {}, deps))).toBe("build-from");
    expect(await code(checkDockerfile("FROM busybox\nCOPY --from=evil/x / /\n", {}, deps))).toBe("build-from");
    expect(await code(checkDockerfile("FROM busybox\nADD https://example.com/x /x\n", {}, deps))).toBe("build-add-url");
    expect(await code(checkDockerfile('FROM busybox\nADD ["http://10.0.0.1/x", "/x"]\n', {}, deps))).toBe(
      "build-add-url",
    );
    expect(await code(checkDockerfile('FROM busybox\nLABEL "io.container-classroom.session"=s2\n', {}, deps))).toBe(
      "reserved-label",
    );
    expect(await code(checkDockerfile("FROM busybox\nARG K\nLABEL $K=s2\n", {}, deps))).toBe("build-label-variable");
    expect(await code(checkDockerfile("FROM busybox\nONBUILD COPY --from=evil / /\n", {}, deps))).toBe(
      "build-onbuild-from",
    );
    expect(await code(checkDockerfile("FROM $NOPE\n", {}, deps))).toBe("build-from-variable");
    expect(await code(checkDockerfile("ARG B=evil\nFROM $B\n", {}, deps))).toBe("build-from");
    expect(await code(checkDockerfile("FROM busybox\nCOPY --from=$X / /\n", {}, deps))).toBe(
      "build-copy-from-variable",
    );
    expect(await code(checkDockerfile("RUN true\n", {}, deps))).toMatch(/^400/);
  });

  it("checks commit changes with the same label rules", () => {
    expect(() => checkCommitChanges(['CMD ["sh"]', "ENV A=1", "LABEL a=b"])).not.toThrow();
    expect(() => checkCommitChanges(["LABEL io.container-classroom.gateway=x"])).toThrow(PolicyError);
  });

  it("substitutes like the builder", () => {
    const v = new Map([
      ["A", "x"],
      ["E", ""],
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variables
    expect(substitute("$A ${A} ${B:-d} ${E:-d} ${E-d} ${A:+y} ${E:+y} ${B+y}", v)).toBe("x x d d  y  ");
  });
});

describe("learner image names and views", () => {
  it("parses names like docker, refusing registries", () => {
    expect(parseLearnerRef("myapp")).toEqual({ repo: "myapp", tag: "latest" });
    expect(parseLearnerRef("docker.io/library/myapp", "1")).toEqual({ repo: "myapp", tag: "1" });
    expect(parseLearnerRef("me/app:v2")).toEqual({ repo: "me/app", tag: "v2" });
    expect(() => parseLearnerRef("MyApp")).toThrow(/must be lowercase/);
    expect(() => parseLearnerRef("registry.example.com/app")).toThrow(PolicyError);
    expect(() => parseLearnerRef("localhost:5000/app")).toThrow(PolicyError);
    expect(() => parseLearnerRef("app@sha256:abc")).toThrow(/digest/);
  });

  it("shows only shared and own tags, unprefixed", () => {
    const tags = ["busybox:latest", "cc-s1-mybox:latest", "cc-s2-theirs:latest", "evil/miner:latest"];
    expect(visibleTags("s1", tags, ["busybox"])).toEqual(["busybox:latest", "mybox:latest"]);
    expect(visibleTags("s2", tags, ["busybox"])).toEqual(["busybox:latest", "theirs:latest"]);
  });

  it("drops the gateway's LABEL steps from history and keeps the image id on top", () => {
    const rows = [
      {
        Id: "sha256:top",
        CreatedBy: "/bin/sh -c #(nop)  LABEL io.container-classroom.session=s1",
        Tags: ["cc-s1-a:1"],
      },
      { Id: "sha256:mid", CreatedBy: "/bin/sh -c #(nop)  LABEL io.container-classroom.gateway=gw1", Tags: null },
      { Id: "sha256:run", CreatedBy: "/bin/sh -c echo hi", Tags: null },
    ];
    const out = viewHistory("s1", rows, ["busybox"]);
    expect(out).toEqual([{ Id: "sha256:top", CreatedBy: "/bin/sh -c echo hi", Tags: ["a:1"] }]);
    expect(scrubLabelText("LABEL course=x \"io.container-classroom.session\"='s1'")).toBe("LABEL course=x");
  });
});

describe("build output", () => {
  it("hides the gateway's label steps and renumbers the learner's", () => {
    const lines: string[] = [];
    const f = buildOutputFilter(2, (l) => lines.push(JSON.parse(l).stream ?? JSON.parse(l).aux?.ID));
    for (const s of [
      "Step 1/5 : FROM busybox\n",
      " ---> aaaaaaaaaaaa\n",
      "Step 2/5 : RUN echo hi\n",
      " ---> Running in 111111111111\n",
      "hi\n",
      "Removing intermediate container 111111111111\n",
      " ---> bbbbbbbbbbbb\n",
      "Step 3/5 : LABEL io.container-classroom.gateway=gw1",
      "\n",
      " ---> Running in 222222222222\n",
      "Removing intermediate container 222222222222\n",
      " ---> cccccccccccc\n",
      "Step 4/5 : LABEL course=x\n",
      " ---> Running in 333333333333\n",
      "Removing intermediate container 333333333333\n",
      " ---> dddddddddddd\n",
      "Step 5/5 : LABEL io.container-classroom.session=s1\n",
      " ---> Running in 444444444444\n",
      "Removing intermediate container 444444444444\n",
      " ---> eeeeeeeeeeee\n",
    ])
      f.line(JSON.stringify({ stream: s }));
    f.line(JSON.stringify({ aux: { ID: "sha256:eeee" } }));
    f.line(JSON.stringify({ stream: "Successfully built eeeeeeeeeeee\n" }));
    f.end();
    expect(lines).toEqual([
      "Step 1/3 : FROM busybox\n",
      " ---> aaaaaaaaaaaa\n",
      "Step 2/3 : RUN echo hi\n",
      " ---> Running in 111111111111\n",
      "hi\n",
      "Removing intermediate container 111111111111\n",
      " ---> cccccccccccc\n",
      "Step 3/3 : LABEL course=x\n",
      " ---> Running in 333333333333\n",
      "Removing intermediate container 333333333333\n",
      " ---> eeeeeeeeeeee\n",
      "sha256:eeee",
      "Successfully built eeeeeeeeeeee\n",
    ]);
  });
});
