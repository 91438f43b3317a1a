// Signed pilots, KPIs and outcome reports for tests and the demo seed. Relative imports: resolved by vitest and the
// Remix bundle. These write rows directly (no audit, no notifications): they set up a state, they do not act.
import type { Insertable } from "kysely";
import type { OutcomeReportTable, Pilot, PilotKpiTable } from "@db/schema";
import type { Executor } from "@db/database.server";
import { readAgreementContent, type AgreementContent } from "~/domain/pilots/agreement-content.schema";

/**
 * Signs the pilot's latest agreement version as both parties would (locks it, points the pilot at it, status running),
 * after applying `changes` to its content (e.g. the KPIs of 第6条 or the period).
 */
export async function signPilot(
  ex: Executor,
  pilot: Pilot,
  changes: Partial<AgreementContent> = {},
  now = new Date(),
): Promise<Pilot> {
  const version = await ex
    .selectFrom("pilot_agreement_version")
    .select(["id", "content"])
    .where("pilot_id", "=", pilot.id)
    .orderBy("version_number", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  const content = { ...readAgreementContent(version.content), ...changes };
  await ex
    .updateTable("pilot_agreement_version")
    .set({ content: JSON.stringify(content), locked_at: now })
    .where("id", "=", version.id)
    .execute();
  return ex
    .updateTable("pilot")
    .set({ signed_version_id: version.id, status: "running", started_at: now, updated_at: now })
    .where("id", "=", pilot.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createKpi(
  ex: Executor,
  pilotId: string,
  overrides: Partial<Omit<Insertable<PilotKpiTable>, "pilot_id">> = {},
) {
  const last = await ex
    .selectFrom("pilot_kpi")
    .select((eb) => eb.fn.max("position").as("p"))
    .where("pilot_id", "=", pilotId)
    .executeTakeFirst();
  return ex
    .insertInto("pilot_kpi")
    .values({
      pilot_id: pilotId,
      position: Number(last?.p ?? 0) + 1,
      name: "通いの場の箇所数",
      unit: "か所",
      baseline: "2",
      target: "5",
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ReportSetup extends Partial<
  Omit<Insertable<OutcomeReportTable>, "pilot_id" | "period_start" | "period_end">
> {
  periodStart: string;
  periodEnd: string;
  /** KPI id -> value. */
  values?: Record<string, string | number>;
}

export async function createOutcomeReport(ex: Executor, pilotId: string, setup: ReportSetup) {
  const { periodStart, periodEnd, values = {}, ...rest } = setup;
  const report = await ex
    .insertInto("outcome_report")
    .values({ pilot_id: pilotId, period_start: periodStart, period_end: periodEnd, author_side: "company", ...rest })
    .returningAll()
    .executeTakeFirstOrThrow();
  const rows = Object.entries(values).map(([kpiId, value]) => ({
    report_id: report.id,
    kpi_id: kpiId,
    value: String(value),
  }));
  if (rows.length > 0) await ex.insertInto("outcome_value").values(rows).execute();
  return report;
}
