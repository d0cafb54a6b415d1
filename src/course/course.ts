/**
 * The course order (lessons/course.yaml) and how lesson files are found:
 * `lessons/<lang>/NN-<slug>.md`, falling back to Korean file by file.
 */
import { type FormatProblem, LessonFormatError } from "./errors";
import { ID_PATTERN, langOfPath, lessonTasks, slugOfFile } from "./parse";
import type { Lesson } from "./types";
import { YamlBlock } from "./yaml-check";

/** The language lessons are written in first; every other falls back to it. */
export const BASE_LANG = "ko";
export const COURSE_PATH = "lessons/course.yaml";

export interface CourseOrder {
  /** Lesson slugs (= lesson ids), in teaching order. */
  lessons: string[];
}

export function parseCourse(text: string, path = COURSE_PATH): CourseOrder {
  const v = new YamlBlock(text.replace(/\r\n?/g, "\n"), path, 1, "코스 순서");
  if (!v.ok) throw new LessonFormatError(v.problems);
  const m = v.map(v.value ?? {}, [], ["lessons"], ["lessons"]);
  const lessons = m ? v.strings(m.lessons, ["lessons"], { nonEmpty: true }) : [];
  const seen = new Set<string>();
  lessons.forEach((slug, i) => {
    if (!ID_PATTERN.test(slug))
      v.error(["lessons", i], `레슨 slug 형식이 아니에요: '${slug}' (파일 이름에서 번호와 .md를 뺀 부분을 써요)`);
    if (seen.has(slug)) v.error(["lessons", i], `'${slug}'가 두 번 들어 있어요.`);
    seen.add(slug);
  });
  if (!v.ok) throw new LessonFormatError(v.problems);
  return { lessons };
}

/** Normalises `/lessons/ko/01-x.md` and `lessons/ko/01-x.md` to the latter. */
export function normalizeLessonPath(p: string): string {
  return p.replace(/^\.?\//, "");
}

/**
 * Finds the file of `slug` for `lang` among `files` (paths as given, e.g. the
 * keys of import.meta.glob). Falls back to the Korean file when the language
 * has no translation of that lesson. Returns the path as given, or null.
 */
export function resolveLessonFile(files: readonly string[], slug: string, lang: string): string | null {
  const find = (l: string) =>
    files.find((f) => {
      const n = normalizeLessonPath(f);
      return langOfPath(n) === l && n.startsWith("lessons/") && slugOfFile(n) === slug;
    }) ?? null;
  return find(lang) ?? (lang === BASE_LANG ? null : find(BASE_LANG));
}

/**
 * Cross-file rules: every slug has exactly one Korean file; every lesson file
 * is in the course order (a forgotten line is an error, not a silent skip);
 * translations match a Korean lesson; prerequisites come earlier in the order.
 * `lessons` are the parsed lessons, in any order (may be partial).
 */
export function validateCourse(
  order: CourseOrder,
  files: readonly string[],
  lessons: readonly Lesson[] = [],
): FormatProblem[] {
  const problems: FormatProblem[] = [];
  const normalized = files.map(normalizeLessonPath).filter((f) => f.startsWith("lessons/") && f.endsWith(".md"));
  const bySlug = new Map<string, string[]>();
  for (const f of normalized) {
    const slug = slugOfFile(f);
    if (slug === null) {
      problems.push({ path: f, message: "파일 이름은 'NN-slug.md' 형식이어야 해요. (예: 01-what-is-docker.md)" });
      continue;
    }
    const lang = langOfPath(f) ?? "";
    const key = `${lang}/${slug}`;
    bySlug.set(key, [...(bySlug.get(key) ?? []), f]);
  }
  for (const [key, paths] of bySlug) {
    if (paths.length > 1)
      problems.push({ path: paths[1], message: `같은 slug의 파일이 여러 개예요: ${paths.join(", ")}` });
    const [lang, slug] = key.split("/");
    if (!order.lessons.includes(slug)) {
      if (lang === BASE_LANG)
        problems.push({
          path: paths[0],
          message: `${COURSE_PATH}의 lessons 목록에 '${slug}'가 없어요. 한 줄 추가해 주세요.`,
        });
      else problems.push({ path: paths[0], message: `번역 파일이지만 코스 순서에 '${slug}'가 없어요.` });
    }
  }
  for (const slug of order.lessons) {
    if (!bySlug.has(`${BASE_LANG}/${slug}`)) {
      problems.push({
        path: COURSE_PATH,
        message: `'${slug}' 레슨 파일이 없어요. lessons/${BASE_LANG}/NN-${slug}.md를 만들어 주세요.`,
      });
    }
  }
  for (const lesson of lessons) {
    const at = order.lessons.indexOf(lesson.id);
    for (const pre of lesson.prerequisites) {
      const i = order.lessons.indexOf(pre);
      if (i < 0)
        problems.push({ path: lesson.path, message: `prerequisites의 '${pre}'는 코스 순서에 없는 레슨이에요.` });
      else if (at >= 0 && i >= at)
        problems.push({ path: lesson.path, message: `prerequisites의 '${pre}'는 이 레슨보다 앞에 와야 해요.` });
    }
  }
  return problems;
}

/**
 * A translation must keep the Korean lesson's tasks (same ids, same checks
 * and solutions): only the words change, never what is graded.
 */
export function compareTranslation(base: Lesson, translated: Lesson): FormatProblem[] {
  const problems: FormatProblem[] = [];
  const a = lessonTasks(base);
  const b = lessonTasks(translated);
  const ids = (ts: typeof a) => ts.map((t) => t.id).join(",");
  if (ids(a) !== ids(b)) {
    problems.push({
      path: translated.path,
      message: `과제 id가 한국어 원본과 달라요. 원본: [${ids(a)}], 번역: [${ids(b)}]`,
    });
    return problems;
  }
  a.forEach((t, i) => {
    const u = b[i];
    if (
      JSON.stringify(t.check.map((c) => c.run)) !== JSON.stringify(u.check.map((c) => c.run)) ||
      JSON.stringify(t.solution) !== JSON.stringify(u.solution) ||
      JSON.stringify(t.engines) !== JSON.stringify(u.engines)
    ) {
      problems.push({
        path: translated.path,
        line: u.line,
        message: `과제 '${t.id}'의 check.run, solution이나 engines가 원본과 달라요. 번역에서는 글만 바꿔요.`,
      });
    }
  });
  return problems;
}

/** Lazy access to lessons: `files` maps a path to a loader (import.meta.glob in the browser, fs in Node). */
export interface LessonCatalog {
  order: CourseOrder;
  /** Paths of every lesson file known. */
  files: string[];
  /** Loads and parses the lesson `slug` in `lang` (Korean fallback). */
  load(slug: string, lang?: string): Promise<Lesson>;
}

export function createCatalog(
  courseText: string,
  loaders: Record<string, () => Promise<string>>,
  parse: (text: string, path: string) => Lesson,
): LessonCatalog {
  const order = parseCourse(courseText);
  const files = Object.keys(loaders);
  const cache = new Map<string, Promise<Lesson>>();
  return {
    order,
    files,
    load(slug, lang = BASE_LANG) {
      const file = resolveLessonFile(files, slug, lang);
      if (!file) return Promise.reject(new Error(`lesson not found: ${slug}`));
      let p = cache.get(file);
      if (!p) {
        p = loaders[file]().then((text) => parse(text, normalizeLessonPath(file)));
        p.catch(() => cache.delete(file));
        cache.set(file, p);
      }
      return p;
    },
  };
}
