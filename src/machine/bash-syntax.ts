/**
 * Reading command lines before running them: split into top-level statements,
 * find plain commands (no pipe, no redirection), and tell an unfinished line
 * from a syntax error. Uses just-bash's own parser through Bash.transform(),
 * which both its Node and browser builds provide.
 */
import { Bash, type StatementNode } from "just-bash";

let parser: Bash | null = null;

export type Statement = StatementNode & { sourceText?: string };

/** Parse a script; throws the parser's error (with its bash-like message) on bad syntax. */
export function parseStatements(text: string): Statement[] {
  parser ??= new Bash({ commands: [] });
  return parser.transform(text).ast.statements as Statement[];
}

/** Is this text an unfinished command (open quote, `do` without `done`, trailing backslash)? */
export function isIncomplete(text: string): boolean {
  if (/\\$/.test(text)) return true;
  // A here-document is complete only when its delimiter line has arrived.
  const lines = text.split("\n");
  const pending: string[] = [];
  for (const line of lines) {
    if (pending.length && (line === pending[0] || line.replace(/^\t+/, "") === pending[0])) {
      pending.shift();
      continue;
    }
    if (pending.length) continue;
    for (const m of line.matchAll(/<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/g)) pending.push(m[2]);
  }
  if (pending.length) return true;
  try {
    parseStatements(text);
    return false;
  } catch (e) {
    const m = (e as Error).message;
    return /unexpected EOF|got EOF|unexpected end|unterminated|unexpected token `(fi|done|esac|then|do|\}|\))'/i.test(
      m,
    );
  }
}

/** bash's wording for a syntax error, without the parser's position prefix. */
export function syntaxMessage(e: Error): string {
  const m = e.message.replace(/^Parse error at \d+:\d+:\s*/i, "").replace(/^line \d+:\s*/, "");
  return m.startsWith("syntax error") ? m : `syntax error: ${m}`;
}

/**
 * just-bash lets a failed output redirection (missing directory, read-only
 * mount) escape exec() as an exception. Turn it into what the shell prints
 * and a failed status, as bash, dash and busybox ash do.
 */
export function redirectFailure(
  e: unknown,
  shell: "bash" | "dash" | "ash",
): { stderr: string; exitCode: number } | null {
  const err = e as { message?: string; code?: string; path?: string };
  const m = (err.message ?? "").match(/^(ENOENT|ENOTDIR|EISDIR|EACCES|EROFS)[^,]*, \w+ '([^']*)'/);
  const code = err.code ?? m?.[1];
  const path = err.path ?? m?.[2];
  if (!code || !path) return null;
  const reason =
    code === "ENOENT"
      ? "No such file or directory"
      : code === "ENOTDIR"
        ? "Not a directory"
        : code === "EISDIR"
          ? "Is a directory"
          : code === "EROFS"
            ? "Read-only file system"
            : "Permission denied";
  if (shell === "ash")
    return {
      stderr: `sh: can't create ${path}: ${code === "ENOENT" ? "nonexistent directory" : reason}\n`,
      exitCode: 1,
    };
  if (shell === "dash")
    return {
      stderr: `/bin/sh: 1: cannot create ${path}: ${code === "ENOENT" ? "Directory nonexistent" : reason}\n`,
      exitCode: 2,
    };
  return { stderr: `bash: ${path}: ${reason}\n`, exitCode: 1 };
}
