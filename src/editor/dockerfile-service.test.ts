import { Keyword } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_KO, docForCompletionKey, INSTRUCTION_DOCS } from "./dockerfile-docs.ko";
import { dockerfileCompletions, dockerfileDiagnostics, dockerfileHover, textDocument } from "./dockerfile-service";
import { languageFor } from "./languages";

describe("Korean Dockerfile help", () => {
  it("covers every instruction dockerfile-ast knows", () => {
    for (const k of Object.values(Keyword)) expect(INSTRUCTION_DOCS[k], k).toBeDefined();
  });

  it("speaks 해요체 (no 합쇼체 or 반말 sentence endings)", () => {
    const all = [
      ...Object.values(INSTRUCTION_DOCS).flatMap((d) => [d.title, d.body]),
      ...Object.values(DIAGNOSTIC_KO),
    ].join("\n");
    expect(all).not.toMatch(/(습니다|ㅂ니다|합니다|입니다)[.!?\s]/);
    expect(all).not.toMatch(/(한다|된다|이다|있다|없다|하라|마라)[.!?\s]/);
  });

  it("hovers instructions, flags, AS and parser directives", () => {
    const text =
      "# syntax=docker/dockerfile:1\nFROM --platform=linux/amd64 alpine AS base\ncopy --from=base /a /b\nRUN echo hi\n";
    expect(dockerfileHover(text, { line: 1, character: 2 })?.markdown).toMatch(/^\*\*FROM\*\* · 베이스 이미지/);
    expect(dockerfileHover(text, { line: 1, character: 8 })?.markdown).toContain("플랫폼");
    expect(dockerfileHover(text, { line: 1, character: 37 })?.markdown).toMatch(/^\*\*AS\*\*/);
    expect(dockerfileHover(text, { line: 2, character: 1 })?.markdown).toMatch(/^\*\*COPY\*\*/);
    expect(dockerfileHover(text, { line: 2, character: 8 })?.markdown).toContain("다른 단계에서 복사하기");
    expect(dockerfileHover(text, { line: 0, character: 4 })?.markdown).toContain("파서 지시어");
    expect(dockerfileHover(text, { line: 3, character: 6 })).toBeNull();
    const hover = dockerfileHover(text, { line: 3, character: 1 });
    expect(hover?.range).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: 3 } });
    expect(dockerfileHover("ONBUILD RUN make\n", { line: 0, character: 9 })?.markdown).toMatch(/^\*\*RUN\*\*/);
  });

  it("reports a wrong instruction in Korean with the English original", () => {
    const [d] = dockerfileDiagnostics("FROM alpine\nFORM alpine\n");
    expect(d.severity).toBe("error");
    expect(d.message).toBe(`${DIAGNOSTIC_KO[38]}\nUnknown instruction: FORM`);
    expect(d.range.start.line).toBe(1);
    expect(dockerfileDiagnostics("FROM alpine\nRUN echo hi\n")).toEqual([]);
    expect(dockerfileDiagnostics("RUN echo hi\n")[0].message).toContain("FROM");
    expect(dockerfileDiagnostics("\n  \n")).toEqual([]); // a new, empty Dockerfile is not an error yet
  });

  it("completes instructions with Korean documentation, offline", async () => {
    const items = await dockerfileCompletions("FROM alpine\nCO", { line: 1, character: 2 });
    const copy = items.find((i) => i.label.startsWith("COPY"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an LSP snippet, not a template literal
    expect(copy).toMatchObject({ kind: "keyword", snippet: true, insertText: "COPY ${1:source} ${2:dest}" });
    expect(copy?.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
    expect(copy?.documentation).toContain("파일 복사하기");
    expect(copy?.detail).toBe("파일 복사하기");
    // Image tags would come from Docker Hub: offline, there are none, and nothing is fetched.
    expect(await dockerfileCompletions("FROM alpine:", { line: 0, character: 12 })).toEqual([]);
    const flags = await dockerfileCompletions("FROM alpine\nCOPY --", { line: 1, character: 7 });
    expect(flags.map((f) => f.label)).toContain("--from=stage");
    expect(flags.find((f) => f.label === "--from=stage")?.documentation).toContain("--from");
  });

  it("maps completion keys to help", () => {
    expect(docForCompletionKey("HEALTHCHECK_FlagStartPeriod")?.name).toBe("--start-period");
    expect(docForCompletionKey("ARG_NameOnly")?.name).toBe("ARG");
    expect(docForCompletionKey("HEALTHCHECK_NONE")?.name).toBe("NONE");
  });

  it("converts offsets and positions like a TextDocument", () => {
    const d = textDocument("ab\r\ncd\nef");
    expect(d.lineCount).toBe(3);
    expect(d.offsetAt({ line: 1, character: 1 })).toBe(5);
    expect(d.positionAt(8)).toEqual({ line: 2, character: 1 });
    expect(d.offsetAt({ line: 9, character: 0 })).toBe(9);
    expect(d.getText({ start: { line: 1, character: 0 }, end: { line: 1, character: 2 } })).toBe("cd");
  });
});

describe("languageFor", () => {
  it.each([
    ["/home/student/Dockerfile", "dockerfile"],
    ["/home/student/app/Dockerfile.dev", "dockerfile"],
    ["/x/web.dockerfile", "dockerfile"],
    ["/x/Containerfile", "dockerfile"],
    ["/x/compose.yaml", "yaml"],
    ["/x/docker-compose.yml", "yaml"],
    ["/x/run.sh", "shell"],
    ["/home/student/.bashrc", "shell"],
    ["/x/index.html", "plaintext"],
    ["/x/notes.txt", "plaintext"],
  ])("%s → %s", (path, lang) => {
    expect(languageFor(path)).toBe(lang);
  });
  it("recognises a shebang", () => {
    expect(languageFor("/x/start", "#!/bin/sh\necho hi\n")).toBe("shell");
    expect(languageFor("/x/start", "#!/usr/bin/env bash\n")).toBe("shell");
    expect(languageFor("/x/start", "#!/usr/bin/python3\n")).toBe("plaintext");
  });
});
