import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, openApp, run, test } from "./fixtures";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

// (h) The fixture in ./fixtures.ts already fails any test on a console error or a non-local request;
// this test drives the app a little so the guard sees a realistic session.
test("(h) no console errors and no requests beyond the local origin", async ({ page, guard, baseURL }) => {
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await openApp(page);
  await run(page, "docker run hello-world");
  await run(page, "docker ps -a");
  await page.reload();
  await expect(page.getByTestId("terminal")).toBeVisible();
  await expect.poll(() => requests.length).toBeGreaterThan(0);
  const origin = new URL(baseURL ?? "").origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:"));
  expect(foreign).toEqual([]);
  expect(guard.consoleErrors).toEqual([]);
});

// (i) Screenshots for humans, at the two sizes people use. CC_DOCS_SCREENSHOT=1 also refreshes docs/screenshot.png.
for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`(i) screenshot at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openApp(page);
    await run(page, "docker run hello-world");
    await run(page, "docker ps -a");
    const dir = join(ROOT, "test-results", "screenshots");
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `app-${size.width}x${size.height}.png`) });
    if (process.env.CC_DOCS_SCREENSHOT && size.width === 1280) {
      await page.screenshot({ path: join(ROOT, "docs", "screenshot.png") });
    }
  });
}
