// The municipality master in Chromium against the built server (demo data): the operator finds the master page from
// the operator home, sees 浜松市's abolished wards with their successors, has a file with a wrong check digit refused
// beside the field, uploads a newer master (two towns merged into a new city), reads its difference and applies it.
// Every page is checked with axe-core and photographed at desktop and phone width.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { localGovernmentCodeCheckDigit } from "@db/reference/check-digits";
import { arrived, screenshot, visit } from "./support/browser";
import { ROOT } from "./support/server";
import { browserSuite } from "./support/suite";

const chromiumPath = inject("chromiumPath");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "master-e2e-"));
const original = fs.readFileSync(path.join(ROOT, "db/data/localgovjp-utf8.csv"), "utf8");
const NEW_CODE = `05999${localGovernmentCodeCheckDigit("05999")}`;
const newer = path.join(dir, "localgovjp-2027.csv");
fs.writeFileSync(
  newer,
  original
    .replace(/^.*,053635\r?\n/m, "")
    .replace(/^.*,053660\r?\n/m, `5,秋田県,5999,湖東市,ことうし,39.93,140.07,,,${NEW_CODE}\n`),
);
const broken = path.join(dir, "broken.csv");
fs.writeFileSync(broken, original.replace(",011002\n", ",011003\n"));

describe.skipIf(!chromiumPath)("the municipality master (Chromium)", () => {
  const { demoPage } = browserSuite("reference", chromiumPath);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the operator reviews a newer master and applies it after choosing successors", async () => {
    const page = await demoPage("operator");
    await visit(page, "/admin");
    await page.getByRole("link", { name: "市区町村マスタを開く" }).click();
    await arrived(page, /\/admin\/municipalities$/, "市区町村マスタ");
    const history = page.locator('section[aria-labelledby="history"]');
    await expect(history.innerText()).resolves.toContain("浜松市中区");
    await expect(history.innerText()).resolves.toContain("浜松市中央区");
    await screenshot(page, "27-admin-municipalities");

    // A wrong check digit: refused beside the file field.
    await page.locator("#file").setInputFiles(broken);
    await page.getByRole("button", { name: "違いを確認する" }).click();
    await arrived(page, /\/admin\/municipalities$/, "市区町村マスタ");
    await expect(page.locator("#file-error").innerText()).resolves.toMatch(/検査数字.*011003/);

    await page.locator("#file").setInputFiles(newer);
    await page.getByRole("button", { name: "違いを確認する" }).click();
    await arrived(page, /\/admin\/municipalities\/imports\/[0-9a-f-]{36}/, "マスタファイルの確認");
    const main = await page.locator("main").innerText();
    expect(main).toContain("湖東市");
    expect(main).toContain("八郎潟町（053635）の後継");
    expect(main).toContain("井川町（053660）の後継");
    await expect(
      page
        .getByRole("checkbox", { name: `湖東市（${NEW_CODE}）` })
        .first()
        .isChecked(),
    ).resolves.toBe(true);
    await screenshot(page, "28-admin-master-import");

    await page.locator("#effectiveOn").fill("2027-04-01");
    await page.getByRole("button", { name: "マスタに適用する" }).click();
    await arrived(page, /\/admin\/municipalities/, "市区町村マスタ");
    await expect(page.getByRole("status").first().innerText()).resolves.toContain("市区町村マスタを更新しました");
    await expect(history.innerText()).resolves.toContain("八郎潟町");
    await screenshot(page, "29-admin-master-applied");

    // The sign-up suggestions offer the new city, not the merged towns.
    const api = await page.request.get("/api/municipalities?prefecture=5");
    const names = ((await api.json()) as { municipalities: { name: string }[] }).municipalities.map((m) => m.name);
    expect(names).toContain("湖東市");
    expect(names).not.toContain("八郎潟町");
  });
});
