// What the money asks of the expenditure reports: is a milestone's spend approved (the gate of its approval), how much
// approved spend has a pilot, and where each milestone's latest report stands. The funding area owns these money
// facts; the expenditures area writes the reports and shows them.
import type { ExpenditureReportStatus } from "@db/schema";
import type { Executor } from "@db/database.server";

/** True when the milestone has an approved expenditure report (approved reports are final). */
export async function approvedReportExists(ex: Executor, milestoneId: string): Promise<boolean> {
  const row = await ex
    .selectFrom("expenditure_report")
    .select("id")
    .where("milestone_id", "=", milestoneId)
    .where("status", "=", "approved")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface ReportedSpend {
  /** The sum of the pilot's approved reports, in yen. */
  totalYen: number;
  /** The approved report's total per milestone id (milestones without one are absent). */
  byMilestoneYen: Record<string, number>;
}

/** Approved spend of several pilots, each in all and per milestone (at most one approved report per milestone). */
export async function reportedSpendByPilots(
  ex: Executor,
  pilotIds: readonly string[],
): Promise<Map<string, ReportedSpend>> {
  const spend = new Map<string, ReportedSpend>(pilotIds.map((id) => [id, { totalYen: 0, byMilestoneYen: {} }]));
  if (pilotIds.length === 0) return spend;
  const rows = await ex
    .selectFrom("expenditure_report")
    .select((eb) => ["pilot_id", "milestone_id", eb.fn.sum<string>("total_yen").as("total")])
    .where("pilot_id", "in", [...pilotIds])
    .where("status", "=", "approved")
    .groupBy(["pilot_id", "milestone_id"])
    .execute();
  for (const row of rows) {
    const pilot = spend.get(row.pilot_id)!;
    pilot.byMilestoneYen[row.milestone_id] = Number(row.total);
    pilot.totalYen += Number(row.total);
  }
  return spend;
}

/** Approved spend of one pilot, in all and per milestone. */
export async function reportedSpendByPilot(ex: Executor, pilotId: string): Promise<ReportedSpend> {
  return (await reportedSpendByPilots(ex, [pilotId])).get(pilotId)!;
}

/** The status of each milestone's latest report (milestones without a report are absent), for the funding pages. */
export async function latestReportStatusByMilestone(
  ex: Executor,
  pilotId: string,
): Promise<Record<string, ExpenditureReportStatus>> {
  const rows = await ex
    .selectFrom("expenditure_report")
    .select(["milestone_id", "status"])
    .distinctOn("milestone_id")
    .where("pilot_id", "=", pilotId)
    .orderBy("milestone_id")
    .orderBy("submitted_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.milestone_id, r.status]));
}
