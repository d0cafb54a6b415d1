/**
 * Lesson Markdown to HTML with marked. Lesson files ship with the app; still,
 * raw HTML in them is shown as text, and links may only point to http(s),
 * mailto or relative addresses, so the HTML here is only what marked makes.
 */
import { Marked, type Tokens } from "marked";
import { useMemo } from "react";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const SAFE_URL = /^(https?:|mailto:|#|\/|\.{0,2}\/|[^:]*$)/i;

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      if (!SAFE_URL.test(token.href)) return text;
      const external = /^https?:/i.test(token.href);
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      const target = external ? ` target="_blank" rel="noopener noreferrer"` : "";
      return `<a href="${escapeHtml(token.href)}"${title}${target}>${text}</a>`;
    },
  },
});

/** Markdown → HTML string (exported for tests). */
export function renderMarkdown(text: string, inline = false): string {
  return inline ? marked.parseInline(text, { async: false }) : marked.parse(text, { async: false });
}

export function Markdown({ text, inline = false, className }: { text: string; inline?: boolean; className?: string }) {
  const html = useMemo(() => ({ __html: renderMarkdown(text, inline) }), [text, inline]);
  if (inline) {
    // biome-ignore lint/security/noDangerouslySetInnerHtml: HTML made by marked from lesson text; raw HTML is escaped (above)
    return <span className={className} dangerouslySetInnerHTML={html} />;
  }
  // biome-ignore lint/security/noDangerouslySetInnerHtml: HTML made by marked from lesson text; raw HTML is escaped (above)
  return <div className={`lesson-md${className ? ` ${className}` : ""}`} dangerouslySetInnerHTML={html} />;
}
