/**
 * The course in the browser: the course order is bundled (it is tiny), each
 * lesson file is its own lazy chunk, loaded when first opened.
 */
import courseText from "/lessons/course.yaml?raw";
import { BASE_LANG, createCatalog, type LessonCatalog, parseLesson } from "../../course";

const loaders = import.meta.glob<string>("/lessons/*/*.md", { query: "?raw", import: "default" });

function makeCatalog(): { catalog: LessonCatalog | null; error: string | null } {
  try {
    return { catalog: createCatalog(courseText, loaders, (text, path) => parseLesson(text, { path })), error: null };
  } catch (e) {
    // A broken course.yaml must not take the whole app down: the pane shows the error.
    return { catalog: null, error: e instanceof Error ? e.message : String(e) };
  }
}

export const { catalog, error: catalogError } = makeCatalog();

/** The language of the lessons to show; other languages fall back to Korean file by file. */
export function lessonLang(): string {
  const q = typeof location !== "undefined" ? new URLSearchParams(location.search).get("lang") : null;
  return q && /^[a-z]{2}$/.test(q) ? q : BASE_LANG;
}
