/**
 * Where an execution error points, as Go's text/template says it (positions checked against
 * docker 28.2.2's `inspect -f` here): the chain's second field when it has more than one.
 */
import { describe, expect, it } from "vitest";
import { compileTemplate, TemplateError } from "./template";

const failure = (src: string, dot: unknown) => {
  try {
    compileTemplate(src)(dot);
  } catch (e) {
    if (e instanceof TemplateError) return e.message.replace(/: [^:]*$/, "");
    throw e;
  }
  return "no error";
};

describe("template execution errors", () => {
  const dot = { Name: "/x", State: { Status: "running" }, __type: "types.ContainerJSON" };
  it("say the line and column of the failing field", () => {
    expect(failure("{{.Nope}}", dot)).toBe('template: :1:2: executing "" at <.Nope>');
    expect(failure("{{ .Nope }}", dot)).toBe('template: :1:3: executing "" at <.Nope>');
    expect(failure("{{.State.Nope}}", dot)).toBe('template: :1:8: executing "" at <.State.Nope>');
    expect(failure("x {{.Name}} {{.State.Nope}}", dot)).toBe('template: :1:20: executing "" at <.State.Nope>');
    expect(failure("{{json .Nope}}", dot)).toBe('template: :1:7: executing "" at <.Nope>');
    expect(failure("{{if .Nope}}a{{end}}", dot)).toBe('template: :1:5: executing "" at <.Nope>');
    expect(failure("{{range .Nope}}a{{end}}", dot)).toBe('template: :1:8: executing "" at <.Nope>');
    expect(failure("a\n  {{.Nope}}", dot)).toBe('template: :2:4: executing "" at <.Nope>');
    expect(failure("{{.Name}}", dot)).toBe("no error");
  });
});
