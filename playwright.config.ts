import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./scripts/find-chromium.mjs";

// e2e tests run against the production bundle (dist/, served by `vite preview`) in Debian's Chromium.
// Never `npx playwright install`: there is no browser download here. See scripts/find-chromium.mjs.

// npm test / npm run e2e pick 4173 or the next free port and pass it in CC_E2E_PORT.
const PORT = Number(process.env.CC_E2E_PORT) || 4173;
// CC_E2E_BASE_URL=http://127.0.0.1:5173 runs the tests against a server you started yourself (e.g. `npm run dev`).
const EXTERNAL = process.env.CC_E2E_BASE_URL;
const BASE_URL = EXTERNAL ?? `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2, // 2-core machines
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    baseURL: BASE_URL,
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || findChromium(),
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    {
      name: "chromium",
      testIgnore: /real-mode\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 },
    },
    {
      // Against the real engine, after the others: its containers change the machine's network interfaces.
      name: "real-engine",
      testMatch: /real-mode\.spec\.ts/,
      dependencies: ["chromium"],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 },
    },
  ],
  webServer: EXTERNAL
    ? undefined
    : {
        // The BUILT app: `npm test` builds before e2e; `npm run e2e` builds too (scripts/e2e.mjs).
        command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
        url: BASE_URL,
        reuseExistingServer: !process.env.CI,
        timeout: 60_000,
        stdout: "ignore",
        stderr: "pipe",
      },
});
