/**
 * `ls` as busybox and GNU coreutils print it. just-bash's own ls prints "user user"
 * and a format of its own for the long forms, and one name per line for the short
 * ones, which is right only when stdout is not a terminal (a pipe, a redirection,
 * `$(ls)`): that case (and `-1`) stays just-bash's. On a terminal, or with `-C`, the
 * short form prints columns here (lsShort, lsColumns), at the terminal's width.
 *
 * busybox (coreutils/ls.c): fixed columns, "%-10s %4u %-8.8s %-8.8s %9u ",
 * `-h` sizes in 7 columns with one decimal ("1.9M", "4.0K").
 * GNU: every column as wide as its widest entry, `-h` sizes rounded up ("12K").
 * Both: "Mon DD HH:MM" for files from the last six months, else "Mon DD  YYYY";
 * `total` is the 1K blocks of the entries listed (4K blocks on ext4/overlayfs).
 */
import type { FsStat, IFileSystem } from "just-bash";
import type { Userland } from "./userland";

export interface LsEnv {
  userland: Userland;
  /** Milliseconds since the epoch (the machine's clock). */
  now(): number;
  /** Who owns an absolute path, when someone other than the default does. */
  ownerOf?(path: string): number | undefined;
  /** overlayfs reports 1 link for a directory merged from the image and the writable layer. */
  merged?(path: string): boolean;
  /** Kernel filesystems mounted over a directory (/proc, /sys, /dev in containers): what stat says of them. */
  mountPoint?(path: string): PseudoDir | undefined;
  /** The owner of everything else (0 in containers). */
  defaultUid?: number;
  /** stdout is a terminal: GNU then quotes names that need it ('my file'). */
  tty?: boolean;
}

export interface PseudoDir {
  mode: number;
  size: number;
  nlink: number;
  mtime: number;
}

export interface LsOptions {
  long: boolean;
  /** -C (true) or -1 (false) as the options left it; undefined: columns only when stdout is a terminal. */
  columns?: boolean;
  /** -t (newest first) or -S (largest first); ties go by name. The last of the two wins. */
  sort?: "time" | "size";
  all: boolean;
  almostAll: boolean;
  dir: boolean;
  human: boolean;
  numeric: boolean;
  reverse: boolean;
}

/**
 * Options this module handles; anything else goes to just-bash's ls.
 * The format is the last of -l/-n, -C and -1, except that GNU ignores -1 after -l
 * and busybox's -l wins over both (both checked against coreutils 9.1 and busybox 1.35).
 */
export function parseLsArgs(
  args: string[],
  userland: Userland = "gnu",
): { opts: LsOptions; operands: string[] } | null {
  const opts: LsOptions = {
    long: false,
    all: false,
    almostAll: false,
    dir: false,
    human: false,
    numeric: false,
    reverse: false,
  };
  let sawLong = false;
  const setLong = () => {
    sawLong = true;
    opts.long = true;
    opts.columns = undefined;
  };
  const setColumns = (on: boolean) => {
    if (!on && userland === "gnu" && opts.long) return;
    opts.columns = on;
    if (userland === "gnu") opts.long = false;
  };
  const operands: string[] = [];
  let endOfOptions = false;
  for (const a of args) {
    if (endOfOptions || a === "-" || !a.startsWith("-")) {
      operands.push(a);
      continue;
    }
    if (a === "--") {
      endOfOptions = true;
      continue;
    }
    const long: Record<string, "all" | "almostAll" | "dir" | "human" | "numeric" | "reverse"> = {
      "--all": "all",
      "--almost-all": "almostAll",
      "--directory": "dir",
      "--human-readable": "human",
      "--numeric-uid-gid": "numeric",
      "--reverse": "reverse",
    };
    if (a.startsWith("--")) {
      const key = long[a];
      if (!key) return null;
      opts[key] = true;
      continue;
    }
    for (const ch of a.slice(1)) {
      if (ch === "l") setLong();
      else if (ch === "a") opts.all = true;
      else if (ch === "A") opts.almostAll = true;
      else if (ch === "d") opts.dir = true;
      else if (ch === "h") opts.human = true;
      else if (ch === "n") {
        opts.numeric = true;
        setLong();
      } else if (ch === "r") opts.reverse = true;
      else if (ch === "t") opts.sort = "time";
      else if (ch === "S") opts.sort = "size";
      else if (ch === "C") setColumns(true);
      else if (ch === "1") setColumns(false);
      else return null;
    }
  }
  if (userland === "busybox") opts.long = sawLong;
  return { opts, operands };
}

interface Entry {
  /** As shown: the operand, or the name inside a listed directory. */
  name: string;
  st: FsStat;
  uid: number;
  nlink: number;
  /** 1K blocks. */
  blocks: number;
  target?: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SIX_MONTHS = (365.2425 / 2) * 24 * 3600 * 1000;

/** "Nov 28 12:31" for recent files, "Nov 28  2023" for older ones (and, for GNU, future ones). */
export function lsTime(mtime: number, now: number, userland: Userland): string {
  const d = new Date(mtime);
  const head = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")}`;
  const age = now - mtime;
  const recent = userland === "busybox" ? age < SIX_MONTHS && age > -15 * 60 * 1000 : age < SIX_MONTHS && age >= 0;
  if (recent)
    return `${head} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return `${head} ${String(d.getUTCFullYear()).padStart(5, " ")}`;
}

/** `ls -h` sizes: busybox keeps one decimal at every unit; GNU rounds up and drops it from 10 on. */
export function lsHuman(size: number, userland: Userland): string {
  const units = ["", "K", "M", "G", "T", "P", "E"];
  if (userland === "busybox") {
    if (size === 0) return "0";
    let val = size;
    let frac = 0;
    let u = 0;
    while (val >= 1024) {
      frac = Math.floor(((val % 1024) * 10 + 512) / 1024);
      val = Math.floor(val / 1024);
      u++;
    }
    if (frac >= 10) {
      val++;
      frac = 0;
    }
    return u === 0 ? String(val) : `${val}.${frac}${units[u]}`;
  }
  if (size < 1024) return String(size);
  let u = 0;
  let v = size;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (v < 10) {
    let t = Math.ceil(v * 10) / 10;
    if (t >= 10) t = 10;
    if (t < 10) return `${t.toFixed(1)}${units[u]}`;
    v = t;
  }
  let n = Math.ceil(v);
  if (n >= 1024 && u < units.length - 1) {
    n = 1;
    return `${(1).toFixed(1)}${units[u + 1]}`;
  }
  return `${n}${units[u]}`;
}

/** Mode string: type letter and permissions, with setuid/setgid/sticky. */
export function modeString(st: FsStat): string {
  const m = st.mode;
  const type = st.isSymbolicLink ? "l" : st.isDirectory ? "d" : "-";
  const bit = (b: number, c: string) => (m & b ? c : "-");
  const special = (x: boolean, s: boolean, lower: string, upper: string) => (s ? (x ? lower : upper) : x ? "x" : "-");
  return (
    type +
    bit(0o400, "r") +
    bit(0o200, "w") +
    special((m & 0o100) !== 0, (m & 0o4000) !== 0, "s", "S") +
    bit(0o040, "r") +
    bit(0o020, "w") +
    special((m & 0o010) !== 0, (m & 0o2000) !== 0, "s", "S") +
    bit(0o004, "r") +
    bit(0o002, "w") +
    special((m & 0o001) !== 0, (m & 0o1000) !== 0, "t", "T")
  );
}

/** 1K blocks a file takes on a 4K-block filesystem (symlinks are stored in the inode). */
export function blocksOf(st: FsStat): number {
  if (st.isSymbolicLink) return 0;
  return Math.ceil(st.size / 4096) * 4;
}

interface Names {
  user(uid: number): string;
  group(gid: number): string;
  gidOf(uid: number): number;
}

async function names(fs: IFileSystem): Promise<Names> {
  const read = async (p: string) => {
    try {
      return await fs.readFile(p);
    } catch {
      return "";
    }
  };
  const passwd = (await read("/etc/passwd")).split("\n").map((l) => l.split(":"));
  const groups = (await read("/etc/group")).split("\n").map((l) => l.split(":"));
  return {
    user: (uid) => passwd.find((f) => f.length >= 4 && Number(f[2]) === uid)?.[0] ?? String(uid),
    group: (gid) => groups.find((f) => f.length >= 3 && Number(f[2]) === gid)?.[0] ?? String(gid),
    gidOf: (uid) => {
      const pw = passwd.find((f) => f.length >= 4 && Number(f[2]) === uid);
      return pw ? Number(pw[3]) : uid;
    },
  };
}

const SHELL_SPECIAL = new Set([..." !\"$&'()*;<=>?[\\^`|"]);
const C_AND_SHELL_COMPAT = /^[A-Za-z0-9%+,\-./:@\]_ ']$/;
const C_ESCAPES: Record<string, string> = {
  "\x07": "a",
  "\b": "b",
  "\f": "f",
  "\n": "n",
  "\r": "r",
  "\t": "t",
  "\v": "v",
};
const isControl = (c: string) => (c.codePointAt(0) ?? 0) < 0x20 || c === "\x7f";

/**
 * GNU ls's quoting on a terminal (shell-escape, coreutils quotearg.c): a name with a shell
 * special character is single-quoted ('my file', 'a'\''b$'), or double-quoted when its only
 * trouble is a single quote ("it's x"); control characters become $'\n'. Others stay as they are.
 */
export function gnuQuote(name: string): string {
  const chars = [...name];
  const atStart = (c: string, i: number) => i === 0 && (c === "#" || c === "~");
  const needs =
    name === "{" || name === "}" || chars.some((c, i) => SHELL_SPECIAL.has(c) || isControl(c) || atStart(c, i));
  if (!needs) return name;
  if (name.includes("'") && chars.every((c, i) => C_AND_SHELL_COMPAT.test(c) || atStart(c, i))) return `"${name}"`;
  let out = "'";
  for (const c of chars) {
    if (c === "'") out += "'\\''";
    else if (isControl(c)) out += `'$'\\${C_ESCAPES[c] ?? (c.codePointAt(0) ?? 0).toString(8).padStart(3, "0")}''`;
    else out += c;
  }
  return `${out}'`;
}

/**
 * Names as GNU shows them on a terminal: quoted where needed and, when some are quoted and
 * the names are lined up (columns, long format), the others shifted one cell to line up
 * with the text inside the quotes.
 */
export function gnuQuoteAll(names: string[], align: boolean): string[] {
  const q = names.map(gnuQuote);
  if (!align || q.every((x, i) => x === names[i])) return q;
  return q.map((x, i) => (x === names[i] ? ` ${x}` : x));
}

const join = (dir: string, name: string) => (dir === "/" ? `/${name}` : `${dir}/${name}`);

function formatLong(entries: Entry[], env: LsEnv, opts: LsOptions, n: Names): string[] {
  const now = env.now();
  const quote = env.tty && env.userland === "gnu";
  const shown = quote
    ? gnuQuoteAll(
        entries.map((e) => e.name),
        true,
      )
    : entries.map((e) => e.name);
  const rows = entries.map((e, i) => {
    const gid = n.gidOf(e.uid);
    return {
      mode: modeString(e.st),
      nlink: String(e.nlink),
      user: opts.numeric ? String(e.uid) : n.user(e.uid),
      group: opts.numeric ? String(gid) : n.group(gid),
      size: opts.human ? lsHuman(e.st.size, env.userland) : String(e.st.size),
      time: lsTime(e.st.mtime.getTime(), now, env.userland),
      name: e.target !== undefined ? `${shown[i]} -> ${quote ? gnuQuote(e.target) : e.target}` : shown[i],
    };
  });
  if (env.userland === "busybox")
    return rows.map(
      (r) =>
        `${r.mode.padEnd(10)} ${r.nlink.padStart(4)} ${r.user.slice(0, 8).padEnd(8)} ${r.group.slice(0, 8).padEnd(8)} ${r.size.padStart(opts.human ? 7 : 9)} ${r.time} ${r.name}`,
    );
  const w = (k: "nlink" | "user" | "group" | "size") => Math.max(0, ...rows.map((r) => r[k].length));
  const [wl, wu, wg, ws] = [w("nlink"), w("user"), w("group"), w("size")];
  return rows.map(
    (r) =>
      `${r.mode} ${r.nlink.padStart(wl)} ${r.user.padEnd(wu)} ${r.group.padEnd(wg)} ${r.size.padStart(ws)} ${r.time} ${r.name}`,
  );
}

/** Link count: a directory has "." and its entry in the parent, plus each subdirectory's "..". */
async function nlinkOf(fs: IFileSystem, path: string, st: FsStat): Promise<number> {
  if (!st.isDirectory) return 1;
  let subdirs = 0;
  try {
    if (fs.readdirWithFileTypes) {
      for (const d of await fs.readdirWithFileTypes(path)) if (d.isDirectory) subdirs++;
    } else
      for (const k of await fs.readdir(path))
        if ((await fs.lstat(join(path, k)).catch(() => null))?.isDirectory) subdirs++;
  } catch {
    return 2;
  }
  return 2 + subdirs;
}

async function entry(fs: IFileSystem, env: LsEnv, abs: string, name: string, follow: boolean): Promise<Entry> {
  const st = follow ? await fs.stat(abs) : await fs.lstat(abs);
  const target = st.isSymbolicLink ? await fs.readlink(abs).catch(() => "") : undefined;
  const uid = env.ownerOf?.(abs) ?? env.defaultUid ?? 0;
  const mount = st.isDirectory ? env.mountPoint?.(abs) : undefined;
  if (mount)
    return {
      name,
      st: { ...st, mode: mount.mode, size: mount.size, mtime: new Date(mount.mtime) },
      uid,
      nlink: mount.nlink,
      blocks: 0,
    };
  return {
    name,
    st,
    uid,
    nlink: st.isDirectory && env.merged?.(abs) ? 1 : await nlinkOf(fs, abs, st),
    blocks: blocksOf(st),
    target,
  };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** ls's order: by name, or newest / largest first with ties by name; -r reverses the whole. */
function sortEntries<T>(xs: T[], name: (x: T) => string, st: (x: T) => FsStat | null, opts: LsOptions): T[] {
  const key = (x: T) => {
    const s = st(x);
    return opts.sort === "time" ? (s?.mtime?.getTime() ?? 0) : opts.sort === "size" ? (s?.size ?? 0) : 0;
  };
  xs.sort((a, b) => (opts.sort ? key(b) - key(a) : 0) || byName(name(a), name(b)));
  if (opts.reverse) xs.reverse();
  return xs;
}

/** Run a long listing; null when the options are not ones this module handles. */
export async function lsLong(
  args: string[],
  fs: IFileSystem,
  cwd: string,
  env: LsEnv,
): Promise<{ stdout: string; stderr: string; exitCode: number } | null> {
  const parsed = parseLsArgs(args, env.userland);
  if (!parsed?.opts.long) return null;
  const { opts } = parsed;
  const operands = parsed.operands.length ? parsed.operands : ["."];
  const n = await names(fs);
  let stderr = "";
  let failed = false;
  const files: Entry[] = [];
  const dirs: { name: string; abs: string; st: FsStat | null }[] = [];
  for (const op of operands) {
    const abs = fs.resolvePath(cwd, op);
    try {
      // A symlink operand is listed as a link, unless a trailing "/" asks for what it points to.
      const l = op.endsWith("/") ? await fs.stat(abs) : await fs.lstat(abs);
      if (!opts.dir && l.isDirectory) dirs.push({ name: op, abs, st: l });
      else files.push(await entry(fs, env, abs, op, false));
    } catch {
      failed = true;
      stderr +=
        env.userland === "busybox"
          ? `ls: ${op}: No such file or directory\n`
          : `ls: cannot access '${op}': No such file or directory\n`;
    }
  }
  const order = <T extends { name: string; st: FsStat | null }>(xs: T[]) =>
    sortEntries(
      xs,
      (e) => e.name,
      (e) => e.st,
      opts,
    );
  const out: string[] = [];
  if (files.length) out.push(...formatLong(order(files), env, opts, n));
  const header = operands.length > 1;
  for (const d of order(dirs)) {
    if (out.length) out.push("");
    if (header) out.push(`${env.tty && env.userland === "gnu" ? gnuQuote(d.name) : d.name}:`);
    const list: Entry[] = [];
    if (opts.all) {
      list.push(await entry(fs, env, d.abs, ".", true));
      list.push(await entry(fs, env, d.abs === "/" ? "/" : fs.resolvePath(d.abs, ".."), "..", true));
    }
    let kids: string[] = [];
    try {
      kids = await fs.readdir(d.abs);
    } catch {}
    for (const k of kids) {
      if (k.startsWith(".") && !opts.all && !opts.almostAll) continue;
      list.push(await entry(fs, env, join(d.abs, k), k, false));
    }
    // By name, . and .. come first (or last, reversed); by time or size they sort with the rest.
    const dots = opts.sort ? [] : list.filter((e) => e.name === "." || e.name === "..");
    const rest = order(opts.sort ? list : list.filter((e) => e.name !== "." && e.name !== ".."));
    const all = opts.reverse ? [...rest, ...dots.reverse()] : [...dots, ...rest];
    out.push(`total ${all.reduce((t, e) => t + e.blocks, 0)}`);
    out.push(...formatLong(all, env, opts, n));
  }
  const code = failed ? (env.userland === "busybox" ? 1 : 2) : 0;
  return { stdout: out.length ? `${out.join("\n")}\n` : "", stderr, exitCode: code };
}

/** Terminal cells a name takes: East Asian wide characters (한글, CJK) take two, combining marks none. */
export function cellWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x300 && c <= 0x36f) || c === 0x200b) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x1f900 && c <= 0x1f9ff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/**
 * Names in columns, sorted down each column, as `ls` prints them on a terminal `width` cells wide.
 *
 * GNU (ls.c calculate_columns/print_many_per_line): the most columns whose line fits in fewer
 * than `width` cells, each column as wide as its widest name plus 2 (the last one without),
 * padded with tabs to 8-cell stops and then spaces.
 * busybox (ls.c display_files): one width for every column, the longest name plus 2;
 * (width - 1) / that many columns; padded with spaces.
 * Neither leaves trailing blanks.
 */
export function lsColumns(names: string[], width: number, userland: Userland): string[] {
  const n = names.length;
  if (!n) return [];
  const lens = names.map(cellWidth);
  if (userland === "busybox") {
    const colWidth = Math.max(...lens) + 2;
    let cols = Math.floor((width - 1) / colWidth);
    let rows = n;
    if (cols > 1) rows = Math.ceil(n / cols);
    else cols = 1;
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) {
      let line = "";
      let col = 0;
      for (let c = 0; c < cols; c++) {
        const i = c * rows + r;
        if (i >= n) continue;
        if (c > 0) line += " ".repeat(Math.max(0, c * colWidth - col));
        col = c * colWidth + lens[i];
        line += names[i];
      }
      lines.push(line);
    }
    return lines;
  }
  // GNU: try every column count up to one per 3 cells; keep the largest that fits.
  const MIN = 3;
  const maxCols = Math.max(1, Math.min(n, Math.floor(width / MIN)));
  const plans = Array.from({ length: maxCols }, (_, i) => ({
    valid: true,
    lineLen: (i + 1) * MIN,
    colArr: new Array<number>(i + 1).fill(MIN),
  }));
  for (let f = 0; f < n; f++)
    for (let i = 0; i < maxCols; i++) {
      const p = plans[i];
      if (!p.valid) continue;
      const idx = Math.floor(f / Math.floor((n + i) / (i + 1)));
      const real = lens[f] + (idx === i ? 0 : 2);
      if (p.colArr[idx] < real) {
        p.lineLen += real - p.colArr[idx];
        p.colArr[idx] = real;
        p.valid = p.lineLen < width;
      }
    }
  let cols = maxCols;
  while (cols > 1 && !plans[cols - 1].valid) cols--;
  const colArr = plans[cols - 1].colArr;
  const rows = Math.ceil(n / cols);
  const indent = (from: number, to: number) => {
    let pad = "";
    while (from < to) {
      if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
        pad += "\t";
        from += 8 - (from % 8);
      } else {
        pad += " ";
        from++;
      }
    }
    return pad;
  };
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = "";
    let pos = 0;
    let c = 0;
    for (let f = r; f < n; f += rows) {
      line += names[f];
      if (f + rows >= n) break;
      line += indent(pos + lens[f], pos + colArr[c]);
      pos += colArr[c++];
    }
    lines.push(line);
  }
  return lines;
}

/** How the short form knows where its output goes. */
export interface LsTerminal {
  /** The terminal's width when stdout is the terminal, else null. */
  cols: number | null;
  /** $COLUMNS, which `-C` uses when stdout is not a terminal (else 80). */
  columnsEnv?: string;
}

/**
 * The short form in columns: on a terminal, or with -C; GNU on a terminal also quotes names
 * ('my file'), with -1 too. null when the output is plain names one per line (no terminal,
 * or busybox's -1), which just-bash's own ls already prints (unless -C came before the -1:
 * just-bash does not know it), or when the options are not ones this module handles.
 */
export async function lsShort(
  args: string[],
  fs: IFileSystem,
  cwd: string,
  userland: Userland,
  term: LsTerminal,
): Promise<{ stdout: string; stderr: string; exitCode: number } | null> {
  const parsed = parseLsArgs(args, userland);
  if (!parsed || parsed.opts.long) return null;
  const { opts } = parsed;
  const columns = opts.columns ?? term.cols !== null;
  // just-bash's ls does not know -C: `ls -C1` is one per line, printed here.
  const sawC = args.some((a) => /^-[^-]*C/.test(a) && !parsed.operands.includes(a));
  // GNU on a terminal quotes names that need it, one per line too.
  const quote = userland === "gnu" && term.cols !== null;
  // just-bash's ls sorts by name only: -t and -S are done here, one per line too.
  if (!columns && !sawC && !quote && !opts.sort) return null;
  const env = Number(term.columnsEnv);
  const width = term.cols ?? (Number.isInteger(env) && env > 0 ? env : 80);
  const format = (names: string[]) => {
    const shown = quote ? gnuQuoteAll(names, columns) : names;
    return columns ? lsColumns(shown, width, userland) : shown;
  };
  const operands = parsed.operands.length ? parsed.operands : ["."];
  let stderr = "";
  let failed = false;
  const files: { name: string; st: FsStat | null }[] = [];
  const dirs: { name: string; abs: string; st: FsStat | null }[] = [];
  for (const op of operands) {
    const abs = fs.resolvePath(cwd, op);
    // Operands are followed (a link to a directory lists the directory); a dangling link is listed as itself.
    const st = await fs.stat(abs).catch(() => null);
    const lst = st ?? (await fs.lstat(abs).catch(() => null));
    if (st?.isDirectory && !opts.dir) dirs.push({ name: op, abs, st });
    else if (lst) files.push({ name: op, st: lst });
    else {
      failed = true;
      stderr +=
        userland === "busybox"
          ? `ls: ${op}: No such file or directory\n`
          : `ls: cannot access '${op}': No such file or directory\n`;
    }
  }
  const order = <T extends { name: string; st: FsStat | null }>(xs: T[]) =>
    sortEntries(
      xs,
      (x) => x.name,
      (x) => x.st,
      opts,
    );
  const out: string[] = [];
  if (files.length) out.push(...format(order(files).map((f) => f.name)));
  const header = operands.length > 1;
  for (const d of order(dirs)) {
    if (out.length) out.push("");
    if (header) out.push(`${quote ? gnuQuote(d.name) : d.name}:`);
    let kids: string[] = [];
    try {
      kids = await fs.readdir(d.abs);
    } catch {}
    const names = kids.filter((k) => !k.startsWith(".") || opts.all || opts.almostAll);
    if (opts.all) names.push(".", "..");
    // Only -t and -S need each entry's stat.
    const listed = await Promise.all(
      names.map(async (name) => ({
        name,
        st: opts.sort
          ? await fs
              .lstat(name === "." ? d.abs : name === ".." ? fs.resolvePath(d.abs, "..") : join(d.abs, name))
              .catch(() => null)
          : null,
      })),
    );
    out.push(...format(order(listed).map((e) => e.name)));
  }
  const code = failed ? (userland === "busybox" ? 1 : 2) : 0;
  return { stdout: out.length ? `${out.join("\n")}\n` : "", stderr, exitCode: code };
}
