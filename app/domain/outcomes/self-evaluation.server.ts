// The annual self-evaluation of the 実施要綱 per municipality and fiscal year: the members read it, its verified admins
// save the whole form at once (upsert of the rated indicators, removal of the ones cleared) in one audited transaction.
import type { MemberActor } from "~/auth/permissions";
import { formatDateTime } from "~/lib/format";
import { can } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { fiscalYearLabel, fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { approachLabels, INDICATORS, stageLabels } from "~/domain/pitches/catalog.data";
import { csvLine } from "~/domain/pitches/pitches.export.server";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { RATING_LABELS, type SelfEvaluationInput } from "./self-evaluation.schema";

export interface SelfEvaluationRow {
  indicatorCode: string;
  rating: number;
  reasons: string;
  updatedAt: string;
  updatedByName: string | null;
}

/** The stored ratings of one organisation and fiscal year, by indicator code. */
export async function getSelfEvaluation(ex: Executor, organizationId: string, fiscalYear: number): Promise<Record<string, SelfEvaluationRow>> {
  const rows = await ex
    .selectFrom("self_evaluation as s")
    .leftJoin("app_user as u", "u.id", "s.updated_by")
    .select(["s.indicator_code", "s.rating", "s.reasons", "s.updated_at", "u.display_name"])
    .where("s.organization_id", "=", organizationId)
    .where("s.fiscal_year", "=", fiscalYear)
    .execute();
  return Object.fromEntries(
    rows.map((r) => [
      r.indicator_code,
      { indicatorCode: r.indicator_code, rating: Number(r.rating), reasons: r.reasons, updatedAt: new Date(r.updated_at).toISOString(), updatedByName: r.display_name },
    ]),
  );
}

/** Fiscal years that have at least one rating, newest first (for the year selector). */
export async function listEvaluatedYears(ex: Executor, organizationId: string): Promise<number[]> {
  const rows = await ex.selectFrom("self_evaluation").select("fiscal_year").distinct().where("organization_id", "=", organizationId).orderBy("fiscal_year", "desc").execute();
  return rows.map((r) => Number(r.fiscal_year));
}

/**
 * Saves the whole form: rated indicators are inserted or updated, cleared ones removed; one audit row lists what
 * changed (indicator → { from, to }). Nothing changed: nothing written.
 */
export async function saveSelfEvaluation(actor: MemberActor, input: SelfEvaluationInput, now = new Date()): Promise<{ changed: number }> {
  const organizationId = actor.membership.organizationId;
  if (!can(actor, { action: "selfEvaluation.manage", organizationId })) {
    throw new AppError("forbidden", "自己評価の入力は、確認済みの自治体の管理者が行います。");
  }
  if (input.fiscalYear > fiscalYearOf(now) + 1) throw new AppError("bad_request", "来年度より先の年度は評価できません。", { field: "fiscalYear" });
  return db().transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("self_evaluation")
      .select(["indicator_code", "rating", "reasons"])
      .where("organization_id", "=", organizationId)
      .where("fiscal_year", "=", input.fiscalYear)
      .forUpdate()
      .execute();
    const before = new Map(existing.map((r) => [r.indicator_code, { rating: Number(r.rating), reasons: r.reasons }]));
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const entry of input.entries) {
      const old = before.get(entry.indicatorCode) ?? null;
      if (entry.rating === null) {
        if (!old) continue;
        await trx
          .deleteFrom("self_evaluation")
          .where("organization_id", "=", organizationId)
          .where("fiscal_year", "=", input.fiscalYear)
          .where("indicator_code", "=", entry.indicatorCode)
          .execute();
        changes[entry.indicatorCode] = { from: old, to: null };
        continue;
      }
      if (old && old.rating === entry.rating && old.reasons === entry.reasons) continue;
      await trx
        .insertInto("self_evaluation")
        .values({
          organization_id: organizationId,
          fiscal_year: input.fiscalYear,
          indicator_code: entry.indicatorCode,
          rating: entry.rating,
          reasons: entry.reasons,
          updated_by: actor.userId,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(["organization_id", "fiscal_year", "indicator_code"]).doUpdateSet({ rating: entry.rating!, reasons: entry.reasons, updated_by: actor.userId, updated_at: now }),
        )
        .execute();
      changes[entry.indicatorCode] = { from: old, to: { rating: entry.rating, reasons: entry.reasons } };
    }
    const changed = Object.keys(changes).length;
    if (changed > 0) {
      await recordAudit(trx, {
        actor,
        organizationId,
        action: "self_evaluation.save",
        entityType: "self_evaluation",
        entityId: `${organizationId}:${input.fiscalYear}`,
        changes: { fiscal_year: input.fiscalYear, ...changes },
      });
    }
    return { changed };
  });
}

export const SELF_EVALUATION_CSV_HEADERS = ["年度", "アプローチ", "段階", "指標コード", "指標", "評価", "評価の区分", "理由", "最終更新"] as const;

/** The self-evaluation of one fiscal year as CSV (UTF-8 with a BOM, CRLF: opens in Excel), one line per catalog indicator. */
export function selfEvaluationCsv(fiscalYear: number, rows: Record<string, SelfEvaluationRow>): string {
  let text = `\uFEFF${csvLine(SELF_EVALUATION_CSV_HEADERS)}`;
  for (const indicator of INDICATORS) {
    const row = rows[indicator.code];
    text += csvLine([
      fiscalYearLabel(fiscalYear),
      approachLabels[indicator.approach],
      stageLabels[indicator.stage],
      indicator.code,
      indicator.label,
      row?.rating ?? "",
      row ? RATING_LABELS[row.rating] : "未評価",
      row?.reasons ?? "",
      row ? formatDateTime(row.updatedAt) : "",
    ]);
  }
  return text;
}
