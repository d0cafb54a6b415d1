/**
 * The one xterm.js terminal of the page. It does no line editing: every key
 * goes to the machine (`sendInput`) and everything the machine prints is
 * written here. Line editing, echo, history, completion and Ctrl+C live in the
 * machine.
 *
 * The terminal is a module-level singleton so that React re-mounts (StrictMode,
 * pane changes) never lose the scrollback, and tests can read it.
 */
import { FitAddon } from "@xterm/addon-fit";
import type { SearchAddon } from "@xterm/addon-search";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";
import { t } from "../i18n/ko";
import { onOutput, resize, sendInput } from "../state/machine-client";
import { useAppStore } from "../state/store";
import { TERMINAL_FONT_FAMILY, terminalThemes } from "./themes";

/** The id given to xterm's input textarea (the skip link points at it). */
export const TERMINAL_INPUT_ID = "terminal-input";

let term: Terminal | null = null;
let fitAddon: FitAddon | null = null;
/** Loaded on first search (keeps the initial bundle small). */
let searchAddon: Promise<SearchAddon> | null = null;
let host: HTMLElement | null = null;
let observer: ResizeObserver | null = null;
let fitFrame = 0;

/** The terminal (created on first use; output is buffered even before it is on screen). */
export function getTerminal(): Terminal {
  if (term) return term;

  Terminal.strings.promptLabel = t.terminal.promptLabel;
  Terminal.strings.tooMuchOutput = t.terminal.tooMuchOutput;

  const state = useAppStore.getState();
  const created = new Terminal({
    screenReaderMode: true,
    fontFamily: TERMINAL_FONT_FAMILY,
    fontSize: state.terminalFontSize,
    lineHeight: 1.2,
    cursorBlink: true,
    cursorStyle: "block",
    cursorInactiveStyle: "outline",
    scrollback: 5000,
    theme: terminalThemes[state.theme],
    macOptionIsMeta: true,
    rightClickSelectsWord: true,
    minimumContrastRatio: 4.5,
  });
  term = created;

  fitAddon = new FitAddon();
  created.loadAddon(fitAddon);
  created.loadAddon(
    new WebLinksAddon((event, uri) => {
      event.preventDefault();
      window.open(uri, "_blank", "noopener,noreferrer");
    }),
  );

  created.attachCustomKeyEventHandler(handleKey);
  created.onData((data) => sendInput(data));
  created.onResize(({ cols, rows }) => resize(cols, rows));
  onOutput((data) => created.write(data));

  useAppStore.subscribe((s, prev) => {
    if (s.theme !== prev.theme) created.options.theme = terminalThemes[s.theme];
    if (s.terminalFontSize !== prev.terminalFontSize) {
      created.options.fontSize = s.terminalFontSize;
      scheduleFit();
    }
  });
  return created;
}

/**
 * Copy and paste the way learners expect on Windows and Linux:
 * Ctrl+C copies when text is selected (otherwise it is ^C for the machine),
 * Ctrl+Shift+C copies, Ctrl+V / Ctrl+Shift+V paste through the browser.
 * Ctrl+Shift+F opens the search box.
 */
function handleKey(e: KeyboardEvent): boolean {
  if (e.type !== "keydown" || !term) return true;
  const key = e.key.toLowerCase();
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && key === "c" && (e.shiftKey || term.hasSelection())) {
    const text = term.getSelection();
    if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
    e.preventDefault();
    return false;
  }
  if (mod && !e.altKey && key === "v") {
    // Let the browser fire a paste event; xterm turns it into input.
    return false;
  }
  if (mod && e.shiftKey && !e.altKey && key === "f") {
    e.preventDefault();
    searchRequested?.();
    return false;
  }
  return true;
}

/**
 * In screen-reader mode xterm ignores `insertText` input events (to avoid double input with
 * assistive tech), so text committed without key events, as some IMEs and on-screen keyboards
 * do, would be lost. Forward it here, but only when no key event or composition produced it,
 * since xterm already handles those.
 */
function bridgePlainInsertText(textarea: HTMLTextAreaElement): void {
  let keyDown = false;
  let composing = false;
  let justComposed = false;
  textarea.addEventListener("keydown", () => {
    keyDown = true;
  });
  textarea.addEventListener("keyup", () => {
    keyDown = false;
  });
  textarea.addEventListener("blur", () => {
    keyDown = false;
  });
  textarea.addEventListener("compositionstart", () => {
    composing = true;
  });
  textarea.addEventListener("compositionend", () => {
    composing = false;
    justComposed = true;
    setTimeout(() => {
      justComposed = false;
    }, 0);
  });
  textarea.addEventListener("input", (ev) => {
    const e = ev as InputEvent;
    if (e.inputType !== "insertText" || !e.data || e.isComposing || composing || keyDown || justComposed) return;
    sendInput(e.data);
  });
}

let searchRequested: (() => void) | null = null;

/** The terminal pane registers how to open its search box (Ctrl+Shift+F). */
export function onSearchRequested(fn: (() => void) | null): void {
  searchRequested = fn;
}

/** Put the terminal into `el` and keep it fitted to `el`'s size. Returns an unmount function. */
export function mountTerminal(el: HTMLElement): () => void {
  const terminal = getTerminal();
  host = el;
  let cancelled = false;

  const attach = () => {
    if (cancelled) return;
    if (!terminal.element) {
      terminal.open(el);
      if (terminal.textarea) {
        terminal.textarea.id = TERMINAL_INPUT_ID;
        bridgePlainInsertText(terminal.textarea);
      }
    } else if (terminal.element.parentElement !== el) el.appendChild(terminal.element);
    fitNow();
  };
  // Measure the cell size with the bundled font, not a fallback: wait (briefly) for it.
  waitForFont(terminal.options.fontSize ?? 16).then(attach, attach);

  observer?.disconnect();
  observer = new ResizeObserver(() => scheduleFit());
  observer.observe(el);

  return () => {
    cancelled = true;
    if (host === el) {
      observer?.disconnect();
      observer = null;
      host = null;
    }
  };
}

function waitForFont(px: number): Promise<unknown> {
  if (!("fonts" in document)) return Promise.resolve();
  const family = '"Nanum Gothic Coding"';
  return Promise.race([
    Promise.all([
      document.fonts.load(`${px}px ${family}`, "Docker $ 도커"),
      document.fonts.load(`bold ${px}px ${family}`, "Docker $ 도커"),
    ]),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ]);
}

function scheduleFit(): void {
  if (fitFrame) return;
  fitFrame = requestAnimationFrame(() => {
    fitFrame = 0;
    fitNow();
  });
}

function fitNow(): void {
  if (!term?.element || !fitAddon || !host) return;
  if (host.clientWidth === 0 || host.clientHeight === 0) return;
  try {
    fitAddon.fit();
  } catch {
    return;
  }
  // onResize only fires on a change; make sure the machine knows the size at least once.
  resize(term.cols, term.rows);
}

export function focusTerminal(): void {
  term?.focus();
}

/** Send text as if the learner typed it (same path as real keystrokes). */
export function typeIntoTerminal(text: string): void {
  getTerminal().input(text, true);
}

/**
 * The whole buffer (scrollback + screen) as text: one string per logical line
 * (lines that xterm wrapped are joined back), trailing spaces and trailing
 * empty lines removed.
 */
export function getTerminalText(): string {
  const buffer = getTerminal().buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (!line) continue;
    const next = buffer.getLine(i + 1);
    const continues = next?.isWrapped ?? false;
    const text = line.translateToString(!continues);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => l.replace(/\s+$/, "")).join("\n");
}

function getSearchAddon(): Promise<SearchAddon> {
  if (!searchAddon) {
    const terminal = getTerminal();
    searchAddon = import("@xterm/addon-search").then(({ SearchAddon }) => {
      const addon = new SearchAddon();
      terminal.loadAddon(addon);
      return addon;
    });
  }
  return searchAddon;
}

/** Start loading the search addon (call when the search box opens). */
export function prepareSearch(): void {
  void getSearchAddon();
}

/** Find and select `text` in the scrollback; resolves to false when there is no match. */
export async function findInTerminal(text: string, direction: "next" | "previous"): Promise<boolean> {
  if (!text) return false;
  const addon = await getSearchAddon();
  return direction === "next" ? addon.findNext(text) : addon.findPrevious(text);
}

export function clearSearch(): void {
  void searchAddon?.then((addon) => addon.clearDecorations());
  term?.clearSelection();
}
