// Pilot agreements and funding in Chromium against the built server (demo data): 東大和市 starts the pilot of its
// match with みらい移動サービス, registers a budget, allocates from it and schedules two milestones; an allocation beyond
// the budget is refused beside the field with the input kept; the company sees the same figures and cannot act.
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { arrived, screenshot, visit } from "./support/browser";
import { browserSuite } from "./support/suite";

const chromiumPath = inject("chromiumPath");

const PITCH_TITLE = "坂の多い地域の高齢者の外出と社会参加を支える移動支援";
const COMPANY = "みらい移動サービス株式会社";

describe.skipIf(!chromiumPath)("pilot agreement and funding (Chromium)", () => {
  const { demoPage } = browserSuite("pilots", chromiumPath);
  let pilotPath = "";
  const main = (page: Page) => page.locator("main").innerText();

  it("the municipality starts the pilot of its match; the first agreement version is drafted", async () => {
    const page = await demoPage("higashiyamato-admin");
    await visit(page, "/municipality/pitches");
    await page.getByRole("link", { name: PITCH_TITLE }).first().click();
    await arrived(page, /\/municipality\/pitches\/[0-9a-f-]{36}$/, PITCH_TITLE);
    const pitchPath = new URL(page.url()).pathname;
    await visit(page, `${pitchPath}/proposals`);
    await page.getByRole("link", { name: COMPANY }).first().click();
    await arrived(page, /\/proposals\/[0-9a-f-]{36}$/, "坂道の多い地区を回る予約型の乗合送迎と、行き先づくりの一体提案");
    await page.getByRole("button", { name: "実証を開始する（協定書の案を作成）" }).click();
    await arrived(page, /\/pilots\/[0-9a-f-]{36}\?notice=pilot-started$/, PITCH_TITLE);
    pilotPath = new URL(page.url()).pathname;
    await expect(main(page)).resolves.toContain("第1版（編集中）");
    await screenshot(page, "90-pilot-overview");
  });

  it("a budget is entered, an over-budget allocation is refused beside the field, then one within it is made", async () => {
    const page = await demoPage("higashiyamato-admin");
    await visit(page, "/municipality/budgets");
    await page.locator("#amountYen").fill("8,000,000");
    await page.getByRole("button", { name: "登録する" }).click();
    await arrived(page, /\/municipality\/budgets\?notice=budget-created/, "予算");

    await visit(page, `${pilotPath}/funding`);
    await page.locator("#amountYen").fill("９，０００，０００");
    await page.getByRole("button", { name: "配分する" }).click();
    await page.locator("#amountYen-error").waitFor();
    await expect(page.locator("#amountYen-error").innerText()).resolves.toMatch(/予算の残額（8,000,000円）を超えるため配分できません/);
    await expect(page.locator("#amountYen").inputValue()).resolves.toBe("９，０００，０００");
    await page.locator("#amountYen").fill("5,000,000");
    await page.getByRole("button", { name: "配分する" }).click();
    await arrived(page, new RegExp(`${pilotPath}/funding\\?notice=allocation-created`), PITCH_TITLE);

    for (const [title, due, amount] of [
      ["第1回 運行開始時", "2027-01-31", "2,000,000"],
      ["第2回 実証終了時", "2027-03-31", "3,000,000"],
    ] as const) {
      await page.locator("#title").fill(title);
      await page.locator("#dueDate").fill(due);
      await page.locator("#milestone-amountYen").fill(amount);
      await page.getByRole("button", { name: "支払予定を追加" }).click();
      await arrived(page, new RegExp(`${pilotPath}/funding\\?notice=milestone-created`), PITCH_TITLE);
    }
    const text = await main(page);
    expect(text).toContain("第1回 運行開始時");
    expect(text).toContain("第2回 実証終了時");
    expect(text).toMatch(/支払予定の合計\s*¥5,000,000/);
    await screenshot(page, "91-pilot-funding");
  });

  it("the company sees the pilot and its figures, without the municipality's controls", async () => {
    const page = await demoPage("mirai-mobility-admin");
    await visit(page, "/pilots");
    await page.getByRole("link", { name: PITCH_TITLE }).click();
    await arrived(page, new RegExp(`${pilotPath}$`), PITCH_TITLE);
    await visit(page, `${pilotPath}/funding`);
    const text = await main(page);
    expect(text).toMatch(/配分額\s*¥5,000,000/);
    expect(await page.getByRole("button", { name: "配分する" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "支払を承認" }).count()).toBe(0);
    await screenshot(page, "92-pilot-funding-company");
  });
});
