// Expenditure reports, domain: the company submits per milestone (total computed from the items, receipts checked by
// content), the municipality's verified admins approve (final) or return with a comment, a returned report can be
// followed by a new one (history kept); everyone else is refused or finds nothing; concurrent submissions and reviews
// keep one winner; and the figures the funding pages read (approved report exists, approved spend).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppUser } from "@db/schema";
import { addMember, createMember, createUser } from "~/seed/factories.server";
import { createFundedMilestones } from "~/seed/funding-factory.server";
import { createPilot } from "~/seed/pilot-factory.server";
import { openExpenditureReceipt } from "~/domain/expenditures/expenditure-receipts.files.server";
import { reviewExpenditureReport, submitExpenditureReport } from "~/domain/expenditures/expenditures.commands.server";
import { MILESTONE_CANCELLED, REPORT_APPROVED, REPORT_UNDER_REVIEW } from "~/domain/expenditures/expenditures.rules";
import { expenditureOverview } from "~/domain/expenditures/expenditures.queries.server";
import {
  approvedReportExists,
  latestReportStatusByMilestone,
  reportedSpendByPilot,
} from "~/domain/funding/spend.queries.server";
import { findPilotForActor } from "~/domain/pilots/pilots.access.server";
import { db } from "~/lib/db.server";
import { setStorageRootForTests } from "~/lib/storage.server";
import { actorOf } from "../support/actors";
import { countRows, rowCounts } from "../support/db";

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
/** A program renamed receipt.pdf: the name says PDF, the bytes do not. */
const FAKE_PDF = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);

let uploads: string;
const storedFiles = () => fs.readdirSync(uploads).length;

beforeAll(() => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "expenditure-uploads-"));
  setStorageRootForTests(uploads);
});

afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(uploads, { recursive: true, force: true });
});

async function fundedPilot(amounts = [500_000, 300_000], options: { requiresReport?: boolean } = {}) {
  const match = await createPilot(db());
  const funded = await createFundedMilestones(db(), match, amounts, options);
  return { ...match, ...funded };
}

const report = (
  milestoneId: string,
  items = [
    { description: "会場使用料（3回分）", amountYen: 90_000 },
    { description: "チラシ印刷", amountYen: 35_500 },
  ],
) => ({
  milestoneId,
  narrative: "通いの場を3回開き、延べ48人が参加しました。",
  items,
});

const receipt = (name = "領収書.pdf", bytes: Uint8Array = PDF) => ({ name, bytes });

describe("submitExpenditureReport", () => {
  it("stores the report with the total computed from the items and the receipts, audited, and tells the municipality's admins", async () => {
    const f = await fundedPilot();
    const colleague = await createUser(db());
    await addMember(db(), { organizationId: f.municipality.organization.id, userId: colleague.id, role: "member" });
    const companyMember = await createUser(db());
    await addMember(db(), { organizationId: f.company.organization.id, userId: companyMember.id, role: "member" });
    const milestone = f.milestones[0]!;
    const before = storedFiles();
    const { reportId } = await submitExpenditureReport(
      actorOf(f.company, "member", companyMember),
      f.pilot.id,
      report(milestone.id),
      [receipt("領収書.pdf"), receipt("会場.png", PNG)],
    );
    const row = await db()
      .selectFrom("expenditure_report")
      .selectAll()
      .where("id", "=", reportId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      milestone_id: milestone.id,
      pilot_id: f.pilot.id,
      company_id: f.company.organization.id,
      status: "submitted",
      submitted_by: companyMember.id,
    });
    expect(Number(row.total_yen)).toBe(125_500);
    const items = await db()
      .selectFrom("expenditure_item")
      .selectAll()
      .where("report_id", "=", reportId)
      .orderBy("position")
      .execute();
    expect(items.map((i) => [i.position, i.description, Number(i.amount_yen)])).toEqual([
      [1, "会場使用料（3回分）", 90_000],
      [2, "チラシ印刷", 35_500],
    ]);
    const receipts = await db()
      .selectFrom("expenditure_receipt")
      .selectAll()
      .where("report_id", "=", reportId)
      .orderBy("created_at")
      .execute();
    expect(receipts.map((r) => [r.original_name, r.content_type, r.organization_id])).toEqual([
      ["領収書.pdf", "application/pdf", f.company.organization.id],
      ["会場.png", "image/png", f.company.organization.id],
    ]);
    for (const r of receipts) expect(r.storage_key).toMatch(/^[a-f0-9]{48}$/);
    expect(storedFiles()).toBe(before + 2);

    const audit = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "expenditure.submit")
      .where("entity_id", "=", reportId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: companyMember.id, organization_id: f.company.organization.id });
    expect(audit.changes).toMatchObject({ milestone_id: milestone.id, total_yen: 125_500, items: 2 });
    const notice = await db()
      .selectFrom("notification")
      .selectAll()
      .where("user_id", "=", f.municipality.user.id)
      .where("kind", "=", "expenditure_submitted")
      .executeTakeFirstOrThrow();
    expect(notice.link_path).toBe(`/pilots/${f.pilot.id}/expenditures/${reportId}`);
    expect(notice.body).toContain("¥125,500");
    // Only the municipality's admins can act on it, so only they are told.
    expect(await countRows("notification", (q) => q.where("user_id", "=", colleague.id))).toBe(0);
    const mail = await db()
      .selectFrom("email_outbox")
      .selectAll()
      .where("to_address", "=", f.municipality.user.email)
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain(`/pilots/${f.pilot.id}/expenditures/${reportId}`);
  });

  it("refuses a receipt that is not a PDF, PNG or JPEG by its bytes, no receipt, and bad items, writing and storing nothing", async () => {
    const f = await fundedPilot();
    const milestone = f.milestones[0]!;
    const actor = actorOf(f.company);
    const before = await rowCounts();
    const files = storedFiles();
    await expect(
      submitExpenditureReport(actor, f.pilot.id, report(milestone.id), [receipt("receipt.pdf", FAKE_PDF)]),
    ).rejects.toMatchObject({
      code: "bad_request",
      field: "receipts",
      publicMessage:
        "「receipt.pdf」はPDF・PNG・JPEGのファイルではありません。領収書はPDF・PNG・JPEGで添付してください。",
    });
    await expect(
      submitExpenditureReport(actor, f.pilot.id, report(milestone.id), [receipt(), receipt("b.pdf", FAKE_PDF)]),
    ).rejects.toMatchObject({ field: "receipts" });
    await expect(submitExpenditureReport(actor, f.pilot.id, report(milestone.id), [])).rejects.toMatchObject({
      field: "receipts",
    });
    await expect(
      submitExpenditureReport(actor, f.pilot.id, report(milestone.id, []), [receipt()]),
    ).rejects.toMatchObject({ field: "items" });
    await expect(
      submitExpenditureReport(actor, f.pilot.id, report(milestone.id, [{ description: "端数", amountYen: 0.5 }]), [
        receipt(),
      ]),
    ).rejects.toMatchObject({ field: "items" });
    await expect(
      submitExpenditureReport(actor, f.pilot.id, { ...report(milestone.id), narrative: " " }, [receipt()]),
    ).rejects.toMatchObject({ field: "narrative" });
    expect(await rowCounts()).toEqual(before);
    expect(storedFiles()).toBe(files);
  });

  it("refuses a cancelled milestone, a second report while one is under review or approved, and removes the stored receipts", async () => {
    const f = await fundedPilot([100_000, 200_000]);
    const [first, second] = f.milestones as [(typeof f.milestones)[0], (typeof f.milestones)[0]];
    await db().updateTable("milestone").set({ status: "cancelled" }).where("id", "=", second.id).execute();
    const actor = actorOf(f.company);
    const files = storedFiles();
    await expect(submitExpenditureReport(actor, f.pilot.id, report(second.id), [receipt()])).rejects.toMatchObject({
      code: "conflict",
      publicMessage: MILESTONE_CANCELLED,
    });
    expect(storedFiles()).toBe(files);

    const { reportId } = await submitExpenditureReport(actor, f.pilot.id, report(first.id), [receipt()]);
    await expect(submitExpenditureReport(actor, f.pilot.id, report(first.id), [receipt()])).rejects.toMatchObject({
      code: "conflict",
      publicMessage: REPORT_UNDER_REVIEW,
    });
    await reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, { reportId, decision: "approve", comment: "" });
    await expect(submitExpenditureReport(actor, f.pilot.id, report(first.id), [receipt()])).rejects.toMatchObject({
      code: "conflict",
      publicMessage: REPORT_APPROVED,
    });
    expect(await countRows("expenditure_report", (q) => q.where("milestone_id", "in", [first.id, second.id]))).toBe(1);
    expect(storedFiles()).toBe(files + 1);
  });

  it("lets the company submit again after a return, keeping the returned report as history", async () => {
    const f = await fundedPilot([100_000]);
    const milestone = f.milestones[0]!;
    const { reportId: first } = await submitExpenditureReport(actorOf(f.company), f.pilot.id, report(milestone.id), [
      receipt(),
    ]);
    await reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, {
      reportId: first,
      decision: "return",
      comment: "チラシ印刷の領収書が見当たりません。",
    });
    const { reportId: second } = await submitExpenditureReport(actorOf(f.company), f.pilot.id, report(milestone.id), [
      receipt(),
      receipt("チラシ.pdf"),
    ]);
    const rows = await db()
      .selectFrom("expenditure_report")
      .select(["id", "status", "review_comment"])
      .where("milestone_id", "=", milestone.id)
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === first)).toMatchObject({
      status: "returned",
      review_comment: "チラシ印刷の領収書が見当たりません。",
    });
    expect(rows.find((r) => r.id === second)?.status).toBe("submitted");
    const audit = await db()
      .selectFrom("audit_log")
      .select("changes")
      .where("action", "=", "expenditure.submit")
      .where("entity_id", "=", second)
      .executeTakeFirstOrThrow();
    expect(audit.changes).toMatchObject({ resubmission_of: first });
    const access = (await findPilotForActor(db(), actorOf(f.company), f.pilot.id))!;
    const overview = await expenditureOverview(db(), actorOf(f.company), access);
    expect(overview.milestones[0]!.reports.map((r) => r.id)).toEqual([second, first]);
    expect(overview.milestones[0]!.open).toBe(false);
  });

  it("is for the company's members only: the municipality and operators are refused, other organisations find nothing", async () => {
    const f = await fundedPilot([100_000]);
    const milestone = f.milestones[0]!;
    const before = await rowCounts();
    await expect(
      submitExpenditureReport(actorOf(f.municipality), f.pilot.id, report(milestone.id), [receipt()]),
    ).rejects.toMatchObject({ code: "forbidden" });
    const operator = await createMember(db(), { kind: "operator" });
    await expect(
      submitExpenditureReport(actorOf(operator), f.pilot.id, report(milestone.id), [receipt()]),
    ).rejects.toMatchObject({ code: "forbidden", publicMessage: "運営者は実証の内容を閲覧のみできます。" });
    const stranger = await createMember(db(), { kind: "company" });
    await expect(
      submitExpenditureReport(actorOf(stranger), f.pilot.id, report(milestone.id), [receipt()]),
    ).rejects.toMatchObject({ code: "not_found" });
    // A milestone of another pilot is not found either, even to a company with a pilot of its own.
    const other = await fundedPilot([100_000]);
    await expect(
      submitExpenditureReport(actorOf(f.company), f.pilot.id, report(other.milestones[0]!.id), [receipt()]),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      submitExpenditureReport(actorOf(f.company), other.pilot.id, report(other.milestones[0]!.id), [receipt()]),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await countRows("expenditure_report", (q) => q.where("pilot_id", "in", [f.pilot.id, other.pilot.id]))).toBe(
      0,
    );
    const after = await rowCounts();
    // The other pilot and its organisations were created meanwhile; no report, item or receipt was.
    for (const table of ["expenditure_report", "expenditure_item", "expenditure_receipt"])
      expect(after[table]).toBe(before[table]);
  });

  it("keeps one report when the same milestone is submitted many times at once, and removes the losers' receipts", async () => {
    const f = await fundedPilot([100_000]);
    const milestone = f.milestones[0]!;
    const files = storedFiles();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        submitExpenditureReport(actorOf(f.company), f.pilot.id, report(milestone.id), [receipt()]),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected")
        expect(r.reason).toMatchObject({ code: "conflict", publicMessage: REPORT_UNDER_REVIEW });
    expect(await countRows("expenditure_report", (q) => q.where("milestone_id", "=", milestone.id))).toBe(1);
    expect(storedFiles()).toBe(files + 1);
  });
});

describe("reviewExpenditureReport", () => {
  async function submitted(amounts = [100_000]) {
    const f = await fundedPilot(amounts);
    const { reportId } = await submitExpenditureReport(actorOf(f.company), f.pilot.id, report(f.milestones[0]!.id), [
      receipt(),
    ]);
    return { ...f, reportId };
  }

  it("approves (final), audited, and tells every member of the company", async () => {
    const f = await submitted();
    const companyMember = await createUser(db());
    await addMember(db(), { organizationId: f.company.organization.id, userId: companyMember.id, role: "member" });
    await reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, {
      reportId: f.reportId,
      decision: "approve",
      comment: "",
    });
    const row = await db()
      .selectFrom("expenditure_report")
      .selectAll()
      .where("id", "=", f.reportId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "approved", reviewed_by: f.municipality.user.id, review_comment: "" });
    expect(row.reviewed_at).not.toBeNull();
    const audit = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "expenditure.approve")
      .where("entity_id", "=", f.reportId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_user_id: f.municipality.user.id,
      organization_id: f.municipality.organization.id,
    });
    expect(audit.changes).toMatchObject({ status: { from: "submitted", to: "approved" } });
    for (const userId of [f.company.user.id, companyMember.id]) {
      expect(
        await countRows("notification", (q) =>
          q.where("user_id", "=", userId).where("kind", "=", "expenditure_reviewed"),
        ),
      ).toBe(1);
    }
    const mail = await db()
      .selectFrom("email_outbox")
      .selectAll()
      .where("to_address", "=", companyMember.email)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain("承認");
    expect(mail.body_text).toContain(`/pilots/${f.pilot.id}/expenditures/${f.reportId}`);
    // Approved is final: neither approving again nor returning changes it.
    await expect(
      reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, {
        reportId: f.reportId,
        decision: "return",
        comment: "やはり確認したい",
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(
      (
        await db()
          .selectFrom("expenditure_report")
          .select("status")
          .where("id", "=", f.reportId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("approved");
  });

  it("returns with a comment the company reads, and refuses a return without one", async () => {
    const f = await submitted();
    const before = await rowCounts();
    await expect(
      reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, {
        reportId: f.reportId,
        decision: "return",
        comment: "  ",
      }),
    ).rejects.toMatchObject({
      code: "bad_request",
      field: "comment",
      publicMessage: "差し戻す理由を入力してください。企業はこのコメントを見て報告を直します。",
    });
    expect(await rowCounts()).toEqual(before);
    await reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, {
      reportId: f.reportId,
      decision: "return",
      comment: "会場使用料の内訳を追記してください。",
    });
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "expenditure.return").where("entity_id", "=", f.reportId),
      ),
    ).toBe(1);
    const notice = await db()
      .selectFrom("notification")
      .selectAll()
      .where("user_id", "=", f.company.user.id)
      .where("kind", "=", "expenditure_reviewed")
      .executeTakeFirstOrThrow();
    expect(notice.body).toContain("会場使用料の内訳を追記してください。");
  });

  it("is for the municipality's verified admins: the company, a plain member, an unverified municipality and operators are refused", async () => {
    const f = await submitted();
    const decision = { reportId: f.reportId, decision: "approve" as const, comment: "" };
    await expect(reviewExpenditureReport(actorOf(f.company), f.pilot.id, decision)).rejects.toMatchObject({
      code: "forbidden",
    });
    const colleague = await createUser(db());
    await addMember(db(), { organizationId: f.municipality.organization.id, userId: colleague.id, role: "member" });
    await expect(
      reviewExpenditureReport(actorOf(f.municipality, "member", colleague), f.pilot.id, decision),
    ).rejects.toMatchObject({ code: "forbidden" });
    const operator = await createMember(db(), { kind: "operator" });
    await expect(reviewExpenditureReport(actorOf(operator), f.pilot.id, decision)).rejects.toMatchObject({
      code: "forbidden",
    });
    const unverified = actorOf(f.municipality);
    unverified.membership.verificationStatus = "unverified";
    await expect(reviewExpenditureReport(unverified, f.pilot.id, decision)).rejects.toMatchObject({
      code: "forbidden",
    });
    const stranger = await createMember(db(), { kind: "municipality" });
    await expect(reviewExpenditureReport(actorOf(stranger), f.pilot.id, decision)).rejects.toMatchObject({
      code: "not_found",
    });
    // A report of another pilot, through a pilot of one's own, is not found either.
    const other = await submitted();
    await expect(
      reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, { ...decision, reportId: other.reportId }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(
      await countRows("expenditure_report", (q) =>
        q.where("id", "in", [f.reportId, other.reportId]).where("status", "=", "submitted"),
      ),
    ).toBe(2);
  });

  it("lets one of two reviewers at once win; the other is told who decided first, and nothing is decided twice", async () => {
    const f = await submitted();
    const second: AppUser = await createUser(db(), { displayName: "確認 花子" });
    await addMember(db(), { organizationId: f.municipality.organization.id, userId: second.id, role: "admin" });
    const results = await Promise.allSettled([
      reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, {
        reportId: f.reportId,
        decision: "approve",
        comment: "",
      }),
      reviewExpenditureReport(actorOf(f.municipality, "admin", second), f.pilot.id, {
        reportId: f.reportId,
        decision: "return",
        comment: "領収書が不鮮明です。",
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(lost.reason).toMatchObject({ code: "conflict" });
    expect(lost.reason.publicMessage).toMatch(
      /^この支出報告は、すでに.+が(承認|差し戻し)しました。ページを再読み込みして最新の状態を確認してください。$/,
    );
    const decided = await countRows("audit_log", (q) =>
      q.where("action", "in", ["expenditure.approve", "expenditure.return"]).where("entity_id", "=", f.reportId),
    );
    expect(decided).toBe(1);
    expect(
      await countRows("notification", (q) =>
        q.where("user_id", "=", f.company.user.id).where("kind", "=", "expenditure_reviewed"),
      ),
    ).toBe(1);
  });

  it("refuses to approve a report whose milestone was cancelled meanwhile", async () => {
    const f = await submitted();
    await db().updateTable("milestone").set({ status: "cancelled" }).where("id", "=", f.milestones[0]!.id).execute();
    await expect(
      reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, {
        reportId: f.reportId,
        decision: "approve",
        comment: "",
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    await reviewExpenditureReport(actorOf(f.municipality), f.pilot.id, {
      reportId: f.reportId,
      decision: "return",
      comment: "支払予定が取り消されました。",
    });
  });
});

describe("what the funding pages read", () => {
  it("answers whether a milestone has an approved report, and sums approved spend per pilot and milestone", async () => {
    const f = await fundedPilot([100_000, 200_000, 300_000], { requiresReport: true });
    const [a, b, c] = f.milestones as [(typeof f.milestones)[0], (typeof f.milestones)[0], (typeof f.milestones)[0]];
    const company = actorOf(f.company);
    const municipality = actorOf(f.municipality);
    const ra = await submitExpenditureReport(
      company,
      f.pilot.id,
      report(a.id, [{ description: "謝金", amountYen: 80_000 }]),
      [receipt()],
    );
    const rb = await submitExpenditureReport(
      company,
      f.pilot.id,
      report(b.id, [
        { description: "送迎車の燃料", amountYen: 12_345 },
        { description: "保険", amountYen: 5_000 },
      ]),
      [receipt()],
    );
    await submitExpenditureReport(company, f.pilot.id, report(c.id, [{ description: "会場", amountYen: 50_000 }]), [
      receipt(),
    ]);
    expect(await approvedReportExists(db(), a.id)).toBe(false);
    expect(await reportedSpendByPilot(db(), f.pilot.id)).toEqual({ totalYen: 0, byMilestoneYen: {} });

    await reviewExpenditureReport(municipality, f.pilot.id, {
      reportId: ra.reportId,
      decision: "approve",
      comment: "",
    });
    await reviewExpenditureReport(municipality, f.pilot.id, {
      reportId: rb.reportId,
      decision: "return",
      comment: "保険の証書を添付してください。",
    });
    const rb2 = await submitExpenditureReport(
      company,
      f.pilot.id,
      report(b.id, [{ description: "送迎車の燃料", amountYen: 12_345 }]),
      [receipt()],
    );
    await reviewExpenditureReport(municipality, f.pilot.id, {
      reportId: rb2.reportId,
      decision: "approve",
      comment: "確認しました。",
    });

    expect(await approvedReportExists(db(), a.id)).toBe(true);
    expect(await approvedReportExists(db(), b.id)).toBe(true);
    expect(await approvedReportExists(db(), c.id)).toBe(false);
    // Returned reports never count; only the approved one of milestone b does.
    expect(await reportedSpendByPilot(db(), f.pilot.id)).toEqual({
      totalYen: 92_345,
      byMilestoneYen: { [a.id]: 80_000, [b.id]: 12_345 },
    });
    expect(await latestReportStatusByMilestone(db(), f.pilot.id)).toEqual({
      [a.id]: "approved",
      [b.id]: "approved",
      [c.id]: "submitted",
    });
  });
});

describe("openExpenditureReceipt", () => {
  it("serves a receipt to both parties and an operator (audited), and to nobody else; another pilot's id is not found", async () => {
    const f = await fundedPilot([100_000]);
    const { reportId } = await submitExpenditureReport(actorOf(f.company), f.pilot.id, report(f.milestones[0]!.id), [
      receipt("領収書.pdf"),
    ]);
    const { id } = await db()
      .selectFrom("expenditure_receipt")
      .select("id")
      .where("report_id", "=", reportId)
      .executeTakeFirstOrThrow();
    for (const actor of [actorOf(f.company), actorOf(f.municipality)]) {
      const file = await openExpenditureReceipt(actor, f.pilot.id, id);
      expect(file).toMatchObject({ name: "領収書.pdf", contentType: "application/pdf" });
      expect(Buffer.from(file.bytes).equals(Buffer.from(PDF))).toBe(true);
    }
    const operator = await createMember(db(), { kind: "operator" });
    await openExpenditureReceipt(actorOf(operator), f.pilot.id, id);
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "expenditure.receipt_support_download").where("entity_id", "=", reportId),
      ),
    ).toBe(1);
    const stranger = await createMember(db(), { kind: "company" });
    await expect(openExpenditureReceipt(actorOf(stranger), f.pilot.id, id)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(openExpenditureReceipt(null, f.pilot.id, id)).rejects.toMatchObject({ code: "not_found" });
    const other = await fundedPilot([100_000]);
    await expect(openExpenditureReceipt(actorOf(other.company), other.pilot.id, id)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
