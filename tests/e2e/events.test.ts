// Pitch events in Chromium against the built server (demo data): a bureau creates and publishes a ガバメントピッチ
// round and invites a municipality of its jurisdiction; the municipality enters a pitch; the bureau asks for edits,
// the municipality resubmits, the bureau approves; the public event page lists the pitch; a company registers
// interest, which the bureau sees. Every page is checked with axe-core and photographed at desktop and phone width.
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { arrived, screenshot, visit } from "./support/browser";
import { browserSuite } from "./support/suite";

const chromiumPath = inject("chromiumPath");

const runId = Date.now().toString(36);
const EVENT_TITLE = `道南ガバメントピッチ（E2E ${runId}）`;
const REVIEW_MESSAGE = `発表時間に合わせて概要を200字以内にしてください（${runId}）。`;
const year = new Date().getFullYear() + 1;

describe.skipIf(!chromiumPath)("pitch events (Chromium)", () => {
  const { newPage, demoPage } = browserSuite("events", chromiumPath);
  let eventPath = "";
  let pitchTitle = "";

  const main = (page: Page) => page.locator("main").innerText();

  it("a bureau creates an event, publishes it and invites a municipality of its jurisdiction", async () => {
    const page = await demoPage("hokkaido-meti-admin");
    await visit(page, "/bureau/events");
    await screenshot(page, "60-bureau-events");
    await visit(page, "/bureau/events/new");
    await page.locator("#title").fill(EVENT_TITLE);
    await page.locator("#startsAt").fill(`${year}-02-10T14:00`);
    await page.locator("#format").selectOption("venue");
    await page.locator("#location").fill("函館市 函館地方合同庁舎");
    // The application period ends before it starts: refused beside the field, everything typed kept.
    await page.locator("#applicationStartsAt").fill(`${year}-01-20T09:00`);
    await page.locator("#applicationEndsAt").fill(`${year}-01-10T17:00`);
    await page.locator("#description").fill("道南の自治体が地域課題を発表します。");
    await page.getByRole("button", { name: "下書きとして作成する" }).click();
    await arrived(page, /\/bureau\/events\/new$/, "ピッチイベントを作成");
    await expect(page.locator("#applicationEndsAt-error").innerText()).resolves.toMatch(/./);
    await expect(page.locator("#title").inputValue()).resolves.toBe(EVENT_TITLE);
    await screenshot(page, "61-bureau-event-new-error");

    const now = new Date();
    const start = new Date(now.getTime() - 24 * 3600_000 + 9 * 3600_000).toISOString().slice(0, 16);
    await page.locator("#applicationStartsAt").fill(start);
    await page.locator("#applicationEndsAt").fill(`${year}-01-31T17:00`);
    await page.getByRole("button", { name: "下書きとして作成する" }).click();
    await arrived(page, /\/bureau\/events\/[0-9a-f-]{36}$/, EVENT_TITLE);
    eventPath = new URL(page.url()).pathname.replace("/bureau", "");

    await page.getByRole("button", { name: "イベントを公開する" }).click();
    await arrived(page, /\/bureau\/events\/[0-9a-f-]{36}/, EVENT_TITLE);
    await page.locator("#organizationId").selectOption({ label: "北海道 江差町" });
    await page.getByRole("button", { name: "招待する" }).click();
    await arrived(page, /\/bureau\/events\/[0-9a-f-]{36}/, EVENT_TITLE);
    await expect(page.locator('section[aria-labelledby="invite-heading"]').innerText()).resolves.toContain("江差町");
    await screenshot(page, "62-bureau-event");
  });

  it("the invited municipality enters a pitch; the bureau asks for edits; it resubmits and the bureau approves", async () => {
    const town = await demoPage("esashi-admin");
    await visit(town, "/municipality/events");
    const section = town.locator("section.card").filter({ hasText: EVENT_TITLE });
    const select = section.getByLabel("応募するピッチ");
    const published = select.locator("option", { hasText: "（公開中）" }).first();
    pitchTitle = ((await published.textContent()) ?? "").replace(/（公開中）$/, "");
    await select.selectOption({ label: `${pitchTitle}（公開中）` });
    await section.getByRole("button", { name: "このピッチで応募する" }).click();
    await arrived(town, /\/municipality\/events/, "ピッチイベント");
    await expect(town.locator("section.card").filter({ hasText: EVENT_TITLE }).innerText()).resolves.toContain(
      "審査待ち",
    );

    const bureau = await demoPage("hokkaido-meti-admin");
    await visit(bureau, `/bureau${eventPath}`);
    const entry = bureau.locator("article.card").filter({ hasText: pitchTitle });
    await entry.getByLabel("修正をお願いする内容（自治体に表示されます）").fill(REVIEW_MESSAGE);
    await entry.getByRole("button", { name: "修正を依頼する" }).click();
    await arrived(bureau, /\/bureau\/events\//, EVENT_TITLE);

    // Not on the public page while under review.
    const visitor = await newPage();
    await visit(visitor, eventPath);
    await expect(main(visitor)).resolves.not.toContain(pitchTitle);

    await visit(town, "/municipality/events");
    const mine = town.locator("section.card").filter({ hasText: EVENT_TITLE });
    await expect(mine.innerText()).resolves.toContain(REVIEW_MESSAGE);
    await screenshot(town, "63-municipality-events");
    await mine.getByRole("button", { name: /再応募/ }).click();
    await arrived(town, /\/municipality\/events/, "ピッチイベント");

    await visit(bureau, `/bureau${eventPath}`);
    await bureau
      .locator("article.card")
      .filter({ hasText: pitchTitle })
      .getByRole("button", { name: "承認して掲載する" })
      .click();
    await arrived(bureau, /\/bureau\/events\//, EVENT_TITLE);
    await expect(bureau.locator("article.card").filter({ hasText: pitchTitle }).innerText()).resolves.toContain(
      "承認済み",
    );
  });

  it("the public event page lists the pitch, and a company registers interest, which the bureau sees", async () => {
    const visitor = await newPage();
    await visit(visitor, "/events");
    await visitor.getByRole("link", { name: EVENT_TITLE }).click();
    await arrived(visitor, new RegExp(`${eventPath}$`), EVENT_TITLE);
    await expect(main(visitor)).resolves.toContain(pitchTitle);
    await screenshot(visitor, "64-event-public");

    const company = await demoPage("mirai-mobility-admin");
    await visit(company, eventPath);
    await company.getByRole("button", { name: "このイベントへの参加を希望する" }).click();
    await arrived(company, new RegExp(`${eventPath}(#interest)?$`), EVENT_TITLE);
    await expect(company.getByRole("status").innerText()).resolves.toContain("参加希望を登録済みです");

    const bureau = await demoPage("hokkaido-meti-admin");
    await visit(bureau, `/bureau${eventPath}`);
    await expect(main(bureau)).resolves.toContain("企業の参加希望: 1件");
  });
});
