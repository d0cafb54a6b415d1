/**
 * The docker CLI's frame: command specs, pflag-compatible flag parsing and
 * the exact error wording and exit codes of docker/cli (cobra).
 */
import { EngineError, EngineUnreachableError } from "../../engine/api/errors";
import type { EngineApi } from "../../engine/api/types";
import type { ProgramContext } from "../../machine/program";
import type { Clock } from "../../shared/clock";
import type { DockerContextHost } from "./context/host";

export type FlagType = "bool" | "string" | "stringArray" | "int" | "duration";

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  description: string;
  default?: string | number | boolean;
  hidden?: boolean;
  /** The value's name in help ("list", "filter", "bytes"…); by default from the type. */
  valueName?: string;
  /** What help prints as "(default …)" when the default is not the type's zero value (e.g. "[]"). */
  defaultText?: string;
}

export type FlagValues = Record<string, string | string[] | boolean | number | undefined>;

export interface CommandSpec {
  /** Name as typed: "run", "ls". */
  name: string;
  aliases?: string[];
  /** Usage line after "docker ", e.g. "run [OPTIONS] IMAGE [COMMAND] [ARG...]". */
  usage: string;
  short: string;
  /** The description `--help` prints, when it is longer than `short`. */
  long?: string;
  flags: FlagSpec[];
  /** Flags stop at the first positional argument (run, exec, create). */
  stopAtFirstArg?: boolean;
  /** Only reachable as `docker <name>`, not through its group (docker version, docker inspect). */
  topLevelOnly?: boolean;
  args?: { min?: number; max?: number; exact?: number };
  run(cli: DockerCli, flags: FlagValues, args: string[]): Promise<number>;
}

/** A management command ("container", "image") grouping subcommands. */
export interface GroupSpec {
  name: string;
  short: string;
  /** Commands reachable only at the top level (docker login), not as `docker <name> …`. */
  topLevelOnly?: boolean;
  commands: CommandSpec[];
}

/** What a running docker command can use. */
export interface DockerCli {
  engine: EngineApi;
  ctx: ProgramContext;
  clock: Clock;
  out(s: string): void;
  err(s: string): void;
  /** "docker run" etc., for messages. */
  commandPath: string;
  /** The terminal when stdin/stdout are a TTY (plain command line in the browser or interactive sim). */
  isTty: boolean;
  /** The machine's docker contexts (`docker context …`); absent: only `default`. */
  contexts?: DockerContextHost;
}

export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 125,
  ) {
    super(message);
  }
}

/** A status error: message already formatted, printed to stderr, with this exit code. */
export class StatusError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const HELP_FLAG: FlagSpec = { name: "help", type: "bool", description: "Print usage" };

export interface Parsed {
  flags: FlagValues;
  args: string[];
  help: boolean;
}

/** Parse argv the way spf13/pflag does. Throws UsageError with pflag's messages. */
export function parseFlags(spec: CommandSpec, argv: string[]): Parsed {
  const all = [...spec.flags, HELP_FLAG];
  const flags: FlagValues = {};
  for (const f of spec.flags) {
    if (f.default !== undefined) flags[f.name] = f.default;
    else if (f.type === "bool") flags[f.name] = false;
    else if (f.type === "stringArray") flags[f.name] = [];
  }
  const args: string[] = [];
  let help = false;
  const set = (f: FlagSpec, value: string | undefined, display: string) => {
    if (f.name === "help") {
      help = true;
      return;
    }
    switch (f.type) {
      case "bool":
        if (value === undefined) flags[f.name] = true;
        else if (/^(1|t|T|true|TRUE|True)$/.test(value)) flags[f.name] = true;
        else if (/^(0|f|F|false|FALSE|False)$/.test(value)) flags[f.name] = false;
        else
          throw new UsageError(
            `invalid argument "${value}" for "${display}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
          );
        break;
      case "stringArray":
        (flags[f.name] as string[]).push(value ?? "");
        break;
      case "int": {
        if (!/^-?\d+$/.test(value ?? ""))
          throw new UsageError(
            `invalid argument "${value}" for "${display}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`,
          );
        flags[f.name] = Number(value);
        break;
      }
      default:
        flags[f.name] = value ?? "";
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const f = all.find((x) => x.name === name);
      if (!f) throw new UsageError(`unknown flag: --${name}`);
      if (f.type === "bool") set(f, eq >= 0 ? a.slice(eq + 1) : undefined, `--${name}`);
      else if (eq >= 0) set(f, a.slice(eq + 1), `--${name}`);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: --${name}`);
        set(f, argv[++i], `--${name}`);
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      const chars = a.slice(1);
      for (let j = 0; j < chars.length; j++) {
        const c = chars[j];
        const f = all.find((x) => x.short === c) ?? (c === "h" ? HELP_FLAG : undefined);
        if (!f) throw new UsageError(`unknown shorthand flag: '${c}' in -${chars}`);
        if (f.type === "bool") {
          if (chars[j + 1] === "=") {
            set(f, chars.slice(j + 2), `-${c}, --${f.name}`);
            break;
          }
          set(f, undefined, `-${c}, --${f.name}`);
          continue;
        }
        let value = chars.slice(j + 1);
        if (value.startsWith("=")) value = value.slice(1);
        if (value === "") {
          if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${c}' in -${chars}`);
          value = argv[++i];
        }
        set(f, value, `-${c}, --${f.name}`);
        break;
      }
      continue;
    }
    args.push(a);
    if (spec.stopAtFirstArg) {
      args.push(...argv.slice(i + 1));
      break;
    }
  }
  return { flags, args, help };
}

export function checkArgs(spec: CommandSpec, path: string, args: string[]): void {
  const a = spec.args;
  if (!a) return;
  const plural = (n: number) => `${n} argument${n === 1 ? "" : "s"}`;
  // docker/cli 28 cli/required.go: each validator has its own trailer ("See" for
  // RequiresMinArgs, "Run" otherwise, and RequiresMaxArgs really prints "SRun").
  let msg: string | null = null;
  let trailer = "Run";
  if (a.exact !== undefined) {
    if (args.length !== a.exact) msg = `'${path}' requires ${plural(a.exact)}`;
  } else if (a.min !== undefined && a.max !== undefined) {
    if (args.length < a.min || args.length > a.max)
      msg = `'${path}' requires at least ${a.min} and at most ${plural(a.max)}`;
  } else if (a.min !== undefined && args.length < a.min) {
    msg = `'${path}' requires at least ${plural(a.min)}`;
    trailer = "See";
  } else if (a.max !== undefined && args.length > a.max) {
    if (a.max === 0) msg = `'${path}' accepts no arguments`;
    else {
      msg = `'${path}' requires at most ${plural(a.max)}`;
      trailer = "SRun";
    }
  }
  if (msg)
    throw new StatusError(
      `docker: ${msg}\n\nUsage:  ${usageFor(spec, path)}\n\n${trailer} '${path} --help' for more information\n`,
      1,
    );
}

export function usageFor(spec: CommandSpec, path: string): string {
  return `${path} ${spec.usage.split(" ").slice(1).join(" ")}`.trim();
}

/** pflag's wrapN: split `s` at whitespace into a head of at most `i` chars (or `i + slop` for the whole rest). */
function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ""];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(" "), head.lastIndexOf("\t"), head.lastIndexOf("\n"));
  if (w <= 0) return [s, ""];
  const nl = head.lastIndexOf("\n");
  if (nl > 0 && nl < w) return [s.slice(0, nl), s.slice(nl + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}

/** pflag's wrap: wrap `s` to width `w`, continuation lines indented by `i`. */
function wrapUsage(i: number, w: number, s: string): string {
  let width = w - i;
  let r = "";
  if (width < 24) {
    i = 16;
    width = w - i;
    r += `\n${" ".repeat(i)}`;
  }
  if (width < 24) return s.replace(/\n/g, r);
  const slop = 5;
  width -= slop;
  const indent = (t: string) => t.replace(/\n/g, `\n${" ".repeat(i)}`);
  let [l, rest] = wrapN(width, slop, s);
  r += indent(l);
  while (rest !== "") {
    [l, rest] = wrapN(width, slop, rest);
    r += `\n${" ".repeat(i)}${indent(l)}`;
  }
  return r;
}

/** pflag FlagUsagesWrapped(cols), as docker/cli prints Options (sorted, aligned, wrapped). */
export function flagUsages(flags: FlagSpec[], cols: number): string {
  const visible = flags.filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines: string[] = [];
  let maxlen = 0;
  for (const f of visible) {
    let line = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const valueName = f.valueName ?? (f.type === "bool" ? "" : f.type === "stringArray" ? "list" : f.type);
    if (valueName) line += ` ${valueName}`;
    line += "\0";
    maxlen = Math.max(maxlen, line.length);
    line += f.description;
    if (f.defaultText !== undefined) line += ` (default ${f.defaultText})`;
    else if (f.default !== undefined && f.default !== "" && f.default !== 0 && f.default !== false) {
      line += f.type === "string" ? ` (default ${JSON.stringify(String(f.default))})` : ` (default ${f.default})`;
    }
    lines.push(line);
  }
  return lines
    .map((line) => {
      const sidx = line.indexOf("\0");
      return `${line.slice(0, sidx)} ${" ".repeat(maxlen - sidx)} ${wrapUsage(maxlen + 2, cols, line.slice(sidx + 1))}\n`;
    })
    .join("");
}

/**
 * `docker X --help` (docker/cli's usage template): usage line, description,
 * aliases, options wrapped to the terminal width minus one (79 off a terminal).
 */
export function helpText(spec: CommandSpec, path: string, aliases?: string, cols = 79): string {
  let s = `Usage:  ${usageFor(spec, path)}\n\n${spec.long ?? spec.short}\n`;
  if (aliases) s += `\nAliases:\n  ${aliases}\n`;
  // Commands whose -h is taken (run/create: --hostname) list cobra's own --help.
  const withHelp = spec.flags.some((f) => f.short === "h")
    ? [...spec.flags, { ...HELP_FLAG, short: undefined }]
    : spec.flags;
  const options = flagUsages(withHelp, cols);
  if (options) s += `\nOptions:\n${options}`;
  return s;
}

/** Print an Engine API failure like the CLI does ("Error response from daemon: …"). */
export function daemonError(e: unknown): string {
  if (e instanceof EngineUnreachableError) return e.message;
  if (e instanceof EngineError) return `Error response from daemon: ${e.message}`;
  return (e as Error).message;
}

export const str = (v: FlagValues[string]) => (typeof v === "string" ? v : "");
export const bool = (v: FlagValues[string]) => v === true;
export const list = (v: FlagValues[string]) => (Array.isArray(v) ? v : []);
