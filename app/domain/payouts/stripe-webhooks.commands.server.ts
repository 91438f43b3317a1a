// Stripe events, already verified by their signature, reconciled with our records. Each event runs in ONE transaction
// that first inserts its id into stripe_event: a replayed event (again, or ten times at once) conflicts there and
// changes nothing; if applying it fails, the insert rolls back with it and Stripe's retry applies it later.
// Events may arrive in any order: the outcome functions of payments converge (a reversal before the creation ends
// where a creation then a reversal ends), and account states older than the one applied are ignored.
import { isUuid } from "~/lib/uuid";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { returnPayment, settleStripePayment } from "~/domain/funding/payments.commands.server";
import { inTransaction } from "~/lib/db.server";
import { applyAccountState } from "./payout-accounts.commands.server";
import { STRIPE_CONNECT_EVENTS, STRIPE_PLATFORM_EVENTS } from "./payouts.schema";
import { stripeLiveMode, type Stripe } from "~/lib/stripe.server";

/** The events the webhook endpoint(s) should send (README: Stripe Connect). Anything else is acknowledged and ignored. */
export const HANDLED_STRIPE_EVENTS = [...STRIPE_PLATFORM_EVENTS, ...STRIPE_CONNECT_EVENTS] as const;
type HandledType = (typeof HANDLED_STRIPE_EVENTS)[number];

export type StripeEventOutcome = "processed" | "duplicate" | "ignored";

const uuidOrNull = (value: unknown) => (typeof value === "string" && isUuid(value) ? value : null);

function isHandled(type: string): type is HandledType {
  return (HANDLED_STRIPE_EVENTS as readonly string[]).includes(type);
}

export async function processStripeEvent(event: Stripe.Event): Promise<StripeEventOutcome> {
  if (!isHandled(event.type)) return "ignored";
  // Connect endpoints of a live platform also receive test-mode events of connected accounts.
  if (event.livemode !== stripeLiveMode()) return "ignored";
  return inTransaction(async (trx) => {
    const first = await trx
      .insertInto("stripe_event")
      .values({ id: event.id, type: event.type, event_created: event.created })
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!first) return "duplicate";
    await applyEvent(trx, event);
    return "processed";
  });
}

async function applyEvent(trx: Executor, event: Stripe.Event): Promise<void> {
  switch (event.type) {
    case "account.updated":
      return accountUpdated(trx, event);
    case "transfer.created":
      return transferCreated(trx, event.id, event.data.object);
    case "transfer.reversed":
      return transferReversed(trx, event.id, event.data.object);
    case "payout.paid":
    case "payout.failed":
      return payoutOutcome(trx, event.type, event.account ?? null, event.data.object);
    default:
      return;
  }
}

async function accountUpdated(trx: Executor, event: Stripe.AccountUpdatedEvent) {
  const account = event.data.object;
  const applied = await applyAccountState(trx, account, event.created, {
    organizationId: uuidOrNull(account.metadata?.organization_id) ?? undefined,
  });
  if (!applied || Object.keys(applied.changes).length === 0) return;
  await recordAudit(trx, {
    actor: null,
    organizationId: applied.organizationId,
    action: "payout.account_updated",
    entityType: "stripe_account",
    entityId: account.id,
    changes: { ...applied.changes, event_id: event.id },
  });
}

/** The Stripe payment the transfer was made for (by the metadata we set), when it is one. */
async function paymentOf(trx: Executor, transfer: Stripe.Transfer) {
  const paymentId = uuidOrNull(transfer.metadata?.payment_id);
  let query = trx
    .selectFrom("milestone_payment")
    .select(["id", "method", "amount_yen", "organization_id", "milestone_id"]);
  if (paymentId) query = query.where("id", "=", paymentId);
  else query = query.where("stripe_transfer_id", "=", transfer.id);
  const payment = await query.executeTakeFirst();
  return payment?.method === "stripe" ? payment : null;
}

async function transferCreated(trx: Executor, eventId: string, transfer: Stripe.Transfer) {
  const payment = await paymentOf(trx, transfer);
  if (!payment) return;
  if (transfer.currency !== "jpy" || transfer.amount !== Number(payment.amount_yen)) {
    // Not the transfer our job makes for this payment (made by hand in the Dashboard?): recorded, not counted.
    await recordAudit(trx, {
      actor: null,
      organizationId: payment.organization_id,
      action: "payment.stripe_mismatch",
      entityType: "milestone",
      entityId: payment.milestone_id,
      changes: {
        transfer_id: transfer.id,
        amount: transfer.amount,
        currency: transfer.currency,
        expected_amount_yen: Number(payment.amount_yen),
        event_id: eventId,
      },
    });
    return;
  }
  await settleStripePayment(trx, {
    paymentId: payment.id,
    transferId: transfer.id,
    at: new Date(transfer.created * 1000),
  });
}

async function transferReversed(trx: Executor, eventId: string, transfer: Stripe.Transfer) {
  const payment = await paymentOf(trx, transfer);
  if (!payment) return;
  if (!transfer.reversed) {
    // A partial reversal: our records know whole payments only, so it is recorded for the municipality to handle.
    await recordAudit(trx, {
      actor: null,
      organizationId: payment.organization_id,
      action: "payment.stripe_partial_reversal",
      entityType: "milestone",
      entityId: payment.milestone_id,
      changes: { transfer_id: transfer.id, amount_reversed: transfer.amount_reversed, event_id: eventId },
    });
    return;
  }
  await returnPayment(trx, { paymentId: payment.id, reason: `Stripe の送金が取り消されました（${transfer.id}）` });
}

/** A payout of a connected account to its bank: the company's own money movement, recorded on its audit log only. */
async function payoutOutcome(
  trx: Executor,
  type: "payout.paid" | "payout.failed",
  accountId: string | null,
  payout: Stripe.Payout,
) {
  if (!accountId) return; // the platform's own payouts
  const owner = await trx
    .selectFrom("stripe_account")
    .select("organization_id")
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  if (!owner) return;
  await recordAudit(trx, {
    actor: null,
    organizationId: owner.organization_id,
    action: type,
    entityType: "stripe_payout",
    entityId: payout.id,
    changes: {
      amount: payout.amount,
      currency: payout.currency,
      arrival_date: new Date(payout.arrival_date * 1000).toISOString().slice(0, 10),
      status: payout.status,
      ...(type === "payout.failed"
        ? { failure_code: payout.failure_code, failure_message: payout.failure_message }
        : {}),
    },
  });
}
