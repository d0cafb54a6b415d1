/**
 * The browser-side app state (zustand). The machine's state arrives through
 * machine-client.ts; UI preferences (theme, explain lines, terminal font size)
 * are persisted in localStorage.
 */
import { create } from "zustand";
import type { EngineViewState } from "../machine/protocol";

export type Theme = "light" | "dark";
export type MachineStatus = "loading" | "ready" | "restarting" | "error";

export const TERMINAL_FONT_MIN = 12;
export const TERMINAL_FONT_MAX = 28;
/** Larger screens (usually projected in a room) start with a larger terminal font. */
const TERMINAL_FONT_DEFAULT = typeof window !== "undefined" && window.innerWidth >= 1700 ? 18 : 16;

const KEY_THEME = "cc-theme";
const KEY_EXPLAIN = "cc-explain";
const KEY_FONT = "cc-terminal-font-size";

export interface AppState {
  /** The machine answered `ready` (and has not been restarted since). */
  ready: boolean;
  /** A command runs in the terminal's foreground. */
  busy: boolean;
  status: MachineStatus;
  /** Latest engine view state from the machine; null until the first one arrives. */
  engine: EngineViewState | null;
  theme: Theme;
  /** true when the learner picked the theme; false while it follows the system. */
  themeChosen: boolean;
  /** Korean explanation lines under terminal output. */
  explain: boolean;
  terminalFontSize: number;

  toggleTheme(): void;
  setTerminalFontSize(size: number): void;
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: preferences just don't persist.
  }
}

function systemTheme(): Theme {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

const savedTheme = readStorage(KEY_THEME);
const themeChosen = savedTheme === "light" || savedTheme === "dark";
const savedFont = Number(readStorage(KEY_FONT));

export const useAppStore = create<AppState>()((set, get) => ({
  ready: false,
  busy: false,
  status: "loading",
  engine: null,
  theme: themeChosen ? (savedTheme as Theme) : systemTheme(),
  themeChosen,
  explain: readStorage(KEY_EXPLAIN) !== "false",
  terminalFontSize:
    Number.isFinite(savedFont) && savedFont >= TERMINAL_FONT_MIN && savedFont <= TERMINAL_FONT_MAX
      ? savedFont
      : TERMINAL_FONT_DEFAULT,

  toggleTheme() {
    const theme: Theme = get().theme === "dark" ? "light" : "dark";
    writeStorage(KEY_THEME, theme);
    set({ theme, themeChosen: true });
  },

  setTerminalFontSize(size) {
    const terminalFontSize = Math.min(TERMINAL_FONT_MAX, Math.max(TERMINAL_FONT_MIN, Math.round(size)));
    writeStorage(KEY_FONT, String(terminalFontSize));
    set({ terminalFontSize });
  },
}));

/** Only machine-client.ts should call this: it also tells the machine. */
export function storeExplain(explain: boolean): void {
  writeStorage(KEY_EXPLAIN, String(explain));
  useAppStore.setState({ explain });
}

/**
 * Keep `<html data-theme>` in sync with the store, and follow the system's
 * colour scheme until the learner picks a theme. Call once at start.
 */
export function initTheme(): void {
  const apply = (theme: Theme) => {
    document.documentElement.dataset.theme = theme;
  };
  apply(useAppStore.getState().theme);
  useAppStore.subscribe((s, prev) => {
    if (s.theme !== prev.theme) apply(s.theme);
  });
  if (typeof matchMedia === "function") {
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", (e) => {
      if (!useAppStore.getState().themeChosen) useAppStore.setState({ theme: e.matches ? "dark" : "light" });
    });
  }
}
