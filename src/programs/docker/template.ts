/**
 * The part of Go's text/template that `--format` uses in practice:
 * {{.Field}}, {{.A.B}}, {{json .X}}, {{index .Map "key"}}, {{lower}}/{{upper}},
 * {{join .List ","}}, {{range}}…{{end}}, {{if}}…{{else}}…{{end}}, and the
 * "table" prefix with \t columns.
 */
type Value = unknown;

interface Node {
  kind: "text" | "action" | "range" | "if";
  text?: string;
  expr?: string;
  body?: Node[];
  elseBody?: Node[];
}

export class TemplateError extends Error {}

function tokenize(src: string): { text?: string; action?: string }[] {
  const out: { text?: string; action?: string }[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) {
      out.push({ text: src.slice(i) });
      break;
    }
    if (open > i) out.push({ text: src.slice(i, open) });
    const close = src.indexOf("}}", open);
    if (close < 0) throw new TemplateError(`template: :1: unclosed action`);
    out.push({
      action: src
        .slice(open + 2, close)
        .replace(/^-\s*/, "")
        .replace(/\s*-$/, "")
        .trim(),
    });
    i = close + 2;
  }
  return out;
}

function parse(tokens: { text?: string; action?: string }[], pos: { i: number }, stopAt: string[]): Node[] {
  const nodes: Node[] = [];
  while (pos.i < tokens.length) {
    const t = tokens[pos.i];
    if (t.text !== undefined) {
      nodes.push({ kind: "text", text: t.text });
      pos.i++;
      continue;
    }
    const a = t.action ?? "";
    const word = a.split(/\s+/)[0];
    if (stopAt.includes(word)) return nodes;
    pos.i++;
    if (word === "range" || word === "if") {
      const body = parse(tokens, pos, ["end", "else"]);
      let elseBody: Node[] | undefined;
      if (tokens[pos.i]?.action?.startsWith("else")) {
        pos.i++;
        elseBody = parse(tokens, pos, ["end"]);
      }
      if (!tokens[pos.i]?.action?.startsWith("end")) throw new TemplateError(`template: :1: unexpected EOF`);
      pos.i++;
      nodes.push({ kind: word, expr: a.slice(word.length).trim(), body, elseBody });
      continue;
    }
    nodes.push({ kind: "action", expr: a });
  }
  return nodes;
}

function field(dot: Value, path: string): Value {
  if (path === ".") return dot;
  let cur: Value = dot;
  for (const part of path.split(".").filter(Boolean)) {
    if (cur === null || cur === undefined)
      throw new TemplateError(`template: :1:2: executing "" at <${path}>: nil pointer evaluating interface {}.${part}`);
    if (typeof cur !== "object")
      throw new TemplateError(
        `template: :1:2: executing "" at <${path}>: can't evaluate field ${part} in type ${typeof cur}`,
      );
    const obj = cur as Record<string, Value>;
    if (!(part in obj))
      throw new TemplateError(
        `template: :1:2: executing "" at <${path}>: can't evaluate field ${part} in type ${typeName(cur)}`,
      );
    const v = obj[part];
    cur = typeof v === "function" ? (v as () => Value).call(obj) : v;
  }
  return cur;
}

function typeName(v: Value): string {
  if (v && typeof v === "object" && "__type" in (v as object)) return String((v as { __type: string }).__type);
  return "*formatter.ContainerContext";
}

function splitArgs(expr: string): string[] {
  return expr.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

function evalArg(arg: string, dot: Value): Value {
  if (arg.startsWith('"')) return JSON.parse(arg);
  if (arg.startsWith(".")) return field(dot, arg);
  if (/^-?\d+$/.test(arg)) return Number(arg);
  return arg;
}

function goString(v: Value): string {
  if (v === null || v === undefined) return "<no value>";
  if (Array.isArray(v)) return `[${v.map(goString).join(" ")}]`;
  if (typeof v === "object") {
    return `map[${Object.entries(v as object)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => `${k}:${goString(x)}`)
      .join(" ")}]`;
  }
  return String(v);
}

function evalExpr(expr: string, dot: Value): Value {
  const parts = splitArgs(expr);
  if (parts.length === 0) return "";
  const [head, ...rest] = parts;
  switch (head) {
    case "json":
      return JSON.stringify(evalArg(rest[0] ?? ".", dot));
    case "lower":
      return String(evalArg(rest[0], dot)).toLowerCase();
    case "upper":
      return String(evalArg(rest[0], dot)).toUpperCase();
    case "title": {
      const s = String(evalArg(rest[0], dot));
      return s.charAt(0).toUpperCase() + s.slice(1);
    }
    case "join": {
      const l = evalArg(rest[0], dot);
      return Array.isArray(l) ? l.join(String(evalArg(rest[1], dot))) : String(l);
    }
    case "index": {
      let v = evalArg(rest[0], dot) as Record<string, Value>;
      for (const k of rest.slice(1)) v = (v?.[String(evalArg(k, dot))] ?? "") as Record<string, Value>;
      return v;
    }
    case "len": {
      const v = evalArg(rest[0], dot);
      return Array.isArray(v) ? v.length : v && typeof v === "object" ? Object.keys(v).length : String(v ?? "").length;
    }
    case "println":
      return `${rest.map((r) => goString(evalArg(r, dot))).join(" ")}\n`;
    case "printf": {
      const fmt = String(evalArg(rest[0], dot));
      const vals = rest.slice(1).map((r) => evalArg(r, dot));
      let k = 0;
      return fmt.replace(/%[-0-9.]*[sdvq%]/g, (m) =>
        m === "%%" ? "%" : m.endsWith("q") ? JSON.stringify(String(vals[k++])) : goString(vals[k++]),
      );
    }
    default:
      if (head.startsWith(".") || head === ".") return field(dot, head);
      if (head.startsWith('"')) return JSON.parse(head);
      throw new TemplateError(`template: :1: function "${head}" not defined`);
  }
}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === "object") return Object.keys(v).length > 0;
  return !!v;
}

function exec(nodes: Node[], dot: Value): string {
  let out = "";
  for (const n of nodes) {
    if (n.kind === "text") out += n.text;
    else if (n.kind === "action") out += goString(evalExpr(n.expr ?? "", dot));
    else if (n.kind === "if")
      out += truthy(evalExpr(n.expr ?? "", dot)) ? exec(n.body ?? [], dot) : exec(n.elseBody ?? [], dot);
    else if (n.kind === "range") {
      const v = evalExpr(n.expr ?? "", dot);
      const items = Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v) : [];
      out += items.length ? items.map((it) => exec(n.body ?? [], it)).join("") : exec(n.elseBody ?? [], dot);
    }
  }
  return out;
}

export function compileTemplate(src: string): (dot: Value) => string {
  const unescaped = src.replace(/\\t/g, "\t").replace(/\\n/g, "\n");
  const nodes = parse(tokenize(unescaped), { i: 0 }, []);
  return (dot) => exec(nodes, dot);
}
