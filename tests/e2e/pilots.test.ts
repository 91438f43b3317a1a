// Pilot agreements and funding in Chromium against the built server (demo data), issue 5's acceptance journey: 東大和市
// starts the pilot of its match with みらい移動サービス, completes and saves the drafted agreement, both admins sign it;
// a budget is entered, an allocation beyond it is refused beside the field with the input kept, an allocation and two
// milestones are made, one milestone is approved and paid by recorded transfer, and the ledgers show the figures, to the
// company too (which cannot act on them).
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { arrived, screenshot, visit } from "./support/browser";
import { browserSuite } from "./support/suite";

const chromiumPath = inject("chromiumPath");

const PITCH_TITLE = "坂の多い地域の高齢者の外出と社会参加を支える移動支援";
const COMPANY = "みらい移動サービス株式会社";

describe.skipIf(!chromiumPath)("pilot agreement and funding (Chromium)", () => {
  const { demoPage, newPage } = browserSuite("pilots", chromiumPath);
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
    await arrived(
      page,
      /\/proposals\/[0-9a-f-]{36}$/,
      "坂道の多い地区を回る予約型の乗合送迎と、行き先づくりの一体提案",
    );
    await page.getByRole("button", { name: "実証を開始する（協定書の案を作成）" }).click();
    await arrived(page, /\/pilots\/[0-9a-f-]{36}\?notice=pilot-started$/, PITCH_TITLE);
    pilotPath = new URL(page.url()).pathname;
    await expect(main(page)).resolves.toContain("第1版（編集中）");
    await screenshot(page, "90-pilot-overview");
  });

  it("the municipality completes and saves the agreement and signs it; the company's admin signs; the pilot runs", async () => {
    const page = await demoPage("higashiyamato-admin");
    await visit(page, `${pilotPath}/agreement?edit=1`);
    await page.locator("[id='periodStart']").fill("2026-04-01");
    await page.locator("[id='periodEnd']").fill("2027-03-31");
    await page.locator("[id='area']").fill("東大和市北部（坂の多い住宅地区）");
    await page.locator("[id='personalData.items']").fill("利用者の氏名、連絡先、乗降場所、利用回数");
    await page.locator("[id='kpis.0.baseline']").fill("0");
    if (await page.locator("[id='kpis.1.baseline']").count()) await page.locator("[id='kpis.1.baseline']").fill("0");
    await page.locator("[id='milestones.0.title']").fill("第1回 運行開始時");
    await page.locator("[id='milestones.0.dueDate']").fill("2027-01-31");
    await page.locator("[id='milestones.0.amountYen']").fill("2,000,000");
    await page.getByRole("button", { name: "第1版を保存" }).click();
    await arrived(page, new RegExp(`${pilotPath}/agreement\\?notice=agreement-saved`), PITCH_TITLE);
    await page.getByRole("button", { name: "第1版に東大和市として署名する" }).click();
    await arrived(page, new RegExp(`${pilotPath}/agreement\\?notice=agreement-signed`), PITCH_TITLE);
    await screenshot(page, "93-agreement-signed-by-municipality");

    const company = await demoPage("mirai-mobility-admin");
    await visit(company, `${pilotPath}/agreement`);
    await company.getByRole("button", { name: /^第1版に.*として署名する$/ }).click();
    await arrived(company, new RegExp(`${pilotPath}/agreement\\?notice=agreement-completed`), PITCH_TITLE);
    await expect(main(company)).resolves.toContain("実施中");
    await visit(company, `${pilotPath}/agreement/print`);
    await expect(company.locator("body").innerText()).resolves.toContain("実証協定書");
    await screenshot(company, "94-agreement-print");
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
    await expect(page.locator("#amountYen-error").innerText()).resolves.toMatch(
      /予算の残額（8,000,000円）を超えるため配分できません/,
    );
    await expect(page.locator("#amountYen").inputValue()).resolves.toBe("９，０００，０００");
    await page.locator("#amountYen").fill("5,000,000");
    await page.getByRole("button", { name: "配分する" }).click();
    await arrived(page, new RegExp(`${pilotPath}/funding\\?notice=allocation-created`), PITCH_TITLE);

    // The first milestone comes from the signed agreement's payment plan; the second is added by hand.
    await page.getByRole("button", { name: "協定書から取り込む" }).click();
    await arrived(page, new RegExp(`${pilotPath}/funding\\?notice=milestones-imported`), PITCH_TITLE);
    await page.locator("#title").fill("第2回 実証終了時");
    await page.locator("#dueDate").fill("2027-03-31");
    await page.locator("#milestone-amountYen").fill("3,000,000");
    await page.getByRole("button", { name: "支払予定を追加" }).click();
    await arrived(page, new RegExp(`${pilotPath}/funding\\?notice=milestone-created`), PITCH_TITLE);
    const text = await main(page);
    expect(text).toContain("第1回 運行開始時");
    expect(text).toContain("第2回 実証終了時");
    expect(text).toMatch(/支払予定の合計\s*¥5,000,000/);
    await screenshot(page, "91-pilot-funding");
  });

  it("one milestone is approved and paid by recorded transfer; the pilot and budget ledgers show the figures", async () => {
    const page = await demoPage("higashiyamato-admin");
    await visit(page, `${pilotPath}/funding`);
    const first = page.locator("li.milestone", { hasText: "第1回 運行開始時" });
    await first.getByRole("button", { name: "支払を承認" }).click();
    await arrived(page, new RegExp(`${pilotPath}/funding\\?notice=milestone-approved`), PITCH_TITLE);
    await page
      .locator("li.milestone", { hasText: "第1回 運行開始時" })
      .getByLabel("振込の照会番号")
      .fill("東大和-振込-0001");
    await page
      .locator("li.milestone", { hasText: "第1回 運行開始時" })
      .getByRole("button", { name: "振込を記録" })
      .click();
    await arrived(page, new RegExp(`${pilotPath}/funding\\?notice=payment-recorded`), PITCH_TITLE);
    const text = await main(page);
    expect(text).toMatch(/支払済み\s*¥2,000,000/);
    expect(text).toMatch(/残り（配分額−支払済み）\s*¥3,000,000/);
    expect(text).toContain("銀行振込 東大和-振込-0001");
    await screenshot(page, "95-pilot-funding-paid");

    await visit(page, "/municipality/budgets");
    await page
      .getByRole("link", { name: /の台帳（配分・支払の内訳）$/ })
      .first()
      .click();
    await arrived(page, /\/municipality\/budgets\/[0-9a-f-]{36}$/, /予算の台帳$/);
    const ledger = await main(page);
    expect(ledger).toMatch(/予算額\s*¥8,000,000/);
    expect(ledger).toMatch(/配分済み\s*¥5,000,000/);
    expect(ledger).toMatch(/支払済み\s*¥2,000,000/);
    expect(ledger).toContain(PITCH_TITLE);
    await screenshot(page, "96-budget-ledger");
  });

  it("the company sees the pilot and its figures, without the municipality's controls", async () => {
    const page = await demoPage("mirai-mobility-admin");
    await visit(page, "/pilots");
    await page.getByRole("link", { name: PITCH_TITLE }).click();
    await arrived(page, new RegExp(`${pilotPath}$`), PITCH_TITLE);
    await visit(page, `${pilotPath}/funding`);
    const text = await main(page);
    expect(text).toMatch(/配分額\s*¥5,000,000/);
    expect(text).toMatch(/支払済み\s*¥2,000,000/);
    expect(await page.getByRole("button", { name: "配分する" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "支払を承認" }).count()).toBe(0);
    await screenshot(page, "92-pilot-funding-company");
  });

  it("the company reports two periods (KPIs came from the signed agreement) and the municipality approves both", async () => {
    const company = await demoPage("mirai-mobility-admin");
    const reportIds: string[] = [];
    for (const [start, values, total] of [
      ["2026-04-01", ["40", "2"], "120"],
      ["2026-07-01", ["85", "4"], "310"],
    ] as const) {
      await visit(company, `${pilotPath}/outcomes`);
      await company.locator("#period").selectOption(`quarterly:${start}`);
      await company.getByRole("button", { name: "報告を作成" }).click();
      await arrived(
        company,
        new RegExp(`${pilotPath}/outcomes/[0-9a-f-]{36}\\?notice=outcome-report-created`),
        PITCH_TITLE,
      );
      reportIds.push(/outcomes\/([0-9a-f-]{36})/.exec(company.url())![1]!);
      const inputs = company.locator('input[name^="value-"]');
      const count = await inputs.count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) await inputs.nth(i).fill(values[i] ?? "1");
      await company.locator("#participantsTotal").fill(total);
      await company
        .locator("#narrative")
        .fill("予約型の乗合送迎を運行し、通いの場への参加が増えました。個人が特定される情報は含みません。");
      await company.getByRole("button", { name: "提出する" }).click();
      await arrived(
        company,
        new RegExp(`${pilotPath}/outcomes/${reportIds.at(-1)}\\?notice=outcome-report-submitted`),
        PITCH_TITLE,
      );
    }
    await screenshot(company, "96a-outcome-report-submitted");

    const page = await demoPage("higashiyamato-admin");
    for (const id of reportIds) {
      await visit(page, `${pilotPath}/outcomes/${id}`);
      await page.getByRole("radio", { name: /^承認する/ }).check();
      await page.getByRole("button", { name: "確認結果を登録" }).click();
      await arrived(page, new RegExp(`${pilotPath}/outcomes/${id}\\?notice=outcome-report-approved`), PITCH_TITLE);
    }
    await visit(page, `${pilotPath}/outcomes`);
    await expect(main(page)).resolves.toContain("承認済み");
    await screenshot(page, "96b-outcomes-approved");
  });

  it("the municipality closes the pilot as 自走 with its reflection", async () => {
    const page = await demoPage("higashiyamato-admin");
    await visit(page, `${pilotPath}/closeout`);
    await page.getByRole("radio", { name: /^自走/ }).check();
    await page
      .locator("#finalReport")
      .fill("予約型の乗合送迎を9か月運行し、延べ1,240回の利用がありました。通いの場への参加者が増えました。");
    await page.locator("#whatWorked").fill("自治会が停留所と時刻を決めたことで、利用が定着しました。");
    await page.locator("#whatDidNotWork").fill("雨の日の予約が集中し、車両が足りない日がありました。");
    await page.locator("#nextStep").fill("運行を自治会と事業者の共同運営に移し、車両を1台増やします。");
    await page.getByRole("button", { name: "実証を完了にする" }).click();
    await arrived(page, new RegExp(`${pilotPath}/closeout\\?notice=pilot-closed`), PITCH_TITLE);
    await expect(main(page)).resolves.toContain("自走");
    await screenshot(page, "97-pilot-closed");
  });

  it("both parties consent to the case study, which then appears on the public case pages", async () => {
    const page = await demoPage("higashiyamato-admin");
    await visit(page, `${pilotPath}/case-study`);
    await page.getByRole("button", { name: "本文を保存" }).click();
    await arrived(page, new RegExp(`${pilotPath}/case-study\\?notice=case-study-saved`), PITCH_TITLE);
    await page.getByRole("button", { name: "公開に同意する" }).click();
    await arrived(page, new RegExp(`${pilotPath}/case-study\\?notice=case-study-consented`), PITCH_TITLE);
    const company = await demoPage("mirai-mobility-admin");
    await visit(company, `${pilotPath}/case-study`);
    await company.getByRole("button", { name: "公開に同意する" }).click();
    await arrived(company, new RegExp(`${pilotPath}/case-study\\?notice=case-study-published`), PITCH_TITLE);

    const visitor = await newPage();
    await visit(visitor, "/cases");
    await visitor
      .getByRole("link", { name: new RegExp(PITCH_TITLE.slice(0, 8)) })
      .first()
      .click();
    await arrived(visitor, /\/cases\/[0-9a-f-]{36}$/, /./);
    const text = await main(visitor);
    expect(text).toContain("東大和市");
    expect(text).toContain("自走");
    await screenshot(visitor, "98-case-study-public");
  });

  it("the monitoring pages show each step of the pilot (operator: all of Japan)", async () => {
    const page = await demoPage("operator");
    await visit(page, "/bureau/monitoring");
    await page.getByRole("link", { name: "東大和市" }).first().click();
    await arrived(page, /\/bureau\/monitoring\/municipalities\/132209/, /東大和市/);
    await page.getByRole("link", { name: PITCH_TITLE }).last().click();
    await arrived(page, /\/bureau\/monitoring\/pilots\/[0-9a-f-]{36}/, /./);
    const text = await main(page);
    for (const step of ["協定", "自走"]) expect(text).toContain(step);
    expect(text).toMatch(/¥2,000,000/);
    await screenshot(page, "99-monitoring-pilot");
  });
});
