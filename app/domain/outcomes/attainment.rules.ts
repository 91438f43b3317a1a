// Whether a KPI's value meets its target (browser-safe, pure). The one definition used by the outcomes pages and, through
// kpiAttainment (attainment.server.ts), by the bureau dashboard.
//
// - increase (増やす): met when value >= target.
// - decrease (減らす): met when value <= target.
// - maintain (維持する): the level to keep is the target when one is set, else the baseline; met when value >= that
//   level (「維持」 means not falling below it; a KPI to keep low is a 「減らす」 KPI with its ceiling as target).
// - Unknown (null) when there is no value, or no level to compare with (no target; for maintain, neither target nor
//   baseline). Unknown is neither met nor missed: dashboards count it apart.
import type { KpiDirection } from "~/domain/pilots/agreement-content.schema";

type NumberLike = number | string | null | undefined;

function toNumber(value: NumberLike): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The level a value is compared with: the target, or for 「維持」 without a target the baseline. */
export function referenceLevel(direction: KpiDirection, target: NumberLike, baseline: NumberLike): number | null {
  const t = toNumber(target);
  if (direction === "maintain") return t ?? toNumber(baseline);
  return t;
}

export function meetsTarget(
  direction: KpiDirection,
  value: NumberLike,
  target: NumberLike,
  baseline: NumberLike,
): boolean | null {
  const v = toNumber(value);
  const level = referenceLevel(direction, target, baseline);
  if (v === null || level === null) return null;
  return direction === "decrease" ? v <= level : v >= level;
}

export const ATTAINMENT_LABELS = { met: "達成", missed: "未達成", unknown: "判定できません" } as const;

export function attainmentLabel(met: boolean | null): string {
  return met === null ? ATTAINMENT_LABELS.unknown : met ? ATTAINMENT_LABELS.met : ATTAINMENT_LABELS.missed;
}
