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
    .select(["k.id", "k.position", "k.indicator_code as indicatorCode", "k.name", "k.definition", "k.unit"])
    .select(["k.baseline", "k.target", "k.direction", "k.frequency"])
    .select((eb) =>
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
    )
    .where("k.pilot_id", "=", pilotId)
    .orderBy("k.position")
    .execute();
  return rows.map((r) => ({ ...r, locked: Boolean(r.locked) }));
}
