/**
 * BuildKit's progress display, fed with SolveStatus messages: the "plain"
 * form (#N lines, used when stdout is not a terminal) and the "tty" form
 * (a block redrawn in place, "[+] Building 1.2s (8/8) FINISHED").
 */
import type { BuildStatus, BuildVertex } from "../../../engine/api/types";

interface VState {
  n: number;
  v: BuildVertex;
  statuses: string[];
  logs: string[];
}

const secs = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)}s`;

export class BuildProgress {
  private byDigest = new Map<string, VState>();
  private order: VState[] = [];
  private seq = 1;
  private drawn = 0;
  private readonly start: number;

  constructor(
    private readonly mode: "plain" | "tty" | "quiet",
    private readonly write: (s: string) => void,
    private readonly now: () => number,
    private readonly cols = 80,
  ) {
    this.start = now();
    if (mode === "plain") write('#0 building with "default" instance using docker driver\n\n');
  }

  push(s: BuildStatus): void {
    for (const v of s.vertexes ?? []) {
      let st = this.byDigest.get(v.digest);
      if (!st) {
        st = { n: this.seq++, v, statuses: [], logs: [] };
        this.byDigest.set(v.digest, st);
        this.order.push(st);
        if (this.mode === "plain") this.write(`#${st.n} ${v.name}\n`);
      }
      const wasDone = st.v.completed !== undefined;
      st.v = { ...st.v, ...v };
      if (this.mode === "plain" && !wasDone && v.completed !== undefined) {
        if (v.error) this.write(`#${st.n} ERROR: ${v.error}\n`);
        else if (v.cached) this.write(`#${st.n} CACHED\n\n`);
        else this.write(`#${st.n} DONE ${secs(v.completed - (v.started ?? v.completed))}\n\n`);
      }
    }
    for (const x of s.statuses ?? []) {
      const st = this.byDigest.get(x.vertex);
      if (!st) continue;
      st.statuses.push(x.id);
      if (this.mode === "plain") this.write(`#${st.n} ${x.id} done\n`);
    }
    for (const l of s.logs ?? []) {
      const st = this.byDigest.get(l.vertex);
      if (!st) continue;
      for (const line of l.data.replace(/\n$/, "").split("\n")) {
        st.logs.push(line);
        if (this.mode === "plain") this.write(`#${st.n} ${(l.timestamp / 1000).toFixed(3)} ${line}\n`);
      }
    }
    if (this.mode === "tty") this.redraw(false);
  }

  /** Final redraw (tty) and the error report, as buildx prints it. */
  finish(error?: { message: string; line?: number; dockerfile?: string; dockerfileName?: string }): void {
    if (this.mode === "tty") this.redraw(true, !!error);
    if (!error) return;
    const failed = this.order.find((s) => s.v.error);
    if (failed && this.mode !== "quiet") {
      this.write(`------\n > ${failed.v.name}:\n`);
      for (const l of failed.logs.slice(-10)) this.write(`${l}\n`);
      this.write("------\n");
    }
    if (error.line && error.dockerfile !== undefined) {
      const lines = error.dockerfile.replace(/\n$/, "").split("\n");
      const from = Math.max(1, error.line - 2);
      const to = Math.min(lines.length, error.line + 2);
      this.write(`${error.dockerfileName ?? "Dockerfile"}:${error.line}\n--------------------\n`);
      for (let i = from; i <= to; i++)
        this.write(`${String(i).padStart(4)} | ${i === error.line ? ">>> " : "    "}${lines[i - 1]}\n`);
      this.write("--------------------\n");
    }
  }

  private redraw(final: boolean, failed = false): void {
    const width = Math.max(40, this.cols);
    const done = this.order.filter((s) => s.v.completed !== undefined).length;
    const elapsed = secs(this.now() - this.start);
    const head = `[+] Building ${elapsed} (${done}/${this.order.length})${final ? (failed ? " FINISHED" : " FINISHED") : ""}`;
    const right = "docker:default";
    const rows: string[] = [
      head.length + right.length + 1 < width ? head + " ".repeat(width - head.length - right.length - 1) + right : head,
    ];
    for (const st of this.order) {
      const v = st.v;
      const dur = v.started !== undefined ? secs((v.completed ?? this.now()) - v.started) : "";
      const label = ` => ${v.cached ? "CACHED " : v.error ? "ERROR " : ""}${v.name}`;
      rows.push(padRow(label, dur, width));
      for (const s of st.statuses) rows.push(padRow(` => => ${s}`, "0.0s", width));
      if (v.completed === undefined || v.error)
        for (const l of st.logs.slice(-6)) rows.push(padRow(` => => # ${l}`, "", width));
    }
    let out = "";
    if (this.drawn > 0) out += `\x1b[${this.drawn}A\r`;
    for (const r of rows) out += `\x1b[2K${r}\n`;
    this.drawn = rows.length;
    this.write(out);
  }
}

function padRow(left: string, right: string, width: number): string {
  const max = width - 1;
  const room = max - right.length - 1;
  const l = left.length > room ? `${left.slice(0, Math.max(0, room - 1))}…` : left;
  return right ? l + " ".repeat(Math.max(1, max - l.length - right.length)) + right : l;
}
