import type { Executor } from "~/domain/audit/audit.server";

/** A milestone that requires a report may be approved only once an expenditure report for it has been approved. */
export async function approvedReportRequirementMet(ex: Executor, milestoneId: string): Promise<boolean> {
  const row = await ex
    .selectFrom("expenditure_report")
    .select("id")
    .where("milestone_id", "=", milestoneId)
    .where("status", "=", "approved")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
