// A pilot with money to pay and a milestone approved for payment by Stripe (pending payment + transfer job), built
// through the real commands. Stripe must be configured (configureStripe) before calling it.
import { createPilot } from "~/seed/pilot-factory.server";
import { allocateFromBudget } from "~/domain/funding/allocations.commands.server";
import { approveMilestone, createMilestone } from "~/domain/funding/milestones.commands.server";
import { db } from "~/lib/db.server";
import { actorOf } from "./actors";

export async function fundedStripePilot(options: { allocationYen?: number; accountId?: string } = {}) {
  const m = await createPilot(db());
  const budget = await db()
    .insertInto("budget")
    .values({ organization_id: m.municipality.organization.id, fiscal_year: 2026, amount_yen: 10_000_000 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { allocationId } = await allocateFromBudget(actorOf(m.municipality), m.pilot.id, {
    budgetId: budget.id,
    amountYen: options.allocationYen ?? 6_000_000,
    note: "",
  });
  const version = await db()
    .selectFrom("pilot_agreement_version")
    .select("id")
    .where("pilot_id", "=", m.pilot.id)
    .executeTakeFirstOrThrow();
  await db()
    .updateTable("pilot_agreement_version")
    .set({ locked_at: new Date() })
    .where("id", "=", version.id)
    .execute();
  await db()
    .updateTable("pilot")
    .set({ signed_version_id: version.id, status: "running" })
    .where("id", "=", m.pilot.id)
    .execute();
  const accountId = options.accountId ?? `acct_${m.company.organization.id.replace(/-/g, "").slice(0, 16)}`;
  await db()
    .insertInto("stripe_account")
    .values({
      organization_id: m.company.organization.id,
      account_id: accountId,
      details_submitted: true,
      payouts_enabled: true,
    })
    .execute();
  return { ...m, allocationId, accountId };
}

export async function pendingStripePayment(amountYen = 2_000_000, options: { allocationYen?: number } = {}) {
  const m = await fundedStripePilot(options);
  const { milestoneId } = await createMilestone(actorOf(m.municipality), m.pilot.id, {
    allocationId: m.allocationId,
    title: "第1回支払",
    dueDate: "2027-01-31",
    amountYen,
    requiresReport: false,
  });
  await approveMilestone(actorOf(m.municipality), m.pilot.id, { milestoneId, method: "stripe" });
  const payment = await db()
    .selectFrom("milestone_payment")
    .selectAll()
    .where("milestone_id", "=", milestoneId)
    .executeTakeFirstOrThrow();
  return { ...m, milestoneId, payment };
}

/** The money figures and states a payment ends in (to compare two orders of events). */
export async function paymentState(x: { allocationId: string; milestoneId: string; payment: { id: string } }) {
  const allocation = await db()
    .selectFrom("allocation")
    .selectAll()
    .where("id", "=", x.allocationId)
    .executeTakeFirstOrThrow();
  const ledger = await db()
    .selectFrom("ledger_entry")
    .select(["kind", "amount_yen"])
    .where("allocation_id", "=", x.allocationId)
    .orderBy("id")
    .execute();
  const payment = await db()
    .selectFrom("milestone_payment")
    .select(["status", "stripe_transfer_id"])
    .where("id", "=", x.payment.id)
    .executeTakeFirstOrThrow();
  const milestone = await db()
    .selectFrom("milestone")
    .select("status")
    .where("id", "=", x.milestoneId)
    .executeTakeFirstOrThrow();
  return {
    payment: payment.status,
    hasTransferId: payment.stripe_transfer_id !== null,
    milestone: milestone.status,
    scheduled: Number(allocation.scheduled_yen),
    disbursed: Number(allocation.disbursed_yen),
    ledgerNet: ledger.reduce((sum, l) => sum + Number(l.amount_yen), 0),
    disbursements: ledger.filter((l) => l.kind === "disbursement").length,
  };
}
