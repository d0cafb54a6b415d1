/** One problem found in a lesson or course file. */
export interface FormatProblem {
  /** File the problem is in, e.g. `lessons/ko/01-what-is-docker.md`. */
  path: string;
  /** 1-based line, when known. */
  line?: number;
  /** Korean explanation for the instructor. */
  message: string;
}

/**
 * Thrown by the parsers. Carries every problem found (not just the first), so
 * an instructor can fix a file in one pass. `message` lists them as
 * `path:line: message`, one per line, like a compiler.
 */
export class LessonFormatError extends Error {
  readonly problems: FormatProblem[];
  constructor(problems: FormatProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "LessonFormatError";
    this.problems = problems;
  }
}

export function formatProblem(p: FormatProblem): string {
  return `${p.path}${p.line ? `:${p.line}` : ""}: ${p.message}`;
}
