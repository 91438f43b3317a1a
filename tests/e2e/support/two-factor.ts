// The second factor as a person sets it up in the browser: start set-up, read the key shown for manual entry, compute
// the code an authenticator app would show (RFC 6238, like the app), confirm, and keep the key for later sign-ins.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { arrived, visit } from "./browser";
import { sleep } from "./server";

const PERIOD_MS = 30_000;

export interface EnrolledFactor {
  key: Uint8Array;
  /** The last time step used: the server refuses a code of that step or an earlier one. */
  lastStep: number;
  recoveryCodes: string[];
}

const step = () => Math.floor(Date.now() / PERIOD_MS);

/** A code the server accepts now: of a step after the last one used, within one step of now (waits if needed). */
export async function nextCode(factor: EnrolledFactor): Promise<string> {
  for (;;) {
    const current = step();
    for (const candidate of [current - 1, current, current + 1]) {
      if (candidate > factor.lastStep) {
        factor.lastStep = candidate;
        return generateHOTP(factor.key, BigInt(candidate), 6);
      }
    }
    await sleep(PERIOD_MS - (Date.now() % PERIOD_MS) + 50);
  }
}

/** Sets up the signed-in user's second factor through /account/two-factor. */
export async function setUpSecondFactor(page: Page): Promise<EnrolledFactor> {
  await visit(page, "/account/two-factor");
  await page.getByRole("button", { name: "設定を始める" }).click();
  await arrived(page, /\/account\/two-factor$/, "二段階認証");
  await expect(page.getByRole("img", { name: "認証アプリで読み取るQRコード" }).count()).resolves.toBe(1);
  const shown = (await page.getByTestId("totp-key").innerText()).trim();
  const factor: EnrolledFactor = {
    key: decodeBase32IgnorePadding(shown.replace(/\s/g, "")),
    lastStep: 0,
    recoveryCodes: [],
  };
  await page.locator("#code").fill(await nextCode(factor));
  await page.getByRole("button", { name: "確認して設定する" }).click();
  await page.getByRole("heading", { level: 2, name: "二段階認証を設定しました" }).waitFor();
  factor.recoveryCodes = (await page.getByRole("list", { name: "リカバリーコード" }).innerText())
    .split(/\s+/)
    .filter(Boolean);
  expect(factor.recoveryCodes).toHaveLength(10);
  return factor;
}

/** The code step of sign-in (after the password), with the enrolled factor. */
export async function enterSecondFactor(page: Page, factor: EnrolledFactor): Promise<void> {
  await arrived(page, /\/login\/two-factor/, "確認コードの入力");
  await page.locator("#code").fill(await nextCode(factor));
  await page.getByRole("button", { name: "ログイン", exact: true }).click();
}
