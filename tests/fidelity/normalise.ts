/**
 * Shared by fidelity.test.ts (simulator vs captured real output) and
 * live.test.ts (simulator vs a running dockerd): load captured cases and
 * normalise what legitimately differs between two runs of the same command
 * (ids, times, generated names, image sizes) so that everything else —
 * wording, streams, columns, exit codes — must match byte for byte.
 *
 * Deliberately independent of src/: the table layout rule is re-implemented
 * here from docs/fidelity-notes.md, not imported from the simulator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Bash, getCommandNames } from "just-bash";

export const REAL_DIR = fileURLToPath(new URL("./real", import.meta.url));

export interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface Captured extends Output {
  name: string;
  cmd: string;
}

export function loadCase(name: string, dir = REAL_DIR): Captured {
  const read = (ext: string) => readFileSync(join(dir, `${name}.${ext}`), "utf8");
  return {
    name,
    cmd: read("cmd").replace(/\n$/, ""),
    stdout: read("out"),
    stderr: read("err"),
    exitCode: Number(read("code").trim()),
  };
}

// ---------------------------------------------------------------------------
// Daemon wording: the captures come from Engine 20.10; the simulator speaks
// like a current engine (28.x). This is the table of docs/fidelity-notes.md
// ("modern" column), applied to the REAL side only.
// ---------------------------------------------------------------------------

/** Last word of a command line: the container a `docker rm web` talks about. */
const lastArg = (cmd: string) => cmd.trim().split(/\s+/).pop() ?? "";

export const DAEMON_WORDING: { from: RegExp; to: (m: RegExpMatchArray, cmd: string) => string; why: string }[] = [
  {
    why: "rm of a running container (moby ≥ 23)",
    from: /You cannot remove a running container [0-9a-f]{64}\. Stop the container before attempting removal or force remove/,
    to: (_m, cmd) =>
      `cannot remove container "/${lastArg(cmd)}": container is running: stop the container before removing or force remove`,
  },
  {
    why: "errNotRunning was lower-cased (exec, kill)",
    from: /Container ([0-9a-f]{64}) is not running/,
    to: (m) => `container ${m[1]} is not running`,
  },
  {
    why: "restart policy validation (moby ≥ 25, api/types/container ValidateRestartPolicy)",
    from: /invalid restart policy '([^']*)'/,
    to: (m) =>
      `invalid restart policy: unknown policy '${m[1]}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`,
  },
  {
    why: "retry count with a policy other than on-failure (moby ≥ 25)",
    from: /maximum retry count cannot be used with restart policy '[^']*'/,
    to: () => "invalid restart policy: maximum retry count can only be used with 'on-failure'",
  },
  {
    why: "filter validation was lower-cased (moby ≥ 23, api/types/filters/errors.go invalidFilter)",
    from: /Invalid filter '/,
    to: () => "invalid filter '",
  },
  {
    why: "--cpus above the host's CPUs was lower-cased",
    from: /Range of CPUs is from/,
    to: () => "range of CPUs is from",
  },
  {
    why: "runc 1.2 / containerd 1.7 create errors (task wrapper, 'error during container init', no ': unknown')",
    from: /failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: (exec: .*): unknown$/m,
    to: (m) =>
      `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${m[1]}`,
  },
];

/**
 * The capture machine had no network, so every pull failed with a DNS error.
 * The simulator has a (simulated) Docker Hub. Replace the DNS error with what
 * Docker Hub answers for that reference (real/pull-SOURCES.md).
 */
export const OFFLINE_REGISTRY =
  /Get "https:\/\/registry-1\.docker\.io\/v2\/": dial tcp: lookup registry-1\.docker\.io on [\d.:]+: no such host/;

export function hubAnswer(ref: string): string {
  const [repo, tag] = ref.includes(":") ? ref.split(":") : [ref, "latest"];
  const known = ["busybox", "alpine", "ubuntu", "debian", "nginx", "hello-world"];
  if (!known.includes(repo)) {
    return `pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
  }
  return `manifest for ${repo}:${tag} not found: manifest unknown: manifest unknown`;
}

/** Apply the 20.10 → current wording table and the offline → hub table to real output. */
export function modernise(text: string, cmd: string): string {
  let s = text;
  for (const w of DAEMON_WORDING) {
    const g = new RegExp(w.from.source, `${w.from.flags.replace("g", "")}g`);
    s = s.replace(g, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpMatchArray;
      return w.to(m, cmd);
    });
  }
  if (OFFLINE_REGISTRY.test(s)) {
    const ref = cmd.trim().split(/\s+/).pop() ?? "";
    s = s.replace(new RegExp(OFFLINE_REGISTRY.source, "g"), hubAnswer(ref));
  }
  return s;
}

// ---------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------

export interface NormOptions {
  /** Image sizes differ (official busybox 4.26MB vs the captured Debian build 1.98MB). */
  sizes?: boolean;
  /** `uname`: the kernel is the host's, not the image's. */
  kernel?: boolean;
  /** Leave generated names alone (when a test checks them itself). */
  keepNames?: boolean;
  /** `docker stats`: memory, network and CPU figures are the machine's own. */
  stats?: boolean;
}

const DURATION =
  /\b(?:Less than a second|About a minute|About an hour|\d+ (?:second|minute|hour|day|week|month|year)s?)\b/g;
const TIMESTAMP = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;
/** moby namesgenerator: adjective_surname, a digit appended after a collision. */
export const AUTONAME = /\b[a-z]{2,}_[a-z]{2,}\d?\b/g;
const SIZE = /\b\d+(?:\.\d+)?(?:B|kB|MB|GB|TB)\b/g;

export function placeholders(text: string, o: NormOptions = {}): string {
  let s = text
    .replace(/\b[0-9a-f]{64}\b/g, "<ID>")
    .replace(/\b[0-9a-f]{12}\b/g, "<SHORT>")
    .replace(TIMESTAMP, "<TS>")
    .replace(DURATION, "<DUR>");
  if (!o.keepNames) s = s.replace(AUTONAME, "<NAME>");
  if (o.sizes) s = s.replace(SIZE, "<SIZE>");
  if (o.stats)
    s = s.replace(/\b\d+(?:\.\d+)?(?:B|KiB|MiB|GiB|kB|MB|GB)\b/g, "<SIZE>").replace(/\b\d+\.\d\d%/g, "<PCT>");
  if (o.kernel) s = s.replace(/^Linux (\S+) .+ (\S+) GNU\/Linux$/gm, "Linux $1 <KERNEL> $2 GNU/Linux");
  return s;
}

// ---------------------------------------------------------------------------
// Tables (docker ps, docker images): Go text/tabwriter, minwidth 10,
// padding 3; every column but the last padded to max(10, widest cell + 3),
// counting code points; no trailing spaces.
// ---------------------------------------------------------------------------

const TABLE_HEADERS = ["CONTAINER ID", "REPOSITORY"];

export function tabwrite(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 10, [...cell].length + 3);
    });
  }
  return rows
    .map(
      (row) => `${row.map((c, i) => (i < row.length - 1 ? c + " ".repeat(widths[i] - [...c].length) : c)).join("")}\n`,
    )
    .join("");
}

/** Column starts of a table header ("CONTAINER ID   IMAGE …"), or null when the line is no header. */
function headerStarts(header: string): number[] | null {
  if (!TABLE_HEADERS.some((h) => header.startsWith(h))) return null;
  // Header cells are ASCII and separated by 2+ spaces ("CONTAINER ID" has one).
  const starts: number[] = [];
  let from = 0;
  for (const n of header.split(/ {2,}/)) {
    const pos = header.indexOf(n, from);
    if (pos < 0) return null;
    starts.push(pos);
    from = pos + n.length;
  }
  return starts;
}

/** Does this line continue the table (long enough, 3+ spaces before every column start)? */
function isRow(line: string, starts: number[]): boolean {
  const cps = [...line];
  if (cps.length <= starts[starts.length - 1]) return false;
  return starts.slice(1).every((s) => cps.slice(s - 3, s).join("") === "   ");
}

type Segment = { text: string[] } | { table: string[][] };

/** Split a stream into tables (header + aligned rows) and the text around them. */
export function segments(text: string): Segment[] {
  const lines = text.split("\n");
  const trailing = lines[lines.length - 1] === "";
  if (trailing) lines.pop();
  const out: Segment[] = [];
  let textLines: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const starts = headerStarts(lines[i]);
    if (!starts) {
      textLines.push(lines[i]);
      continue;
    }
    if (textLines.length) out.push({ text: textLines });
    textLines = [];
    const rows = [lines[i]];
    while (i + 1 < lines.length && isRow(lines[i + 1], starts)) rows.push(lines[++i]);
    out.push({
      table: rows.map((r) =>
        starts.map((st, j) =>
          [...r]
            .slice(st, j + 1 < starts.length ? starts[j + 1] : undefined)
            .join("")
            .trimEnd(),
        ),
      ),
    });
  }
  if (textLines.length) out.push({ text: textLines });
  return out;
}

const render = (segs: Segment[], trailing: boolean) =>
  segs
    .map((g) => ("table" in g ? tabwrite(g.table) : g.text.map((l) => `${l}\n`).join("")))
    .join("")
    .replace(/\n$/, trailing ? "\n" : "");

/** Normalise one stream: tables are re-laid out from their normalised cells. */
export function normaliseStream(text: string, o: NormOptions = {}): string {
  // The real CLI sometimes logs a tar-writer race when a copy stops early (docker cp dir -);
  // it is timing noise of the real engine, not part of the command's answer.
  text = text.replace(/^time="[^"]*" level=error msg="Can't close tar writer: [^"]*"\n/gm, "");
  const segs = segments(text).map(
    (g): Segment =>
      "table" in g
        ? { table: g.table.map((row) => row.map((c) => placeholders(c, o))) }
        : { text: g.text.map((l) => placeholders(l, o)) },
  );
  return render(segs, text.endsWith("\n") || text === "");
}

/** Is every table in the text laid out exactly as tabwriter would lay out its cells? (null: no table) */
export function tableLayoutOk(text: string): boolean | null {
  const segs = segments(text);
  if (!segs.some((g) => "table" in g)) return null;
  return render(segs, text.endsWith("\n")) === text;
}

export function normalise(o: Output, opts: NormOptions = {}): Output {
  return { stdout: normaliseStream(o.stdout, opts), stderr: normaliseStream(o.stderr, opts), exitCode: o.exitCode };
}

// ---------------------------------------------------------------------------
// just-bash loads each command's module on first use (a dynamic import, i.e.
// real I/O). The simulator's VirtualClock jumps to the next sleeper when the
// event loop looks idle, so the first `ls` run while a container sleeps can let
// `sleep 1000` finish early (the container exits 0 and the exec is aborted).
// Load every command once up front so the comparisons are deterministic.
// (Root cause is outside the tests: see the fidelity report.)
// ---------------------------------------------------------------------------
const HEAVY = new Set(["sqlite3", "xan", "yq", "jq", "html-to-markdown", "rg"]);

export async function warmUpJustBash(): Promise<void> {
  const b = new Bash();
  for (const n of getCommandNames()) {
    if (HEAVY.has(n)) continue;
    await b.exec(n === "sleep" ? "sleep 0" : `${n} --help </dev/null >/dev/null 2>&1; true`);
  }
}
