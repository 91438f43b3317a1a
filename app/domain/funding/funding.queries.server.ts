// What a pilot's funding page shows: its allocations (with the budget's fiscal year), its milestones with their payment,
// the latest report status per milestone (from the expenditure module), and, for the municipality, the budgets it can
// still draw on. Four indexed reads.
import type { Executor } from "@db/database.server";
import { latestReportStatusByMilestone } from "./spend.queries.server";

export async function pilotFunding(
  ex: Executor,
  pilot: { id: string; municipality_id: string },
  options: { withBudgets: boolean },
) {
  const [allocations, milestones, budgets, reportStatus] = await Promise.all([
    ex
      .selectFrom("allocation as a")
      .innerJoin("budget as b", "b.id", "a.budget_id")
      .select(["a.id", "a.amount_yen", "a.scheduled_yen", "a.disbursed_yen", "a.note"])
      .select(["a.created_at", "b.fiscal_year", "b.id as budget_id"])
      .where("a.pilot_id", "=", pilot.id)
      .orderBy("b.fiscal_year")
      .execute(),
    ex
      .selectFrom("milestone as m")
      .leftJoin("milestone_payment as p", "p.milestone_id", "m.id")
      .leftJoin("app_user as approver", "approver.id", "m.approved_by")
      .select(["m.id", "m.allocation_id", "m.title", "m.due_date", "m.original_amount_yen"])
      .select(["m.amount_yen", "m.requires_report", "m.status", "m.status_reason", "m.approved_at"])
      .select(["approver.display_name as approved_by_name", "p.method"])
      .select(["p.status as payment_status", "p.reference", "p.paid_at", "p.returned_at"])
      .select(["p.failure_reason", "p.stripe_transfer_id"])
      .where("m.pilot_id", "=", pilot.id)
      .orderBy("m.due_date")
      .orderBy("m.created_at")
      .execute(),
    options.withBudgets
      ? ex
          .selectFrom("budget")
          .select(["id", "fiscal_year", "amount_yen", "allocated_yen"])
          .where("organization_id", "=", pilot.municipality_id)
          .orderBy("fiscal_year", "desc")
          .execute()
      : Promise.resolve([]),
    latestReportStatusByMilestone(ex, pilot.id),
  ]);
  return {
    allocations: allocations.map((a) => ({
      id: a.id,
      budgetId: a.budget_id,
      fiscalYear: a.fiscal_year,
      amountYen: Number(a.amount_yen),
      scheduledYen: Number(a.scheduled_yen),
      disbursedYen: Number(a.disbursed_yen),
      note: a.note,
    })),
    milestones: milestones.map((m) => ({
      id: m.id,
      allocationId: m.allocation_id,
      title: m.title,
      dueDate: String(m.due_date).slice(0, 10),
      originalAmountYen: Number(m.original_amount_yen),
      amountYen: Number(m.amount_yen),
      requiresReport: m.requires_report,
      status: m.status,
      statusReason: m.status_reason,
      approvedAt: m.approved_at ? new Date(m.approved_at).toISOString() : null,
      approvedByName: m.approved_by_name ?? null,
      payment: m.method
        ? {
            method: m.method,
            status: m.payment_status!,
            reference: m.reference ?? "",
            paidAt: m.paid_at ? new Date(m.paid_at).toISOString() : null,
            returnedAt: m.returned_at ? new Date(m.returned_at).toISOString() : null,
            failureReason: m.failure_reason ?? "",
            transferId: m.stripe_transfer_id,
          }
        : null,
      reportStatus: reportStatus[m.id] ?? null,
    })),
    budgets: budgets.map((b) => ({
      id: b.id,
      fiscalYear: b.fiscal_year,
      amountYen: Number(b.amount_yen),
      remainingYen: Number(b.amount_yen) - Number(b.allocated_yen),
    })),
  };
}
