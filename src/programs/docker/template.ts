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
  /** Where `expr` starts in the template (for the line:column of an execution error). */
  at?: number;
  body?: Node[];
  elseBody?: Node[];
}

export class TemplateError extends Error {}

type Token = { text?: string; action?: string; at?: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
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
    const raw = src.slice(open + 2, close);
    const lead = raw.length - raw.replace(/^-\s*/, "").trimStart().length;
    out.push({
      action: raw.replace(/^-\s*/, "").replace(/\s*-$/, "").trim(),
      at: open + 2 + lead,
    });
    i = close + 2;
  }
  return out;
}

function parse(tokens: Token[], pos: { i: number }, stopAt: string[]): Node[] {
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
      const expr = a.slice(word.length).trim();
      const at = (t.at ?? 0) + a.length - a.slice(word.length).trimStart().length;
      nodes.push({ kind: word, expr, at, body, elseBody });
      continue;
    }
    nodes.push({ kind: "action", expr: a, at: t.at });
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

type Vars = Record<string, Value>;

function evalArg(arg: string, dot: Value, vars: Vars = {}): Value {
  if (arg.startsWith('"')) return JSON.parse(arg);
  if (arg.startsWith("$")) {
    const m = arg.match(/^(\$[A-Za-z0-9_]*)(\..*)?$/);
    if (!m || !(m[1] in vars)) throw new TemplateError(`template: :1: undefined variable "${arg.split(".")[0]}"`);
    return m[2] ? field(vars[m[1]], m[2]) : vars[m[1]];
  }
  if (arg.startsWith(".")) return field(dot, arg);
  if (/^-?\d+$/.test(arg)) return Number(arg);
  return arg;
}

function goString(v: Value): string {
  // A JSON null is a nil pointer in docker's typed structs (PidsLimit, Init …); a missing key has no value.
  if (v === null) return "<nil>";
  if (v === undefined) return "<no value>";
  if (Array.isArray(v)) return `[${v.map(goString).join(" ")}]`;
  if (typeof v === "object") {
    return `map[${Object.entries(v as object)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => `${k}:${goString(x)}`)
      .join(" ")}]`;
  }
  return String(v);
}

function evalExpr(expr: string, dot: Value, vars: Vars = {}): Value {
  const parts = splitArgs(expr);
  if (parts.length === 0) return "";
  const [head, ...rest] = parts;
  switch (head) {
    case "json":
      return JSON.stringify(evalArg(rest[0] ?? ".", dot, vars));
    case "lower":
      return String(evalArg(rest[0], dot, vars)).toLowerCase();
    case "upper":
      return String(evalArg(rest[0], dot, vars)).toUpperCase();
    case "title": {
      const s = String(evalArg(rest[0], dot, vars));
      return s.charAt(0).toUpperCase() + s.slice(1);
    }
    case "join": {
      const l = evalArg(rest[0], dot, vars);
      return Array.isArray(l) ? l.join(String(evalArg(rest[1], dot, vars))) : String(l);
    }
    case "index": {
      let v = evalArg(rest[0], dot, vars) as Record<string, Value>;
      for (const k of rest.slice(1)) v = (v?.[String(evalArg(k, dot, vars))] ?? "") as Record<string, Value>;
      return v;
    }
    case "len": {
      const v = evalArg(rest[0], dot, vars);
      return Array.isArray(v) ? v.length : v && typeof v === "object" ? Object.keys(v).length : String(v ?? "").length;
    }
    case "println":
      return `${rest.map((r) => goString(evalArg(r, dot, vars))).join(" ")}\n`;
    case "printf": {
      const fmt = String(evalArg(rest[0], dot, vars));
      const vals = rest.slice(1).map((r) => evalArg(r, dot, vars));
      let k = 0;
      return fmt.replace(/%[-0-9.]*[sdvq%]/g, (m) =>
        m === "%%" ? "%" : m.endsWith("q") ? JSON.stringify(String(vals[k++])) : goString(vals[k++]),
      );
    }
    default:
      if (head.startsWith(".") || head === ".") return field(dot, head);
      if (head.startsWith("$")) return evalArg(head, dot, vars);
      if (head.startsWith('"')) return JSON.parse(head);
      throw new TemplateError(`template: :1: function "${head}" not defined`);
  }
}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === "object") return Object.keys(v).length > 0;
  return !!v;
}

/**
 * Where Go's text/template says a field chain failed: at the chain's second field when it has more
 * than one (`{{.State.Nope}}` → :1:8), else at its first (`{{.Nope}}` → :1:2); lines count from 1,
 * columns from 0. field() does not know where it is; the node does.
 */
function positioned(e: unknown, n: Node, src: string): unknown {
  if (!(e instanceof TemplateError) || n.at === undefined) return e;
  const m = /^template: :1:2: executing "" at <([^>]*)>/.exec(e.message);
  if (!m) return e;
  const i = (n.expr ?? "").indexOf(m[1]);
  if (i < 0) return e;
  const segments = m[1].match(/\$[A-Za-z0-9_]*|\.[A-Za-z0-9_]+/g) ?? [];
  const offset = n.at + i + (segments.length > 1 ? (segments[0] ?? "").length : 0);
  const line = src.slice(0, offset).split("\n").length;
  const col = offset - (src.lastIndexOf("\n", offset - 1) + 1);
  return new TemplateError(e.message.replace("template: :1:2:", `template: :${line}:${col}:`));
}

function exec(nodes: Node[], dot: Value, vars: Vars, src: string): string {
  let out = "";
  for (const n of nodes) {
    try {
      out += execNode(n, dot, vars, src);
    } catch (e) {
      throw positioned(e, n, src);
    }
  }
  return out;
}

function execNode(n: Node, dot: Value, vars: Vars, src: string): string {
  let out = "";
  if (n.kind === "text") out += n.text;
  else if (n.kind === "action") {
    const decl = (n.expr ?? "").match(/^(\$[A-Za-z0-9_]+)\s*:?=\s*(.*)$/);
    if (decl) vars[decl[1]] = evalExpr(decl[2], dot, vars);
    else out += goString(evalExpr(n.expr ?? "", dot, vars));
  } else if (n.kind === "if")
    out += truthy(evalExpr(n.expr ?? "", dot, vars))
      ? exec(n.body ?? [], dot, vars, src)
      : exec(n.elseBody ?? [], dot, vars, src);
  else if (n.kind === "range") {
    // {{range .X}}, {{range $v := .X}}, {{range $k, $v := .X}}
    const m = (n.expr ?? "").match(/^(\$[A-Za-z0-9_]+)(?:\s*,\s*(\$[A-Za-z0-9_]+))?\s*:=\s*(.*)$/);
    const v = evalExpr(m ? m[3] : (n.expr ?? ""), dot, vars);
    const entries: [Value, Value][] = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : v && typeof v === "object"
        ? Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, Value>)[k]])
        : [];
    out += entries.length
      ? entries
          .map(([k, x]) => {
            const scope = { ...vars };
            if (m?.[2]) {
              scope[m[1]] = k;
              scope[m[2]] = x;
            } else if (m) scope[m[1]] = x;
            return exec(n.body ?? [], x, scope, src);
          })
          .join("")
      : exec(n.elseBody ?? [], dot, vars, src);
  }
  return out;
}

export function compileTemplate(src: string): (dot: Value) => string {
  const unescaped = src.replace(/\\t/g, "\t").replace(/\\n/g, "\n");
  const nodes = parse(tokenize(unescaped), { i: 0 }, []);
  return (dot) => exec(nodes, dot, { $: dot }, unescaped);
}
