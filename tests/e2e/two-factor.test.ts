// Two-factor sign-in in Chromium against the built server (demo data): a municipality admin without a factor is told
// that signing and paying need one, sets it up from the shown key (the test computes the codes as an authenticator
// app would), then signs in on a new browser with password and code (a wrong code refused in Japanese), and once
// with a recovery code.
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { arrived, checkA11y, screenshot, visit } from "./support/browser";
import { DEMO_PASSWORD, demoEmail } from "./support/server";
import { browserSuite } from "./support/suite";
import { enterSecondFactor, nextCode, setUpSecondFactor, type EnrolledFactor } from "./support/two-factor";

const chromiumPath = inject("chromiumPath");

describe.skipIf(!chromiumPath)("two-factor sign-in (Chromium)", () => {
  const { newPage, signIn } = browserSuite("two-factor", chromiumPath);
  const email = demoEmail("kasumigaura-admin");
  const main = (page: Page) => page.locator("main").innerText();
  let factor: EnrolledFactor;

  async function passwordStep(page: Page) {
    await visit(page, "/login");
    await page.locator("#email").fill(email);
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "ログイン", exact: true }).click();
    await arrived(page, /\/login\/two-factor$/, "確認コードの入力");
  }

  it("an admin without a factor is told what needs one, and sets it up from the key shown", async () => {
    const page = await newPage();
    await signIn(page, email, DEMO_PASSWORD, /\/municipality$/, /かすみがうら市/);
    await expect(main(page)).resolves.toContain("二段階認証が必要です");
    await visit(page, "/municipality/budgets");
    await expect(page.getByRole("heading", { name: "予算を登録" }).count()).resolves.toBe(0);

    await page.getByRole("link", { name: "二段階認証を設定する" }).click();
    await arrived(page, /\/account\/two-factor$/, "二段階認証");
    await checkA11y(page, "/account/two-factor (not set up)");
    factor = await setUpSecondFactor(page);
    await checkA11y(page, "/account/two-factor (recovery codes)");
    await screenshot(page, "2fa-01-recovery-codes");

    await visit(page, "/municipality/budgets");
    await page.getByRole("heading", { name: "予算を登録" }).waitFor();
    await expect(main(page)).resolves.not.toContain("二段階認証が必要です");
  });

  it("signs in on a new browser with password and code; a wrong code is refused in Japanese", async () => {
    const page = await newPage();
    await passwordStep(page);
    await checkA11y(page, "/login/two-factor");
    await page.locator("#code").fill("12345");
    await page.getByRole("button", { name: "ログイン", exact: true }).click();
    await page.getByText("確認コードが正しくありません").first().waitFor();
    await expect(new URL(page.url()).pathname).toBe("/login/two-factor");
    await page.locator("#code").fill(await nextCode(factor));
    await page.getByRole("button", { name: "ログイン", exact: true }).click();
    await arrived(page, /\/municipality$/, /かすみがうら市/);
    await expect(main(page)).resolves.not.toContain("二段階認証が必要です");
    await screenshot(page, "2fa-02-signed-in");
  });

  it("signs in once with a recovery code instead", async () => {
    const page = await newPage();
    await passwordStep(page);
    await page.locator("#code").fill(factor.recoveryCodes[0]!);
    await page.getByRole("button", { name: "ログイン", exact: true }).click();
    await arrived(page, /\/municipality$/, /かすみがうら市/);

    const again = await newPage();
    await passwordStep(again);
    await again.locator("#code").fill(factor.recoveryCodes[0]!);
    await again.getByRole("button", { name: "ログイン", exact: true }).click();
    await again.getByText("確認コードが正しくありません").first().waitFor();
    await enterSecondFactor(again, factor);
    await arrived(again, /\/municipality$/, /かすみがうら市/);
  });
});
