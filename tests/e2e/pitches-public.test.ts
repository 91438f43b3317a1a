// Public browse, search, the public pitch page and a company's question, in Chromium against the built server
// (demo data). Every page is checked with axe-core by visit()/arrived(), and photographed at desktop and phone width.
import { describe, expect, inject, it } from "vitest";
import { arrived, screenshot, visit } from "./support/browser";
import { DEMO_PASSWORD, demoEmail } from "./support/server";
import { browserSuite } from "./support/suite";

const chromiumPath = inject("chromiumPath");

describe.skipIf(!chromiumPath)("public pitches (Chromium)", () => {
  const { newPage, signIn } = browserSuite("pitches-public", chromiumPath);

  it("a visitor searches, filters and opens a pitch; no contact is shown", async () => {
    const page = await newPage();
    await visit(page, "/");
    await page.getByRole("link", { name: "ピッチを探す", exact: true }).first().click();
    await arrived(page, /\/pitches$/, "ピッチを探す");
    await screenshot(page, "30-pitches");

    await page.locator("#q").fill("ｶﾌｪ 通い");
    await page.getByRole("button", { name: "検索する" }).click();
    await arrived(page, /\/pitches\?/, "ピッチを探す");
    await page.locator("#q").fill("存在しないキーワード");
    await page.getByRole("button", { name: "検索する" }).click();
    await arrived(page, /\/pitches\?q=/, "ピッチを探す");
    await expect(page.locator("#results-heading").textContent()).resolves.toContain("該当するピッチはありません");
    await screenshot(page, "31-pitches-empty");

    await visit(page, "/pitches?open=1");
    const first = page.locator("article.pitch-card h3 a").first();
    const title = (await first.textContent()) ?? "";
    await first.click();
    await arrived(page, /\/pitches\/[0-9a-f-]{36}$/, title);
    await expect(page.getByRole("heading", { name: /変更履歴/ }).count()).resolves.toBe(1);
    await expect(page.locator("main").innerText()).resolves.not.toMatch(/@demo\.example|contact_|担当者の電話/);
    await screenshot(page, "32-pitch");
  });

  it("a company asks a question on an open pitch and sees it as its own", async () => {
    const page = await newPage();
    await signIn(page, demoEmail("healthcare-lab-admin"), DEMO_PASSWORD, /\/company$/);
    await visit(page, "/pitches?open=1");
    await page.locator("article.pitch-card h3 a").first().click();
    await page.waitForURL(/\/pitches\/[0-9a-f-]{36}$/);
    await page.locator("#question").fill("実証の対象地区は決まっていますか？");
    await page.getByRole("button", { name: "質問を送信する" }).click();
    await arrived(page, /notice=question-asked/, /./);
    await expect(page.getByText("質問を送信しました").count()).resolves.toBe(1);
    await expect(page.getByText("実証の対象地区は決まっていますか？").count()).resolves.toBe(1);
    await screenshot(page, "33-pitch-question");
  });
});
