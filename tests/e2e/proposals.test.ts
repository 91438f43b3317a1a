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
    await page
      .locator("#understanding")
      .fill("茶志内地区では公民館の閉鎖で集まる場所がなくなり、閉じこもりがちな高齢者が増えていると理解しています。");
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
    await arrived(page, new RegExp(`/company/proposals/${proposalIds.winner}`), /./);
    await expect(page.locator("#coFundingExplanation-error").innerText()).resolves.toMatch(/共同負担/);
    await expect(page.locator("#title").inputValue()).resolves.toBe(WINNER_TITLE);
    await expect(page.locator("#costAmount-0").inputValue()).resolves.toBe("３，０００，０００");
    await screenshot(page, "70-proposal-refused");

    await page.locator("#coFundingExplanation").fill("上限を超える50万円は当社が負担します。");
    await page.locator('input[name="attestation"]').check();
    await page.getByRole("button", { name: "提案を提出する" }).click();
    await arrived(page, new RegExp(`/company/proposals/${proposalIds.winner}`), /./);
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
    await arrived(page, new RegExp(`/company/proposals/${proposalIds.rival}`), /./);
    await expect(page.getByText("提案を提出しました").count()).resolves.toBe(1);
    await visit(page, "/company");
    await expect(main(page)).resolves.toContain(RIVAL_TITLE);
    await screenshot(page, "72-company-home");
  });

  const pitchId = () => pitchPath.split("/").pop()!;
  const DECLINE_REASON = `今回は送迎と居場所を一体で運営する提案を採択しました（${runId}）。`;

  async function score(page: Page, proposalId: string, value: string) {
    await visit(page, `/municipality/pitches/${pitchId()}/proposals/${proposalId}`);
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "評価を提出する" }) });
    const groups = form.locator("fieldset.radio-group");
    const count = await groups.count();
    expect(count).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < count; i++) await groups.nth(i).locator(`input[value="${value}"]`).check();
    await form.getByLabel("総評（他の審査担当者と選定経緯に表示されます）").fill(`評価 ${value} 点（${runId}）`);
    await form.getByRole("button", { name: "評価を提出する" }).click();
    await arrived(page, new RegExp(`/proposals/${proposalId}`), /./);
  }

  it("the municipality's admin assigns its two members as reviewers, and both score independently", async () => {
    const admin = await demoPage("bibai-admin");
    await visit(admin, `/municipality/pitches/${pitchId()}/review`);
    for (const label of ["美唄市 地域包括ケア推進課 佐藤（管理者）", "美唄市 地域包括ケア推進課 高橋（メンバー）"]) {
      await admin.locator("#userId").selectOption({ label });
      await admin.getByRole("button", { name: "審査担当に割り当てる" }).click();
      await arrived(admin, /\/review/, "審査の設定");
    }
    await expect(admin.locator("main").innerText()).resolves.toContain("審査担当（2人）");
    await screenshot(admin, "73-review-settings");

    await score(admin, proposalIds.winner, "5");
    await score(admin, proposalIds.rival, "3");
    const member = await demoPage("bibai-member");
    await score(member, proposalIds.winner, "4");
    await expect(main(member)).resolves.toContain("他の審査担当者の評価");
    await screenshot(member, "74-proposal-review");

    await visit(admin, `/municipality/pitches/${pitchId()}/proposals`);
    await expect(main(admin)).resolves.toContain(WINNER_TITLE);
    await screenshot(admin, "75-proposal-comparison");
  });

  it("the admin shortlists the proposal and exchanges messages with the company", async () => {
    const admin = await demoPage("bibai-admin");
    await visit(admin, `/municipality/pitches/${pitchId()}/proposals/${proposalIds.winner}`);
    await admin.getByRole("button", { name: "候補にする" }).click();
    await arrived(admin, new RegExp(`/proposals/${proposalIds.winner}`), /./);
    await expect(admin.getByRole("button", { name: "候補から外す" }).count()).resolves.toBe(1);

    await visit(admin, `/proposals/${proposalIds.winner}/thread`);
    await admin.locator("#body").fill(`送迎の車両は何台を想定していますか（${runId}）。`);
    await admin.getByRole("button", { name: "送信する" }).click();
    await arrived(admin, /\/thread/, "提案についてのメッセージ");

    const company = await demoPage("healthcare-lab-admin");
    await visit(company, "/company");
    await expect(main(company)).resolves.toContain("未読のメッセージ");
    await visit(company, `/proposals/${proposalIds.winner}/thread`);
    await expect(main(company)).resolves.toContain(`送迎の車両は何台を想定していますか（${runId}）。`);
    await company.locator("#body").fill("ワゴン車2台を想定しています。");
    await company.getByRole("button", { name: "送信する" }).click();
    await arrived(company, /\/thread/, "提案についてのメッセージ");
    await expect(main(company)).resolves.toContain("ワゴン車2台を想定しています。");
    await screenshot(company, "76-proposal-thread");
  });

  it("the admin closes the pitch, accepts one proposal, declines the other with a reason and publishes", async () => {
    const admin = await demoPage("bibai-admin");
    await visit(admin, `/municipality/pitches/${pitchId()}`);
    await admin.getByRole("button", { name: "募集を締め切る" }).click();
    await arrived(admin, new RegExp(`/municipality/pitches/${pitchId()}`), /./);

    for (const [id, outcome, reason] of [
      [
        proposalIds.winner,
        "accepted",
        "住民の参画と送迎を組み合わせた計画が具体的で、実現可能性が高いと評価しました。",
      ],
      [proposalIds.rival, "declined", DECLINE_REASON],
    ] as const) {
      await visit(admin, `/municipality/pitches/${pitchId()}/proposals/${id}`);
      await admin.locator(`input[name="outcome"][value="${outcome}"]`).check();
      await admin.locator("#reason").fill(reason);
      await admin.getByRole("button", { name: "採否を記録する" }).click();
      await arrived(admin, new RegExp(`/proposals/${id}`), /./);
      await expect(main(admin)).resolves.toContain("未公開");
    }
    // Recorded privately: the companies do not see the decisions yet.
    const rival = await demoPage("mirai-mobility-admin");
    await visit(rival, `/company/proposals/${proposalIds.rival}`);
    await expect(main(rival)).resolves.not.toContain(DECLINE_REASON);

    await visit(admin, `/municipality/pitches/${pitchId()}/decisions`);
    await screenshot(admin, "77-decisions");
    await admin.getByRole("button", { name: "決定を公開する" }).click();
    await arrived(admin, /\/decisions/, /./);
    await visit(admin, `/municipality/pitches/${pitchId()}`);
    await expect(admin.locator("h1 .badge").innerText()).resolves.toBe("マッチング成立");
    await visit(admin, `/municipality/pitches/${pitchId()}/selection-record`);
    await expect(main(admin)).resolves.toContain(WINNER_TITLE);
    await screenshot(admin, "78-selection-record");
  });

  it("the chosen company sees its match; the other sees the decline and its reason", async () => {
    const winner = await demoPage("healthcare-lab-admin");
    await visit(winner, `/company/proposals/${proposalIds.winner}`);
    await expect(main(winner)).resolves.toContain("採択");
    await visit(winner, "/company");
    await expect(winner.locator("tr").filter({ hasText: WINNER_TITLE }).innerText()).resolves.toContain("採択");
    await screenshot(winner, "79-company-match");

    const rival = await demoPage("mirai-mobility-admin");
    await visit(rival, `/company/proposals/${proposalIds.rival}`);
    await expect(main(rival)).resolves.toContain("不採択");
    await expect(main(rival)).resolves.toContain(DECLINE_REASON);
  });
});
