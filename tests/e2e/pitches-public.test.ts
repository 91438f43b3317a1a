// Public browse, search, the public pitch page and a company's question, in Chromium against the built server
// (demo data). Every page is checked with axe-core by visit()/arrived(), and photographed at desktop and phone width.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { arrived, launchChromium, openPage, screenshot, visit, type PageProblems } from "./support/browser";
import { DEMO_PASSWORD, demoEmail, startServer, type RunningServer } from "./support/server";

const chromiumPath = inject("chromiumPath");

describe.skipIf(!chromiumPath)("public pitches (Chromium)", () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: { context: BrowserContext; problems: PageProblems }[] = [];

  beforeAll(async () => {
    const [serverResult, browserResult] = await Promise.allSettled([startServer({ label: "pitches-public" }), launchChromium(chromiumPath)]);
    if (serverResult.status === "fulfilled") server = serverResult.value;
    if (browserResult.status === "fulfilled") browser = browserResult.value;
    if (serverResult.status === "rejected" || browserResult.status === "rejected") {
      await Promise.allSettled([server?.stop(), browser?.close()]);
      throw serverResult.status === "rejected" ? serverResult.reason : (browserResult as PromiseRejectedResult).reason;
    }
  });

  afterEach(() => {
    const problems = opened.flatMap((o) => o.problems.list.splice(0));
    expect(problems, problems.join("\n")).toEqual([]);
  });

  afterAll(async () => {
    await Promise.allSettled(opened.map((o) => o.context.close()));
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<Page> {
    const { context, page, problems } = await openPage(browser, server.url);
    opened.push({ context, problems });
    return page;
  }

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
    await visit(page, "/login");
    await page.locator("#email").fill(demoEmail("healthcare-lab-admin"));
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "ログイン", exact: true }).click();
    await arrived(page, /\/company$/, /./);
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
