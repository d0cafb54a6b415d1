/**
 * A pseudo-terminal. The slave side belongs to the program (a shell, the
 * docker CLI in raw mode); the master side to whoever shows it (the browser
 * terminal, `docker attach`). Output gets ONLCR (\n → \r\n) like a real tty.
 */
export interface Tty {
  /** Program output to the terminal. */
  write(data: string): void;
  /** Raw input from the terminal (keystrokes, pasted text). Returns unsubscribe. */
  onData(handler: (data: string) => void): () => void;
  readonly cols: number;
  readonly rows: number;
  onResize(handler: (cols: number, rows: number) => void): () => void;
}

export function onlcr(data: string): string {
  return data.replace(/\r?\n/g, "\r\n");
}

export class Pty implements Tty {
  cols: number;
  rows: number;
  private inputHandlers: ((d: string) => void)[] = [];
  private outputHandlers: ((d: string) => void)[] = [];
  private resizeHandlers: ((c: number, r: number) => void)[] = [];
  /** Input typed while no program reads it (typeahead), delivered to the next reader. */
  private pending = "";

  constructor(cols = 80, rows = 24) {
    this.cols = cols;
    this.rows = rows;
  }

  // ---- slave side ----
  write(data: string): void {
    const out = onlcr(data);
    for (const h of [...this.outputHandlers]) h(out);
  }
  onData(handler: (data: string) => void): () => void {
    this.inputHandlers.push(handler);
    if (this.pending) {
      const p = this.pending;
      this.pending = "";
      queueMicrotask(() => {
        if (this.inputHandlers.includes(handler)) handler(p);
        else this.pending = p + this.pending;
      });
    }
    return () => {
      this.inputHandlers = this.inputHandlers.filter((h) => h !== handler);
    };
  }
  onResize(handler: (cols: number, rows: number) => void): () => void {
    this.resizeHandlers.push(handler);
    return () => {
      this.resizeHandlers = this.resizeHandlers.filter((h) => h !== handler);
    };
  }

  // ---- master side ----
  input(data: string): void {
    const handler = this.inputHandlers[this.inputHandlers.length - 1];
    if (handler) handler(data);
    else this.pending += data;
  }
  onOutput(handler: (data: string) => void): () => void {
    this.outputHandlers.push(handler);
    return () => {
      this.outputHandlers = this.outputHandlers.filter((h) => h !== handler);
    };
  }
  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    for (const h of [...this.resizeHandlers]) h(cols, rows);
  }
}
