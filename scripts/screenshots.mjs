#!/usr/bin/env node
// `npm run screenshots`: docs/screenshots/<lesson>.png for lessons 1, 3 and 10 at 1280×720.
// Builds dist/ when it is missing or stale, serves it with `vite preview` on a free port and opens each
// lesson in a fresh profile of Debian's Chromium (scripts/find-chromium.mjs; never downloads a browser).
// `npm run screenshots -- 2 5` takes other lessons (numbers in lessons/course.yaml's order).

import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDeps, ROOT } from "./lib/deps.mjs";

ensureDeps(ROOT);
const { findChromium, CHROMIUM_ARGS } = await import("./find-chromium.mjs");
const { ensureDist, startPreview } = await import("./lib/dist.mjs");
const { chromium } = await import("playwright-core");
const { parse } = await import("yaml");

const OUT = join(ROOT, "docs", "screenshots");
const PROMPT = "student@classroom:~$";
const numbers = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const wanted = numbers.length ? numbers : [1, 3, 10];

const order = parse(readFileSync(join(ROOT, "lessons", "course.yaml"), "utf8")).lessons;
for (const n of wanted) if (!order[n - 1]) throw new Error(`lessons/course.yaml has no lesson ${n}`);

ensureDist();
const server = await startPreview();
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
mkdirSync(OUT, { recursive: true });
try {
  for (const n of wanted) {
    const slug = order[n - 1];
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      deviceScaleFactor: 1,
      locale: "ko-KR",
      timezoneId: "Asia/Seoul",
    });
    const page = await context.newPage();
    await page.goto(server.url);
    const pane = page.getByTestId("lesson-pane");
    await pane.getByTestId("lesson-title").waitFor({ timeout: 30_000 });
    if (n > 1) await pane.getByTestId("lesson-select").selectOption(slug);
    // The lesson is shown, its setup has run and the terminal waits at the prompt.
    await page.waitForFunction(
      ({ slug, prompt }) => {
        const select = document.querySelector('[data-testid="lesson-select"]');
        const text = window.__cc?.getTerminalText?.() ?? "";
        const lines = text
          .split("\n")
          .map((l) => l.trimEnd())
          .filter(Boolean);
        return (
          select?.value === slug &&
          document.querySelector('[data-testid="lesson-title"]') &&
          !document.querySelector(".lesson-setup") &&
          lines[lines.length - 1] === prompt
        );
      },
      { slug, prompt: PROMPT },
      { timeout: 60_000 },
    );
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    const file = join(OUT, `${String(n).padStart(2, "0")}-${slug}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file.slice(ROOT.length + 1)}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
