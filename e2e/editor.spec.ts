import type { Page } from "@playwright/test";
import { expect, openApp, run, test, waitForPrompt } from "./fixtures";

// The editor beside the terminal: `code FILE` opens a host file in Monaco (a lazy chunk), Ctrl+S saves it
// into the machine, Dockerfile help (diagnostics, Korean hovers) works, and unsaved drafts survive a reload.

declare global {
  interface Window {
    __ccEditor?: {
      path(): string | null;
      getText(): string | null;
      getMarkers(): { message: string; severity: string; line: number }[];
    };
  }
}

const DOCKERFILE = "/home/student/Dockerfile";

/** Type lines into Monaco like a learner; Escape closes a suggestion list so Enter makes a new line. */
async function typeLines(page: Page, lines: string[]): Promise<void> {
  for (const line of lines) {
    await page.keyboard.type(line);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Enter");
  }
}

async function editorText(page: Page): Promise<string | null> {
  return page.evaluate(() => window.__ccEditor?.getText() ?? null);
}

/** The draft idb-keyval keeps for a path (its default store: database "keyval-store", store "keyval"). */
async function storedDraft(page: Page, path: string): Promise<string | null> {
  return page.evaluate(
    (key) =>
      new Promise<string | null>((resolve) => {
        const open = indexedDB.open("keyval-store");
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("keyval")) return resolve(null);
          const get = db.transaction("keyval", "readonly").objectStore("keyval").get(key);
          get.onsuccess = () => resolve((get.result as { content?: string } | undefined)?.content ?? null);
          get.onerror = () => resolve(null);
        };
      }),
    `editor-draft:${path}`,
  );
}

test("code Dockerfile opens the editor; Ctrl+S saves into the machine; docker build uses it", async ({ page }) => {
  await openApp(page);
  // The first page load does not carry Monaco.
  expect(await page.evaluate(() => !!window.__ccEditor || !!document.querySelector(".monaco-editor"))).toBe(false);

  await run(page, "code Dockerfile");
  const editor = page.getByTestId("editor");
  await expect(editor).toHaveAttribute("data-state", "ready");
  await expect(editor).toHaveAttribute("data-path", DOCKERFILE);
  await expect(page.getByRole("tab", { name: /Dockerfile/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("terminal")).toBeHidden();

  await page.locator(".monaco-editor .view-lines").click();
  await typeLines(page, ["FROM alpine", "RUN echo hi"]);
  await expect.poll(() => editorText(page)).toBe("FROM alpine\nRUN echo hi\n");
  await expect(page.getByTestId("tab-file")).toHaveAttribute("data-dirty", "true");

  await page.keyboard.press("Control+s");
  await expect(page.getByTestId("editor-status")).toHaveText("저장했어요");
  await expect(page.getByTestId("tab-file")).toHaveAttribute("data-dirty", "false");

  await page.getByTestId("tab-terminal").click();
  await expect(page.getByTestId("terminal")).toBeVisible();
  expect(await run(page, "cat Dockerfile")).toBe("FROM alpine\nRUN echo hi");
  const build = await run(page, "docker build -t mine .");
  expect(build).toContain("[2/2] RUN echo hi");
  expect(build).toContain("naming to docker.io/library/mine:latest");
  expect(await run(page, "docker image ls mine --format '{{.Repository}}:{{.Tag}}'")).toBe("mine:latest");
});

test("a wrong instruction gets a diagnostic marker, and instructions have Korean hover help", async ({ page }) => {
  await openApp(page);
  await run(page, "printf 'FROM alpine\\n' > Dockerfile");
  await run(page, "edit Dockerfile");
  await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
  await expect.poll(() => editorText(page)).toBe("FROM alpine\n");

  await page.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("FORM alpine");
  await page.keyboard.press("Escape");
  await expect(page.locator(".monaco-editor .squiggly-error")).not.toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => window.__ccEditor?.getMarkers() ?? []))
    .toContainEqual({
      message: expect.stringContaining("Unknown instruction: FORM"),
      severity: "error",
      line: 2,
    });
  expect((await page.evaluate(() => window.__ccEditor?.getMarkers() ?? []))[0].message).toContain("모르는 명령어예요");

  // Hover the FROM keyword of line 1: Korean help.
  const line = page.locator(".monaco-editor .view-line").first();
  const box = await line.boundingBox();
  if (!box) throw new Error("no line box");
  await page.mouse.move(box.x + 12, box.y + box.height / 2);
  await expect(page.locator(".monaco-hover").filter({ hasText: "베이스 이미지 정하기" })).toBeVisible();
});

test("unsaved changes survive a reload as a draft", async ({ page }) => {
  await openApp(page);
  await run(page, "code Dockerfile");
  await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
  await page.locator(".monaco-editor .view-lines").click();
  await typeLines(page, ["FROM alpine", "RUN echo draft"]);
  await expect.poll(() => storedDraft(page, DOCKERFILE)).toBe("FROM alpine\nRUN echo draft\n");

  await page.reload();
  // The terminal is on show after a reload; the file's tab is back, marked as unsaved.
  await waitForPrompt(page);
  const tab = page.getByTestId("tab-file");
  await expect(tab).toHaveAttribute("data-path", DOCKERFILE);
  await expect(tab).toHaveAttribute("data-dirty", "true");
  expect(await run(page, "cat Dockerfile")).toBe("");

  await tab.click();
  await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
  await expect.poll(() => editorText(page)).toBe("FROM alpine\nRUN echo draft\n");
  await expect(page.getByTestId("editor-notice")).toContainText("저장하지 않았던 변경 내용을 되살렸어요");

  await page.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("Control+s");
  await expect(page.getByTestId("editor-status")).toHaveText("저장했어요");
  // Typed into the terminal while the editor is on show: the terminal comes to the front for the command.
  expect(await run(page, "cat Dockerfile", { via: "api" })).toBe("FROM alpine\nRUN echo draft");
  await expect(page.getByTestId("terminal")).toBeVisible();
});

test("closing a tab with unsaved changes asks first", async ({ page }) => {
  await openApp(page);
  await run(page, "code notes.txt");
  await expect(page.getByTestId("editor")).toHaveAttribute("data-state", "ready");
  await page.locator(".monaco-editor .view-lines").click();
  await page.keyboard.type("안녕 hello");
  await expect(page.getByTestId("tab-file")).toHaveAttribute("data-dirty", "true");

  await page.getByRole("button", { name: "notes.txt 닫기" }).click();
  const dialog = page.getByRole("alertdialog", { name: "저장하지 않고 닫을까요?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "취소" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("tab-file")).toHaveCount(1);

  await page.getByRole("button", { name: "notes.txt 닫기" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "저장하지 않고 닫기" }).click();
  await expect(page.getByTestId("tab-file")).toHaveCount(0);
  await expect(page.getByTestId("terminal")).toBeVisible();
  expect(await run(page, "cat notes.txt")).toBe("");
});
