// KPI attainment: the one definition shared by the outcomes pages and the bureau dashboard. For each KPI, its latest
// APPROVED value (the approved report with the latest period that has a value for it) compared with its target by
// meetsTarget (attainment.rules.ts): increase -> value >= target; decrease -> value <= target; maintain -> value >= target, or
// the baseline when there is no target. `met` is null when there is no approved value or nothing to compare with.
//
// No access check here: the caller decides which pilots the viewer may see and passes them (the dashboard scopes by
// bureau; a pilot page passes its own pilot). Without `pilotIds`, every pilot's KPIs are returned.
import type { Executor } from "@db/database.server";
import type { KpiDirection } from "~/domain/pilots/agreement-content.schema";
import { meetsTarget } from "./attainment.rules";
import type { Frequency } from "./periods.rules";

export interface KpiAttainment {
  pilotId: string;
  kpiId: string;
  position: number;
  indicatorCode: string | null;
  name: string;
  unit: string;
  direction: KpiDirection;
  frequency: Frequency;
  /** Exact decimals as strings (numeric columns); null when not set. */
  baseline: string | null;
  target: string | null;
  latest: { value: string; periodStart: string; periodEnd: string; reportId: string } | null;
  /** true met, false missed, null unknown (no approved value, or no target/baseline to compare with). */
  met: boolean | null;
}

export async function kpiAttainment(
  ex: Executor,
  filter: { pilotIds?: readonly string[] } = {},
): Promise<KpiAttainment[]> {
  if (filter.pilotIds && filter.pilotIds.length === 0) return [];
  let latestQuery = ex
    .selectFrom("outcome_value as v")
    .innerJoin("outcome_report as r", "r.id", "v.report_id")
    .select(["v.kpi_id", "v.value", "r.id as report_id", "r.period_start", "r.period_end"])
    .distinctOn("v.kpi_id")
    .where("r.status", "=", "approved")
    .orderBy("v.kpi_id")
    .orderBy("r.period_start", "desc");
  let kpiQuery = ex
    .selectFrom("pilot_kpi as k")
    .select(["k.id", "k.pilot_id", "k.position", "k.indicator_code", "k.name", "k.unit"])
    .select(["k.direction", "k.frequency", "k.baseline", "k.target"])
    .orderBy("k.pilot_id")
    .orderBy("k.position");
  if (filter.pilotIds) {
    latestQuery = latestQuery.where("r.pilot_id", "in", filter.pilotIds);
    kpiQuery = kpiQuery.where("k.pilot_id", "in", filter.pilotIds);
  }
  const [kpis, latest] = await Promise.all([kpiQuery.execute(), latestQuery.execute()]);
  const latestByKpi = new Map(latest.map((l) => [l.kpi_id, l]));
  return kpis.map((k) => {
    const l = latestByKpi.get(k.id);
    return {
      pilotId: k.pilot_id,
      kpiId: k.id,
      position: k.position,
      indicatorCode: k.indicator_code,
      name: k.name,
      unit: k.unit,
      direction: k.direction,
      frequency: k.frequency,
      baseline: k.baseline,
      target: k.target,
      latest: l
        ? { value: l.value, periodStart: l.period_start, periodEnd: l.period_end, reportId: l.report_id }
        : null,
      met: l ? meetsTarget(k.direction, l.value, k.target, k.baseline) : null,
    };
  });
}

/** Counts for a summary line: met, missed and unknown. */
export function summarizeAttainment(rows: readonly Pick<KpiAttainment, "met">[]): {
  met: number;
  missed: number;
  unknown: number;
  total: number;
} {
  const met = rows.filter((r) => r.met === true).length;
  const missed = rows.filter((r) => r.met === false).length;
  return { met, missed, unknown: rows.length - met - missed, total: rows.length };
}
