import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./Markdown";

describe("renderMarkdown", () => {
  it("renders lesson Markdown", () => {
    expect(renderMarkdown("**굵게** `code`", true)).toBe("<strong>굵게</strong> <code>code</code>");
    expect(renderMarkdown("- a\n- b")).toContain("<li>a</li>");
  });

  it("shows raw HTML as text and drops unsafe links", () => {
    expect(renderMarkdown('<img src=x onerror="alert(1)">')).not.toContain("<img");
    expect(renderMarkdown("a <b>b</b>", true)).toBe("a &lt;b&gt;b&lt;/b&gt;");
    expect(renderMarkdown("[x](javascript:alert(1))", true)).toBe("x");
    expect(renderMarkdown("[doc](https://docs.docker.com)", true)).toBe(
      '<a href="https://docs.docker.com" target="_blank" rel="noopener noreferrer">doc</a>',
    );
    expect(renderMarkdown("[next](./02-x.md)", true)).toBe('<a href="./02-x.md">next</a>');
  });
});
