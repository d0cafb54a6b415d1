/**
 * Style and glossary lint for lesson files, on top of the strict parser.
 * The parser decides what a lesson *is*; this decides whether it reads right:
 *   - structure: every task has hints, check lines with messages, a solution;
 *   - glossary: terms spelled as ../shared/GLOSSARY.ko.md lists them, and the
 *     English original in parentheses the first time a term is used;
 *   - register: 해요체 only, no 반말 or 합쇼체 sentence endings in prose;
 *   - diagrams: text pictures narrow enough for the lesson pane and with no
 *     vertical lines to the right of Hangul (Hangul width varies by font).
 * Code (fences, inline code) is never linted for words: commands and Docker's
 * output stay English and exact. DOM-free, like the rest of src/course.
 */
import { Lexer, type Token, type Tokens } from "marked";
import { displayWidth } from "../shared/format";
import type { FormatProblem } from "./errors";
import { lessonQuizzes, lessonTasks, parseLesson } from "./parse";
import type { Lesson } from "./types";

// ---------------------------------------------------------------- glossary

/** Known misspellings → the glossary spelling. Matched in prose, never in code. */
export const MISSPELLINGS: readonly { wrong: RegExp; right: string }[] = [
  { wrong: /콘테이너|컨테이나|컨테이어|컨테니어|컨테너(?![가-힣]*너)|컨테이러|콘테이나/, right: "컨테이너" },
  { wrong: /시스템컨테이너/, right: "시스템 컨테이너" },
  { wrong: /도커엔진/, right: "도커 엔진" },
  { wrong: /독커|다커/, right: "도커" },
  { wrong: /도커파일|도커 파일/, right: "Dockerfile" },
  { wrong: /이메지|이미쥐/, right: "이미지" },
  { wrong: /레지스터리|레지스트레|레지스츄리|리지스트리|래지스트리|레지스트리이/, right: "레지스트리" },
  { wrong: /레포지토리|리포지토리|레포지터리|리포지터리/, right: "저장소" },
  { wrong: /디렉토리/, right: "디렉터리" },
  { wrong: /작업디렉터리/, right: "작업 디렉터리" },
  { wrong: /대몬|데먼|디먼/, right: "데몬" },
  { wrong: /데몬 리스|대몬리스/, right: "데몬리스" },
  { wrong: /루트 리스|루틀리스/, right: "루트리스" },
  { wrong: /래이어|레이여/, right: "레이어" },
  { wrong: /볼룸|보륨/, right: "볼륨" },
  { wrong: /하이퍼바이져|하이퍼 바이저|하이퍼바이서/, right: "하이퍼바이저" },
  { wrong: /오케스트래이션|오캐스트레이션|오케스트라이션/, right: "오케스트레이션" },
  { wrong: /네임 스페이스|네임스페이즈|네임스패이스/, right: "네임스페이스" },
  { wrong: /컨트롤그룹/, right: "컨트롤 그룹" },
  { wrong: /커넬|커늘|컨널/, right: "커널" },
  { wrong: /크라이언트|클라이엔트|클라이언드/, right: "클라이언트" },
  { wrong: /환경변수/, right: "환경 변수" },
  { wrong: /가상머신|가상 머쉰/, right: "가상 머신" },
  { wrong: /종속성/, right: "의존성" },
  { wrong: /포트 ?포워딩/, right: "포트 공개(포트 매핑)" },
  { wrong: /푸시(?:해|하|를|했)/, right: "올리기(push)" },
  { wrong: /풀 ?받|풀링해/, right: "내려받기(pull)" },
];

/**
 * Terms that need their English original in parentheses on first use in a
 * lesson: `이미지(image)`, `**이미지**(image)`. Longer terms first, so that
 * `시스템 컨테이너(system container)` does not count as a bare `컨테이너`.
 */
export const FIRST_USE_TERMS: readonly string[] = [
  "시스템 컨테이너",
  "호스트 이름",
  "작업 디렉터리",
  "환경 변수",
  "컨트롤 그룹",
  "가상 머신",
  "도커 엔진",
  "포트 공개",
  "오케스트레이션",
  "하이퍼바이저",
  "네임스페이스",
  "레지스트리",
  "데몬리스",
  "루트리스",
  "컨테이너",
  "클라이언트",
  "이식성",
  "경량화",
  "의존성",
  "이미지",
  "레이어",
  "호스트",
  "커널",
  "볼륨",
  "격리",
  "도커",
  "데몬",
];

// ---------------------------------------------------------------- register

/**
 * 해요체 ends every sentence in 요 (or its contraction 죠): 해요, 이에요, 해 보세요,
 * 할까요?, 그렇죠? So a Hangul syllable other than those right before . ! ? is
 * 반말 (한다. 해. 쉬워. 하자.) or 합쇼체 (합니다. 하십시오.) — unless the sentence
 * ends in a noun (a fragment such as "…의 차이점."), listed here.
 */
const HAEYO_FINAL = new Set(["요", "죠"]);
/** Nouns that may end a sentence or fragment. Add to this list rather than weaken the rule. */
export const NOUN_ENDINGS: readonly string[] = [
  "레이어",
  "소프트웨어",
  "하드웨어",
  "아이디어",
  "시나리오",
  "데이터",
  "이미지",
  "컨테이너",
  "예시",
  "정답",
  "오답",
  "끝",
];
/** Whole-line 반말 endings without a sentence mark, e.g. a list item "- 컨테이너를 만든다". */
const BANMAL_LINE_END = /(?:[가-힣]다|[어아여해하]라|하자|해봐|거야|이야|하십시오|합시다)$/;

export interface ProseLine {
  text: string;
  /** A heading line (`## …`): short nouns are fine there. */
  heading?: boolean;
}

/** Removes inline code, links' targets and Markdown markup that hides the text. */
export function stripInline(s: string): string {
  return s
    .replace(/`+[^`]*`+/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<https?:[^>]+>/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\*\*|__/g, "")
    .replace(/(^|\s)[*_](\S)/g, "$1$2");
}

/** Sentences of a prose line that end in 반말 or 합쇼체. */
export function registerProblems(line: string): string[] {
  const text = stripInline(line)
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/, "")
    .replace(/^#+\s*/, "")
    .trim();
  if (!text) return [];
  const out: string[] = [];
  // Sentences: up to a sentence mark followed by space or the end.
  const re = /[^.!?]*[.!?]+(?=\s|$|["')\]」』])/g;
  for (const m of text.matchAll(re)) {
    const sentence = m[0].trim();
    let body = sentence.replace(/[.!?]+$/, "").replace(/["'”’\]」』]+$/, "");
    // A closing parenthetical is an aside: "…바꿔 줘요(롤링 업데이트)." ends in 요.
    while (/\([^()]*\)$/.test(body)) body = body.replace(/\s*\([^()]*\)$/, "");
    const last = body.slice(-1);
    if (!/[가-힣]/.test(last) || HAEYO_FINAL.has(last)) continue;
    if (NOUN_ENDINGS.some((n) => body.endsWith(n))) continue;
    out.push(sentence);
  }
  const bare = text.replace(/["'”’)\]」』.!?]+$/, "");
  if (!/[.!?]$/.test(text) && BANMAL_LINE_END.test(bare)) out.push(text);
  return out;
}

/** The glossary spelling problems of one prose line. */
export function spellingProblems(line: string): string[] {
  const text = stripInline(line);
  const out: string[] = [];
  for (const { wrong, right } of MISSPELLINGS) {
    const m = wrong.exec(text);
    if (m) out.push(`'${m[0]}' → '${right}'`);
  }
  return out;
}

/**
 * Where a glossary term first appears without its English original: returns
 * the terms (in order of appearance) whose first bare use is not followed by
 * `(English…)`. `lines` are the lesson's prose, in reading order.
 */
export function firstUseProblems(lines: readonly ProseLine[]): { term: string; text: string }[] {
  const seen = new Set<string>();
  const out: { term: string; text: string }[] = [];
  for (const { text: raw, heading } of lines) {
    if (heading) continue;
    const text = stripInline(raw);
    // Mask longer terms first so their parts are not seen as bare uses.
    let masked = text;
    for (const term of FIRST_USE_TERMS) {
      let from = 0;
      for (;;) {
        const i = masked.indexOf(term, from);
        if (i < 0) break;
        from = i + term.length;
        // Part of a longer Hangul word (e.g. 컨테이너 in 시스템컨테이너 is caught by spelling) → still a use.
        if (!seen.has(term)) {
          seen.add(term);
          const after = masked.slice(i + term.length);
          if (!/^\(\s*[A-Za-z]/.test(after)) out.push({ term, text: raw.trim() });
        }
        masked = masked.slice(0, i) + "\u0000".repeat(term.length) + masked.slice(i + term.length);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- diagrams

/**
 * Widest text picture line that fits the lesson pane at 1280×720: about 310 px
 * inside a code block at 0.85rem monospace (~8.2 px a column). Wider pictures
 * scroll sideways (lesson.css), which hides half the picture.
 */
export const DIAGRAM_MAX_WIDTH = 36;
const VERTICAL = /[│┃║▲▼┌┐└┘├┤┬┴┼╔╗╚╝╠╣|]/;

/** Problems of one line of a text picture (a code fence that is not a command block). */
export function diagramProblems(line: string): string[] {
  const out: string[] = [];
  const w = displayWidth(line);
  if (w > DIAGRAM_MAX_WIDTH) out.push(`그림 줄이 너무 넓어요(${w}칸). ${DIAGRAM_MAX_WIDTH}칸 안으로 줄여 주세요`);
  const hangul = line.search(/[가-힣]/);
  if (hangul >= 0 && VERTICAL.test(line.slice(hangul))) {
    out.push(
      "한글 오른쪽에 세로선이나 화살표가 있어요. 글꼴마다 한글 너비가 달라서 줄이 어긋나요. 한글 설명은 줄 끝에 두세요",
    );
  }
  return out;
}

// ---------------------------------------------------------------- lesson

export interface Collected {
  /** Prose in reading order: step titles, paragraphs, list items, table cells, task and quiz texts. */
  prose: ProseLine[];
  /** Lines of code fences that are pictures (```text, no language …). Shell, Dockerfile and YAML
   *  examples are code: neither their words nor their width are linted. */
  pictures: string[];
}

/** Fence languages that hold code, not pictures. */
const SHELL_LANGS = new Set(["sh", "bash", "shell", "console", "dockerfile", "Dockerfile", "yaml", "json"]);

function collectMarkdown(markdown: string, into: Collected): void {
  const walk = (tokens: Token[]) => {
    for (const tok of tokens) {
      if (tok.type === "code") {
        const code = tok as Tokens.Code;
        const lang = (code.lang ?? "").trim().split(/\s+/)[0] ?? "";
        if (!SHELL_LANGS.has(lang)) into.pictures.push(...code.text.split("\n"));
        continue;
      }
      if (tok.type === "heading") {
        into.prose.push({ text: (tok as Tokens.Heading).text, heading: true });
        continue;
      }
      if (tok.type === "table") {
        const t = tok as Tokens.Table;
        for (const cell of t.header) into.prose.push({ text: cell.text, heading: true });
        for (const row of t.rows) for (const cell of row) into.prose.push({ text: cell.text });
        continue;
      }
      if (tok.type === "list") {
        for (const item of (tok as Tokens.List).items) walk(item.tokens);
        continue;
      }
      if (tok.type === "blockquote") {
        walk((tok as Tokens.Blockquote).tokens);
        continue;
      }
      if (tok.type === "paragraph" || tok.type === "text") {
        for (const line of (tok as Tokens.Paragraph).text.split("\n")) into.prose.push({ text: line });
      }
    }
  };
  walk(Lexer.lex(markdown));
}

/** All prose of a lesson in reading order, and its text pictures. */
export function collectLesson(lesson: Lesson): Collected {
  const c: Collected = { prose: [], pictures: [] };
  const blocks = [...lesson.intro.map((b) => ({ b, title: null as string | null }))];
  for (const step of lesson.steps) {
    blocks.push({ b: { kind: "markdown", markdown: "" }, title: step.title });
    for (const b of step.blocks) blocks.push({ b, title: null });
  }
  for (const { b, title } of blocks) {
    if (title !== null) {
      c.prose.push({ text: title, heading: true });
      continue;
    }
    if (b.kind === "markdown") collectMarkdown(b.markdown, c);
    else if (b.kind === "task") {
      collectMarkdown(b.goal, c);
      for (const h of b.hints) collectMarkdown(h, c);
      for (const l of b.check) collectMarkdown(l.fail, c);
    } else if (b.kind === "quiz") {
      collectMarkdown(b.question, c);
      for (const ch of b.choices) {
        collectMarkdown(ch.text, c);
        collectMarkdown(ch.explain, c);
      }
    }
  }
  return c;
}

/** 1-based line of the first occurrence of `needle` in `source`, if any. */
function lineOf(source: string, needle: string): number | undefined {
  const probe = needle.trim().slice(0, 30);
  if (!probe) return undefined;
  const i = source.indexOf(probe);
  return i < 0 ? undefined : source.slice(0, i).split("\n").length;
}

/**
 * Lints one lesson file. Parse errors come back as problems too, so a single
 * call reports everything. Word rules (register, glossary) apply to Korean
 * files only; structure and diagram rules apply to every language.
 */
export function lintLesson(source: string, path: string): FormatProblem[] {
  let lesson: Lesson;
  try {
    lesson = parseLesson(source, { path });
  } catch (e) {
    const problems = (e as { problems?: FormatProblem[] }).problems;
    return problems ?? [{ path, message: String(e) }];
  }
  const out: FormatProblem[] = [];
  const at = (needle: string, message: string) => out.push({ path, line: lineOf(source, needle), message });

  // Structure (the parser already demands check and solution; say it again in lint terms).
  if (!/[가-힣A-Za-z]/.test(lesson.title)) at("title:", "title이 비어 있어요.");
  if (lesson.minutes > 120) at("minutes:", "레슨 하나는 120분을 넘지 않게 나눠 주세요.");
  for (const task of lessonTasks(lesson)) {
    const where = `id: ${task.id}`;
    if (task.check.length === 0) at(where, `과제 '${task.id}'에 검사(check)가 없어요.`);
    if (task.solution.length === 0) at(where, `과제 '${task.id}'에 정답(solution)이 없어요.`);
    if (task.hints.length === 0) at(where, `과제 '${task.id}'에 힌트(hints)가 없어요.`);
    for (const l of task.check) {
      if (!l.fail.trim()) at(l.run, `과제 '${task.id}'의 검사 줄에 실패 메시지(fail)가 없어요.`);
      if (/\bhistory\b|\.bash_history/.test(l.run))
        at(l.run, `과제 '${task.id}'의 검사가 명령 기록을 읽어요. 검사는 머신의 상태를 읽어야 해요.`);
    }
  }
  for (const quiz of lessonQuizzes(lesson)) {
    if (quiz.choices.filter((c) => c.correct).length !== 1)
      at(`id: ${quiz.id}`, `퀴즈 '${quiz.id}'의 정답이 하나가 아니에요.`);
  }

  const collected = collectLesson(lesson);
  for (const line of collected.pictures) for (const m of diagramProblems(line)) at(line, m);

  if (lesson.lang === "ko") {
    const prose: ProseLine[] = [{ text: lesson.title, heading: true }, { text: lesson.summary }, ...collected.prose];
    for (const { text } of prose) {
      for (const s of registerProblems(text))
        at(s, `해요체가 아닌 문장이에요: '${s}' (…해요, …이에요, …해 보세요로 써요)`);
      for (const s of spellingProblems(text)) at(text, `용어 표기: ${s}`);
    }
    for (const line of collected.pictures) for (const s of spellingProblems(line)) at(line, `용어 표기: ${s}`);
    for (const { term, text } of firstUseProblems(collected.prose)) {
      at(
        text,
        `'${term}'이(가) 이 레슨에서 처음 나오는 곳에 영어 원어가 없어요. '${term}(English)'처럼 괄호에 적어 주세요.`,
      );
    }
  }
  return out;
}
