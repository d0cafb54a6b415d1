/**
 * The course through the UI, as a learner does it: lessons 1 and 3 completed with ▶ 실행 buttons, hints and
 * 정답 보기 (after confirming); progress exported to a file and imported back; a lesson reset after confirming.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { atPrompt, countPrompts, expect, openApp, run, terminalText, test } from "./fixtures";

const pane = (page: Page) => page.getByTestId("lesson-pane");

async function openLesson(page: Page, slug: string): Promise<void> {
  await pane(page).getByTestId("lesson-select").selectOption(slug);
  await expect(pane(page).getByTestId("lesson-select")).toHaveValue(slug);
  await expect(pane(page).locator(".lesson-setup")).toHaveCount(0, { timeout: 30_000 });
}

/** Clicks a ▶ 실행 button and waits until its lines ran and the shell waits again. */
async function clickRun(page: Page, button: Locator): Promise<void> {
  const before = countPrompts(await terminalText(page));
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await button.click();
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await expect
    .poll(
      async () => {
        const text = await terminalText(page);
        return countPrompts(text) > before && atPrompt(text);
      },
      { timeout: 30_000, message: "the ▶ 실행 lines ran" },
    )
    .toBe(true);
}

/**
 * Walks every step: a step without tasks is practised with its ▶ 실행 buttons; in a step with tasks, each
 * task still to do gets one hint and then 정답 보기 (confirmed).
 */
async function completeLesson(page: Page): Promise<void> {
  const p = pane(page);
  const steps = p.locator('[data-testid^="step-"][data-status]');
  const n = await steps.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    await p.getByTestId(`step-${i}`).click();
    await expect(p.getByTestId("lesson-step")).toHaveAttribute("data-step", String(i));
    const step = p.getByTestId("lesson-step");
    const tasks = step.locator('[data-testid^="task-"][data-status]');
    if ((await tasks.count()) === 0) {
      const buttons = step.getByTestId("run-button");
      for (let b = 0; b < (await buttons.count()); b++) await clickRun(page, buttons.nth(b));
      continue;
    }
    for (let k = 0; k < (await tasks.count()); k++) {
      const task = tasks.nth(k);
      if ((await task.getAttribute("data-status")) === "done") continue;
      const hint = task.getByTestId("hint-button");
      if (await hint.isVisible()) {
        await hint.click();
        await expect(task.getByTestId("hint").first()).toBeVisible();
      }
      await task.getByTestId("solution-button").click();
      const dialog = task.getByTestId("solution-dialog");
      await expect(dialog).toBeVisible();
      await dialog.getByTestId("solution-confirm").click();
      await expect(task.getByTestId("solution")).toBeVisible();
      await expect(task, "the task turns done after its solution").toHaveAttribute("data-status", "done", {
        timeout: 60_000,
      });
    }
  }
  // Every task of the lesson is done.
  const progress = p.getByTestId("task-progress");
  const [done, total] = ((await progress.textContent()) ?? "").replace(/[^\d/]/g, "").split("/");
  expect(Number(total)).toBeGreaterThan(0);
  await expect(progress).toHaveText(new RegExp(`${total}/${total}`));
  expect(Number(done) <= Number(total)).toBe(true);
}

test("lessons 1 and 3 are completed through the UI (▶ 실행, hints, 정답 보기)", async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await openLesson(page, "what-is-docker");
  await completeLesson(page);
  await openLesson(page, "image-is-a-mould");
  await completeLesson(page);
  // Lesson 1 is still complete when coming back to it.
  await openLesson(page, "what-is-docker");
  await expect(pane(page).getByTestId("task-progress")).toHaveText(/3\/3/);
});

test("progress is exported to a file, reset after confirming, and restored by importing the file", async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  await openApp(page);
  const p = pane(page);
  await openLesson(page, "what-is-docker");
  await run(page, "docker run hello-world", { timeout: 30_000 });
  const task = p.getByTestId("task-run-hello");
  await p.getByTestId("step-2").click();
  await expect(task).toHaveAttribute("data-status", "done", { timeout: 15_000 });

  // Export: a JSON file with the completed task.
  const downloading = page.waitForEvent("download");
  await p.getByTestId("export-progress").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const file = testInfo.outputPath("progress.json");
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, "utf8"));
  expect(Object.keys(exported.progress.completedTasks)).toContain("what-is-docker/run-hello");

  // Reset the lesson: cancelling changes nothing, confirming returns its tasks to todo.
  await p.getByTestId("reset-lesson").click();
  await p.getByTestId("reset-lesson-dialog-cancel").click();
  await expect(task).toHaveAttribute("data-status", "done");
  await p.getByTestId("reset-lesson").click();
  await expect(p.getByTestId("reset-lesson-dialog")).toBeVisible();
  await p.getByTestId("reset-lesson-dialog-confirm").click();
  await expect(p.getByTestId("task-progress")).toHaveText(/0\/3/);
  await p.getByTestId("step-2").click();
  await expect(task).toHaveAttribute("data-status", "todo");

  // An invalid file: a Korean error, and nothing changes.
  const bad = testInfo.outputPath("bad.json");
  writeFileSync(bad, "{ this is not progress");
  let chooser = page.waitForEvent("filechooser");
  await p.getByTestId("import-progress").click();
  await (await chooser).setFiles(bad);
  await expect(p.getByTestId("progress-notice")).toHaveAttribute("role", "alert");
  await expect(p.getByTestId("progress-notice")).toContainText("진행 기록은 바뀌지 않았어요");
  await expect(task).toHaveAttribute("data-status", "todo");

  // Import the exported file: the task is done again.
  chooser = page.waitForEvent("filechooser");
  await p.getByTestId("import-progress").click();
  await (await chooser).setFiles(file);
  await expect(p.getByTestId("progress-notice")).toHaveText(/불러왔어요/);
  await p.getByTestId("step-2").click();
  await expect(task).toHaveAttribute("data-status", "done");
});
