/**
 * Renders the pull progress stream like docker/cli's jsonmessage: on a
 * terminal each layer keeps one line that is rewritten in place; otherwise
 * every status is printed as a line of its own and progress bars are left out.
 */
import type { PullProgress } from "../../engine/api/types";

export class ProgressRenderer {
  private order: string[] = [];
  private lines = new Map<string, string>();

  constructor(
    private readonly write: (s: string) => void,
    private readonly tty: boolean,
    /** Terminal width: a line must never wrap, or rewriting it in place breaks. */
    private readonly cols = 80,
  ) {}

  push(p: PullProgress): void {
    if (!p.id || p.status.startsWith("Pulling from")) {
      const line = p.id ? `${p.id}: ${p.status}` : p.status;
      this.write(`${line}\n`);
      if (p.id && this.tty) this.order = [];
      return;
    }
    if (!this.tty) {
      if (p.progress) return; // no bars without a terminal
      this.write(`${p.id}: ${p.status}\n`);
      return;
    }
    const full = `${p.id}: ${p.status}${p.progress ? ` ${p.progress}` : ""}`;
    const text = full.length >= this.cols ? full.slice(0, Math.max(0, this.cols - 1)) : full;
    const idx = this.order.indexOf(p.id);
    if (idx < 0) {
      this.order.push(p.id);
      this.lines.set(p.id, text);
      this.write(`${text}\n`);
      return;
    }
    this.lines.set(p.id, text);
    const up = this.order.length - idx;
    this.write(`\x1b[${up}A\r\x1b[2K${text}\r\x1b[${up}B`);
  }
}
