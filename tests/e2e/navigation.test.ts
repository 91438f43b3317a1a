// The main navigation in Chromium, signed in as each role (demo data) and as a visitor: at most seven top-level
// entries, grouped; on a 390 px phone a menu button and a header no taller than 120 px, no sideways scrolling; the
// menu opens, a group opens, and a link inside it leads to its page.
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { arrived, checkA11y, DESKTOP, PHONE, screenshot, visit } from "./support/browser";
import { browserSuite } from "./support/suite";

const chromiumPath = inject("chromiumPath");

const nav = (page: Page) => page.getByRole("navigation", { name: "メインメニュー" });
const topLevelEntries = (page: Page) => nav(page).locator(":scope > ul > li").count();
const headerHeight = (page: Page) =>
  page.locator("header.site-header").evaluate((el) => el.getBoundingClientRect().height);
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const roles = [
  {
    account: "bibai-admin",
    home: "/municipality",
    group: "実証・資金",
    link: "予算",
    target: /\/municipality\/budgets$/,
  },
  {
    account: "healthcare-lab-admin",
    home: "/company",
    group: "課題を探す",
    link: "おすすめの課題",
    target: /recommendations$/,
  },
  {
    account: "hokkaido-meti-admin",
    home: "/bureau",
    group: null,
    link: "モニタリング",
    target: /\/bureau\/monitoring/,
  },
  { account: "operator", home: "/admin", group: null, link: "組織の確認", target: /\/admin\/organizations/ },
] as const;

describe.skipIf(!chromiumPath)("the main navigation (Chromium)", () => {
  const { demoPage, newPage } = browserSuite("navigation", chromiumPath);

  it.each(roles)("fits a phone and a desktop for $account", async ({ account, home, group, link, target }) => {
    const page = await demoPage(account);
    await page.setViewportSize(DESKTOP);
    await visit(page, home);
    expect(await topLevelEntries(page)).toBeLessThanOrEqual(7);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await page.setViewportSize(PHONE);
    await visit(page, home);
    expect(await headerHeight(page)).toBeLessThanOrEqual(120);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expect(nav(page).isVisible()).resolves.toBe(false);
    await screenshot(page, `05a-nav-${account}`);
    await page.setViewportSize(PHONE);
    await page.getByRole("button", { name: "メニュー" }).click();
    await expect(nav(page).isVisible()).resolves.toBe(true);
    if (group) await nav(page).locator("summary", { hasText: group }).click();
    // An entry may carry a count after its name (「組織の確認 5（対応待ち 5件）」).
    await nav(page)
      .getByRole("link", { name: new RegExp(`^${link}`) })
      .first()
      .click();
    await page.waitForURL(target);
    // Following a link closes the menu again (once the new page has rendered).
    await nav(page).waitFor({ state: "hidden" });
    await page.setViewportSize(DESKTOP);
  });

  const homes = [
    { account: "bibai-admin", home: "/municipality", counted: null },
    { account: "healthcare-lab-admin", home: "/company", counted: "実証" },
    { account: "hokkaido-meti-admin", home: "/bureau", counted: "ピッチイベント" },
  ] as const;

  it.each(homes)("shows $account what to do next, each one click from its page", async ({ account, home, counted }) => {
    const page = await demoPage(account);
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      await visit(page, home);
      await checkA11y(page, `${home} (${size.width} px)`);
      await screenshot(page, `05b-home-${account}-${size.width}`);
    }
    const todo = page.locator('section[aria-labelledby="todo-heading"] li');
    expect(await todo.count()).toBeGreaterThan(0);
    // The entry whose area holds waiting work carries its count, read out in words.
    if (counted)
      expect(
        await nav(page)
          .getByRole("link", { name: new RegExp(`^${counted}.*（対応待ち \\d+件）`) })
          .count(),
      ).toBe(1);
    const first = todo.first().getByRole("link").first();
    const href = (await first.getAttribute("href"))!;
    await first.click();
    await page.waitForURL((url) => href.startsWith(url.pathname));
    await expect(page.getByRole("heading", { level: 1 }).count()).resolves.toBe(1);
  });

  it("shows a visitor five entries and no menu button on a desktop", async () => {
    const page = await newPage();
    await visit(page, "/");
    expect(await topLevelEntries(page)).toBe(5);
    await expect(page.getByRole("button", { name: "メニュー" }).isVisible()).resolves.toBe(false);
    await page.setViewportSize(PHONE);
    await visit(page, "/pitches");
    expect(await headerHeight(page)).toBeLessThanOrEqual(120);
    await arrived(page, /\/pitches$/, "ピッチを探す");
  });
});
