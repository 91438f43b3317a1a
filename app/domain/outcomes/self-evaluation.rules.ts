// What the self-evaluation proposes from the pilots' own results (browser-safe, pure): a draft of the reasons that
// quotes each KPI's baseline, target and latest approved value, and a rating from how many of them met their target.
// Only a proposal: nothing is recorded until an admin saves the form.
import { ATTAINMENT_LABELS } from "./attainment.rules";
import { formatMeasure } from "./kpi-format.rules";
import { periodLabel } from "./periods.rules";

export interface IndicatorEvidence {
  pilotId: string;
  pilotTitle: string;
  kpiName: string;
  unit: string;
  baseline: string | null;
  target: string | null;
  latest: { value: string; periodStart: string; periodEnd: string } | null;
  met: boolean | null;
}

/**
 * 4 when every KPI with a known result met its target, 3 when at least half did, 2 otherwise (the pilot was carried
 * out, so never 1 「取り組めなかった」 from figures alone); null when no KPI has an approved value to judge by.
 */
export function suggestedRating(evidence: readonly Pick<IndicatorEvidence, "met">[]): 4 | 3 | 2 | null {
  const known = evidence.filter((e) => e.met !== null);
  if (known.length === 0) return null;
  const met = known.filter((e) => e.met).length;
  if (met === known.length) return 4;
  return met * 2 >= known.length ? 3 : 2;
}

/** One line per KPI: 「実証名」のKPI「名前」: 基準値 …、目標 …、実績 …（期間・承認済み、達成）. */
export function evidenceLine(e: IndicatorEvidence): string {
  const result = e.latest
    ? `実績 ${formatMeasure(e.latest.value, e.unit)}（${periodLabel({ start: e.latest.periodStart, end: e.latest.periodEnd })}・承認済み、${
        e.met === null ? ATTAINMENT_LABELS.unknown : e.met ? ATTAINMENT_LABELS.met : ATTAINMENT_LABELS.missed
      }）`
    : "承認済みの実績はまだありません";
  return `「${e.pilotTitle}」のKPI「${e.kpiName}」: 基準値 ${formatMeasure(e.baseline, e.unit)}、目標 ${formatMeasure(e.target, e.unit)}、${result}`;
}

/** The reasons as proposed: the evidence lines, for the admin to complete with what the figures do not say. */
export function draftReasons(evidence: readonly IndicatorEvidence[]): string {
  return evidence.map((e) => `・${evidenceLine(e)}`).join("\n");
}
