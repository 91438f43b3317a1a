// Pitch authoring in Chromium against the built server (demo data): a verified municipality drafts, is refused
// publication with messages beside the fields, completes, previews, publishes, revises and closes a pitch; a company
// finds it by part of a Japanese word and by a theme, reads its history and asks a question, which the municipality
// answers; an unverified municipality may only draft; other organizations cannot open the editor. Every page is
// checked with axe-core by visit()/arrived()/checkA11y(), and the editor, preview, history and list pages are
// photographed at desktop and phone width.
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { arrived, checkA11y, screenshot, visit, waitForHydration } from "./support/browser";
import { browserSuite } from "./support/suite";

const chromiumPath = inject("chromiumPath");

const runId = Date.now().toString(36);
/** 「雪下ろし」 is in no demo pitch, so its first two characters 「雪下」 find only this one. */
const TITLE = `雪下ろしの担い手づくり（E2E ${runId}）`;
const PARTIAL_WORD = "雪下";
const CONTACT = { name: "美唄 雪子", email: `yuki-${runId}@city.bibai.example.jp`, phone: "0126-00-0000" };
const CHANGE_NOTE = "予算上限を500万円に見直しました。";
const QUESTION = `雪下ろしの対象世帯数の見込みを教えてください（${runId}）。`;
const ANSWER = `昨年度の相談実績から約40世帯を見込んでいます（${runId}）。`;
const nextYear = new Date().getFullYear() + 1;
const PITCH_URL = /\/municipality\/pitches\/[0-9a-f-]{36}(\?.*)?$/;

describe.skipIf(!chromiumPath)("pitch authoring (Chromium)", () => {
  const { newPage, demoPage } = browserSuite("pitch authoring", chromiumPath);
  /** The pitch the scenario creates (set by the first test). */
  let pitchId = "";

  const badge = (page: Page) => page.locator("h1 .badge").innerText();
  const main = (page: Page) => page.locator("main").innerText();

  it("a company saves a search for a word no pitch has yet", async () => {
    const page = await demoPage("healthcare-lab-admin");
    await visit(page, `/pitches?q=${encodeURIComponent("雪下ろし")}`);
    await expect(page.locator("#results-heading").innerText()).resolves.toContain("該当するピッチはありません");
    await page.locator("details.save-search summary").click();
    await page.locator("#saved-search-name").fill(`雪下ろしの新着 ${runId}`);
    await page.getByRole("button", { name: "この条件を保存" }).click();
    await arrived(page, /\/company\/saved-searches/, "保存した検索条件");
    await expect(page.getByRole("link", { name: `雪下ろしの新着 ${runId}` }).count()).resolves.toBe(1);
    await screenshot(page, "4a-saved-searches");
  });

  it("a verified municipality drafts a pitch, is told what publishing needs, completes, previews and publishes it", async () => {
    const page = await demoPage("bibai-admin");
    await visit(page, "/municipality/pitches");
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("課題（ピッチ）");
    await expect(page.getByText("組織の確認が済むまでピッチは公開できません").count()).resolves.toBe(0);
    await page.getByRole("link", { name: "新しいピッチを作成" }).click();
    await arrived(page, /\/municipality\/pitches\/new$/, "新しいピッチを作成");
    await screenshot(page, "40-pitch-new");

    // A draft needs only a title (the checks are lenient until publication).
    await page.locator("#title").fill(TITLE);
    await page.getByRole("button", { name: "下書きとして保存" }).click();
    await arrived(page, PITCH_URL, TITLE);
    pitchId = /\/municipality\/pitches\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await expect(page.getByText("ピッチの下書きを作成しました。").count()).resolves.toBe(1);
    await expect(badge(page)).resolves.toBe("下書き");

    // Publishing an incomplete pitch: messages beside the fields, and what was typed stays.
    await page.locator("#summary").fill("短い概要");
    await page.locator("#problem").fill("冬の雪下ろしを頼める人がいない高齢世帯が増えています。");
    await page.locator('input[name="themes"][value="housework"]').check();
    await page.getByRole("button", { name: "公開する" }).click();
    await page.locator("#vision-error").waitFor();
    await checkA11y(page, "/municipality/pitches/:id (publish refused)");
    await expect(page.getByRole("alert").first().innerText()).resolves.toContain("公開に必要な項目が不足しています");
    // The success notice of the previous step (still in the URL) is not shown beside the error.
    await expect(page.getByText("ピッチの下書きを作成しました。").count()).resolves.toBe(0);
    await expect(page.locator("#summary-error").innerText()).resolves.toContain("概要を10文字以上で入力してください");
    await expect(page.locator("#vision-error").innerText()).resolves.toContain("実現したい未来を入力してください");
    await expect(page.locator("#targetStates-error").innerText()).resolves.toContain(
      "対象者の状態を1つ以上選んでください",
    );
    await expect(page.locator("#layer-error").innerText()).resolves.toContain("第1層か第2層かを選んでください");
    await expect(page.locator("#indicators-error").innerText()).resolves.toContain(
      "重視する評価指標を1つ以上選んでください",
    );
    await expect(page.locator("#budgetCeilingYen-error").innerText()).resolves.toContain("予算上限");
    await expect(page.locator("#proposalDeadline-error").innerText()).resolves.toContain(
      "提案の締切を入力してください",
    );
    await expect(page.locator("#contactEmail-error").innerText()).resolves.toContain(
      "連絡先メールアドレスを入力してください",
    );
    await expect(page.locator("#problem-error").count()).resolves.toBe(0);
    await expect(page.locator("#themes-error").count()).resolves.toBe(0);
    await expect(page.locator("#vision").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#vision").getAttribute("aria-describedby")).resolves.toContain("vision-error");
    await expect(page.locator("#title").inputValue()).resolves.toBe(TITLE);
    await expect(page.locator("#summary").inputValue()).resolves.toBe("短い概要");
    await expect(page.locator("#problem").inputValue()).resolves.toBe(
      "冬の雪下ろしを頼める人がいない高齢世帯が増えています。",
    );
    await expect(page.locator('input[name="themes"][value="housework"]').isChecked()).resolves.toBe(true);
    await expect(badge(page)).resolves.toBe("下書き");
    await screenshot(page, "41-pitch-publish-refused");

    // Every field a publication needs, then saved as a draft first, to preview it.
    await page.locator("#summary").fill("豪雪地帯の高齢世帯の雪下ろしを、地域の担い手と企業の仕組みで支えたい。");
    await page.locator("#vision").fill("冬も住み慣れた家で安心して暮らし続けられる美唄市。");
    await page.locator("#currentSituation").fill("市内の高齢化率は40%を超え、除雪の担い手が不足しています。");
    await page.locator("#population").fill("20000");
    await page.locator("#agingRatePercent").fill("41.2");
    await page
      .locator("#problemEvidence")
      .fill("地域ケア会議で、雪下ろしができず冬季に入所を検討した事例が昨年度6件ありました。");
    await page.locator("#targetPeople").fill("市内のひとり暮らし・高齢者のみの世帯");
    await page.locator('input[name="targetStates"][value="prefrail"]').check();
    await page.locator('input[name="targetStates"][value="frail"]').check();
    await page.locator('input[name="themes"][value="supporters"]').check();
    await page.locator("#layer").selectOption("layer1");
    await page.locator("#partnerWanted").fill("除雪の担い手を地域で募り、配置できる事業者");
    await page.locator("#solutionWanted").fill("依頼と担い手をつなぐ仕組みと、安全に作業するための研修");
    await page.locator("#budgetCeilingYen").fill("4000000");
    await page.locator("#pilotStartOn").fill(`${nextYear}-04-01`);
    await page.locator("#pilotEndOn").fill(`${nextYear + 1}-03-31`);
    await page.locator('input[name="indicators"][value="sc_activity"]').check();
    await page.locator('input[name="indicators"][value="home_continuation"]').check();
    await page.locator("#proposalDeadline").fill(`${nextYear}-03-31T17:00`);
    await page.locator("#contactName").fill(CONTACT.name);
    await page.locator("#contactEmail").fill(CONTACT.email);
    await page.locator("#contactPhone").fill(CONTACT.phone);
    // A section's own save returns to that section, and the index shows it filled.
    await page.locator("#section-problem").getByRole("button", { name: "ここまでを下書き保存" }).click();
    await arrived(page, /notice=pitch-saved#section-problem$/, TITLE);
    const entry = (title: string) => page.locator(".section-index li", { hasText: title }).first().innerText();
    await expect(entry("対象者")).resolves.toContain("入力済み");
    await expect(entry("課題")).resolves.toContain("入力中"); // これまでの取組 is still empty (optional)
    await expect(page.locator("#population").inputValue()).resolves.toBe("20000");
    await page.locator(".section-index").getByRole("link", { name: "締切と連絡先" }).click();
    await page.waitForURL(/#section-contact$/);
    await page.getByRole("button", { name: "下書きを保存" }).click();
    await arrived(page, /notice=pitch-saved$/, TITLE);
    await expect(page.getByText("下書きを保存しました。").count()).resolves.toBe(1);
    await expect(badge(page)).resolves.toBe("下書き");
    await expect(page.locator(".field__error").count()).resolves.toBe(0);
    await expect(page.locator('input[name="targetStates"][value="frail"]').isChecked()).resolves.toBe(true);
    await expect(page.locator("#proposalDeadline").inputValue()).resolves.toBe(`${nextYear}-03-31T17:00`);
    await screenshot(page, "42-pitch-editor-draft");

    // The preview: what companies will see, with the contacts in a section marked as not public.
    await page.getByRole("link", { name: "企業から見える形でプレビュー" }).click();
    await arrived(page, new RegExp(`/municipality/pitches/${pitchId}/preview$`), TITLE);
    await expect(
      page.getByText("企業から見える形のプレビューです。下書きは公開されていません。").count(),
    ).resolves.toBe(1);
    const preview = await main(page);
    expect(preview).toContain("家事・生活支援");
    expect(preview).toContain("担い手の養成");
    expect(preview).toContain("プレフレイル、フレイル（要支援）");
    expect(preview).toContain("第1層（市町村全域）");
    expect(preview).toContain("4,000,000円");
    expect(preview).toContain(`${nextYear}年04月01日 〜 ${nextYear + 1}年03月31日`);
    expect(preview).toContain("在宅継続数・率");
    await expect(
      page.getByRole("heading", { level: 2, name: "連絡先（企業には公開されません）" }).count(),
    ).resolves.toBe(1);
    await expect(page.locator('section[aria-labelledby="contact-title"]').innerText()).resolves.toContain(
      CONTACT.email,
    );
    await screenshot(page, "43-pitch-preview");

    // Publication.
    await page.getByRole("navigation", { name: "現在位置" }).getByRole("link", { name: TITLE }).click();
    await arrived(page, PITCH_URL, TITLE);
    await page.getByRole("button", { name: "公開する" }).click();
    await arrived(page, /notice=pitch-published/, TITLE);
    await expect(page.getByText("ピッチを公開しました。").count()).resolves.toBe(1);
    await expect(badge(page)).resolves.toBe("募集中");
    await expect(page.getByRole("link", { name: "変更履歴（第1版）" }).count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: "公開する" }).count()).resolves.toBe(0);
    await screenshot(page, "44-pitch-editor-published");

    // Nobody but the municipality sees the contacts: the public page of the pitch (signed out) has none of them.
    const visitor = await newPage();
    await visit(visitor, `/pitches/${pitchId}`);
    const publicText = await main(visitor);
    expect(publicText).toContain(TITLE);
    for (const value of Object.values(CONTACT)) expect(publicText).not.toContain(value);
  });

  it("the municipality revises the published pitch with a change note and reads the history", async () => {
    const page = await demoPage("bibai-admin");
    await visit(page, `/municipality/pitches/${pitchId}`);
    await page.locator("#budgetCeilingYen").fill("5000000");
    // A revision without a note is refused, the change kept.
    await page.getByRole("button", { name: "改訂して公開" }).click();
    await page.locator("#changeNote-error").waitFor();
    await checkA11y(page, "/municipality/pitches/:id (revision without a note)");
    await expect(page.locator("#changeNote-error").innerText()).resolves.toContain("変更内容の説明を入力してください");
    await expect(page.locator("#budgetCeilingYen").inputValue()).resolves.toBe("5000000");
    await page.locator("#changeNote").fill(CHANGE_NOTE);
    await page.getByRole("button", { name: "改訂して公開" }).click();
    await arrived(page, /notice=pitch-revised/, TITLE);
    await expect(page.getByText("ピッチを改訂しました。変更履歴に記録されています。").count()).resolves.toBe(1);
    await expect(badge(page)).resolves.toBe("募集中");

    await page.getByRole("link", { name: "変更履歴（第2版）" }).click();
    await arrived(page, new RegExp(`/municipality/pitches/${pitchId}/revisions$`), `変更履歴: ${TITLE}`);
    const latest = page.locator('section[aria-labelledby="revision-2"]');
    await expect(latest.innerText()).resolves.toContain(CHANGE_NOTE);
    await latest.locator("summary").click();
    await expect(latest.locator("table").innerText()).resolves.toMatch(/予算上限[\s\S]*4,?000,?000[\s\S]*5,?000,?000/);
    await checkA11y(page, "/municipality/pitches/:id/revisions (changes open)");
    await screenshot(page, "45-pitch-revisions");

    await page.getByRole("navigation", { name: "現在位置" }).getByRole("link", { name: TITLE }).click();
    await arrived(page, PITCH_URL, TITLE);
    await page.getByRole("navigation", { name: "現在位置" }).getByRole("link", { name: "課題（ピッチ）" }).click();
    await arrived(page, /\/municipality\/pitches$/, "課題（ピッチ）");
    const row = page.locator("tbody tr").filter({ hasText: TITLE });
    await expect(row.innerText()).resolves.toMatch(/募集中[\s\S]*第2版/);
    await screenshot(page, "46-municipality-pitches");
  });

  it("the company that saved the search is told of the new pitch in its notifications", async () => {
    const page = await demoPage("healthcare-lab-admin");
    // The job worker matches saved searches every two seconds.
    let text = "";
    for (let attempt = 0; attempt < 20 && !text.includes(TITLE); attempt++) {
      await visit(page, "/notifications");
      text = await main(page);
      if (!text.includes(TITLE)) await page.waitForTimeout(1000);
    }
    expect(text).toContain(TITLE);
    await expect(page.locator('.site-nav a[href="/notifications"]').textContent()).resolves.toMatch(
      /^お知らせ\d+（未読\d+件）$/,
    );
    await screenshot(page, "4b-notifications");
    const item = page.locator("li.card").filter({ hasText: TITLE });
    await item.getByRole("link").first().click();
    await arrived(page, new RegExp(`/pitches/${pitchId}$`), TITLE);
  });

  it("a company finds the pitch by part of a word and by a theme, reads its history and asks a question", async () => {
    const page = await demoPage("healthcare-lab-admin");
    await visit(page, "/pitches");
    await page.locator("#q").fill(PARTIAL_WORD);
    await page.getByRole("button", { name: "検索する" }).click();
    await arrived(page, /\/pitches\?.*q=/, "ピッチを探す");
    await expect(page.locator("#results-heading").innerText()).resolves.toContain("1件中");
    await expect(page.locator("article.pitch-card h3").innerText()).resolves.toContain(TITLE);

    await visit(page, "/pitches");
    await page.locator("details.filters summary").click();
    await page.getByRole("checkbox", { name: "家事・生活支援" }).check();
    await page.locator("#sort").selectOption("newest");
    await page.getByRole("button", { name: "検索する" }).click();
    await arrived(page, /\/pitches\?.*theme=housework/, "ピッチを探す");
    const cards = page.locator("article.pitch-card");
    const found = cards.filter({ hasText: TITLE });
    await expect(found.count()).resolves.toBe(1);
    for (const text of await cards.locator(".tags").allInnerTexts()) expect(text).toContain("家事・生活支援");

    await found.getByRole("link", { name: TITLE }).click();
    await arrived(page, new RegExp(`/pitches/${pitchId}$`), TITLE);
    await expect(badge(page)).resolves.toBe("募集中");
    const history = page.locator('section[aria-labelledby="history-heading"]');
    await expect(history.getByRole("heading", { level: 2 }).innerText()).resolves.toContain("第2版");
    await expect(history.innerText()).resolves.toContain(`第2版`);
    await expect(history.innerText()).resolves.toContain(CHANGE_NOTE);
    const publicText = await main(page);
    for (const value of Object.values(CONTACT)) expect(publicText).not.toContain(value);

    await page.locator("#question").fill(QUESTION);
    await page.getByRole("button", { name: "質問を送信する" }).click();
    await arrived(page, /notice=question-asked/, TITLE);
    await expect(page.getByText("質問を送信しました").count()).resolves.toBe(1);
    await expect(page.locator(".qa-item").filter({ hasText: QUESTION }).count()).resolves.toBe(1);
    await screenshot(page, "47-pitch-public-question");
  });

  it("the municipality answers the question and the company sees the public answer", async () => {
    const municipality = await demoPage("bibai-admin");
    await visit(municipality, "/municipality/questions");
    const card = municipality.locator("section.card").filter({ hasText: QUESTION });
    await expect(card.getByRole("link", { name: TITLE }).count()).resolves.toBe(1);
    await card.getByLabel("回答（公開されます）").fill(ANSWER);
    await card.getByRole("button", { name: "回答を公開する" }).click();
    await arrived(municipality, /\/municipality\/questions\?notice=question-answered$/, "ピッチへの質問");
    await expect(municipality.getByText("回答を公開しました。").count()).resolves.toBe(1);

    const company = await demoPage("healthcare-lab-admin");
    await visit(company, `/pitches/${pitchId}`);
    const item = company.locator(".qa-item").filter({ hasText: QUESTION });
    await expect(item.innerText()).resolves.toContain(ANSWER);
    await expect(item.getByText("あなたの質問").count()).resolves.toBe(1);
  });

  it("the municipality closes the pitch; the company sees it closed", async () => {
    const page = await demoPage("bibai-admin");
    await visit(page, `/municipality/pitches/${pitchId}`);
    await page.getByRole("button", { name: "募集を締め切る" }).click();
    await arrived(page, /notice=pitch-closed/, TITLE);
    await expect(page.getByText("提案の募集を締め切りました。").count()).resolves.toBe(1);
    await expect(badge(page)).resolves.toBe("募集終了");
    await expect(page.getByText("募集を締め切ったピッチの内容は変更できません。").count()).resolves.toBe(1);
    await expect(page.locator("#title").isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "改訂して公開" }).count()).resolves.toBe(0);
    await screenshot(page, "48-pitch-editor-closed");

    const company = await demoPage("healthcare-lab-admin");
    await visit(company, `/pitches/${pitchId}`);
    await expect(badge(company)).resolves.toBe("募集終了");
    await expect(company.getByText("このピッチは提案・質問の受付を終了しています。").count()).resolves.toBe(1);
    await expect(company.locator("#question").count()).resolves.toBe(0);
    await expect(company.locator(".qa-item").filter({ hasText: ANSWER }).count()).resolves.toBe(1);
  });

  it("an unverified municipality can save a draft and is told why it cannot publish", async () => {
    const page = await demoPage("ikeda-admin");
    await visit(page, "/municipality/pitches");
    await expect(
      page.getByRole("status").filter({ hasText: "組織の確認が済むまでピッチは公開できません" }).count(),
    ).resolves.toBe(1);
    await page.getByRole("link", { name: "新しいピッチを作成" }).click();
    await arrived(page, /\/municipality\/pitches\/new$/, "新しいピッチを作成");
    await expect(
      page.getByText("組織の確認が済むまで公開はできませんが、下書きは保存できます。").count(),
    ).resolves.toBe(1);
    const title = `池田市の買い物支援（E2E ${runId}）`;
    await page.locator("#title").fill(title);
    await page.getByRole("button", { name: "下書きとして保存" }).click();
    await arrived(page, PITCH_URL, title);
    await expect(badge(page)).resolves.toBe("下書き");
    await expect(page.getByText("ピッチの下書きを作成しました。").count()).resolves.toBe(1);
    await expect(
      page
        .getByRole("status")
        .filter({ hasText: "運営事務局が自治体の組織であることを確認すると、公開できるようになります" })
        .count(),
    ).resolves.toBe(1);
    await expect(page.getByRole("button", { name: "公開する" }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "下書きを保存" }).count()).resolves.toBe(1);
    await screenshot(page, "49-pitch-editor-unverified");
  });

  it("a company gets the 403 page for the editor; another municipality cannot open it either", async () => {
    const company = await demoPage("healthcare-lab-admin");
    await visit(company, `/municipality/pitches/${pitchId}`, 403);
    await expect(company.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("アクセスする権限がありません");
    await expect(main(company)).resolves.not.toContain(TITLE);

    const esashi = await demoPage("esashi-admin");
    for (const path of [
      `/municipality/pitches/${pitchId}`,
      `/municipality/pitches/${pitchId}/preview`,
      `/municipality/pitches/${pitchId}/revisions`,
    ]) {
      const response = await esashi.goto(path);
      expect([403, 404], path).toContain(response?.status());
      await waitForHydration(esashi);
      await checkA11y(esashi, `${path} (another municipality)`);
      await expect(esashi.getByRole("heading", { level: 1 }).innerText()).resolves.toMatch(
        /アクセスする権限がありません|ページが見つかりません/,
      );
      const text = await main(esashi);
      expect(text).not.toContain(TITLE);
      expect(text).not.toContain(CONTACT.email);
    }
  });
});
