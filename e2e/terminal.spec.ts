import {
  atPrompt,
  countPrompts,
  expect,
  focusTerminal,
  linesOf,
  openApp,
  PROMPT,
  run,
  terminalText,
  test,
  waitForPrompt,
} from "./fixtures";

test("(a) the page loads: title 컨테이너 교실 and the terminal shows the prompt", async ({ page }) => {
  const started = Date.now();
  await page.goto(process.env.CC_E2E_START_PATH ?? "/");
  await expect(page).toHaveTitle(/컨테이너 교실/);
  await waitForPrompt(page, 10_000);
  expect(await terminalText(page)).toContain(PROMPT.trimEnd());
  test.info().annotations.push({ type: "terminal-ready", description: `${Date.now() - started} ms` });
});

test("(b) docker run hello-world prints the greeting", async ({ page }) => {
  await openApp(page);
  const out = await run(page, "docker run hello-world");
  expect(out).toContain("Hello from Docker!");
  // The engine view is a live picture of the engine: the exited hello-world container shows up there.
  await expect(
    page.getByTestId("engine-view").getByTestId("engine-container").filter({ hasText: "hello-world" }),
  ).not.toHaveCount(0);
});

test("(c) a file made in one container is gone in a new one", async ({ page }) => {
  await openApp(page);
  await focusTerminal(page);
  const before = countPrompts(await terminalText(page));
  await page.keyboard.type("docker run -it ubuntu bash");
  await page.keyboard.press("Enter");
  // The container's own shell prompt: root@<12-hex id>:/#
  await expect
    .poll(async () => linesOf(await terminalText(page)).at(-1) ?? "", { message: "the container's bash prompt" })
    .toMatch(/^root@[0-9a-f]{12}:\/#$/);

  const typeInContainer = async (line: string) => {
    const n = linesOf(await terminalText(page)).filter((l) => /^root@[0-9a-f]{12}:\/#/.test(l)).length;
    await page.keyboard.type(line);
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => {
        const lines = linesOf(await terminalText(page));
        const prompts = lines.filter((l) => /^root@[0-9a-f]{12}:\/#/.test(l)).length;
        return prompts > n && /^root@[0-9a-f]{12}:\/#$/.test(lines.at(-1) ?? "");
      })
      .toBe(true);
  };
  await typeInContainer("touch /proof");
  await typeInContainer("ls /proof");
  expect(linesOf(await terminalText(page))).toContain("/proof");

  await page.keyboard.type("exit");
  await page.keyboard.press("Enter");
  await expect
    .poll(async () => {
      const text = await terminalText(page);
      return countPrompts(text) > before && atPrompt(text);
    })
    .toBe(true);

  const out = await run(page, "docker run --rm ubuntu ls /proof");
  expect(out).toContain("ls: cannot access '/proof': No such file or directory");
});

test("(g) Ctrl+C stops a runaway loop and the page stays responsive", async ({ page }) => {
  await openApp(page);
  await focusTerminal(page);
  const before = countPrompts(await terminalText(page));
  await page.keyboard.type("while true; do :; done");
  await page.keyboard.press("Enter");

  // While the loop spins in the worker, the main thread answers at once.
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    const answer = await page.evaluate(
      () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(6 * 7))),
    );
    expect(answer).toBe(42);
    expect(Date.now() - t0, "a main-thread round trip during the loop").toBeLessThan(1_000);
  }
  // The loop is still running: no new prompt yet.
  expect(countPrompts(await terminalText(page)), "the loop should still be running").toBe(before);

  await page.keyboard.press("Control+C");
  await expect
    .poll(
      async () => {
        const text = await terminalText(page);
        return countPrompts(text) > before && atPrompt(text);
      },
      { message: "a new prompt after Ctrl+C", timeout: 10_000 },
    )
    .toBe(true);
  expect(await terminalText(page)).toContain("^C");

  // And the shell works again.
  const out = await run(page, "echo still-alive");
  expect(out).toBe("still-alive");
});
