/**
 * Readline-style line editing on a Tty: the editing keys of bash's emacs mode,
 * history, and Tab completion. Wide (Hangul) characters take two cells.
 */
import { displayWidth } from "../shared/format";
import type { Tty } from "./tty";

export interface Completion {
  /** Index in the line where the word being completed starts. */
  start: number;
  /** Full replacement candidates for line.slice(start, cursor). */
  candidates: string[];
}
export type Completer = (line: string, cursor: number) => Promise<Completion>;

export interface ReadLineOptions {
  prompt: string;
  history: string[];
  completer?: Completer;
}

export type ReadResult = { kind: "line"; line: string } | { kind: "interrupt" } | { kind: "eof" };

const CSI = "\x1b[";

export class LineEditor {
  private buf: string[] = [];
  private cur = 0;
  private histIndex = 0;
  private savedEdit: string[] = [];
  private resolve: ((r: ReadResult) => void) | null = null;
  private opts!: ReadLineOptions;
  /** Cursor row relative to the prompt's first row, as last drawn. */
  private drawnRow = 0;
  private lastTab = false;
  private queue = "";
  private busy = false;

  constructor(private readonly tty: Tty) {}

  /** Show the prompt and read one line. Extra input after Enter stays queued for the next read. */
  read(opts: ReadLineOptions, initial = ""): Promise<ReadResult> {
    this.opts = opts;
    this.buf = [...initial];
    this.cur = this.buf.length;
    this.histIndex = opts.history.length;
    this.drawnRow = 0;
    this.lastTab = false;
    this.tty.write(opts.prompt + initial);
    this.drawnRow = this.rowOf(displayWidth(opts.prompt + initial));
    return new Promise((resolve) => {
      this.resolve = resolve;
      if (this.queue.length > 0) {
        const q = this.queue;
        this.queue = "";
        void this.feed(q);
      }
    });
  }

  get active(): boolean {
    return this.resolve !== null;
  }

  /** Feed raw input. */
  async feed(data: string): Promise<void> {
    if (!this.resolve || this.busy) {
      this.queue += data;
      return;
    }
    this.busy = true;
    try {
      let i = 0;
      while (i < data.length) {
        if (!this.resolve) {
          this.queue += data.slice(i);
          return;
        }
        const seq = matchSequence(data, i);
        i += seq.length;
        await this.key(seq);
      }
    } finally {
      this.busy = false;
    }
    if (this.queue && (this.resolve as unknown) !== null) {
      const q = this.queue;
      this.queue = "";
      await this.feed(q);
    }
  }

  private finish(r: ReadResult): void {
    const res = this.resolve;
    this.resolve = null;
    res?.(r);
  }

  private line(): string {
    return this.buf.join("");
  }

  private rowOf(cells: number): number {
    const cols = Math.max(1, this.tty.cols);
    return Math.floor(cells / cols);
  }

  /** Redraw prompt + buffer and place the cursor. */
  private redraw(): void {
    const cols = Math.max(1, this.tty.cols);
    let out = "";
    if (this.drawnRow > 0) out += `${CSI}${this.drawnRow}A`;
    out += `\r${this.opts.prompt}${this.line()}${CSI}J`;
    const endCells = displayWidth(this.opts.prompt + this.line());
    const curCells = displayWidth(this.opts.prompt + this.buf.slice(0, this.cur).join(""));
    // A line that ends exactly at the margin leaves the cursor pending; force the wrap.
    let endRow = this.rowOf(endCells);
    if (endCells > 0 && endCells % cols === 0) {
      out += " \r";
    } else endRow = Math.floor(endCells / cols);
    const curRow = Math.floor(curCells / cols);
    const curCol = curCells % cols;
    if (endRow > curRow) out += `${CSI}${endRow - curRow}A`;
    out += "\r";
    if (curCol > 0) out += `${CSI}${curCol}C`;
    this.drawnRow = curRow;
    this.tty.write(out);
  }

  private moveToEnd(): void {
    if (this.cur === this.buf.length) return;
    this.cur = this.buf.length;
    this.redraw();
  }

  private insert(text: string): void {
    const chars = [...text];
    const atEnd = this.cur === this.buf.length;
    this.buf.splice(this.cur, 0, ...chars);
    this.cur += chars.length;
    const cols = Math.max(1, this.tty.cols);
    const cells = displayWidth(this.opts.prompt + this.line());
    if (atEnd && cells % cols !== 0) {
      this.tty.write(text);
      this.drawnRow = Math.floor(cells / cols);
    } else this.redraw();
  }

  private async key(seq: string): Promise<void> {
    const wasTab = this.lastTab;
    this.lastTab = false;
    switch (seq) {
      case "\r":
      case "\r\n":
      case "\n": {
        const line = this.line();
        this.moveToEnd();
        this.tty.write("\n");
        this.finish({ kind: "line", line });
        return;
      }
      case "\x03":
        this.moveToEnd();
        this.tty.write("^C\n");
        this.finish({ kind: "interrupt" });
        return;
      case "\x04":
        if (this.buf.length === 0) {
          this.finish({ kind: "eof" });
          return;
        }
        if (this.cur < this.buf.length) {
          this.buf.splice(this.cur, 1);
          this.redraw();
        }
        return;
      case "\x7f":
      case "\b":
        if (this.cur > 0) {
          this.buf.splice(this.cur - 1, 1);
          this.cur--;
          this.redraw();
        }
        return;
      case `${CSI}3~`:
        if (this.cur < this.buf.length) {
          this.buf.splice(this.cur, 1);
          this.redraw();
        }
        return;
      case `${CSI}D`:
      case "\x02":
        if (this.cur > 0) {
          this.cur--;
          this.redraw();
        }
        return;
      case `${CSI}C`:
      case "\x06":
        if (this.cur < this.buf.length) {
          this.cur++;
          this.redraw();
        }
        return;
      case "\x01":
      case `${CSI}H`:
      case "\x1bOH":
      case `${CSI}1~`:
        this.cur = 0;
        this.redraw();
        return;
      case "\x05":
      case `${CSI}F`:
      case "\x1bOF":
      case `${CSI}4~`:
        this.cur = this.buf.length;
        this.redraw();
        return;
      case "\x15": // Ctrl+U: kill to start
        this.buf.splice(0, this.cur);
        this.cur = 0;
        this.redraw();
        return;
      case "\x0b": // Ctrl+K: kill to end
        this.buf.splice(this.cur);
        this.redraw();
        return;
      case "\x17": {
        // Ctrl+W: kill the word before the cursor (whitespace-delimited)
        let i = this.cur;
        while (i > 0 && this.buf[i - 1] === " ") i--;
        while (i > 0 && this.buf[i - 1] !== " ") i--;
        this.buf.splice(i, this.cur - i);
        this.cur = i;
        this.redraw();
        return;
      }
      case "\x0c": // Ctrl+L
        this.tty.write(`${CSI}H${CSI}2J`);
        this.drawnRow = 0;
        this.redraw();
        return;
      case `${CSI}A`:
      case "\x10":
        this.history(-1);
        return;
      case `${CSI}B`:
      case "\x0e":
        this.history(1);
        return;
      case "\t":
        await this.complete(wasTab);
        return;
      default:
        if (seq.startsWith("\x1b") || (seq.length === 1 && seq.charCodeAt(0) < 0x20)) return; // unhandled key
        this.insert(seq);
    }
  }

  private history(dir: -1 | 1): void {
    const h = this.opts.history;
    const next = this.histIndex + dir;
    if (next < 0 || next > h.length) return;
    if (this.histIndex === h.length) this.savedEdit = [...this.buf];
    this.histIndex = next;
    this.buf = next === h.length ? [...this.savedEdit] : [...h[next]];
    this.cur = this.buf.length;
    this.redraw();
  }

  private async complete(secondTab: boolean): Promise<void> {
    if (!this.opts.completer) return;
    const line = this.line();
    const cursorIdx = this.buf.slice(0, this.cur).join("").length;
    let result: Completion;
    try {
      result = await this.opts.completer(line, cursorIdx);
    } catch {
      return;
    }
    const word = line.slice(result.start, cursorIdx);
    const cands = [...new Set(result.candidates.filter((c) => c.startsWith(word)))].sort();
    if (cands.length === 0) return;
    if (cands.length === 1) {
      const c = cands[0];
      const suffix = c.endsWith("/") ? "" : " ";
      this.insert(c.slice(word.length) + suffix);
      return;
    }
    const common = commonPrefix(cands);
    if (common.length > word.length) {
      this.insert(common.slice(word.length));
      return;
    }
    this.lastTab = true;
    if (!secondTab) return;
    const shown = cands.map((c) => (c.endsWith("/") ? c.replace(/[^/]*\/$/, (m) => m) : c)).map(lastPathPart);
    const width = Math.max(...shown.map(displayWidth)) + 2;
    const perRow = Math.max(1, Math.floor(this.tty.cols / width));
    let out = "\n";
    shown.forEach((c, i) => {
      out += c + (i % perRow === perRow - 1 || i === shown.length - 1 ? "\n" : " ".repeat(width - displayWidth(c)));
    });
    this.cur = this.buf.length;
    this.redraw();
    this.tty.write(out);
    this.drawnRow = 0;
    this.tty.write(this.opts.prompt + this.line());
    this.drawnRow = this.rowOf(displayWidth(this.opts.prompt + this.line()));
  }
}

function lastPathPart(c: string): string {
  const trimmed = c.endsWith("/") ? c.slice(0, -1) : c;
  const i = trimmed.lastIndexOf("/");
  return i >= 0 ? c.slice(i + 1) : c;
}

function commonPrefix(list: string[]): string {
  let p = list[0];
  for (const s of list) while (!s.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** One key: an escape sequence, or one character (a full code point). */
export function matchSequence(data: string, i: number): string {
  if (data[i] === "\x1b") {
    if (data[i + 1] === "[") {
      let j = i + 2;
      while (j < data.length && /[0-9;?]/.test(data[j])) j++;
      return data.slice(i, Math.min(j + 1, data.length));
    }
    if (data[i + 1] === "O") return data.slice(i, i + 3);
    return data.slice(i, i + 2);
  }
  if (data[i] === "\r" && data[i + 1] === "\n") return "\r\n";
  const cp = data.codePointAt(i) ?? 0;
  return String.fromCodePoint(cp);
}
