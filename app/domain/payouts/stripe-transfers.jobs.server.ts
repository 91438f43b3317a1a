// The job that makes the Stripe transfer of a milestone payment approved for Stripe (the outbox: approving the
// milestone stored the pending payment and this job in one transaction; the Stripe call happens here, outside any
// transaction). Every attempt sends the payment's own idempotency key, so a retried job creates one transfer at most.
import { z } from "zod";
import type { Job } from "@db/schema";
import { failStripePayment, settleStripePayment } from "~/domain/funding/payments.commands.server";
import { isStripeConfigured, describeStripeError, isTransientStripeError, stripeClient } from "~/lib/stripe.server";
import { db } from "~/lib/db.server";
import { afterTransferFailure, transferStep } from "./payouts.rules";

const TransferPayload = z.object({ paymentId: z.string().uuid() });

/** The transfer group of a pilot's payments (shown in the Stripe Dashboard). */
export const transferGroupOf = (pilotId: string) => `pilot-${pilotId}`;

async function loadPayment(paymentId: string) {
  return db()
    .selectFrom("milestone_payment")
    .innerJoin("pilot", "pilot.id", "milestone_payment.pilot_id")
    .leftJoin("stripe_account", "stripe_account.organization_id", "pilot.company_id")
    .select(["milestone_payment.id", "milestone_payment.milestone_id"])
    .select(["milestone_payment.pilot_id", "milestone_payment.method", "milestone_payment.status"])
    .select(["milestone_payment.amount_yen", "milestone_payment.idempotency_key"])
    .select(["stripe_account.account_id"])
    .where("milestone_payment.id", "=", paymentId)
    .executeTakeFirst();
}

/**
 * Handler of STRIPE_TRANSFER_JOB. Does nothing when the payment is no longer pending (settled by a webhook, returned,
 * failed). Throws on a transient failure so that the job is retried later with the same idempotency key; a permanent
 * failure, or a transient one on the last attempt, fails the payment (the municipality may then pay by bank transfer).
 */
export async function stripeTransferJob(job: Job): Promise<void> {
  const { paymentId } = TransferPayload.parse(job.payload);
  const payment = await loadPayment(paymentId);
  const lastAttempt = job.attempts >= job.max_attempts;
  const step = transferStep({
    payment: payment ?? null,
    hasAccount: Boolean(payment?.account_id),
    configured: isStripeConfigured(),
    lastAttempt,
  });
  if (step === "skip") return;
  if (step === "failNoAccount") {
    await failStripePayment(db(), { paymentId, reason: "企業の Stripe 受取口座が登録されていません。" });
    return;
  }
  if (step === "retryLater")
    throw new Error("Stripe is not configured (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET): will retry");
  if (step === "failNotConfigured") {
    await failStripePayment(db(), { paymentId, reason: "Stripe の設定が無効になっているため送金できませんでした。" });
    return;
  }
  if (!payment?.account_id) return;

  let transfer;
  try {
    transfer = await stripeClient().transfers.create(
      {
        // JPY is a zero-decimal currency: the amount is in yen, as stored.
        amount: Number(payment.amount_yen),
        currency: "jpy",
        destination: payment.account_id,
        transfer_group: transferGroupOf(payment.pilot_id),
        metadata: { payment_id: payment.id, milestone_id: payment.milestone_id, pilot_id: payment.pilot_id },
      },
      { idempotencyKey: payment.idempotency_key },
    );
  } catch (error) {
    const reason = describeStripeError(error);
    if (afterTransferFailure(isTransientStripeError(error), lastAttempt) === "retry")
      throw new Error(`Stripe transfer failed, will retry: ${reason}`, { cause: error });
    await failStripePayment(db(), { paymentId, reason: `Stripe での送金に失敗しました: ${reason}` });
    return;
  }
  await settleStripePayment(db(), { paymentId, transferId: transfer.id, at: new Date(transfer.created * 1000) });
}
