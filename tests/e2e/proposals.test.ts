// Proposals, review and matching in Chromium against the built server (demo data): a company proposes to 美唄市's
// 茶志内 pitch (an amount over the ceiling without a co-funding explanation is refused, the form keeps what was typed);
// another company proposes too; the municipality's two members score; the admin shortlists, exchanges messages,
// closes the pitch, accepts one and declines the other with a reason, and publishes; each company sees its result.
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { arrived, screenshot, visit } from "./support/browser";
import { browserSuite } from "./support/suite";

const chromiumPath = inject("chromiumPath");

const runId = Date.now().toString(36);
const PITCH_TITLE = "茶志内地区に、みんなで顔を合わせる場をもう一度";
const WINNER_TITLE = `元公民館を使った「まちなかサロン」と送迎の一体運営（E2E ${runId}）`;
const RIVAL_TITLE = `オンラインでつながる茶志内サロン（E2E ${runId}）`;

describe.skipIf(!chromiumPath)("proposals, review and matching (Chromium)", () => {
  const { demoPage } = browserSuite("proposals", chromiumPath);
  const proposalIds = { winner: "", rival: "" };
  let pitchPath = "";

  const main = (page: Page) => page.locator("main").innerText();

  async function openPitchAndPropose(page: Page): Promise<string> {
    await visit(page, `/pitches?q=${encodeURIComponent("茶志内")}`);
    await page.getByRole("link", { name: PITCH_TITLE }).first().click();
    await arrived(page, /\/pitches\/[0-9a-f-]{36}$/, PITCH_TITLE);
    pitchPath = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "この課題に提案する" }).click();
    await arrived(page, /\/company\/proposals\/[0-9a-f-]{36}/, /提案/);
    return /\/company\/proposals\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  }

  async function fillProposal(page: Page, title: string) {
    await page.locator("#title").fill(title);
    await page.locator("#understanding").fill("茶志内地区では公民館の閉鎖で集まる場所がなくなり、閉じこもりがちな高齢者が増えていると理解しています。");
    await page.locator("#approach").fill("空き店舗を活用したサロンを週3日開き、送迎と組み合わせます。");
    await page.locator("#residentParticipation").fill("町内会の有志が運営委員となり、プログラムを決めます。");
    await page.locator("#implementationPlan").fill("準備3か月、試行6か月、振り返り1か月。");
    await page.locator("#schedule").fill("4月 準備／7月 開所／翌年1月 振り返り");
    await page.locator("#team").fill("責任者1名、地域コーディネーター2名");
    await page.locator("#kpiIndicator-0").selectOption("gathering_places");
    await page.locator("#kpiTarget-0").fill("3");
    await page.locator("#kpiUnit-0").fill("か所");
    await page.locator("#costLabel-0").fill("サロン運営費");
    await page.locator("#costAmount-0").fill("３，０００，０００");
    await page.locator("#costLabel-1").fill("送迎費");
    await page.locator("#costAmount-1").fill("2,000,000");
  }

  it("a company proposes; over the ceiling without a co-funding explanation it is refused and keeps what was typed", async () => {
    const page = await demoPage("healthcare-lab-admin");
    proposalIds.winner = await openPitchAndPropose(page);
    await fillProposal(page, WINNER_TITLE);
    await page.locator("#requestedFundingYen").fill("4500000");
    await page.locator('input[name="attestation"]').check();
    await page.getByRole("button", { name: "提案を提出する" }).click();
    await arrived(page, new RegExp(`/company/proposals/${proposalIds.winner}`), /提案/);
    await expect(page.locator("#coFundingExplanation-error").innerText()).resolves.toMatch(/共同負担/);
    await expect(page.locator("#title").inputValue()).resolves.toBe(WINNER_TITLE);
    await expect(page.locator("#costAmount-0").inputValue()).resolves.toBe("３，０００，０００");
    await screenshot(page, "70-proposal-refused");

    await page.locator("#coFundingExplanation").fill("上限を超える50万円は当社が負担します。");
    await page.locator('input[name="attestation"]').check();
    await page.getByRole("button", { name: "提案を提出する" }).click();
    await arrived(page, new RegExp(`/company/proposals/${proposalIds.winner}`), /提案/);
    await expect(page.getByText("提案を提出しました").count()).resolves.toBe(1);
    await screenshot(page, "71-proposal-submitted");
  });

  it("another company proposes to the same pitch", async () => {
    const page = await demoPage("mirai-mobility-admin");
    proposalIds.rival = await openPitchAndPropose(page);
    await fillProposal(page, RIVAL_TITLE);
    await page.locator("#requestedFundingYen").fill("4000000");
    await page.locator('input[name="attestation"]').check();
    await page.getByRole("button", { name: "提案を提出する" }).click();
    await arrived(page, new RegExp(`/company/proposals/${proposalIds.rival}`), /提案/);
    await expect(page.getByText("提案を提出しました").count()).resolves.toBe(1);
    await visit(page, "/company");
    await expect(main(page)).resolves.toContain(RIVAL_TITLE);
    await screenshot(page, "72-company-home");
  });
});
