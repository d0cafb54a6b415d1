import { atPrompt, countPrompts, expect, focusTerminal, linesOf, openApp, terminalText, test } from "./fixtures";

// Korean input must arrive intact, whether it is composed by an IME (composition events, then a commit)
// or inserted as plain text. See DESIGN.md: keyboard.type('안녕') alone is not how a real IME types.

async function expectOwnLine(page: import("@playwright/test").Page, before: number, word: string) {
  await expect
    .poll(async () => {
      const text = await terminalText(page);
      return countPrompts(text) > before && atPrompt(text);
    })
    .toBe(true);
  const lines = linesOf(await terminalText(page));
  expect(lines, `the terminal shows ${word} on its own output line`).toContain(word);
  expect(lines.some((l) => l.endsWith(`echo "${word}"`))).toBe(true);
}

test("(f) Hangul typed through an IME (composition, then commit) arrives intact", async ({ page }) => {
  await openApp(page);
  await focusTerminal(page);
  const cdp = await page.context().newCDPSession(page);
  const before = countPrompts(await terminalText(page));

  await page.keyboard.type('echo "');
  // What a 2-beolsik IME shows while composing 안녕하세요, syllable by syllable.
  const composing = [
    "ㅇ",
    "아",
    "안",
    "안ㄴ",
    "안녀",
    "안녕",
    "안녕ㅎ",
    "안녕하",
    "안녕하ㅅ",
    "안녕하세",
    "안녕하세ㅇ",
    "안녕하세요",
  ];
  for (const text of composing) {
    await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
    // A person types a jamo every few tens of milliseconds; back-to-back events are not what an IME sends.
    await page.waitForTimeout(20);
  }
  await cdp.send("Input.insertText", { text: "안녕하세요" });
  await page.keyboard.type('"');
  await page.keyboard.press("Enter");

  await expectOwnLine(page, before, "안녕하세요");
  await cdp.detach();
});

test("(f) Hangul inserted as plain text (no composition) arrives intact", async ({ page }) => {
  await openApp(page);
  await focusTerminal(page);
  const before = countPrompts(await terminalText(page));

  await page.keyboard.type('echo "');
  await page.keyboard.insertText("안녕하세요");
  await page.keyboard.type('"');
  await page.keyboard.press("Enter");

  await expectOwnLine(page, before, "안녕하세요");
});
