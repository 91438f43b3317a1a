// The annual self-evaluation, read side: a municipality's ratings of one fiscal year, and the years it has rated.
import type { Executor } from "@db/database.server";

export interface SelfEvaluationRow {
  indicatorCode: string;
  rating: number;
  reasons: string;
  updatedAt: string;
  updatedByName: string | null;
}

/** The stored ratings of one organisation and fiscal year, by indicator code. */
export async function getSelfEvaluation(
  ex: Executor,
  organizationId: string,
  fiscalYear: number,
): Promise<Record<string, SelfEvaluationRow>> {
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
      {
        indicatorCode: r.indicator_code,
        rating: Number(r.rating),
        reasons: r.reasons,
        updatedAt: new Date(r.updated_at).toISOString(),
        updatedByName: r.display_name,
      },
    ]),
  );
}

/** Fiscal years that have at least one rating, newest first (for the year selector). */
export async function listEvaluatedYears(ex: Executor, organizationId: string): Promise<number[]> {
  const rows = await ex
    .selectFrom("self_evaluation")
    .select("fiscal_year")
    .distinct()
    .where("organization_id", "=", organizationId)
    .orderBy("fiscal_year", "desc")
    .execute();
  return rows.map((r) => Number(r.fiscal_year));
}
