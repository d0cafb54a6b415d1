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
  try {
    parseStatements(text);
    return false;
  } catch (e) {
    const m = (e as Error).message;
    return /unexpected EOF|got EOF|unexpected end|unterminated|unexpected token `(fi|done|esac|then|do|\}|\))'/i.test(m);
  }
}

/** bash's wording for a syntax error, without the parser's position prefix. */
export function syntaxMessage(e: Error): string {
  const m = e.message.replace(/^Parse error at \d+:\d+:\s*/i, "").replace(/^line \d+:\s*/, "");
  return m.startsWith("syntax error") ? m : `syntax error: ${m}`;
}
