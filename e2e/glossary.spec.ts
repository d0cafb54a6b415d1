/** The glossary (용어집) dialog and the free sandbox mode (자유 실습) of the lesson pane. */
import { expect, openApp, test } from "./fixtures";

test("glossary opens from lesson 1; sandbox mode and back", async ({ page }) => {
  await openApp(page);
  const pane = page.getByTestId("lesson-pane");
  const select = pane.getByTestId("lesson-select");
  const first = await select.locator("option").first().getAttribute("value");
  if (!first) throw new Error("no lessons in the selector");
  await select.selectOption(first);
  await expect(pane.getByTestId("lesson-title")).toBeVisible();
  const title = await pane.getByTestId("lesson-title").textContent();

  // The glossary: a modal dialog with the course terms; Esc closes it and focus returns.
  const open = pane.getByTestId("open-glossary");
  await open.click();
  const glossary = page.getByRole("dialog", { name: "용어집" });
  await expect(glossary).toBeVisible();
  const entries = glossary.getByTestId("glossary-entry");
  await expect(entries.filter({ has: page.locator("dt", { hasText: /^컨테이너 container$/ }) })).toHaveCount(1);
  await expect(entries.filter({ has: page.locator("dt", { hasText: /^이미지 image$/ }) })).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(glossary).toBeHidden();
  await expect(open).toBeFocused();

  // Sandbox mode: no lesson, a note; it survives a reload; going back restores the lesson.
  await select.selectOption({ label: "자유 실습 (레슨 없이)" });
  await expect(pane.getByTestId("sandbox")).toContainText("자유롭게");
  await expect(pane.getByTestId("lesson-title")).toHaveCount(0);
  await page.waitForTimeout(500); // progress saves are debounced
  await openApp(page);
  await expect(pane.getByTestId("sandbox")).toBeVisible();
  await expect(pane.getByTestId("open-glossary")).toBeVisible();
  await pane.getByTestId("sandbox-back").click();
  await expect(pane.getByTestId("sandbox")).toHaveCount(0);
  await expect(pane.getByTestId("lesson-title")).toHaveText(title ?? "");
  await expect(select).toHaveValue(first);
});
