import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LessonFormatError } from "./errors";
import { lessonQuizzes, lessonTasks, parseLesson, slugOfFile } from "./parse";

const FRONT = `---
id: sample
title: 예시 레슨
summary: 형식을 시험하는 레슨이에요.
minutes: 5
---
`;

const TASK =
  "```task\nid: t1\ngoal: 해 보세요.\ncheck:\n  - run: test -e /tmp/x\n    fail: 파일이 없어요.\nhints:\n  - 힌트 하나\nsolution:\n  - touch /tmp/x\n```\n";

const QUIZ =
  "```quiz\nid: q1\nquestion: 무엇일까요?\nchoices:\n  - text: 가\n    correct: true\n    explain: 맞아요.\n  - text: 나\n    explain: 아니에요.\n```\n";

function errorsOf(src: string, path = "lessons/ko/01-sample.md"): string[] {
  try {
    parseLesson(src, { path });
  } catch (e) {
    if (e instanceof LessonFormatError) return e.problems.map((p) => `${p.line ?? "-"}: ${p.message}`);
    throw e;
  }
  return [];
}

describe("parseLesson", () => {
  it("parses front matter, intro, steps, run blocks, tasks and quizzes", () => {
    const src = `${FRONT}소개 문단이에요.\n\n## 첫 단계\n\n설명이에요.\n\n\`\`\`sh run\ndocker version\n# 주석은 건너뛰어요\n\ndocker ps\n\`\`\`\n\n\`\`\`sh\nls   # not runnable\n\`\`\`\n\n${TASK}\n## 둘째 단계\n\n${QUIZ}`;
    const lesson = parseLesson(src, { path: "lessons/ko/01-sample.md" });
    expect(lesson.id).toBe("sample");
    expect(lesson.lang).toBe("ko");
    expect(lesson.minutes).toBe(5);
    expect(lesson.prerequisites).toEqual([]);
    expect(lesson.setup).toEqual({ images: [], files: [], run: [] });
    expect(lesson.intro).toEqual([{ kind: "markdown", markdown: "소개 문단이에요." }]);
    expect(lesson.steps.map((s) => s.title)).toEqual(["첫 단계", "둘째 단계"]);
    const [first] = lesson.steps;
    expect(first.blocks.map((b) => b.kind)).toEqual(["markdown", "run", "markdown", "task"]);
    const run = first.blocks[1];
    expect(run.kind === "run" && run.lines).toEqual(["docker version", "docker ps"]);
    expect(run.kind === "run" && run.line).toBe(14);
    // a fenced block without `run` stays in the Markdown
    expect(first.blocks[2].kind === "markdown" && first.blocks[2].markdown).toContain("```sh\nls");
    const [task] = lessonTasks(lesson);
    expect(task).toMatchObject({ id: "t1", goal: "해 보세요.", hints: ["힌트 하나"], solution: ["touch /tmp/x"] });
    expect(task.check).toEqual([{ run: "test -e /tmp/x", fail: "파일이 없어요." }]);
    const [quiz] = lessonQuizzes(lesson);
    expect(quiz.choices.map((c) => c.correct)).toEqual([true, false]);
  });

  it("reads setup: images, files (not overwritten by default) and lines", () => {
    const src = `---
id: sample
title: t
summary: s
minutes: 1
prerequisites: [what-is-docker]
setup:
  images: [busybox, "nginx:1.27"]
  files:
    - path: ~/app/index.html
      content: |
        <h1>안녕</h1>
    - path: /tmp/run.sh
      content: echo hi
      mode: "755"
      overwrite: true
  run:
    - docker rm -f web || true
---
## 단계
본문
`;
    const l = parseLesson(src, { path: "lessons/ko/02-sample.md" });
    expect(l.prerequisites).toEqual(["what-is-docker"]);
    expect(l.setup.images).toEqual(["busybox", "nginx:1.27"]);
    expect(l.setup.files).toEqual([
      { path: "~/app/index.html", content: "<h1>안녕</h1>\n", mode: undefined, overwrite: false },
      { path: "/tmp/run.sh", content: "echo hi", mode: "755", overwrite: true },
    ]);
    expect(l.setup.run).toEqual(["docker rm -f web || true"]);
  });

  it("takes the language from the folder", () => {
    const l = parseLesson(`${FRONT}## a\nb\n`, { path: "lessons/en/01-sample.md" });
    expect(l.lang).toBe("en");
  });

  it("accepts CRLF and a BOM", () => {
    const src = `\uFEFF${FRONT}## 단계\n${TASK}`.replace(/\n/g, "\r\n");
    expect(lessonTasks(parseLesson(src, { path: "lessons/ko/01-sample.md" }))[0].check[0].run).toBe("test -e /tmp/x");
  });

  it("does not split steps on headings inside code or deeper headings", () => {
    const l = parseLesson(`${FRONT}## 하나\n\n\`\`\`md\n## 코드 속 제목\n\`\`\`\n\n### 작은 제목\n\n## 둘\n`, {
      path: "lessons/ko/01-sample.md",
    });
    expect(l.steps.map((s) => s.title)).toEqual(["하나", "둘"]);
  });

  it("accepts ~~~ fences and four backticks for tasks that contain code", () => {
    const src = `${FRONT}## 단계\n\n\`\`\`\`task\nid: t1\ngoal: |\n  다음을 실행해요.\n  \`\`\`sh\n  ls\n  \`\`\`\ncheck:\n  - run: "true"\n    fail: x\nsolution:\n  - ls\n\`\`\`\`\n\n~~~quiz\nid: q\nquestion: q\nchoices:\n  - {text: a, correct: true, explain: e}\n  - {text: b, explain: e}\n~~~\n`;
    const l = parseLesson(src, { path: "lessons/ko/01-sample.md" });
    expect(lessonTasks(l)[0].goal).toContain("```sh");
    expect(lessonQuizzes(l)).toHaveLength(1);
  });
});

describe("parseLesson errors", () => {
  it("requires front matter", () => {
    expect(errorsOf("## 단계\n")).toEqual([
      "1: 파일 첫 줄은 '---'여야 해요. 그 아래에 front matter(YAML)를 쓰고 다시 '---'로 닫아요.",
    ]);
    expect(errorsOf("---\nid: a\n")[0]).toContain("닫는 '---'");
  });

  it("reports every missing and unknown front matter field with its line", () => {
    const errs = errorsOf("---\nid: sample\ntitel: 오타\nminutes: -3\n---\n## a\n");
    expect(errs).toContain(
      "3: front matter 'titel': 알 수 없는 항목이에요. 쓸 수 있는 항목: id, title, summary, minutes, prerequisites, setup",
    );
    expect(errs.some((e) => e.includes("'title' 항목이 필요해요"))).toBe(true);
    expect(errs.some((e) => e.includes("'summary' 항목이 필요해요"))).toBe(true);
    expect(errs).toContain("4: front matter 'minutes': 분 단위의 양의 정수여야 해요. (예: minutes: 15)");
  });

  it("checks the id against the file name", () => {
    expect(errorsOf(`${FRONT}## a\n`, "lessons/ko/01-other.md")[0]).toContain("파일 이름의 slug 'other'");
    expect(errorsOf(`${FRONT}## a\n`, "lessons/ko/sample.md")[0]).toContain("NN-slug.md");
    expect(errorsOf(FRONT.replace("id: sample", "id: Sample_1") + "## a\n")[0]).toContain("영어 소문자");
  });

  it("reports YAML syntax errors at the right line", () => {
    const errs = errorsOf(`${FRONT}## 단계\n\n\`\`\`task\nid: t1\ngoal: [\n\`\`\`\n`);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^1[0-9]: 과제: YAML 문법 오류예요/);
  });

  it("validates tasks strictly", () => {
    const src = `${FRONT}## 단계\n\n\`\`\`task\nid: t1\ngoal: 해 보세요.\ncheck:\n  - test -e /x\n  - run: ls\nhint:\n  - 오타\nsolution: []\n\`\`\`\n`;
    const errs = errorsOf(src);
    expect(errs).toContain(
      "13: 과제 't1' 'check[0]': 검사 줄마다 'run:'(명령)과 'fail:'(실패했을 때 보여 줄 메시지)을 함께 써요.",
    );
    expect(errs).toContain("14: 과제 't1' 'check[1]': 'fail' 항목이 필요해요.");
    expect(errs).toContain(
      "15: 과제 't1' 'hint': 알 수 없는 항목이에요. 쓸 수 있는 항목: id, goal, check, hints, solution, engines",
    );
    expect(errs).toContain("17: 과제 't1' 'solution': 적어도 하나는 있어야 해요.");
  });

  it("reads where a task runs: both engines unless `engines` says otherwise", () => {
    const task = (extra: string) =>
      `${FRONT}## 단계\n\n\`\`\`task\nid: t1\ngoal: 해 보세요.\ncheck:\n  - run: "true"\n    fail: 아니에요.\nsolution:\n  - "true"\n${extra}\`\`\`\n`;
    expect(lessonTasks(parseLesson(task("")))[0].engines).toEqual(["sim", "real"]);
    expect(lessonTasks(parseLesson(task("engines: [sim] # 이유\n")))[0].engines).toEqual(["sim"]);
    expect(
      errorsOf(task("engines: [docker]\n")).some((e) =>
        e.endsWith("과제 't1' 'engines[0]': 엔진은 sim(시뮬레이터)이나 real(실제 엔진)이어야 해요: 'docker'"),
      ),
    ).toBe(true);
    expect(errorsOf(task("engines: []\n")).some((e) => e.includes("'engines': 적어도 하나는 있어야 해요."))).toBe(true);
  });

  it("validates quizzes: exactly one correct choice, an explanation for each", () => {
    const src = `${FRONT}## 단계\n\n\`\`\`quiz\nid: q1\nquestion: 무엇?\nchoices:\n  - text: 가\n    correct: true\n    explain: 예\n  - text: 나\n    correct: yes\n  - text: 다\n    correct: true\n    explain: 예\n\`\`\`\n`;
    const errs = errorsOf(src);
    expect(errs.some((e) => e.includes("'choices[1]': 'explain' 항목이 필요해요."))).toBe(true);
    expect(errs.some((e) => e.includes("'choices[1].correct': true 또는 false여야 해요."))).toBe(true);
    const two = errorsOf(src.replace("    correct: yes\n", "    explain: 아니요\n"));
    expect(two).toEqual(["12: 퀴즈 'q1' 'choices': 정답('correct: true')인 보기는 정확히 하나여야 해요. (지금: 2개)"]);
  });

  it("rejects duplicate ids, blocks outside steps, '# ' headings, bad run languages and lessons without steps", () => {
    expect(errorsOf(`${FRONT}## a\n${TASK}\n${TASK}`).some((e) => e.includes("id 't1'가"))).toBe(true);
    expect(errorsOf(`${FRONT}${TASK}\n## a\n`).some((e) => e.includes("단계('## ' 제목) 안에"))).toBe(true);
    expect(errorsOf(`${FRONT}# 제목\n## a\n`)[0]).toContain("'# ' 제목은 쓰지 않아요");
    expect(errorsOf(`${FRONT}## a\n\`\`\`python run\nprint(1)\n\`\`\`\n`)[0]).toContain("실행 블록의 언어는");
    expect(errorsOf(`${FRONT}본문만 있어요.\n`)[0]).toContain("단계가 하나도 없어요");
    expect(errorsOf(`${FRONT}## a\n\`\`\`Task\nid: x\n\`\`\`\n`)[0]).toContain("'task'나 'quiz'");
  });

  it("never throws anything but LessonFormatError, whatever the input", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        for (const src of [
          a,
          `${FRONT}${a}`,
          `${FRONT}## x\n\`\`\`task\n${a}\n\`\`\`\n${b}`,
          `---\n${a}\n---\n## s\n`,
        ]) {
          try {
            parseLesson(src, { path: "lessons/ko/01-sample.md" });
          } catch (e) {
            if (!(e instanceof LessonFormatError)) throw e;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("slugOfFile", () => {
  it("strips the number and the extension", () => {
    expect(slugOfFile("lessons/ko/01-what-is-docker.md")).toBe("what-is-docker");
    expect(slugOfFile("/lessons/en/12-a.md")).toBe("a");
    expect(slugOfFile("lessons/ko/what.md")).toBeNull();
    expect(slugOfFile("lessons/ko/1-what.md")).toBeNull();
  });
});

describe("emphasis lint", () => {
  it("catches bold that Markdown cannot close before Korean text", () => {
    const errs = errorsOf(`${FRONT}## 단계\n\n첫 줄이에요.\n\n바로 **이미지(image)**예요.\n`);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^11: 굵게 표시/);
    expect(
      errorsOf(
        `${FRONT}## 단계\n\n바로 **이미지**(image)예요. \`a**b\` 와 **굵게**도 괜찮아요.\n\n- 목록 **안**(x)도\n`,
      ),
    ).toEqual([]);
    const inTask = TASK.replace("goal: 해 보세요.", 'goal: "**컨테이너(container)**를 만들어요."');
    expect(errorsOf(`${FRONT}## 단계\n${inTask}`)[0]).toContain("굵게 표시");
  });
});
