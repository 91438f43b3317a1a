// The annual self-evaluation, read side: a municipality's ratings of one fiscal year, and the years it has rated.
import { sql } from "kysely";
import type { Executor } from "@db/database.server";
import { fiscalYearRange } from "~/domain/funding/fiscal-year.rules";
import { kpiAttainment } from "./attainment.queries.server";
import type { IndicatorEvidence } from "./self-evaluation.rules";

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

/**
 * The pilots' results each indicator of the self-evaluation can draw on: the KPIs, tagged with that indicator, of the
 * organisation's pilots that ran during the fiscal year (started on or before its last day, not ended before its
 * first), each with its latest approved value and attainment (kpiAttainment: the one definition of 達成).
 */
export async function selfEvaluationEvidence(
  ex: Executor,
  organizationId: string,
  fiscalYear: number,
): Promise<Record<string, IndicatorEvidence[]>> {
  const { start, end } = fiscalYearRange(fiscalYear);
  const pilots = await ex
    .selectFrom("pilot")
    .select(["id", "title"])
    .where("municipality_id", "=", organizationId)
    .where("started_at", "is not", null)
    .where(sql<boolean>`(started_at at time zone 'Asia/Tokyo')::date <= ${end}::date`)
    .where((eb) =>
      eb.or([
        eb("ended_at", "is", null),
        eb(sql`(ended_at at time zone 'Asia/Tokyo')::date`, ">=", sql`${start}::date`),
      ]),
    )
    .orderBy("started_at")
    .execute();
  if (pilots.length === 0) return {};
  const titles = new Map(pilots.map((p) => [p.id, p.title]));
  const kpis = await kpiAttainment(ex, { pilotIds: pilots.map((p) => p.id) });
  const byIndicator: Record<string, IndicatorEvidence[]> = {};
  for (const k of kpis) {
    if (!k.indicatorCode) continue;
    (byIndicator[k.indicatorCode] ??= []).push({
      pilotId: k.pilotId,
      pilotTitle: titles.get(k.pilotId) ?? "",
      kpiName: k.name,
      unit: k.unit,
      baseline: k.baseline,
      target: k.target,
      latest: k.latest
        ? { value: k.latest.value, periodStart: k.latest.periodStart, periodEnd: k.latest.periodEnd }
        : null,
      met: k.met,
    });
  }
  return byIndicator;
}
