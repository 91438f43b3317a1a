// Expenditure reports, write side. The company's members submit a report per milestone (narrative, items, receipts);
// the municipality's verified admins approve it (final) or return it with a comment, after which the company may
// submit again (the returned report stays as history). Each command is one transaction with its audit row, its
// notifications and its e-mails; the milestone row is locked while a report is submitted, and a review only changes a
// report that is still under review, so that of two reviewers at once one wins and the other is told.
import { membersOf, organizationName } from "~/domain/organizations/recipients.queries.server";
import { randomUUID } from "node:crypto";
import { refusalMessage, type MemberActor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { formatYen } from "~/lib/format";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { lockMilestone } from "~/domain/funding/milestones.access.server";
import { findPilotForParty, pilotNotFound } from "~/domain/pilots/pilots.access.server";
import { db, inTransaction } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors";
import { AppError } from "~/lib/errors";
import { siteUrl } from "~/lib/site-url.server";
import type { UploadedFile } from "~/lib/uploaded-file";
import { checkReceipts, removeStoredReceipts, storeReceipts } from "./expenditure-receipts.files.server";
import {
  EXPENDITURE_ITEM_DESCRIPTION_MAX,
  EXPENDITURE_NARRATIVE_MAX,
  MAX_EXPENDITURE_ITEMS,
  RETURN_COMMENT_REQUIRED,
  REVIEW_COMMENT_MAX,
  totalOf,
  type ExpenditureReportInput,
} from "./expenditures.schema";
import { expenditureAbilities } from "./expenditures.queries.server";
import {
  reportingState,
  REVIEW_TRANSITIONS,
  reviewStep,
  submissionRefusal,
  REPORT_UNDER_REVIEW,
} from "./expenditures.rules";

const reportNotFound = () => new AppError("not_found", "支出報告が見つかりません。");
export const SUBMIT_FORBIDDEN = "支出報告を提出できるのは、実証を行う企業のメンバーです。";
export const REVIEW_FORBIDDEN = "支出報告を確認（承認・差し戻し）できるのは、確認済みの自治体の管理者です。";

export const reportPath = (pilotId: string, reportId: string) => `/pilots/${pilotId}/expenditures/${reportId}`;

/** The items and narrative as the database will hold them; the form parser gives the same answers with field messages. */
function assertValidInput(input: ExpenditureReportInput) {
  const bad = (message: string, field?: string) => new AppError("bad_request", message, { field });
  const narrative = input.narrative.trim();
  if (!narrative || narrative.length > EXPENDITURE_NARRATIVE_MAX)
    throw bad("実施内容・成果の報告を4,000文字以内で入力してください。", "narrative");
  if (input.items.length < 1 || input.items.length > MAX_EXPENDITURE_ITEMS)
    throw bad(`支出の明細は1行以上${MAX_EXPENDITURE_ITEMS}行以内で入力してください。`, "items");
  for (const item of input.items) {
    const description = item.description.trim();
    if (!description || description.length > EXPENDITURE_ITEM_DESCRIPTION_MAX)
      throw bad("明細の内容は1〜200文字で入力してください。", "items");
    if (!Number.isSafeInteger(item.amountYen) || item.amountYen < 1 || item.amountYen > 999_999_999_999)
      throw bad("明細の金額は1円以上の整数で入力してください。", "items");
  }
}

/**
 * Submits a report for a milestone of the pilot. The total is the sum of the items, computed here. Receipts are
 * checked by content before anything is stored, and removed again if the transaction fails.
 */
export async function submitExpenditureReport(
  actor: MemberActor,
  pilotId: string,
  input: ExpenditureReportInput,
  files: readonly UploadedFile[],
  now = new Date(),
): Promise<{ reportId: string }> {
  // Operators (who read, audited) never act for a party: findPilotForParty refuses them before reading anything.
  const gate = await findPilotForParty(db(), actor, pilotId);
  if (!gate) throw pilotNotFound();
  if (!expenditureAbilities(actor, gate).canSubmit) throw new AppError("forbidden", SUBMIT_FORBIDDEN);
  assertValidInput(input);
  const receipts = checkReceipts(files);
  const keys = await storeReceipts(receipts);
  try {
    return await inTransaction(async (trx) => {
      const access = await findPilotForParty(trx, actor, pilotId);
      if (!access) throw pilotNotFound();
      if (!expenditureAbilities(actor, access).canSubmit) throw new AppError("forbidden", SUBMIT_FORBIDDEN);
      const { pilot } = access;
      // Locking the milestone serialises submissions for it (and its approval or cancellation on the funding page).
      const milestone = await lockMilestone(trx, pilot.id, input.milestoneId);
      const previous = await trx
        .selectFrom("expenditure_report")
        .select(["id", "status"])
        .where("milestone_id", "=", milestone.id)
        .orderBy("submitted_at", "desc")
        .orderBy("id", "desc")
        .execute();
      const refusal = submissionRefusal(milestone.status, reportingState(previous));
      if (refusal) throw new AppError("conflict", refusal);

      const items = input.items.map((i) => ({ description: i.description.trim(), amountYen: i.amountYen }));
      const totalYen = totalOf(items);
      const reportId = randomUUID();
      try {
        await trx
          .insertInto("expenditure_report")
          .values({
            id: reportId,
            milestone_id: milestone.id,
            pilot_id: pilot.id,
            company_id: pilot.company_id,
            status: "submitted",
            narrative: input.narrative.trim(),
            total_yen: totalYen,
            submitted_by: actor.userId,
            submitted_at: now,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error, "expenditure_report_one_live_per_milestone"))
          throw new AppError("conflict", REPORT_UNDER_REVIEW);
        throw error;
      }
      await trx
        .insertInto("expenditure_item")
        .values(
          items.map((item, i) => ({
            report_id: reportId,
            position: i + 1,
            description: item.description,
            amount_yen: item.amountYen,
          })),
        )
        .execute();
      await trx
        .insertInto("expenditure_receipt")
        .values(
          receipts.map((receipt, i) => ({
            id: randomUUID(),
            report_id: reportId,
            pilot_id: pilot.id,
            organization_id: pilot.company_id,
            original_name: receipt.name,
            content_type: receipt.contentType,
            size_bytes: receipt.bytes.byteLength,
            storage_key: keys[i]!,
            created_by: actor.userId,
            // One millisecond apart, so that the receipts are listed in the order they were attached.
            created_at: new Date(now.getTime() + i),
          })),
        )
        .execute();
      await recordAudit(trx, {
        actor,
        organizationId: pilot.company_id,
        action: "expenditure.submit",
        entityType: "expenditure_report",
        entityId: reportId,
        changes: {
          pilot_id: pilot.id,
          milestone_id: milestone.id,
          status: { from: null, to: "submitted" },
          total_yen: totalYen,
          items: items.length,
          receipts: receipts.map((r) => r.name),
          resubmission_of: previous[0]?.id ?? null,
        },
      });

      const companyName = await organizationName(trx, pilot.company_id);
      const linkPath = reportPath(pilot.id, reportId);
      const resubmitted = previous.length > 0;
      for (const member of await membersOf(trx, pilot.municipality_id, "admin")) {
        await createNotification(trx, {
          userId: member.id,
          kind: "expenditure_submitted",
          title: `支出報告が${resubmitted ? "再提出" : "提出"}されました: ${milestone.title}`,
          body: `${companyName}が実証「${pilot.title}」の「${milestone.title}」について支出報告（合計${formatYen(totalYen)}）を${resubmitted ? "再提出" : "提出"}しました。内容と領収書を確認し、承認または差し戻してください。`,
          linkPath,
        });
        await queueEmail(trx, {
          to: member.email,
          subject: `【ガバメントピッチ】支出報告が${resubmitted ? "再提出" : "提出"}されました（${pilot.title}）`,
          body: [
            `${member.display_name} 様`,
            "",
            `${companyName}が、実証「${pilot.title}」の支払予定「${milestone.title}」について支出報告を${resubmitted ? "再提出" : "提出"}しました。`,
            `報告額の合計: ${formatYen(totalYen)}（明細${items.length}件、領収書${receipts.length}件）`,
            "",
            `支出報告を確認する: ${siteUrl()}${linkPath}`,
          ].join("\n"),
        });
      }
      return { reportId };
    });
  } catch (error) {
    await removeStoredReceipts(keys);
    throw error;
  }
}

export interface ReviewDecision {
  reportId: string;
  decision: "approve" | "return";
  comment: string;
}

/** Approves a report under review, or returns it with a comment. Only a report still under review changes. */
export async function reviewExpenditureReport(
  actor: MemberActor,
  pilotId: string,
  input: ReviewDecision,
  now = new Date(),
): Promise<void> {
  const comment = input.comment.trim();
  if (input.decision === "return" && !comment)
    throw new AppError("bad_request", RETURN_COMMENT_REQUIRED, { field: "comment" });
  if (comment.length > REVIEW_COMMENT_MAX) {
    throw new AppError(
      "bad_request",
      `コメントは${REVIEW_COMMENT_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`,
      { field: "comment" },
    );
  }
  await inTransaction(async (trx) => {
    const access = await findPilotForParty(trx, actor, pilotId);
    if (!access) throw pilotNotFound();
    if (!expenditureAbilities(actor, access).canReview) {
      // Approving an expenditure report releases public money: the second-factor message when that is what is missing.
      const permission = { action: "funding.manage", organizationId: access.pilot.municipality_id } as const;
      throw new AppError(
        "forbidden",
        (access.side === "municipality" ? refusalMessage(actor, permission) : undefined) ?? REVIEW_FORBIDDEN,
      );
    }
    const { pilot } = access;
    const report = await trx
      .selectFrom("expenditure_report as r")
      .innerJoin("milestone as m", "m.id", "r.milestone_id")
      .select(["r.id", "r.status", "r.total_yen", "r.milestone_id"])
      .select(["m.title as milestone_title", "m.status as milestone_status"])
      .where("r.id", "=", input.reportId)
      .where("r.pilot_id", "=", pilot.id)
      .executeTakeFirst();
    if (!report) throw reportNotFound();
    const step = reviewStep(report.status, report.milestone_status, input.decision);
    if (step.kind === "refused") throw new AppError("conflict", step.reason);
    const status = REVIEW_TRANSITIONS[input.decision].to;
    // Only a report under review changes: a second reviewer at the same time waits for the first and then finds none.
    const updated = await trx
      .updateTable("expenditure_report")
      .set({ status, reviewed_by: actor.userId, reviewed_at: now, review_comment: comment })
      .where("id", "=", report.id)
      .where("pilot_id", "=", pilot.id)
      .where("status", "=", "submitted")
      .returning(["id"])
      .executeTakeFirst();
    if (!updated) {
      const current = await trx
        .selectFrom("expenditure_report as r")
        .leftJoin("app_user as u", "u.id", "r.reviewed_by")
        .select(["r.status", "u.display_name"])
        .where("r.id", "=", report.id)
        .executeTakeFirstOrThrow();
      const who = current.display_name ? `${current.display_name}さん` : "他の担当者";
      const what = current.status === "approved" ? "承認" : "差し戻し";
      throw new AppError(
        "conflict",
        `この支出報告は、すでに${who}が${what}しました。ページを再読み込みして最新の状態を確認してください。`,
      );
    }
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: input.decision === "approve" ? "expenditure.approve" : "expenditure.return",
      entityType: "expenditure_report",
      entityId: report.id,
      changes: {
        pilot_id: pilot.id,
        milestone_id: report.milestone_id,
        status: { from: "submitted", to: status },
        total_yen: Number(report.total_yen),
        ...(comment ? { review_comment: comment } : {}),
      },
    });

    const municipalityName = await organizationName(trx, pilot.municipality_id);
    const linkPath = reportPath(pilot.id, report.id);
    const approved = status === "approved";
    for (const member of await membersOf(trx, pilot.company_id)) {
      await createNotification(trx, {
        userId: member.id,
        kind: "expenditure_reviewed",
        title: `支出報告が${approved ? "承認" : "差し戻し"}されました: ${report.milestone_title}`,
        body: approved
          ? `${municipalityName}が実証「${pilot.title}」の「${report.milestone_title}」の支出報告（合計${formatYen(Number(report.total_yen))}）を承認しました。`
          : `${municipalityName}が実証「${pilot.title}」の「${report.milestone_title}」の支出報告を差し戻しました。理由: ${comment}`,
        linkPath,
      });
      await queueEmail(trx, {
        to: member.email,
        subject: `【ガバメントピッチ】支出報告が${approved ? "承認" : "差し戻し"}されました（${pilot.title}）`,
        body: [
          `${member.display_name} 様`,
          "",
          approved
            ? `${municipalityName}が、実証「${pilot.title}」の支払予定「${report.milestone_title}」の支出報告（合計${formatYen(Number(report.total_yen))}）を承認しました。`
            : `${municipalityName}が、実証「${pilot.title}」の支払予定「${report.milestone_title}」の支出報告を差し戻しました。内容を直して、あらためて提出してください。`,
          ...(comment ? ["", `${approved ? "コメント" : "差し戻しの理由"}:`, comment] : []),
          "",
          `支出報告を開く: ${siteUrl()}${linkPath}`,
        ].join("\n"),
      });
    }
  });
}
