/**
 * Parses a lesson file (Markdown with YAML front matter) into a typed Lesson.
 * Strict: unknown keys, missing fields, duplicate ids and misplaced blocks are
 * all reported at once, with file and line, in a LessonFormatError.
 * DOM-free: uses only `marked`'s lexer (no rendering) and `yaml`.
 */
import { Lexer, type Token, type Tokens } from "marked";
import { type FormatProblem, LessonFormatError } from "./errors";
import {
  type Block,
  type CheckLine,
  ENGINE_KINDS,
  type EngineKind,
  type Lesson,
  type LessonSetup,
  type Quiz,
  type QuizChoice,
  type SetupFile,
  type Step,
  type Task,
} from "./types";
import { YamlBlock } from "./yaml-check";

export interface ParseLessonOptions {
  /** Path for messages and for checking the id against the file name. */
  path?: string;
  /** Language folder; defaults to the folder in `path`, else "ko". */
  lang?: string;
}

/** Ids of lessons, tasks and quizzes: lowercase letters, digits and dashes. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Lesson file names: `NN-slug.md`. */
export const FILE_PATTERN = /^(\d{2,})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
/** First words of a runnable fence's info string: ```sh run */
export const RUN_LANGS = ["sh", "bash", "shell"] as const;

const FRONT_KEYS = ["id", "title", "summary", "minutes", "prerequisites", "setup"] as const;
const SETUP_KEYS = ["images", "files", "run"] as const;
const FILE_KEYS = ["path", "content", "mode", "overwrite"] as const;
const TASK_KEYS = ["id", "goal", "check", "hints", "solution", "engines"] as const;
const CHECK_KEYS = ["run", "fail"] as const;
const QUIZ_KEYS = ["id", "question", "choices"] as const;
const CHOICE_KEYS = ["text", "correct", "explain"] as const;

/** The slug of a lesson file name (`01-what-is-docker.md` → `what-is-docker`), or null. */
export function slugOfFile(path: string): string | null {
  const name = path.split("/").pop() ?? "";
  const m = FILE_PATTERN.exec(name);
  return m ? m[2] : null;
}

/** The language folder of a lesson path (`lessons/en/01-x.md` → `en`), or null. */
export function langOfPath(path: string): string | null {
  const parts = path.split("/");
  return parts.length >= 2 ? parts[parts.length - 2] : null;
}

export function parseLesson(source: string, options: ParseLessonOptions = {}): Lesson {
  const path = options.path ?? "<lesson>";
  const lang = options.lang ?? langOfPath(path) ?? "ko";
  const problems: FormatProblem[] = [];
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");

  // ---- front matter ----------------------------------------------------------
  const lines = text.split("\n");
  if (lines[0] !== "---") {
    throw new LessonFormatError([
      {
        path,
        line: 1,
        message: "파일 첫 줄은 '---'여야 해요. 그 아래에 front matter(YAML)를 쓰고 다시 '---'로 닫아요.",
      },
    ]);
  }
  const close = lines.indexOf("---", 1);
  if (close < 0) {
    throw new LessonFormatError([{ path, line: 1, message: "front matter를 닫는 '---' 줄이 없어요." }]);
  }
  const front = new YamlBlock(lines.slice(1, close).join("\n"), path, 2, "front matter");
  let id = "";
  let title = "";
  let summary = "";
  let minutes = 0;
  let prerequisites: string[] = [];
  let setup: LessonSetup = { images: [], files: [], run: [] };
  if (front.ok) {
    const fm = front.map(front.value ?? {}, [], FRONT_KEYS, ["id", "title", "summary", "minutes"]);
    if (fm) {
      id = checkId(front, fm.id, ["id"]) ?? "";
      title = front.string(fm.title, ["title"]) ?? "";
      summary = front.string(fm.summary, ["summary"]) ?? "";
      if (fm.minutes !== undefined) {
        if (typeof fm.minutes === "number" && Number.isInteger(fm.minutes) && fm.minutes > 0) minutes = fm.minutes;
        else front.error(["minutes"], "분 단위의 양의 정수여야 해요. (예: minutes: 15)");
      }
      prerequisites = front.strings(fm.prerequisites, ["prerequisites"], { optional: true });
      prerequisites.forEach((p, i) => {
        if (!ID_PATTERN.test(p)) front.error(["prerequisites", i], `레슨 id 형식이 아니에요: '${p}'`);
      });
      if (fm.setup !== undefined) setup = parseSetup(front, fm.setup);
    }
  }
  problems.push(...front.problems);

  const fileSlug = options.path ? slugOfFile(path) : null;
  if (options.path && fileSlug === null) {
    problems.push({ path, message: "파일 이름은 'NN-slug.md' 형식이어야 해요. (예: 01-what-is-docker.md)" });
  } else if (fileSlug !== null && id && fileSlug !== id) {
    problems.push({
      path,
      line: 2,
      message: `id '${id}'가 파일 이름의 slug '${fileSlug}'와 달라요. 둘을 같게 맞춰 주세요.`,
    });
  }

  // ---- body: steps and blocks -----------------------------------------------------
  const bodyStartLine = close + 2; // 1-based line of the first body line
  const body = lines.slice(close + 1).join("\n");
  const tokens = Lexer.lex(body);

  const intro: Block[] = [];
  const steps: Step[] = [];
  let blocks = intro;
  let markdown = "";
  let markdownLine = bodyStartLine;
  let offset = 0;
  const seenIds = new Map<string, number>();

  const flush = () => {
    if (markdown.trim()) {
      blocks.push({ kind: "markdown", markdown: markdown.trim() });
      problems.push(...emphasisProblems(markdown.replace(/^\n+/, ""), path, markdownLine));
    }
    markdown = "";
  };

  const lineAt = (off: number) => bodyStartLine + countNewlines(body, off);

  for (const token of tokens as Token[]) {
    const start = body.indexOf(token.raw, offset) >= 0 ? body.indexOf(token.raw, offset) : offset;
    offset = start + token.raw.length;
    const line = lineAt(start + leadingNewlines(token.raw));

    if (token.type === "heading") {
      const h = token as Tokens.Heading;
      if (h.depth === 1) {
        problems.push({
          path,
          line,
          message: "'# ' 제목은 쓰지 않아요. 레슨 제목은 front matter의 title에 쓰고, 단계는 '## '로 시작해요.",
        });
        continue;
      }
      if (h.depth === 2) {
        flush();
        const stepTitle = h.text.trim();
        if (!stepTitle) problems.push({ path, line, message: "단계 제목('## ' 뒤)이 비어 있어요." });
        const step: Step = { index: steps.length, title: stepTitle, blocks: [], line };
        steps.push(step);
        blocks = step.blocks;
        continue;
      }
    }

    if (token.type === "code" && (token as Tokens.Code).codeBlockStyle !== "indented") {
      const code = token as Tokens.Code;
      const info = (code.lang ?? "").trim().split(/\s+/).filter(Boolean);
      const kind = info[0] ?? "";
      const blockLine = line + 1; // first line inside the fence
      if (kind === "task" || kind === "quiz") {
        flush();
        if (info.length > 1) {
          problems.push({
            path,
            line,
            message: `'${kind}' 블록의 여는 줄에는 '${kind}'만 써요. (지금: '${code.lang}')`,
          });
        }
        if (steps.length === 0) {
          problems.push({
            path,
            line,
            message: `${kind === "task" ? "과제" : "퀴즈"}는 단계('## ' 제목) 안에 있어야 해요.`,
          });
        }
        const parsed = kind === "task" ? parseTask(code.text, path, blockLine) : parseQuiz(code.text, path, blockLine);
        problems.push(...parsed.problems);
        if (parsed.block) {
          const texts =
            parsed.block.kind === "task"
              ? [parsed.block.goal, ...parsed.block.hints, ...parsed.block.check.map((c) => c.fail)]
              : [parsed.block.question, ...parsed.block.choices.flatMap((c) => [c.text, c.explain])];
          for (const text of texts) problems.push(...emphasisProblems(text, path, line));
        }
        if (parsed.block) {
          const prev = seenIds.get(parsed.block.id);
          if (prev !== undefined) {
            problems.push({
              path,
              line,
              message: `id '${parsed.block.id}'가 ${prev}번째 줄에서 이미 쓰였어요. 레슨 안에서 과제와 퀴즈의 id는 모두 달라야 해요.`,
            });
          } else {
            seenIds.set(parsed.block.id, line);
          }
          blocks.push(parsed.block);
        }
        continue;
      }
      if (info.includes("run")) {
        flush();
        if (!(RUN_LANGS as readonly string[]).includes(kind)) {
          problems.push({
            path,
            line,
            message: `실행 블록의 언어는 ${RUN_LANGS.join(", ")} 중 하나여야 해요. (지금: '${kind || "없음"}')`,
          });
        }
        const runLines = code.text.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
        if (runLines.length === 0) problems.push({ path, line, message: "실행 블록에 명령이 없어요." });
        blocks.push({ kind: "run", lang: kind, code: code.text, lines: runLines, line: blockLine });
        continue;
      }
      if (["tasks", "Task", "TASK", "Quiz", "QUIZ", "quizz"].includes(kind)) {
        problems.push({ path, line, message: `'${kind}' 블록은 모르는 종류예요. 'task'나 'quiz'를 쓰려고 했나요?` });
      }
    }

    if (!markdown.trim()) markdownLine = line;
    markdown += token.raw;
  }
  flush();

  if (steps.length === 0) {
    problems.push({ path, line: bodyStartLine, message: "단계가 하나도 없어요. 단계마다 '## 제목' 줄로 시작해요." });
  }

  if (problems.length) throw new LessonFormatError(problems);
  return { id, title, summary, minutes, prerequisites, setup, intro, steps, lang, path };
}

/** Names the block by its id in messages, as soon as the id can be read. */
function labelWithId(v: YamlBlock, word: string): void {
  const id = (v.value as { id?: unknown } | null)?.id;
  if (typeof id === "string" || typeof id === "number") v.label = `${word} '${id}'`;
}

function checkId(v: YamlBlock, value: unknown, path: (string | number)[]): string | null {
  if (typeof value === "number") value = String(value);
  const s = v.string(value, path);
  if (s === null) return null;
  if (!ID_PATTERN.test(s)) {
    v.error(path, `영어 소문자, 숫자, '-'만 쓸 수 있어요. (예: run-hello) 지금: '${s}'`);
    return null;
  }
  return s;
}

function parseSetup(v: YamlBlock, value: unknown): LessonSetup {
  const out: LessonSetup = { images: [], files: [], run: [] };
  const m = v.map(value, ["setup"], SETUP_KEYS, []);
  if (!m) return out;
  out.images = v.strings(m.images, ["setup", "images"], { optional: true });
  out.images.forEach((img, i) => {
    if (/\s/.test(img)) v.error(["setup", "images", i], `이미지 이름에는 공백이 들어갈 수 없어요: '${img}'`);
  });
  out.run = v.strings(m.run, ["setup", "run"], { optional: true });
  const files = v.list(m.files, ["setup", "files"], { optional: true }) ?? [];
  files.forEach((f, i) => {
    const p = ["setup", "files", i];
    const fm = v.map(f, p, FILE_KEYS, ["path", "content"]);
    if (!fm) return;
    const filePath = v.string(fm.path, [...p, "path"]);
    const content = v.string(fm.content, [...p, "content"], { allowEmpty: true });
    let mode: string | undefined;
    if (fm.mode !== undefined) {
      const raw = typeof fm.mode === "number" ? String(fm.mode) : fm.mode;
      if (typeof raw === "string" && /^[0-7]{3,4}$/.test(raw)) mode = raw;
      else v.error([...p, "mode"], '8진수 권한이어야 해요. 따옴표로 감싸 주세요. (예: mode: "755")');
    }
    let overwrite = false;
    if (fm.overwrite !== undefined) {
      if (typeof fm.overwrite === "boolean") overwrite = fm.overwrite;
      else v.error([...p, "overwrite"], "true 또는 false여야 해요.");
    }
    if (filePath !== null && content !== null)
      out.files.push({ path: filePath, content, mode, overwrite } satisfies SetupFile);
  });
  return out;
}

function parseTask(text: string, path: string, line: number): { block: Task | null; problems: FormatProblem[] } {
  const v = new YamlBlock(text, path, line, "과제");
  if (!v.ok) return { block: null, problems: v.problems };
  labelWithId(v, "과제");
  const m = v.map(v.value, [], TASK_KEYS, ["id", "goal", "check", "solution"]);
  if (!m) return { block: null, problems: v.problems };
  const id = checkId(v, m.id, ["id"]);
  const goal = v.string(m.goal, ["goal"]) ?? "";
  const check: CheckLine[] = [];
  const items = v.list(m.check, ["check"], { nonEmpty: true }) ?? [];
  items.forEach((item, i) => {
    if (typeof item === "string") {
      v.error(["check", i], "검사 줄마다 'run:'(명령)과 'fail:'(실패했을 때 보여 줄 메시지)을 함께 써요.");
      return;
    }
    const c = v.map(item, ["check", i], CHECK_KEYS, ["run", "fail"]);
    if (!c) return;
    const run = v.string(c.run, ["check", i, "run"]);
    const fail = v.string(c.fail, ["check", i, "fail"]);
    if (run !== null && fail !== null) check.push({ run: run.trim(), fail: fail.trim() });
  });
  const hints = v.strings(m.hints, ["hints"], { optional: true }).map((h) => h.trim());
  const solution = v.strings(m.solution, ["solution"], { nonEmpty: true }).map((s) => s.trim());
  solution.forEach((s, i) => {
    if (s.includes("\n")) v.error(["solution", i], "정답의 각 항목은 한 줄 명령이어야 해요. 줄마다 따로 적어 주세요.");
  });
  let engines: EngineKind[] = [...ENGINE_KINDS];
  if (m.engines !== undefined) {
    const names = v.strings(m.engines, ["engines"], { nonEmpty: true });
    names.forEach((e, i) => {
      if (!(ENGINE_KINDS as readonly string[]).includes(e))
        v.error(["engines", i], `엔진은 sim(시뮬레이터)이나 real(실제 엔진)이어야 해요: '${e}'`);
    });
    engines = ENGINE_KINDS.filter((e) => names.includes(e));
  }
  if (!v.ok || !id) return { block: null, problems: v.problems };
  return { block: { kind: "task", id, goal: goal.trim(), check, hints, solution, engines, line }, problems: [] };
}

function parseQuiz(text: string, path: string, line: number): { block: Quiz | null; problems: FormatProblem[] } {
  const v = new YamlBlock(text, path, line, "퀴즈");
  if (!v.ok) return { block: null, problems: v.problems };
  labelWithId(v, "퀴즈");
  const m = v.map(v.value, [], QUIZ_KEYS, ["id", "question", "choices"]);
  if (!m) return { block: null, problems: v.problems };
  const id = checkId(v, m.id, ["id"]);
  const question = v.string(m.question, ["question"]) ?? "";
  const choices: QuizChoice[] = [];
  const items = v.list(m.choices, ["choices"]) ?? [];
  if (Array.isArray(m.choices) && items.length < 2) v.error(["choices"], "보기는 적어도 두 개 있어야 해요.");
  items.forEach((item, i) => {
    const c = v.map(item, ["choices", i], CHOICE_KEYS, ["text", "explain"]);
    if (!c) return;
    const t = v.string(c.text, ["choices", i, "text"]);
    const explain = v.string(c.explain, ["choices", i, "explain"]);
    let correct = false;
    if (c.correct !== undefined) {
      if (typeof c.correct === "boolean") correct = c.correct;
      else v.error(["choices", i, "correct"], "true 또는 false여야 해요.");
    }
    if (t !== null && explain !== null) choices.push({ text: t.trim(), correct, explain: explain.trim() });
  });
  const nCorrect = choices.filter((c) => c.correct).length;
  if (choices.length === items.length && items.length >= 2 && nCorrect !== 1) {
    v.error(["choices"], `정답('correct: true')인 보기는 정확히 하나여야 해요. (지금: ${nCorrect}개)`);
  }
  if (!v.ok || !id) return { block: null, problems: v.problems };
  return { block: { kind: "quiz", id, question: question.trim(), choices, line }, problems: [] };
}

/**
 * Markdown's emphasis rules trip on Korean: in `**이미지(image)**예요` the
 * closing `**` follows punctuation and precedes a letter, so it is not
 * emphasis and the asterisks show up literally. Find `**`/`__` left over as
 * plain text after lexing (code spans are not text, so they never count).
 */
export function emphasisProblems(markdown: string, path: string, line: number): FormatProblem[] {
  const out: FormatProblem[] = [];
  const walk = (tokens: Token[] | undefined, lineHere: number) => {
    for (const tok of tokens ?? []) {
      if (tok.type === "text" && !("tokens" in tok && tok.tokens?.length) && /\*\*|__/.test(tok.raw)) {
        const snippet = tok.raw.trim().slice(0, 40);
        out.push({
          path,
          line: lineHere,
          message: `굵게 표시(**…**)가 깨져요: '${snippet}'. 닫는 ** 바로 앞이 괄호 같은 문장 부호이고 바로 뒤가 글자이면 굵게가 되지 않아요. '**이미지**(image)예요'처럼 괄호를 ** 밖으로 빼 주세요.`,
        });
      }
      const children = (tok as { tokens?: Token[] }).tokens;
      const items = (tok as { items?: Token[] }).items;
      if (children) walk(children, lineHere);
      if (items) walk(items, lineHere);
    }
  };
  let offset = 0;
  for (const tok of Lexer.lex(markdown)) {
    const start = markdown.indexOf(tok.raw, offset);
    const lineHere = line + countNewlines(markdown, start < 0 ? offset : start) + leadingNewlines(tok.raw);
    offset = (start < 0 ? offset : start) + tok.raw.length;
    if (tok.type === "code" || tok.type === "html") continue;
    walk([tok], lineHere);
  }
  return out;
}

function countNewlines(s: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

function leadingNewlines(s: string): number {
  let n = 0;
  while (n < s.length && s[n] === "\n") n++;
  return n;
}

/** All tasks of a lesson, in order. */
export function lessonTasks(lesson: Lesson): Task[] {
  return lesson.steps.flatMap((s) => s.blocks.filter((b): b is Task => b.kind === "task"));
}

/** All quizzes of a lesson, in order. */
export function lessonQuizzes(lesson: Lesson): Quiz[] {
  return lesson.steps.flatMap((s) => s.blocks.filter((b): b is Quiz => b.kind === "quiz"));
}
