/**
 * Shared e2e fixtures and helpers.
 *
 * Every test gets an automatic guard: no console errors, no uncaught page errors, and no network
 * request to anything but the local origin (the app must work offline, from any static host).
 *
 * The UI contract these tests rely on:
 *   - [data-testid="terminal"] is the terminal; the prompt is `student@classroom:~$ `
 *   - window.__cc.getTerminalText() returns the terminal's text (one line per row)
 *   - window.__cc.typeIntoTerminal(text) types like a user
 *   - [data-testid="lesson-pane"] holds the lesson; tasks are [data-testid="task-<id>"][data-status="todo|done"]
 */
import { test as base, expect, type Page } from "@playwright/test";

declare global {
  interface Window {
    __cc?: {
      getTerminalText(): string;
      typeIntoTerminal(text: string): void | Promise<void>;
    };
  }
}

export const PROMPT = "student@classroom:~$ ";
const PROMPT_TRIMMED = PROMPT.trimEnd();

export interface Guard {
  consoleErrors: string[];
  foreignRequests: string[];
  /** Messages matching these are not counted (for tests that provoke an error on purpose). */
  allowConsole: RegExp[];
  /** Other origins a test talks to on purpose (a classroom gateway named by `?gateway=URL`). */
  allowOrigins: string[];
}

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ page, context, baseURL }, use) => {
      const origin = new URL(baseURL ?? "http://127.0.0.1:4173").origin;
      const guard: Guard = {
        consoleErrors: [],
        foreignRequests: [],
        // The real-engine spec (run in parallel) makes dockerd add and remove veth interfaces; Chromium then
        // reports in-flight loads as ERR_NETWORK_CHANGED. That is the test machine's network, not the app.
        allowConsole: [/net::ERR_NETWORK_CHANGED/],
        allowOrigins: [],
      };
      page.on("console", (msg) => {
        if (msg.type() === "error") guard.consoleErrors.push(`console.error: ${msg.text()}`);
      });
      page.on("pageerror", (err) => guard.consoleErrors.push(`uncaught: ${err.message}`));
      context.on("request", (req) => {
        const url = req.url();
        if (url.startsWith("data:") || url.startsWith("blob:")) return;
        let reqOrigin = "";
        try {
          reqOrigin = new URL(url).origin;
        } catch {
          /* unparsable: report it */
        }
        if (reqOrigin !== origin && !guard.allowOrigins.includes(reqOrigin))
          guard.foreignRequests.push(`${req.method()} ${url}`);
      });
      await use(guard);
      const errors = guard.consoleErrors.filter((e) => !guard.allowConsole.some((re) => re.test(e)));
      expect(errors, "console errors / uncaught exceptions in the page").toEqual([]);
      expect(guard.foreignRequests, "requests to anything but the local origin").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The terminal's text as the app reports it (window.__cc.getTerminalText()). */
export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => window.__cc?.getTerminalText() ?? "");
}

/** Lines of the terminal, right-trimmed, trailing blank lines dropped. */
export function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/\s+$/, ""));
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Whether the terminal's last non-empty line is the host prompt (the shell waits for input). */
export function atPrompt(text: string): boolean {
  const lines = linesOf(text);
  return lines.length > 0 && lines[lines.length - 1] === PROMPT_TRIMMED;
}

export function countPrompts(text: string): number {
  return linesOf(text).filter((l) => l.startsWith(PROMPT_TRIMMED)).length;
}

/** Open the app and wait until the terminal shows its prompt. (CC_E2E_START_PATH, e.g. "/?worker=fake", for dev.) */
export async function openApp(page: Page, path = process.env.CC_E2E_START_PATH ?? "/"): Promise<void> {
  await page.goto(path);
  await waitForPrompt(page);
}

export async function waitForPrompt(page: Page, timeout = 15_000): Promise<void> {
  await expect(page.getByTestId("terminal")).toBeVisible({ timeout });
  await expect
    .poll(async () => atPrompt(await terminalText(page)), { timeout, message: "the terminal shows the prompt" })
    .toBe(true);
}

/** Focus the terminal the way a user does: click into it. */
export async function focusTerminal(page: Page): Promise<void> {
  await page.getByTestId("terminal").click();
}

/**
 * Type a command line and press Enter, then wait for a new host prompt. Returns the output between
 * the command line and the next prompt. `via: "keyboard"` uses real key events; `"api"` uses
 * window.__cc.typeIntoTerminal.
 */
export async function run(
  page: Page,
  command: string,
  opts: { via?: "keyboard" | "api"; timeout?: number } = {},
): Promise<string> {
  const before = countPrompts(await terminalText(page));
  if (opts.via === "api") {
    await page.evaluate((line) => window.__cc?.typeIntoTerminal(`${line}\r`), command);
  } else {
    await focusTerminal(page);
    await page.keyboard.type(command);
    await page.keyboard.press("Enter");
  }
  await expect
    .poll(
      async () => {
        const text = await terminalText(page);
        return countPrompts(text) > before && atPrompt(text);
      },
      { timeout: opts.timeout ?? 15_000, message: `a new prompt after: ${command}` },
    )
    .toBe(true);
  return outputOf(await terminalText(page), command);
}

/** The lines printed after the last `<prompt>command` line, up to the next prompt. */
export function outputOf(text: string, command: string): string {
  const lines = linesOf(text);
  const echo = `${PROMPT}${command}`.trimEnd();
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i] === echo) {
      start = i;
      break;
    }
  }
  if (start < 0) return "";
  const out: string[] = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith(PROMPT_TRIMMED); i++) out.push(lines[i]);
  return out.join("\n");
}
