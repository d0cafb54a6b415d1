import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "@playwright/test";
import { type Lesson, lessonTasks, parseCourse, parseLesson, type Task } from "../src/course";
import { expect, openApp, run, test, waitForPrompt } from "./fixtures";

// The lessons as data, read the same way the app reads them (src/course), so the test follows the course
// as it is written instead of hard-coding a lesson.
const ROOT = fileURLToPath(new URL("..", import.meta.url));
function loadLessons(): Lesson[] {
  const order = parseCourse(readFileSync(join(ROOT, "lessons/course.yaml"), "utf8"));
  const dir = join(ROOT, "lessons/ko");
  const files = readdirSync(dir).filter((f) => f.endsWith(".md"));
  return order.lessons.flatMap((slug) => {
    const file = files.find((f) => f.replace(/^\d+-/, "").replace(/\.md$/, "") === slug);
    return file ? [parseLesson(readFileSync(join(dir, file), "utf8"), { path: `lessons/ko/${file}` })] : [];
  });
}

const tasksIn = (pane: Locator) => pane.locator('[data-testid^="task-"][data-status]');

/**
 * Walk the lesson's steps (the step list, else 다음 단계 / next) until `found()` returns a locator.
 * Returns null when no step shows it.
 */
async function walkSteps(page: Page, found: () => Promise<Locator | null>): Promise<Locator | null> {
  const pane = page.getByTestId("lesson-pane");
  await expect(pane).toBeVisible();
  const hit = await found();
  if (hit) return hit;
  const stepButtons = pane.getByRole("navigation", { name: /단계|steps/i }).getByRole("button");
  const n = await stepButtons.count();
  for (let i = 0; i < n; i++) {
    await stepButtons.nth(i).click();
    const h = await found();
    if (h) return h;
  }
  for (let i = 0; i < 12; i++) {
    const next = pane.getByRole("button", { name: /다음 단계|next step/i }).first();
    if (!(await next.isVisible().catch(() => false)) || !(await next.isEnabled())) break;
    await next.click();
    const h = await found();
    if (h) return h;
  }
  return null;
}

/** The first visible task still to do, with its definition from lessons/. */
async function openTodoTask(page: Page, lessons: Lesson[]): Promise<{ lesson: Lesson; task: Task; el: Locator }> {
  const pane = page.getByTestId("lesson-pane");
  let result: { lesson: Lesson; task: Task; el: Locator } | null = null;
  await walkSteps(page, async () => {
    const ids = await tasksIn(pane)
      .filter({ visible: true })
      .evaluateAll((els) =>
        els
          .filter((e) => e.getAttribute("data-status") === "todo")
          .map((e) => (e.getAttribute("data-testid") ?? "").replace(/^task-/, "")),
      );
    const paneText = (await pane.textContent()) ?? "";
    const shown = lessons.filter((l) => paneText.includes(l.title));
    for (const id of ids) {
      const lesson = [...shown, ...lessons].find((l) => lessonTasks(l).some((t) => t.id === id));
      const task = lesson && lessonTasks(lesson).find((t) => t.id === id);
      if (lesson && task) {
        result = { lesson, task, el: pane.getByTestId(`task-${id}`) };
        return result.el;
      }
    }
    return null;
  });
  if (!result) throw new Error("no visible task with data-status=todo found in the lesson pane (checked every step)");
  return result;
}

/** Runs in the page: whether any IndexedDB value mentions all of `needles`. */
async function storedAnywhere(needles: string[]): Promise<boolean> {
  const req = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  for (const info of await indexedDB.databases()) {
    if (!info.name) continue;
    const db = await req(indexedDB.open(info.name));
    try {
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await req(db.transaction(store, "readonly").objectStore(store).getAll());
        if (values.some((v) => needles.every((n) => JSON.stringify(v)?.includes(n)))) return true;
      }
    } finally {
      db.close();
    }
  }
  return false;
}

test("(d) a lesson task turns done after its solution is typed, and (e) stays done after a reload", async ({
  page,
}) => {
  const lessons = loadLessons();
  expect(lessons.length, "lessons/course.yaml lists lessons").toBeGreaterThan(0);
  await openApp(page);

  const { lesson, task, el } = await openTodoTask(page, lessons);
  await expect(el).toHaveAttribute("data-status", "todo");
  expect(task.solution.length, `task ${task.id} has a solution`).toBeGreaterThan(0);
  for (const line of task.solution) await run(page, line, { timeout: 30_000 });
  await expect(el, `task ${task.id} turns done after its solution`).toHaveAttribute("data-status", "done", {
    timeout: 15_000,
  });

  // (e) progress survives a reload. A learner does not reload within milliseconds of finishing a task, so first
  // wait until the progress has reached IndexedDB (any database, any store: no knowledge of the app's keys).
  await expect
    .poll(() => page.evaluate(storedAnywhere, [lesson.id, task.id]), { message: `task ${task.id} saved to IndexedDB` })
    .toBe(true);
  await page.reload();
  await waitForPrompt(page);
  const again = page.getByTestId("lesson-pane").getByTestId(`task-${task.id}`);
  const shown = await walkSteps(page, async () => ((await again.isVisible()) ? again : null));
  expect(shown, `task ${task.id} is shown again after the reload`).not.toBeNull();
  await expect(again).toHaveAttribute("data-status", "done");
});
