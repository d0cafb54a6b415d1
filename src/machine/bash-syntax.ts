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
