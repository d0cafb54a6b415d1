/**
 * The lesson lint: first its rules on small examples, then every lesson file
 * in lessons/** (structure and diagrams for all languages; register and
 * glossary for Korean). A failure prints `path:line: message` for each problem.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../shared/format";
import { formatProblem } from "./errors";
import { diagramProblems, firstUseProblems, lintLesson, registerProblems, spellingProblems } from "./lint";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("register: 해요체 only", () => {
  it.each([
    "컨테이너는 이미지로 만든다.",
    "도커는 격리 기능을 제공한다.",
    "이것이 이미지이다.",
    "엔진을 멈췄다.",
    "명령을 입력해라",
    "도커 엔진을 설치합니다.",
    "다음 명령을 실행하십시오. 그러면 돼요.",
    "이건 쉬워.",
    "같이 해 보자.",
    "정말 그럴까?",
    "- 컨테이너를 만든다",
    "컨테이너를 만들어라",
    "**엔진을 멈춘다**.",
  ])("flags %s", (line) => {
    expect(registerProblems(line)).not.toEqual([]);
  });

  it.each([
    "컨테이너는 이미지로 만들어요.",
    "명령을 입력해 보세요.",
    "엔진이 꺼져 있으면 어떻게 될까요?",
    "바로 이것이 격리예요.",
    "그렇죠?",
    "맞아요! 잘했어요.",
    "`docker run -d` 옵션은 `nginx:1.27`처럼 쓰여요.",
    "이미지는 읽기 전용 레이어.",
    "## 정리",
    "| 가상 머신(VM) | 무겁고 부팅이 느림 |",
    "버전 3.19와 3.20을 비교해요.",
    "서비스를 멈추지 않고 조금씩 바꿔 줘요(롤링 업데이트).",
    "- 이식성: 같은 이미지는 어디서나 같은 환경",
    "`Cannot connect to the Docker daemon. Is the docker daemon running?`이라는 오류가 나와요.",
  ])("accepts %s", (line) => {
    expect(registerProblems(line)).toEqual([]);
  });
});

describe("glossary spellings", () => {
  it.each([
    ["콘테이너를 만들어요.", "컨테이너"],
    ["도커엔진이 켜져 있어요.", "도커 엔진"],
    ["레지스터리에서 내려받아요.", "레지스트리"],
    ["작업 디렉토리를 바꿔요.", "디렉터리"],
    ["환경변수를 넘겨요.", "환경 변수"],
    ["레포지토리를 만들어요.", "저장소"],
  ])("flags %s", (line, right) => {
    const p = spellingProblems(line);
    expect(p.length).toBeGreaterThan(0);
    expect(p.join()).toContain(right);
  });

  it("leaves code alone", () => {
    expect(spellingProblems("`docker run --name 콘테이너`를 보세요.")).toEqual([]);
    expect(spellingProblems("도커 엔진과 컨테이너, 레지스트리, 작업 디렉터리")).toEqual([]);
  });

  it("wants the English original on first use, once per lesson", () => {
    expect(
      firstUseProblems([{ text: "**이미지**(image)는 빵틀이에요." }, { text: "이미지는 읽기 전용이에요." }]),
    ).toEqual([]);
    expect(firstUseProblems([{ text: "이미지는 빵틀이에요." }]).map((p) => p.term)).toEqual(["이미지"]);
    // A longer term hides its parts; headings do not count as a first use.
    expect(
      firstUseProblems([
        { text: "시스템 컨테이너", heading: true },
        { text: "시스템 컨테이너(system container)는 OS 전체를 담아요. 컨테이너(container)와 달라요." },
      ]),
    ).toEqual([]);
  });
});

describe("text pictures", () => {
  it("counts Hangul as two columns", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("도커")).toBe(4);
  });
  it("wants no vertical lines to the right of Hangul and narrow lines", () => {
    expect(diagramProblems("dockerd   ← 도커 엔진")).toEqual([]);
    expect(diagramProblems("│ 엔진 │")).not.toEqual([]);
    expect(diagramProblems("x".repeat(37))).not.toEqual([]);
    expect(diagramProblems("x".repeat(36))).toEqual([]);
  });
});

describe("every lesson file", () => {
  const files: string[] = [];
  for (const lang of readdirSync(join(ROOT, "lessons"), { withFileTypes: true })) {
    if (!lang.isDirectory()) continue;
    for (const f of readdirSync(join(ROOT, "lessons", lang.name)))
      if (f.endsWith(".md")) files.push(`lessons/${lang.name}/${f}`);
  }
  files.sort();

  it("there are lessons to lint", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s passes the lint", (path) => {
    const problems = lintLesson(readFileSync(join(ROOT, path), "utf8"), path);
    expect(problems.map(formatProblem)).toEqual([]);
  });
});
