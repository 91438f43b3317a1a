// Payments of approved milestones. A milestone has at most one payment row (unique milestone_id): it is paid once.
// Paying moves allocation.disbursed_yen by a guarded UPDATE (disbursed + amount <= scheduled) and appends a ledger
// entry; a return reverses both with a negative entry. Stripe payments are created pending with their transfer job in
// the caller's transaction; the Stripe call happens in the job, outside any transaction, and its result (or a webhook)
// settles, fails or returns the payment here. Each of those is idempotent: a second call with the same outcome is a no-op.
import { sql } from "kysely";
import type { Milestone, MilestonePayment, Pilot } from "@db/schema";
import type { MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { enqueueJob } from "~/domain/jobs/jobs.commands.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { requireFundingManager } from "./funding.access.server";
import { appendLedgerEntry } from "./ledger.commands.server";
import { lockMilestone } from "./milestones.access.server";
import { formatYenInText } from "~/lib/format";
import { notifyMembers } from "~/domain/organizations/notify-members.commands.server";
import { milestoneRefusal, paymentStep } from "./funding.rules";

export const STRIPE_TRANSFER_JOB = "stripe.transfer";

/** The idempotency key of a milestone's payment: the same for every attempt, so Stripe creates one transfer at most. */
export const paymentIdempotencyKey = (milestoneId: string) => `milestone-payment-${milestoneId}`;

type PilotRef = Pick<Pilot, "id" | "municipality_id" | "company_id" | "title">;

async function disburse(trx: Executor, pilot: PilotRef, milestone: Milestone, userId: string | null, memo: string) {
  const amount = Number(milestone.amount_yen);
  const allocation = await trx
    .updateTable("allocation")
    .set({ disbursed_yen: sql<string>`disbursed_yen + ${amount}`, updated_at: new Date() })
    .where("id", "=", milestone.allocation_id)
    .where(sql<boolean>`disbursed_yen + ${amount} <= scheduled_yen`)
    .returning(["budget_id"])
    .executeTakeFirst();
  if (!allocation) throw new AppError("conflict", "支払額が配分額を超えるため、支払を記録できません。");
  await trx
    .updateTable("milestone")
    .set({ status: "paid", updated_at: new Date() })
    .where("id", "=", milestone.id)
    .execute();
  await appendLedgerEntry(trx, {
    organizationId: pilot.municipality_id,
    budgetId: allocation.budget_id,
    allocationId: milestone.allocation_id,
    pilotId: pilot.id,
    milestoneId: milestone.id,
    kind: "disbursement",
    amountYen: amount,
    memo,
    userId,
  });
}

/** Records a bank transfer the municipality has made for an approved milestone, with its reference. */
export async function recordBankTransfer(
  actor: MemberActor,
  pilotId: string,
  input: { milestoneId: string; reference: string },
) {
  return inTransaction(async (trx) => {
    const { pilot } = await requireFundingManager(trx, actor, pilotId);
    const milestone = await lockMilestone(trx, pilot.id, input.milestoneId);
    const refusal = milestoneRefusal(milestone.status, "pay");
    if (refusal) throw new AppError("conflict", refusal);
    const existing = await trx
      .selectFrom("milestone_payment")
      .selectAll()
      .where("milestone_id", "=", milestone.id)
      .executeTakeFirst();
    const step = paymentStep(existing?.status ?? "none", "recordTransfer");
    if (step.kind === "refused") throw new AppError("conflict", step.reason);
    const now = new Date();
    if (existing) {
      await trx
        .updateTable("milestone_payment")
        .set({
          method: "bank_transfer",
          status: "paid",
          reference: input.reference,
          recorded_by: actor.userId,
          paid_at: now,
          updated_at: now,
        })
        .where("id", "=", existing.id)
        .where("status", "=", "failed")
        .execute();
    } else {
      await trx
        .insertInto("milestone_payment")
        .values({
          milestone_id: milestone.id,
          pilot_id: pilot.id,
          organization_id: pilot.municipality_id,
          method: "bank_transfer",
          amount_yen: milestone.amount_yen,
          status: "paid",
          reference: input.reference,
          idempotency_key: paymentIdempotencyKey(milestone.id),
          recorded_by: actor.userId,
          paid_at: now,
        })
        .execute();
    }
    await disburse(trx, pilot, milestone, actor.userId, `銀行振込 ${input.reference}`);
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "payment.record_transfer",
      entityType: "milestone",
      entityId: milestone.id,
      changes: {
        status: { from: "approved", to: "paid" },
        amount_yen: Number(milestone.amount_yen),
        reference: input.reference,
      },
    });
    await notifyMembers(trx, pilot.company_id, {
      kind: "payment_recorded",
      title: `「${milestone.title}」の支払が記録されました`,
      body: `実証「${pilot.title}」の「${milestone.title}」について、${formatYenInText(Number(milestone.amount_yen))}の銀行振込が記録されました（照会番号: ${input.reference}）。`,
      linkPath: `/pilots/${pilot.id}/funding`,
      linkLabel: "資金・支払を見る",
    });
    return { paid: true };
  });
}

/** Creates the pending Stripe payment of a milestone being approved, and the job that will make the transfer. */
export async function startStripePayment(trx: Executor, actor: MemberActor, pilot: PilotRef, milestone: Milestone) {
  const payment = await trx
    .insertInto("milestone_payment")
    .values({
      milestone_id: milestone.id,
      pilot_id: pilot.id,
      organization_id: pilot.municipality_id,
      method: "stripe",
      amount_yen: milestone.amount_yen,
      status: "pending",
      idempotency_key: paymentIdempotencyKey(milestone.id),
      recorded_by: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await enqueueJob(trx, STRIPE_TRANSFER_JOB, { paymentId: payment.id }, { maxAttempts: 8 });
  return payment.id;
}

async function lockPayment(
  trx: Executor,
  where: { paymentId?: string; transferId?: string },
): Promise<MilestonePayment | undefined> {
  let query = trx.selectFrom("milestone_payment").selectAll().forUpdate();
  if (where.paymentId) query = query.where("id", "=", where.paymentId);
  else if (where.transferId) query = query.where("stripe_transfer_id", "=", where.transferId);
  else return undefined;
  return query.executeTakeFirst();
}

async function pilotOf(trx: Executor, pilotId: string): Promise<PilotRef> {
  return trx
    .selectFrom("pilot")
    .select(["id", "municipality_id", "company_id", "title"])
    .where("id", "=", pilotId)
    .executeTakeFirstOrThrow();
}

/**
 * A Stripe transfer for the payment exists: the payment is paid and the money counted as disbursed. Idempotent, and a
 * payment already returned (a reversal that arrived first) stays returned.
 */
export async function settleStripePayment(
  ex: Executor,
  input: { paymentId: string; transferId: string; at?: Date },
): Promise<"settled" | "unchanged"> {
  return withinTransaction(ex, async (trx) => {
    const payment = await lockPayment(trx, { paymentId: input.paymentId });
    if (!payment) return "unchanged";
    if (payment.stripe_transfer_id === null) {
      await trx
        .updateTable("milestone_payment")
        .set({ stripe_transfer_id: input.transferId, updated_at: new Date() })
        .where("id", "=", payment.id)
        .execute();
    }
    if (paymentStep(payment.status, "settle").kind !== "allowed") return "unchanged";
    const pilot = await pilotOf(trx, payment.pilot_id);
    const milestone = await lockMilestone(trx, pilot.id, payment.milestone_id);
    const at = input.at ?? new Date();
    await trx
      .updateTable("milestone_payment")
      .set({ status: "paid", paid_at: at, failure_reason: "", updated_at: new Date() })
      .where("id", "=", payment.id)
      .execute();
    await disburse(trx, pilot, milestone, null, `Stripe 送金 ${input.transferId}`);
    await recordAudit(trx, {
      actor: null,
      organizationId: pilot.municipality_id,
      action: "payment.stripe_paid",
      entityType: "milestone",
      entityId: milestone.id,
      changes: {
        status: { from: "approved", to: "paid" },
        transfer_id: input.transferId,
        amount_yen: Number(payment.amount_yen),
      },
    });
    await notifyMembers(trx, pilot.company_id, {
      kind: "payment_recorded",
      title: `「${milestone.title}」の支払が送金されました`,
      body: `実証「${pilot.title}」の「${milestone.title}」について、${formatYenInText(Number(payment.amount_yen))}を Stripe で送金しました。`,
      linkPath: `/pilots/${pilot.id}/funding`,
      linkLabel: "資金・支払を見る",
    });
    return "settled";
  });
}

/** The Stripe call failed for good: the payment is failed and the milestone stays approved (pay it by bank transfer). */
export async function failStripePayment(
  ex: Executor,
  input: { paymentId: string; reason: string },
): Promise<"failed" | "unchanged"> {
  return withinTransaction(ex, async (trx) => {
    const payment = await lockPayment(trx, { paymentId: input.paymentId });
    if (!payment || paymentStep(payment.status, "fail").kind !== "allowed") return "unchanged";
    await trx
      .updateTable("milestone_payment")
      .set({ status: "failed", failure_reason: input.reason.slice(0, 500), updated_at: new Date() })
      .where("id", "=", payment.id)
      .execute();
    await recordAudit(trx, {
      actor: null,
      organizationId: payment.organization_id,
      action: "payment.stripe_failed",
      entityType: "milestone",
      entityId: payment.milestone_id,
      changes: { reason: input.reason.slice(0, 500) },
    });
    return "failed";
  });
}

/**
 * The money came back (a reversed transfer, or a bank transfer returned): the payment and the milestone are returned,
 * the amount leaves the schedule of the allocation, and what was counted as disbursed is reversed in the ledger.
 * A reversal that arrives before the payment was settled converges to the same end state. Idempotent.
 */
export async function returnPayment(
  ex: Executor,
  input: { paymentId?: string; transferId?: string; reason: string; actor?: MemberActor | null },
): Promise<"returned" | "unchanged"> {
  return withinTransaction(ex, async (trx) => {
    const payment = await lockPayment(trx, input);
    if (!payment || paymentStep(payment.status, "return").kind !== "allowed") return "unchanged";
    const pilot = await pilotOf(trx, payment.pilot_id);
    const milestone = await lockMilestone(trx, pilot.id, payment.milestone_id);
    const amount = Number(payment.amount_yen);
    const wasDisbursed = payment.status === "paid";
    const allocation = await trx
      .updateTable("allocation")
      .set((eb) => ({
        disbursed_yen: wasDisbursed ? sql<string>`disbursed_yen - ${amount}` : eb.ref("disbursed_yen"),
        scheduled_yen: sql<string>`scheduled_yen - ${amount}`,
        updated_at: new Date(),
      }))
      .where("id", "=", milestone.allocation_id)
      .returning(["budget_id"])
      .executeTakeFirstOrThrow();
    const now = new Date();
    await trx
      .updateTable("milestone_payment")
      .set({ status: "returned", returned_at: now, failure_reason: input.reason.slice(0, 500), updated_at: now })
      .where("id", "=", payment.id)
      .execute();
    await trx
      .updateTable("milestone")
      .set({ status: "returned", status_reason: input.reason.slice(0, 1000), updated_at: now })
      .where("id", "=", milestone.id)
      .execute();
    if (wasDisbursed) {
      await appendLedgerEntry(trx, {
        organizationId: pilot.municipality_id,
        budgetId: allocation.budget_id,
        allocationId: milestone.allocation_id,
        pilotId: pilot.id,
        milestoneId: milestone.id,
        kind: "return",
        amountYen: -amount,
        memo: input.reason,
        userId: input.actor?.userId ?? null,
      });
    }
    await recordAudit(trx, {
      actor: input.actor ?? null,
      organizationId: pilot.municipality_id,
      action: "payment.return",
      entityType: "milestone",
      entityId: milestone.id,
      changes: { status: { from: milestone.status, to: "returned" }, amount_yen: amount, reason: input.reason },
    });
    return "returned";
  });
}

/** The municipality records that a paid amount was returned (e.g. unspent money paid back by the company). */
export async function recordReturn(
  actor: MemberActor,
  pilotId: string,
  input: { milestoneId: string; reason: string },
) {
  return inTransaction(async (trx) => {
    const { pilot } = await requireFundingManager(trx, actor, pilotId);
    const milestone = await lockMilestone(trx, pilot.id, input.milestoneId);
    const refusal = milestoneRefusal(milestone.status, "return");
    if (refusal) throw new AppError("conflict", refusal);
    const payment = await trx
      .selectFrom("milestone_payment")
      .select("id")
      .where("milestone_id", "=", milestone.id)
      .executeTakeFirstOrThrow();
    await returnPayment(trx, { paymentId: payment.id, reason: input.reason, actor });
    return { returned: true };
  });
}

/** Runs `fn` in a transaction: the caller's, or a new one. */
/** Joins the caller's transaction, or opens one (Stripe outcomes come from a job or a webhook, in or out of one). */
async function withinTransaction<T>(ex: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (ex.isTransaction) return fn(ex);
  return ex.transaction().execute(fn);
}
