// The annual self-evaluation of the 実施要綱 per municipality and fiscal year: the members read it, its verified admins
// save the whole form at once (upsert of the rated indicators, removal of the ones cleared) in one audited transaction.
import { type MemberActor, can } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { type SelfEvaluationInput } from "./self-evaluation.schema";

/**
 * Saves the whole form: rated indicators are inserted or updated, cleared ones removed; one audit row lists what
 * changed (indicator → { from, to }). Nothing changed: nothing written.
 */
export async function saveSelfEvaluation(
  actor: MemberActor,
  input: SelfEvaluationInput,
  now = new Date(),
): Promise<{ changed: number }> {
  const organizationId = actor.membership.organizationId;
  if (!can(actor, { action: "selfEvaluation.manage", organizationId })) {
    throw new AppError("forbidden", "自己評価の入力は、確認済みの自治体の管理者が行います。");
  }
  if (input.fiscalYear > fiscalYearOf(now) + 1)
    throw new AppError("bad_request", "来年度より先の年度は評価できません。", { field: "fiscalYear" });
  return inTransaction(async (trx) => {
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
          oc.columns(["organization_id", "fiscal_year", "indicator_code"]).doUpdateSet({
            rating: entry.rating!,
            reasons: entry.reasons,
            updated_by: actor.userId,
            updated_at: now,
          }),
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
