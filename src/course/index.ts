/** Lessons runtime: parse lesson files, run checks, setup and solutions. DOM-free. */

export * from "./checks";
export * from "./course";
export * from "./errors";
export {
  FILE_PATTERN,
  ID_PATTERN,
  langOfPath,
  lessonQuizzes,
  lessonTasks,
  parseLesson,
  RUN_LANGS,
  slugOfFile,
} from "./parse";
export * from "./types";
