// End-to-end journeys in Chromium against the built server (`node server.js`, PGlite, demo data, job worker on).
// Every page visited is checked with axe-core (WCAG 2.1 A/AA; serious and critical violations fail the test) and
// the main pages are photographed at desktop and phone width into tests/.artifacts/screenshots.
import { randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { corporateNumberCheckDigit } from "@db/reference/check-digits";
import { arrived, checkA11y, screenshot, SCREENSHOT_DIR, visit } from "./support/browser";
import { DEMO_PASSWORD, demoEmail, sleep } from "./support/server";
import { browserSuite } from "./support/suite";

const chromiumPath = inject("chromiumPath");

/** A valid 法人番号 that no demo company uses: a random 12-digit base with its check digit in front. */
function randomCorporateNumber(): string {
  const base = Array.from({ length: 12 }, () => randomInt(10)).join("");
  return `${corporateNumberCheckDigit(base)}${base}`;
}

/** The same number with a wrong check digit. */
function withWrongCheckDigit(corporateNumber: string): string {
  return `${(Number(corporateNumber[0]) + 1) % 10}${corporateNumber.slice(1)}`;
}

const runId = Date.now().toString(36);

describe.skipIf(!chromiumPath)("browser journeys (Chromium)", () => {
  const suite = browserSuite("browser", chromiumPath);
  const { newPage, signIn, demoPage } = suite;

  afterAll(() => console.log(`[e2e] screenshots: ${SCREENSHOT_DIR}`));

  /**
   * Reloads the operator's outbox until a mail to `to` whose subject contains `subject` was handled by the worker,
   * then reads the e-mail as its recipient gets it: without SMTP, the worker writes it to the data folder's mail/.
   * The outbox itself never shows an access link (the operator may resend it, not read it).
   */
  async function readMail(to: string, subject: string): Promise<string> {
    const operator = await demoPage("operator");
    await visit(operator, "/admin/outbox");
    const deadline = Date.now() + 30_000;
    for (;;) {
      const mail = operator.locator("article.card").filter({ hasText: to }).filter({ hasText: subject }).first();
      // The worker (every 2 s) marks it 未送信 because no SMTP_URL is set: it was picked up and processed.
      if ((await mail.count()) > 0 && (await mail.getByText("未送信（SMTP未設定）").count()) > 0) {
        await checkA11y(operator, "/admin/outbox (with the mail)");
        const shown = (await mail.locator("pre.mail").textContent()) ?? "";
        expect(shown).not.toMatch(/\/(invitations|reset-password)\/[A-Za-z0-9_-]{20,}/);
        expect(shown).toContain("送信箱には表示されません");
        return mailFromFolder(to, subject);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `No processed mail to ${to} (${subject}) in /admin/outbox after 30 s:\n${await operator.locator("main").innerText()}`,
        );
      }
      await sleep(1_000);
      await operator.reload();
    }
  }

  /** The newest e-mail to `to` (subject containing `subject`) in the server's mail folder. */
  function mailFromFolder(to: string, subject: string): string {
    const folder = path.join(suite.server().dataDir, "mail");
    const texts = fs
      .readdirSync(folder)
      .sort()
      .reverse()
      .map((name) => fs.readFileSync(path.join(folder, name), "utf8"));
    const text = texts.find((t) => t.startsWith(`To: ${to}\n`) && t.split("\n")[1]!.includes(subject));
    if (!text) throw new Error(`No mail to ${to} (${subject}) in ${folder}`);
    return text;
  }

  function linkIn(body: string, pathPrefix: string): string {
    const match = new RegExp(`https?://[^\\s]+${pathPrefix}[^\\s]+`).exec(body);
    if (!match) throw new Error(`No ${pathPrefix} link in the mail:\n${body}`);
    expect(match[0].startsWith(suite.server().url)).toBe(true);
    return match[0];
  }

  it("a company signs up, lands on its dashboard, signs out and signs in again", async () => {
    const page = await newPage();
    await visit(page, "/");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("地域の課題");
    await screenshot(page, "01-home");

    await visit(page, "/signup");
    // After hydration only the chosen kind's section shows (company by default).
    await expect(page.locator("fieldset[hidden]").count()).resolves.toBe(2);
    await expect(page.locator('input[name="organizationKind"][value="company"]').isChecked()).resolves.toBe(true);
    await screenshot(page, "02-signup");

    const email = `e2e-company-${runId}@example.jp`;
    const companyName = `株式会社E2Eテスト${runId}`;
    const password = "e2e-password-ok-2026";
    const corporateNumber = randomCorporateNumber();
    await page.locator("#displayName").fill("E2E 事業開発部 試験");
    await page.locator("#email").fill(email);
    await page.locator("#password").fill(password);
    await page.locator("#companyName").fill(companyName);
    await page.locator("#corporateNumber").fill(corporateNumber);
    await page.getByRole("button", { name: "登録する" }).click();
    await arrived(page, /\/company$/, `${companyName} 企業ダッシュボード`);
    await expect(page.locator(".viewer-bar").innerText()).resolves.toContain("E2E 事業開発部 試験 さん");
    await expect(page.locator("main").innerText()).resolves.toContain(corporateNumber);
    await screenshot(page, "03-company-dashboard");

    // ログアウト is in the account menu of the main navigation.
    await page
      .getByRole("navigation", { name: "メインメニュー" })
      .locator("summary", { hasText: "アカウント" })
      .click();
    await page.getByRole("button", { name: "ログアウト" }).click();
    await arrived(page, /\/login\?notice=signed-out$/, "ログイン");
    await expect(page.getByRole("status").innerText()).resolves.toContain("ログアウトしました");
    await expect(page.getByRole("button", { name: "ログアウト" }).count()).resolves.toBe(0);
    await screenshot(page, "04-login");

    // Signed out: the dashboard sends the visitor to the sign-in page, and back after signing in.
    await page.goto("/company");
    await page.waitForURL(/\/login\?redirectTo=%2Fcompany$/);
    await checkA11y(page);
    await page.locator("#email").fill(email);
    await page.locator("#password").fill(password);
    await page.getByRole("button", { name: "ログイン", exact: true }).click();
    await arrived(page, /\/company$/, `${companyName} 企業ダッシュボード`);

    // A company may not open a municipality's workspace: the Japanese 403 page.
    await visit(page, "/municipality", 403);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("アクセスする権限がありません");
    await screenshot(page, "05-forbidden");

    await visit(page, "/kore-wa-nai", 404);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("ページが見つかりません");
    await screenshot(page, "06-not-found");
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`bad sign-up input shows Japanese messages beside the fields and keeps what was typed (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const page = await newPage({ javaScriptEnabled });
      await visit(page, "/signup");
      const companyName = `株式会社入力ミス${javaScriptEnabled ? "JS" : "HTML"}`;
      const wrongNumber = withWrongCheckDigit(randomCorporateNumber());
      await page.locator("#displayName").fill("入力 ミス子");
      await page.locator("#email").fill("not-an-email");
      await page.locator("#password").fill("short");
      await page.locator("#companyName").fill(companyName);
      await page.locator("#corporateNumber").fill(wrongNumber);
      await page.getByRole("button", { name: "登録する" }).click();

      await page.locator("#email-error").waitFor();
      await checkA11y(page, `/signup with errors (JS ${javaScriptEnabled ? "on" : "off"})`);
      expect(new URL(page.url()).pathname).toBe("/signup");
      await expect(page.locator("#email-error").innerText()).resolves.toContain(
        "メールアドレスの形式が正しくありません",
      );
      await expect(page.locator("#password-error").innerText()).resolves.toContain("10文字以上");
      await expect(page.locator("#corporateNumber-error").innerText()).resolves.toContain("チェックディジット");
      await expect(page.locator("#displayName-error").count()).resolves.toBe(0);
      await expect(page.locator("#companyName-error").count()).resolves.toBe(0);
      await expect(page.getByRole("alert").first().innerText()).resolves.toContain("入力内容に誤りがあります");
      // Each message is tied to its field for screen readers.
      await expect(page.locator("#email").getAttribute("aria-invalid")).resolves.toBe("true");
      await expect(page.locator("#email").getAttribute("aria-describedby")).resolves.toContain("email-error");
      await expect(page.locator("#corporateNumber").getAttribute("aria-describedby")).resolves.toContain(
        "corporateNumber-error",
      );
      // What was typed is still there (rendered by the server when JavaScript is off)…
      await expect(page.locator("#email").inputValue()).resolves.toBe("not-an-email");
      await expect(page.locator("#companyName").inputValue()).resolves.toBe(companyName);
      await expect(page.locator("#corporateNumber").inputValue()).resolves.toBe(wrongNumber);
      await expect(page.locator("#displayName").inputValue()).resolves.toBe("入力 ミス子");
      // …except the password, which the server never sends back.
      if (!javaScriptEnabled) await expect(page.locator("#password").inputValue()).resolves.toBe("");
      if (javaScriptEnabled) await screenshot(page, "07-signup-errors");
    });
  }

  it("each demo role signs in and lands on its own dashboard", async () => {
    const operator = await demoPage("operator");
    expect(new URL(operator.url()).pathname).toBe("/admin");
    await expect(operator.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("運営管理");
    await screenshot(operator, "08-admin");

    const bibai = await demoPage("bibai-admin");
    expect(new URL(bibai.url()).pathname).toBe("/municipality");
    await expect(bibai.getByRole("heading", { level: 1 }).innerText()).resolves.toContain(
      "美唄市 自治体ダッシュボード",
    );
    await expect(bibai.locator("main").innerText()).resolves.toContain("公開できます");
    await expect(bibai.locator("main").innerText()).resolves.toContain("北海道経済産業局");
    await screenshot(bibai, "09-municipality-verified");

    const ikeda = await demoPage("ikeda-admin");
    expect(new URL(ikeda.url()).pathname).toBe("/municipality");
    await expect(ikeda.getByRole("heading", { level: 1 }).innerText()).resolves.toContain(
      "池田市 自治体ダッシュボード",
    );
    const ikedaMain = await ikeda.locator("main").innerText();
    expect(ikedaMain).toContain("確認待ち");
    expect(ikedaMain).not.toContain("公開できます");
    await expect(ikeda.locator(".viewer-bar").innerText()).resolves.toContain("未確認");
    await screenshot(ikeda, "10-municipality-unverified");

    const bureau = await demoPage("hokkaido-meti-admin");
    expect(new URL(bureau.url()).pathname).toBe("/bureau");
    await expect(bureau.getByRole("heading", { level: 1 }).innerText()).resolves.toContain("北海道経済産業局");
    const municipalities = await bureau.locator("main table tbody").innerText();
    for (const name of ["美唄市", "江差町", "様似町"]) expect(municipalities).toContain(name);
    for (const outside of ["池田市", "かすみがうら市", "東大和市"]) expect(municipalities).not.toContain(outside);
    await screenshot(bureau, "11-bureau");

    const company = await demoPage("healthcare-lab-admin");
    expect(new URL(company.url()).pathname).toBe("/company");
    await expect(company.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(
      "株式会社ほっかいどうヘルスケアラボ 企業ダッシュボード",
    );
  });

  it("the operator verifies 池田市, after which its admin may publish", async () => {
    const operator = await demoPage("operator");
    await visit(operator, "/admin/organizations?status=unverified");
    const row = operator.locator("tbody tr").filter({ hasText: "池田市" });
    await expect(row.count()).resolves.toBe(1);
    await screenshot(operator, "12-admin-organizations");
    await row.getByRole("button", { name: "確認済みにする" }).click();
    await arrived(operator, /\/admin\/organizations\?status=unverified&notice=verification-updated$/, "組織の確認");
    await expect(operator.getByRole("status").innerText()).resolves.toContain("組織の確認状態を更新しました");
    await expect(operator.locator("tbody tr").filter({ hasText: "池田市" }).count()).resolves.toBe(0);

    await visit(operator, "/admin/organizations?status=verified");
    await expect(
      operator.locator("tbody tr").filter({ hasText: "池田市" }).getByText("確認済み").count(),
    ).resolves.toBe(1);

    const ikeda = await demoPage("ikeda-admin");
    await visit(ikeda, "/municipality");
    const main = await ikeda.locator("main").innerText();
    expect(main).toContain("公開できます");
    expect(main).not.toContain("確認待ち");
    await expect(ikeda.locator(".viewer-bar").innerText()).resolves.not.toContain("未確認");
  });

  it("a municipality admin invites a member, who joins through the e-mailed link", async () => {
    const admin = await demoPage("bibai-admin");
    await visit(admin, "/org");
    await screenshot(admin, "13-org");
    await visit(admin, "/org/members");
    const invitee = `e2e-invitee-${runId}@example.jp`;
    await admin.locator("#email").fill(invitee);
    await admin.locator("#role").selectOption("member");
    await admin.getByRole("button", { name: "招待メールを送る" }).click();
    await arrived(admin, /\/org\/members\?notice=invited$/, "メンバーの管理");
    await expect(admin.getByRole("status").innerText()).resolves.toContain("招待メールを送信しました");
    await expect(admin.locator("main").innerText()).resolves.toContain(invitee);
    await screenshot(admin, "14-org-members");

    const mail = await readMail(invitee, "美唄市への招待");
    const operator = await demoPage("operator");
    await screenshot(operator, "15-admin-outbox");
    const link = linkIn(mail, "/invitations/");

    // The invitee has never used the site: a fresh browser context.
    const guest = await newPage();
    await visit(guest, link);
    await expect(guest.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("「美唄市」への招待");
    await expect(guest.locator("main").innerText()).resolves.toContain(invitee);
    await screenshot(guest, "16-invitation");
    await guest.getByRole("link", { name: "アカウントを作成して参加" }).click();
    await arrived(guest, /\/signup\/invited\?token=/, "「美唄市」に参加する");
    await expect(guest.locator("#email").inputValue()).resolves.toBe(invitee);
    await expect(guest.locator("#email").getAttribute("readonly")).resolves.not.toBeNull();
    await screenshot(guest, "17-signup-invited");
    await guest.locator("#displayName").fill("美唄市 地域包括ケア推進課 E2E");
    await guest.locator("#password").fill("invitee-password-2026");
    await guest.getByRole("button", { name: "登録して参加する" }).click();
    await arrived(guest, /\/municipality$/, /美唄市 自治体ダッシュボード/);
    await expect(guest.locator(".viewer-bar").innerText()).resolves.toContain("美唄市（メンバー）");

    // The link worked once only; the member now shows in the admin's list and is no longer "invited".
    await visit(guest, link);
    await expect(guest.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("招待が見つかりません");
    await visit(admin, "/org/members");
    const memberRow = admin.locator("tbody tr").filter({ hasText: invitee });
    await expect(memberRow.count()).resolves.toBe(1);
    await expect(memberRow.innerText()).resolves.toContain("美唄市 地域包括ケア推進課 E2E");
    await expect(admin.getByText("招待中の方はいません。").count()).resolves.toBe(1);
  });

  it("a user who forgot the password resets it with the e-mailed link and signs in with the new one", async () => {
    const email = demoEmail("esashi-admin");
    const page = await newPage();
    await visit(page, "/login");
    await page.getByRole("link", { name: "パスワードをお忘れの方" }).click();
    await arrived(page, /\/forgot-password$/, "パスワードの再設定");
    await screenshot(page, "18-forgot-password");
    await page.locator("#email").fill(email);
    await page.getByRole("button", { name: "再設定のリンクを送る" }).click();
    await arrived(page, /\/login\?notice=reset-requested$/, "ログイン");
    await expect(page.getByRole("status").innerText()).resolves.toContain("パスワード再設定のご案内を送信しました");

    const mail = await readMail(email, "パスワード再設定");
    const link = linkIn(mail, "/reset-password/");
    await visit(page, link);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("新しいパスワードの設定");
    await screenshot(page, "19-reset-password");
    const newPassword = "esashi-new-password-2026";
    await page.locator("#newPassword").fill(newPassword);
    await page.locator("#confirmPassword").fill(newPassword);
    await page.getByRole("button", { name: "パスワードを設定する" }).click();
    await arrived(page, /\/login\?notice=password-reset$/, "ログイン");
    await expect(page.getByRole("status").innerText()).resolves.toContain("パスワードを再設定しました");

    // The old password no longer works; the error shows on the form.
    await page.locator("#email").fill(email);
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "ログイン", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "メールアドレスまたはパスワードが正しくありません" }).waitFor();
    await checkA11y(page, "/login with a wrong password");
    await expect(page.locator("#email").inputValue()).resolves.toBe(email);

    await signIn(page, email, newPassword, /\/municipality$/, /江差町 自治体ダッシュボード/);

    // The link is spent.
    await visit(page, link);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("リンクが無効です");
  });

  it("the remaining workspace pages render cleanly for their users", async () => {
    const operator = await demoPage("operator");
    for (const [path, heading, shot] of [
      ["/admin/jobs", /./, "20-admin-jobs"],
      ["/admin/audit", /./, "21-admin-audit"],
      ["/org", /ガバメントピッチ運営事務局/, null],
    ] as const) {
      await visit(operator, path);
      await operator.getByRole("heading", { level: 1, name: heading }).waitFor();
      if (shot) await screenshot(operator, shot);
    }
    const bibai = await demoPage("bibai-admin");
    await visit(bibai, "/org/audit");
    await expect(bibai.locator("main").innerText()).resolves.toContain("招待の送信");
    await screenshot(bibai, "22-org-audit");
    await visit(bibai, "/account");
    await expect(bibai.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("アカウント");
    await screenshot(bibai, "23-account");
    // Budgets: registering one from 全角 digits; it shows in the list with the standard amount beside it.
    await visit(bibai, "/municipality/budgets");
    await bibai.locator("#amountYen").fill("８，０００，０００");
    await bibai.getByRole("button", { name: "登録する" }).click();
    await arrived(bibai, /\/municipality\/budgets/, "予算");
    await expect(bibai.locator("main").innerText()).resolves.toContain("8,000,000円");
    await expect(bibai.locator("#amountYen").inputValue()).resolves.toBe("");
    await screenshot(bibai, "24-budgets");
    const company = await demoPage("healthcare-lab-admin");
    await visit(company, "/company/profile");
    await screenshot(company, "26-company-profile");
    await visit(company, "/company/recommendations");
    await screenshot(company, "25-recommendations");
    // A member (not admin) may not manage members.
    const member = await newPage();
    await signIn(member, demoEmail("bibai-member"), DEMO_PASSWORD, /\/municipality$/, /美唄市/);
    await visit(member, "/org/members", 403);
    await visit(member, "/admin", 403);
  });
});
