// Expenditure reports through their routes: the company submits (multipart, receipts checked by content, total computed
// by the server), bad input comes back beside its field with what was typed and nothing written, the municipality
// approves or returns (a comment is required to return), each side is refused the other's action, other organisations
// get 404 for pages, reports and receipts, and of two reviewers at once one wins and the other is told.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { createFundedMilestones } from "~/seed/funding-factory.server";
import { createPilot } from "~/seed/pilot-factory.server";
import { db } from "~/lib/db.server";
import { setStorageRootForTests } from "~/lib/storage.server";
import * as reportRoute from "~/routes/pilots.$pilotId.expenditures.$reportId";
import * as listRoute from "~/routes/pilots.$pilotId.expenditures._index";
import * as receiptRoute from "~/routes/pilots.$pilotId.receipts.$receiptId";
import { countRows, rowCounts } from "../support/db";
import { BASE_URL, getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const FAKE_PDF = new TextEncoder().encode("<html><script>alert(1)</script></html>");

let uploads: string;
const storedFiles = () => fs.readdirSync(uploads).length;

beforeAll(() => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "expenditure-routes-"));
  setStorageRootForTests(uploads);
});

afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(uploads, { recursive: true, force: true });
});

async function fundedPilot(amounts = [400_000, 600_000]) {
  const match = await createPilot(db());
  return {
    ...match,
    ...(await createFundedMilestones(db(), match, amounts, { titles: ["第1回支払（着手時）", "第2回支払（完了時）"] })),
  };
}

const cookieOf = (userId: string) => signedInCookie(userId);
const listPath = (pilotId: string) => `/pilots/${pilotId}/expenditures`;

interface Upload {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/** The company's report form as a browser sends it: text fields first, then the receipts. */
async function submitReport(userId: string, pilotId: string, fields: Record<string, string>, files: Upload[] = []) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const f of files)
    form.append(
      "receipts",
      new File([f.bytes.slice().buffer as ArrayBuffer], f.name, { type: f.type ?? "application/pdf" }),
    );
  const request = new Request(new URL(listPath(pilotId), BASE_URL), {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: await cookieOf(userId) },
    body: form,
  });
  return run(listRoute.action, request, { params: { pilotId } });
}

const goodFields = (milestoneId: string): Record<string, string> => ({
  intent: "submit",
  milestoneId,
  narrative: "買い物支援の送迎を8回運行し、延べ64人が利用しました。",
  "items.0.description": "送迎車の借上げ（8回）",
  "items.0.amount": "１２０，０００",
  "items.1.description": "運転手の謝金",
  "items.1.amount": "48,000円",
  "items.2.description": "",
  "items.2.amount": "",
});

async function review(userId: string, pilotId: string, fields: Record<string, string>, reportId?: string) {
  const route = reportId ? reportRoute : listRoute;
  const where = reportId ? `${listPath(pilotId)}/${reportId}` : listPath(pilotId);
  return run(route.action, postRequest(where, fields, { cookie: await cookieOf(userId) }), {
    params: reportId ? { pilotId, reportId } : { pilotId },
  });
}

async function listPage(userId: string, pilotId: string) {
  return run(listRoute.loader, getRequest(listPath(pilotId), { cookie: await cookieOf(userId) }), {
    params: { pilotId },
  });
}

async function reportPage(userId: string, pilotId: string, reportId: string) {
  return run(reportRoute.loader, getRequest(`${listPath(pilotId)}/${reportId}`, { cookie: await cookieOf(userId) }), {
    params: { pilotId, reportId },
  });
}

async function download(userId: string | null, pilotId: string, receiptId: string) {
  const cookie = userId ? await cookieOf(userId) : null;
  return run(receiptRoute.loader, getRequest(`/pilots/${pilotId}/receipts/${receiptId}`, { cookie }), {
    params: { pilotId, receiptId },
  });
}

/** Row counts of every writable table, less the sessions each signed-in request opens. */
async function counts() {
  return { ...(await rowCounts()), user_session: 0 };
}

async function submittedReport(f: Awaited<ReturnType<typeof fundedPilot>>) {
  const result = await submitReport(f.company.user.id, f.pilot.id, goodFields(f.milestones[0]!.id), [
    { name: "領収書.pdf", bytes: PDF },
  ]);
  expect(result.status).toBe(302);
  return db()
    .selectFrom("expenditure_report")
    .selectAll()
    .where("milestone_id", "=", f.milestones[0]!.id)
    .orderBy("submitted_at", "desc")
    .executeTakeFirstOrThrow();
}

describe("the company's report", () => {
  it("submits items and receipts; the server computes the total and the page shows it", async () => {
    const f = await fundedPilot();
    const member = await createUser(db());
    await addMember(db(), { organizationId: f.company.organization.id, userId: member.id, role: "member" });
    const milestone = f.milestones[0]!;
    const result = await submitReport(member.id, f.pilot.id, goodFields(milestone.id), [
      { name: "領収書_送迎.pdf", bytes: PDF },
      { name: "謝金.jpg", bytes: JPEG, type: "image/jpeg" },
    ]);
    expect(result).toMatchObject({
      status: 302,
      location: `${listPath(f.pilot.id)}?notice=expenditure-submitted#milestone-${milestone.id}`,
    });
    const page = await listPage(member.id, f.pilot.id);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ side: "company", canSubmit: true, canReview: false, approvedYen: 0 });
    const [first, second] = page.body.milestones;
    expect(first).toMatchObject({ id: milestone.id, title: "第1回支払（着手時）", amountYen: 400_000, open: false });
    expect(first.reports).toHaveLength(1);
    expect(first.reports[0]).toMatchObject({
      status: "submitted",
      totalYen: 168_000,
      submittedByName: member.display_name,
    });
    expect(first.reports[0].items).toEqual([
      { position: 1, description: "送迎車の借上げ（8回）", amountYen: 120_000 },
      { position: 2, description: "運転手の謝金", amountYen: 48_000 },
    ]);
    expect(
      first.reports[0].receipts.map((r: { name: string; contentType: string }) => [r.name, r.contentType]),
    ).toEqual([
      ["領収書_送迎.pdf", "application/pdf"],
      ["謝金.jpg", "image/jpeg"],
    ]);
    expect(second).toMatchObject({ open: true, reports: [] });
  });

  it("refuses a total (or any field) smuggled into the form, writing nothing", async () => {
    const f = await fundedPilot();
    const before = await counts();
    const extras: Record<string, string>[] = [
      { totalYen: "1" },
      { total_yen: "1" },
      { status: "approved" },
      { "items.50.description": "51行目" },
      { companyId: f.company.organization.id },
    ];
    for (const extra of extras) {
      const result = await submitReport(
        f.company.user.id,
        f.pilot.id,
        { ...goodFields(f.milestones[0]!.id), ...extra },
        [{ name: "r.pdf", bytes: PDF }],
      );
      expect(result.status).toBe(400);
      expect(result.body.formError).toBe(
        "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。",
      );
    }
    expect(await counts()).toEqual(before);
  });

  it("shows bad input in Japanese beside each field, keeps what was typed, and writes and stores nothing", async () => {
    const f = await fundedPilot();
    const before = await counts();
    const files = storedFiles();
    const fields = {
      intent: "submit",
      milestoneId: f.milestones[0]!.id,
      narrative: "",
      "items.0.description": "会場使用料",
      "items.0.amount": "",
      "items.1.description": "",
      "items.1.amount": "3万円",
      "items.2.description": "印刷",
      "items.2.amount": "0",
    };
    const result = await submitReport(f.company.user.id, f.pilot.id, fields, []);
    expect(result.status).toBe(400);
    expect(result.thrown).toBe(false);
    expect(result.body.formError).toBe("入力内容を確認してください。");
    expect(result.body.fieldErrors).toEqual({
      narrative: "実施内容・成果の報告を入力してください。",
      "items.0.amount": "金額を入力してください。",
      "items.1.description": "内容を入力してください。",
      "items.1.amount": "金額は円単位の整数で入力してください（例: 120,000）。",
      "items.2.amount": "金額は1円以上で入力してください。",
      receipts: "領収書（PDF・PNG・JPEG）を1件以上添付してください。",
    });
    for (const message of Object.values(result.body.fieldErrors)) expect(message).toMatch(JAPANESE);
    expect(result.body.values).toMatchObject({
      "items.0.description": "会場使用料",
      "items.1.amount": "3万円",
      "items.2.description": "印刷",
    });

    const noRows = await submitReport(
      f.company.user.id,
      f.pilot.id,
      { intent: "submit", milestoneId: f.milestones[0]!.id, narrative: "報告" },
      [{ name: "r.pdf", bytes: PDF }],
    );
    expect(noRows.body.fieldErrors).toEqual({ items: "支出の明細を1行以上入力してください（内容と金額）。" });
    expect(await counts()).toEqual(before);
    expect(storedFiles()).toBe(files);
  });

  it("refuses a fake PDF (wrong magic bytes) and a receipt over 10MB beside the receipts field, keeping the typed values", async () => {
    const f = await fundedPilot();
    const before = await counts();
    const files = storedFiles();
    const fake = await submitReport(f.company.user.id, f.pilot.id, goodFields(f.milestones[0]!.id), [
      { name: "receipt.pdf", bytes: FAKE_PDF },
    ]);
    expect(fake.status).toBe(400);
    expect(fake.body.fieldErrors).toEqual({
      receipts: "「receipt.pdf」はPDF・PNG・JPEGのファイルではありません。領収書はPDF・PNG・JPEGで添付してください。",
    });
    expect(fake.body.values).toMatchObject({ narrative: goodFields("").narrative, "items.0.amount": "１２０，０００" });
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const tooBig = await submitReport(f.company.user.id, f.pilot.id, goodFields(f.milestones[0]!.id), [
      { name: "scan.pdf", bytes: big },
    ]);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.fieldErrors).toEqual({
      receipts: "ファイルが大きすぎます。10MB以下のファイルを選んでください。",
    });
    expect(tooBig.body.values).toMatchObject({
      narrative: goodFields("").narrative,
      "items.1.description": "運転手の謝金",
    });
    expect(await counts()).toEqual(before);
    expect(storedFiles()).toBe(files);
  });

  it("refuses a second report under review in Japanese, and a cancelled milestone", async () => {
    const f = await fundedPilot();
    await submittedReport(f);
    const again = await submitReport(f.company.user.id, f.pilot.id, goodFields(f.milestones[0]!.id), [
      { name: "r.pdf", bytes: PDF },
    ]);
    expect(again.status).toBe(400);
    expect(again.body.formError).toBe(
      "この支払予定の支出報告は自治体の確認待ちです。差し戻された場合に、あらためて提出できます。",
    );
    await db().updateTable("milestone").set({ status: "cancelled" }).where("id", "=", f.milestones[1]!.id).execute();
    const cancelled = await submitReport(f.company.user.id, f.pilot.id, goodFields(f.milestones[1]!.id), [
      { name: "r.pdf", bytes: PDF },
    ]);
    expect(cancelled.body.formError).toBe("取り消された支払予定には支出を報告できません。");
    const page = await listPage(f.company.user.id, f.pilot.id);
    expect(page.body.milestones.map((m: { open: boolean }) => m.open)).toEqual([false, false]);
  });

  it("is not the municipality's to submit, nor an operator's", async () => {
    const f = await fundedPilot();
    const operator = await createMember(db(), { kind: "operator" });
    const before = await counts();
    const asMunicipality = await submitReport(f.municipality.user.id, f.pilot.id, goodFields(f.milestones[0]!.id), [
      { name: "r.pdf", bytes: PDF },
    ]);
    expect(asMunicipality).toMatchObject({ status: 403, thrown: true });
    const plain = await run(
      listRoute.action,
      postRequest(listPath(f.pilot.id), goodFields(f.milestones[0]!.id), {
        cookie: await cookieOf(f.municipality.user.id),
      }),
      {
        params: { pilotId: f.pilot.id },
      },
    );
    expect(plain.status).toBe(403);
    const asOperator = await submitReport(operator.user.id, f.pilot.id, goodFields(f.milestones[0]!.id), [
      { name: "r.pdf", bytes: PDF },
    ]);
    expect(asOperator.status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe("the municipality's review", () => {
  it("approves from the report's page, and the funding figures follow", async () => {
    const f = await fundedPilot();
    const report = await submittedReport(f);
    const page = await reportPage(f.municipality.user.id, f.pilot.id, report.id);
    expect(page.body).toMatchObject({
      side: "municipality",
      canReview: true,
      canSubmit: false,
      report: { id: report.id, status: "submitted", totalYen: 168_000 },
    });
    const result = await review(
      f.municipality.user.id,
      f.pilot.id,
      { intent: "approve", reportId: report.id },
      report.id,
    );
    expect(result).toMatchObject({
      status: 302,
      location: `${listPath(f.pilot.id)}/${report.id}?notice=expenditure-approved`,
    });
    const list = await listPage(f.company.user.id, f.pilot.id);
    expect(list.body.approvedYen).toBe(168_000);
    expect(list.body.milestones[0].reports[0]).toMatchObject({
      status: "approved",
      reviewedByName: f.municipality.user.display_name,
    });
    expect(
      await countRows("notification", (q) =>
        q.where("user_id", "=", f.company.user.id).where("kind", "=", "expenditure_reviewed"),
      ),
    ).toBe(1);
  });

  it("refuses a return without a comment beside the field, then returns with one, and the company may submit again", async () => {
    const f = await fundedPilot();
    const report = await submittedReport(f);
    const before = await counts();
    const empty = await review(f.municipality.user.id, f.pilot.id, {
      intent: "return",
      reportId: report.id,
      comment: "   ",
    });
    expect(empty.status).toBe(400);
    expect(empty.body.fieldErrors).toEqual({
      comment: "差し戻す理由を入力してください。企業はこのコメントを見て報告を直します。",
    });
    expect(empty.body.values).toMatchObject({ intent: "return", reportId: report.id });
    expect(await counts()).toEqual(before);
    const returned = await review(f.municipality.user.id, f.pilot.id, {
      intent: "return",
      reportId: report.id,
      comment: "謝金の支払先ごとの内訳を添えてください。",
    });
    expect(returned).toMatchObject({ status: 302, location: `${listPath(f.pilot.id)}?notice=expenditure-returned` });
    const page = await listPage(f.company.user.id, f.pilot.id);
    expect(page.body.milestones[0]).toMatchObject({
      open: true,
      reports: [{ status: "returned", reviewComment: "謝金の支払先ごとの内訳を添えてください。" }],
    });
    const again = await submitReport(f.company.user.id, f.pilot.id, goodFields(f.milestones[0]!.id), [
      { name: "内訳.pdf", bytes: PDF },
    ]);
    expect(again.status).toBe(302);
    expect(await countRows("expenditure_report", (q) => q.where("milestone_id", "=", f.milestones[0]!.id))).toBe(2);
  });

  it("is not the company's to review, nor a plain member's, nor an operator's", async () => {
    const f = await fundedPilot();
    const report = await submittedReport(f);
    const colleague = await createUser(db());
    await addMember(db(), { organizationId: f.municipality.organization.id, userId: colleague.id, role: "member" });
    const operator = await createMember(db(), { kind: "operator" });
    const before = await counts();
    expect(await review(f.company.user.id, f.pilot.id, { intent: "approve", reportId: report.id })).toMatchObject({
      status: 403,
      thrown: true,
    });
    expect(await review(colleague.id, f.pilot.id, { intent: "approve", reportId: report.id })).toMatchObject({
      status: 403,
    });
    expect(
      await review(operator.user.id, f.pilot.id, { intent: "approve", reportId: report.id }, report.id),
    ).toMatchObject({ status: 403 });
    expect(await counts()).toEqual(before);
    expect(
      (
        await db()
          .selectFrom("expenditure_report")
          .select("status")
          .where("id", "=", report.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("submitted");
  });

  it("of two reviewers at once, lets one win and tells the other clearly", async () => {
    const f = await fundedPilot();
    const report = await submittedReport(f);
    const second = await createUser(db(), { displayName: "審査 次郎" });
    await addMember(db(), { organizationId: f.municipality.organization.id, userId: second.id, role: "admin" });
    const results = await Promise.all([
      review(f.municipality.user.id, f.pilot.id, { intent: "approve", reportId: report.id }),
      review(second.id, f.pilot.id, { intent: "return", reportId: report.id, comment: "領収書の日付が読めません。" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 400]);
    const lost = results.find((r) => r.status === 400)!;
    expect(lost.body.formError).toMatch(
      /^この支出報告は、すでに.+が(承認|差し戻し)しました。ページを再読み込みして最新の状態を確認してください。$/,
    );
    expect(
      await countRows("audit_log", (q) =>
        q.where("entity_id", "=", report.id).where("action", "in", ["expenditure.approve", "expenditure.return"]),
      ),
    ).toBe(1);
  });
});

describe("other organisations and ids", () => {
  it("answers 404 for another organisation's pilot, report and receipt, exactly like unknown ids", async () => {
    const f = await fundedPilot();
    const report = await submittedReport(f);
    const receipt = await db()
      .selectFrom("expenditure_receipt")
      .select("id")
      .where("report_id", "=", report.id)
      .executeTakeFirstOrThrow();
    const other = await fundedPilot();
    const stranger = await createMember(db(), { kind: "company" });
    const UNKNOWN = "5b0a4f8e-8a4e-4c55-9d7e-2f1a3c1d0e99";

    expect(await listPage(stranger.user.id, f.pilot.id)).toMatchObject({ status: 404 });
    expect(await reportPage(stranger.user.id, f.pilot.id, report.id)).toMatchObject({ status: 404 });
    // Through a pilot of one's own, another pilot's report or receipt does not exist either.
    const swapped = await reportPage(other.company.user.id, other.pilot.id, report.id);
    const unknown = await reportPage(other.company.user.id, other.pilot.id, UNKNOWN);
    expect(swapped).toMatchObject({ status: 404, thrown: true });
    expect(swapped.body).toBe(unknown.body);
    expect(await reportPage(other.municipality.user.id, other.pilot.id, "not-a-uuid")).toMatchObject({ status: 404 });
    const before = await counts();
    expect(
      await review(other.municipality.user.id, other.pilot.id, { intent: "approve", reportId: report.id }),
    ).toMatchObject({ status: 404 });
    expect(
      await review(other.municipality.user.id, other.pilot.id, { intent: "approve", reportId: report.id }, report.id),
    ).toMatchObject({ status: 404 });
    expect(await counts()).toEqual(before);

    const own = await download(f.company.user.id, f.pilot.id, receipt.id);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    expect(own.headers.get("Content-Disposition")).toMatch(/^attachment; /);
    expect(own.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect((await download(f.municipality.user.id, f.pilot.id, receipt.id)).status).toBe(200);
    const swappedReceipt = await download(other.company.user.id, other.pilot.id, receipt.id);
    const unknownReceipt = await download(other.company.user.id, other.pilot.id, UNKNOWN);
    expect(swappedReceipt).toMatchObject({ status: 404 });
    expect(swappedReceipt.body).toBe(unknownReceipt.body);
    expect(await download(stranger.user.id, f.pilot.id, receipt.id)).toMatchObject({ status: 404 });
    expect(await download(null, f.pilot.id, receipt.id)).toMatchObject({ status: 404 });
  });
});

describe("the pages", () => {
  it("has no milestones to show, to either side, before the municipality schedules payments", async () => {
    const match = await createPilot(db());
    for (const member of [match.company, match.municipality] as CreatedMember[]) {
      const page = await listPage(member.user.id, match.pilot.id);
      expect(page).toMatchObject({ status: 200, body: { milestones: [], approvedYen: 0 } });
    }
  });

  it("lets an operator read the list and a report (audited by the gate) without any form", async () => {
    const f = await fundedPilot();
    const report = await submittedReport(f);
    const operator = await createMember(db(), { kind: "operator" });
    const list = await listPage(operator.user.id, f.pilot.id);
    expect(list.body).toMatchObject({ side: "operator", canSubmit: false, canReview: false });
    const one = await reportPage(operator.user.id, f.pilot.id, report.id);
    expect(one.body).toMatchObject({ side: "operator", canSubmit: false, canReview: false, report: { id: report.id } });
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "pilot.support_view").where("entity_id", "=", f.pilot.id),
      ),
    ).toBe(2);
  });
});
