// A pilot's KPIs, read side.
import type { Executor } from "@db/database.server";
import { type KpiDirection } from "./outcomes.schema";
import type { Frequency } from "./periods.rules";

export interface KpiView {
  id: string;
  position: number;
  indicatorCode: string | null;
  name: string;
  definition: string;
  unit: string;
  baseline: string | null;
  target: string | null;
  direction: KpiDirection;
  frequency: Frequency;
  /** A submitted or approved report holds a value for it: it can no longer be removed. */
  locked: boolean;
}

export async function listKpis(ex: Executor, pilotId: string): Promise<KpiView[]> {
  const rows = await ex
    .selectFrom("pilot_kpi as k")
    .select((eb) => [
      "k.id",
      "k.position",
      "k.indicator_code",
      "k.name",
      "k.definition",
      "k.unit",
      "k.baseline",
      "k.target",
      "k.direction",
      "k.frequency",
      eb
        .exists(
          eb
            .selectFrom("outcome_value as v")
            .innerJoin("outcome_report as r", "r.id", "v.report_id")
            .select("v.kpi_id")
            .whereRef("v.kpi_id", "=", "k.id")
            .where("r.status", "in", ["submitted", "approved"]),
        )
        .as("locked"),
    ])
    .where("k.pilot_id", "=", pilotId)
    .orderBy("k.position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    indicatorCode: r.indicator_code,
    name: r.name,
    definition: r.definition,
    unit: r.unit,
    baseline: r.baseline,
    target: r.target,
    direction: r.direction,
    frequency: r.frequency,
    locked: Boolean(r.locked),
  }));
}
