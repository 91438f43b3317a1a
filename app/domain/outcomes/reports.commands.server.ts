// Outcome reports, write side. Either party's members create a report for a period (as a draft, their side being its
// author), fill in values per KPI, aggregate participant counts and a narrative, and submit it; the municipality's
// verified admins approve it (final) or return it with a comment, after which the author side edits and submits again.
// Each command is one transaction with its audit row, notifications and e-mails. A report row is locked while it
// changes, and a review only changes a report still under review, so that of two reviewers at once one wins.
import { membersOf, organizationName } from "~/domain/organizations/recipients.queries.server";
import type { MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { inTransaction } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors";
import { AppError } from "~/lib/errors";
import { siteUrl } from "~/lib/site-url.server";
import {
  AUTHOR_SIDE_LABELS,
  looksLikePersonalData,
  PERSONAL_DATA_REFUSED,
  RETURN_COMMENT_REQUIRED,
  REVIEW_COMMENT_MAX,
  type ReportInput,
} from "./outcomes.schema";
import { findPilotForParty, pilotNotFound } from "~/domain/pilots/pilots.access.server";
import { lockPilotForOutcomes, outcomeAbilities, REVIEW_FORBIDDEN } from "./outcomes.access.server";
import {
  candidatePeriods,
  isPeriodStart,
  periodHasEnded,
  periodLabel,
  periodOf,
  tokyoDate,
  type Frequency,
} from "./periods.rules";
import { pilotFirstDay, reportPath } from "./reports.queries.server";
import { isUuid } from "./outcomes-paths.rules";

export const reportNotFound = () => new AppError("not_found", "成果報告が見つかりません。");
export const NOT_SIGNED = "協定書が双方の署名で締結されてから、成果報告を作成できます。";
export const AUTHOR_ONLY = "この報告を編集・提出できるのは、報告を作成した側のメンバーです。";

/** Creates a draft report for a period offered by the page (a period of the pilot up to the current one, free of reports). */
export async function createReport(
  actor: MemberActor,
  pilotId: string,
  input: { frequency: Frequency; start: string },
  now = new Date(),
): Promise<string> {
  return inTransaction(async (trx) => {
    // The pilot row lock serialises report creation: two overlapping periods cannot be created at once.
    const { access, side } = await lockPilotForOutcomes(trx, actor, pilotId);
    const { pilot } = access;
    if (!pilot.signed_version_id) throw new AppError("conflict", NOT_SIGNED);
    const wrongPeriod = () =>
      new AppError("bad_request", "報告できる期間を一覧から選んでください。", { field: "period" });
    if (!isPeriodStart(input.frequency, input.start)) throw wrongPeriod();
    const period = periodOf(input.frequency, input.start);
    const offered = candidatePeriods(input.frequency, await pilotFirstDay(trx, pilot), tokyoDate(now));
    if (!offered.some((p) => p.start === period.start)) throw wrongPeriod();
    const clash = await trx
      .selectFrom("outcome_report")
      .select(["period_start", "period_end"])
      .where("pilot_id", "=", pilot.id)
      .where("period_start", "<=", period.end)
      .where("period_end", ">=", period.start)
      .executeTakeFirst();
    if (clash) {
      throw new AppError(
        "conflict",
        `${periodLabel({ start: clash.period_start, end: clash.period_end })}の報告がすでにあり、期間が重なります。`,
        { field: "period" },
      );
    }
    let id: string;
    try {
      const row = await trx
        .insertInto("outcome_report")
        .values({
          pilot_id: pilot.id,
          period_start: period.start,
          period_end: period.end,
          author_side: side,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      id = row.id;
    } catch (error) {
      if (isUniqueViolation(error, "outcome_report_period_key"))
        throw new AppError("conflict", "この期間の報告はすでにあります。", { field: "period" });
      throw error;
    }
    await recordAudit(trx, {
      actor,
      organizationId: actor.membership.organizationId,
      action: "outcome.report_create",
      entityType: "outcome_report",
      entityId: id,
      changes: {
        pilot_id: pilot.id,
        period_start: period.start,
        period_end: period.end,
        author_side: side,
        status: { from: null, to: "draft" },
      },
    });
    return id;
  });
}

/** The report row, locked, if the actor's side wrote it and it may still change (draft or returned). */
async function lockEditableReport(trx: Executor, actor: MemberActor, pilotId: string, reportId: string) {
  const { access, side } = await lockPilotForOutcomes(trx, actor, pilotId);
  if (!isUuid(reportId)) throw reportNotFound();
  const report = await trx
    .selectFrom("outcome_report")
    .selectAll()
    .where("id", "=", reportId)
    .where("pilot_id", "=", access.pilot.id)
    .forUpdate()
    .executeTakeFirst();
  if (!report) throw reportNotFound();
  if (report.author_side !== side) throw new AppError("forbidden", AUTHOR_ONLY);
  if (report.status === "submitted")
    throw new AppError("conflict", "この報告は自治体の確認待ちのため変更できません。差し戻された場合に編集できます。");
  if (report.status === "approved") throw new AppError("conflict", "承認された報告は確定しており、変更できません。");
  return { access, side, report };
}

function assertAggregates(input: ReportInput) {
  for (const text of [input.narrative, ...Object.values(input.values).map((v) => v.note)]) {
    if (looksLikePersonalData(text)) throw new AppError("bad_request", PERSONAL_DATA_REFUSED, { field: "narrative" });
  }
  for (const count of [input.participantsTotal, input.participantsNew, input.participants75Plus]) {
    if (count !== null && (!Number.isSafeInteger(count) || count < 0))
      throw new AppError("bad_request", "参加者数は0以上の整数で入力してください。", { field: "participantsTotal" });
  }
}

/**
 * Saves a draft (or a returned report) and, when `submit`, submits it for review in the same transaction. Values of
 * KPIs that no longer exist are ignored; an empty value removes the KPI's value for the period.
 */
/** A period's figures are final only once it is over: until then its report is a draft (速報) the team can keep. */
function periodNotOver(period: { start: string; end: string }) {
  return new AppError(
    "bad_request",
    `${periodLabel(period)}はまだ終わっていません。期間が終わる${period.end.replaceAll("-", "/")}の翌日から提出できます。それまでは下書き（速報）として保存できます。`,
  );
}

export async function saveReport(
  actor: MemberActor,
  pilotId: string,
  reportId: string,
  input: ReportInput,
  options: { submit: boolean; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  assertAggregates(input);
  if (options.submit && !input.narrative.trim())
    throw new AppError("bad_request", "提出するには実施状況を入力してください。", { field: "narrative" });
  await inTransaction(async (trx) => {
    const { access, side, report } = await lockEditableReport(trx, actor, pilotId, reportId);
    const { pilot } = access;
    const period = { start: report.period_start, end: report.period_end };
    if (options.submit && !periodHasEnded(period, now)) throw periodNotOver(period);
    const kpis = await trx
      .selectFrom("pilot_kpi")
      .select(["id", "name"])
      .where("pilot_id", "=", pilot.id)
      .orderBy("position")
      .execute();
    const rows = kpis.flatMap((k) => {
      const v = input.values[k.id];
      return v && v.value !== null ? [{ report_id: report.id, kpi_id: k.id, value: v.value, note: v.note }] : [];
    });
    const before = await trx
      .selectFrom("outcome_value")
      .select(["kpi_id", "value", "note"])
      .where("report_id", "=", report.id)
      .execute();
    await trx.deleteFrom("outcome_value").where("report_id", "=", report.id).execute();
    if (rows.length > 0) await trx.insertInto("outcome_value").values(rows).execute();
    const submitted = options.submit;
    await trx
      .updateTable("outcome_report")
      .set({
        participants_total: input.participantsTotal,
        participants_new: input.participantsNew,
        participants_75_plus: input.participants75Plus,
        narrative: input.narrative,
        updated_at: now,
        ...(submitted ? { status: "submitted" as const, submitted_by: actor.userId, submitted_at: now } : {}),
      })
      .where("id", "=", report.id)
      .execute();

    const valueText = (list: readonly { kpi_id: string; value: string }[]) =>
      Object.fromEntries(
        kpis.flatMap((k) => {
          const v = list.find((x) => x.kpi_id === k.id);
          return v ? [[k.name, v.value]] : [];
        }),
      );
    const changes: Record<string, unknown> = { pilot_id: pilot.id, period_start: report.period_start };
    const pairs: [string, unknown, unknown][] = [
      ["participants_total", report.participants_total, input.participantsTotal],
      ["participants_new", report.participants_new, input.participantsNew],
      ["participants_75_plus", report.participants_75_plus, input.participants75Plus],
      ["narrative", report.narrative, input.narrative],
      ["values", valueText(before), valueText(rows)],
    ];
    for (const [field, from, to] of pairs)
      if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
    if (submitted) changes.status = { from: report.status, to: "submitted" };
    await recordAudit(trx, {
      actor,
      organizationId: actor.membership.organizationId,
      action: submitted ? "outcome.report_submit" : "outcome.report_save",
      entityType: "outcome_report",
      entityId: report.id,
      changes,
    });
    if (!submitted) return;

    // The reviewers (the municipality's admins) and, when the municipality wrote it, the company: the other party.
    const recipients = new Map<string, { id: string; email: string; display_name: string }>();
    for (const m of await membersOf(trx, pilot.municipality_id, "admin")) recipients.set(m.id, m);
    if (side === "municipality") for (const m of await membersOf(trx, pilot.company_id)) recipients.set(m.id, m);
    recipients.delete(actor.userId);
    const authorName = await organizationName(trx, side === "company" ? pilot.company_id : pilot.municipality_id);
    const label = periodLabel({ start: report.period_start, end: report.period_end });
    const linkPath = reportPath(pilot.id, report.id);
    const again = report.status === "returned";
    for (const member of recipients.values()) {
      await createNotification(trx, {
        userId: member.id,
        kind: "outcome_report_submitted",
        title: `成果報告が${again ? "再提出" : "提出"}されました: ${label}`,
        body: `${authorName}（${AUTHOR_SIDE_LABELS[side]}）が実証「${pilot.title}」の${label}の成果報告を${again ? "再提出" : "提出"}しました。`,
        linkPath,
      });
      await queueEmail(trx, {
        to: member.email,
        subject: `【ガバメントピッチ】成果報告が${again ? "再提出" : "提出"}されました（${pilot.title}・${label}）`,
        body: [
          `${member.display_name} 様`,
          "",
          `${authorName}が、実証「${pilot.title}」の${label}の成果報告を${again ? "再提出" : "提出"}しました。`,
          "自治体の管理者の方は、内容を確認して承認または差し戻してください。",
          "",
          `成果報告を開く: ${siteUrl()}${linkPath}`,
        ].join("\n"),
      });
    }
  });
}

export interface ReviewInput {
  decision: "approve" | "return";
  comment: string;
}

/** Approves a submitted report (final) or returns it with a required comment. Only a report under review changes. */
export async function reviewReport(
  actor: MemberActor,
  pilotId: string,
  reportId: string,
  input: ReviewInput,
  now = new Date(),
): Promise<void> {
  const comment = input.comment.trim();
  if (input.decision === "return" && !comment)
    throw new AppError("bad_request", RETURN_COMMENT_REQUIRED, { field: "comment" });
  if (comment.length > REVIEW_COMMENT_MAX)
    throw new AppError(
      "bad_request",
      `コメントは${REVIEW_COMMENT_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`,
      { field: "comment" },
    );
  if (looksLikePersonalData(comment)) throw new AppError("bad_request", PERSONAL_DATA_REFUSED, { field: "comment" });
  if (!isUuid(reportId)) throw reportNotFound();
  await inTransaction(async (trx) => {
    // No pilot lock here: the conditional update below is the guard, and reviews of different reports run side by side.
    const access = await findPilotForParty(trx, actor, pilotId);
    if (!access) throw pilotNotFound();
    if (!outcomeAbilities(actor, access).canReview) throw new AppError("forbidden", REVIEW_FORBIDDEN);
    const { pilot } = access;
    const report = await trx
      .selectFrom("outcome_report")
      .selectAll()
      .where("id", "=", reportId)
      .where("pilot_id", "=", pilot.id)
      .executeTakeFirst();
    if (!report) throw reportNotFound();
    const period = { start: report.period_start, end: report.period_end };
    if (input.decision === "approve" && !periodHasEnded(period, now)) throw periodNotOver(period);
    const status = input.decision === "approve" ? "approved" : "returned";
    // Only a report under review changes: a second reviewer at the same moment waits for the first, then finds none.
    const updated = await trx
      .updateTable("outcome_report")
      .set({ status, reviewed_by: actor.userId, reviewed_at: now, review_comment: comment, updated_at: now })
      .where("id", "=", report.id)
      .where("status", "=", "submitted")
      .returning("id")
      .executeTakeFirst();
    if (!updated) {
      const current = await trx
        .selectFrom("outcome_report as r")
        .leftJoin("app_user as u", "u.id", "r.reviewed_by")
        .select(["r.status", "u.display_name"])
        .where("r.id", "=", report.id)
        .executeTakeFirstOrThrow();
      if (current.status === "approved" || current.status === "returned") {
        const who = current.display_name ? `${current.display_name}さん` : "他の担当者";
        throw new AppError(
          "conflict",
          `この成果報告は、すでに${who}が${current.status === "approved" ? "承認" : "差し戻し"}しました。ページを再読み込みして最新の状態を確認してください。`,
        );
      }
      throw new AppError("conflict", "確認できるのは、提出された成果報告だけです。");
    }
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: status === "approved" ? "outcome.report_approve" : "outcome.report_return",
      entityType: "outcome_report",
      entityId: report.id,
      changes: {
        pilot_id: pilot.id,
        period_start: report.period_start,
        status: { from: "submitted", to: status },
        ...(comment ? { review_comment: comment } : {}),
      },
    });

    // The company (the other party) and, when the municipality wrote the report, whoever submitted it.
    const recipients = new Map<string, { id: string; email: string; display_name: string }>();
    for (const m of await membersOf(trx, pilot.company_id)) recipients.set(m.id, m);
    if (report.author_side === "municipality" && report.submitted_by) {
      for (const m of await membersOf(trx, pilot.municipality_id))
        if (m.id === report.submitted_by) recipients.set(m.id, m);
    }
    recipients.delete(actor.userId);
    const municipalityName = await organizationName(trx, pilot.municipality_id);
    const label = periodLabel({ start: report.period_start, end: report.period_end });
    const linkPath = reportPath(pilot.id, report.id);
    const approved = status === "approved";
    for (const member of recipients.values()) {
      await createNotification(trx, {
        userId: member.id,
        kind: "outcome_report_reviewed",
        title: `成果報告が${approved ? "承認" : "差し戻し"}されました: ${label}`,
        body: approved
          ? `${municipalityName}が実証「${pilot.title}」の${label}の成果報告を承認しました。`
          : `${municipalityName}が実証「${pilot.title}」の${label}の成果報告を差し戻しました。理由: ${comment}`,
        linkPath,
      });
      await queueEmail(trx, {
        to: member.email,
        subject: `【ガバメントピッチ】成果報告が${approved ? "承認" : "差し戻し"}されました（${pilot.title}・${label}）`,
        body: [
          `${member.display_name} 様`,
          "",
          approved
            ? `${municipalityName}が、実証「${pilot.title}」の${label}の成果報告を承認しました。承認された報告は確定し、グラフに反映されます。`
            : `${municipalityName}が、実証「${pilot.title}」の${label}の成果報告を差し戻しました。内容を直して、あらためて提出してください。`,
          ...(comment ? ["", `${approved ? "コメント" : "差し戻しの理由"}:`, comment] : []),
          "",
          `成果報告を開く: ${siteUrl()}${linkPath}`,
        ].join("\n"),
      });
    }
  });
}

export { lockEditableReport };
