/**
 * `window.__cc`: a small, stable handle for end-to-end tests (and curious
 * teachers in DevTools). Always installed; it only reads state or sends input
 * through the same paths the learner uses.
 */
import type { EngineViewState, RunResult } from "../machine/protocol";
import { isBusy, isReady, run } from "../state/machine-client";
import { useAppStore } from "../state/store";
import { getTerminalText, typeIntoTerminal } from "./terminal";

export interface CcTestHooks {
  /** Send text to the machine as if typed into the terminal ("\r" is Enter). */
  typeIntoTerminal(text: string): void;
  /** The terminal's whole buffer: logical lines, right-trimmed, joined with "\n". */
  getTerminalText(): string;
  /** Run shell lines silently in the machine (like a lesson check). */
  run(script: string): Promise<RunResult>;
  /** The machine answered `ready`. */
  isReady(): boolean;
  /** A foreground command is running in the terminal. */
  isBusy(): boolean;
  /** The latest engine view state (null before the first one). */
  getEngineState(): EngineViewState | null;
}

declare global {
  interface Window {
    __cc?: CcTestHooks;
  }
}

export function installTestHooks(): void {
  window.__cc = {
    typeIntoTerminal,
    getTerminalText,
    run,
    isReady,
    isBusy,
    getEngineState: () => useAppStore.getState().engine,
  };
}
