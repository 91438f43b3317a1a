// POST /webhooks/stripe through the Remix action (TRUST.md "Money"): a bad or missing signature is refused and writes
// nothing; a replayed event (twice, or ten times at once) has exactly one effect; events out of order converge to the
// state they reach in order; an account state older than the one applied is ignored. Payloads are Stripe's event
// shapes, signed as Stripe signs them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMember } from "~/seed/factories.server";
import { settleStripePayment } from "~/domain/funding/payments.commands.server";
import { action } from "~/routes/webhooks.stripe";
import { db } from "~/lib/db.server";
import {
  accountObject,
  configureStripe,
  CONNECT_WEBHOOK_SECRET,
  payoutObject,
  signedDelivery,
  stripeEvent,
  transferObject,
  unconfigureStripe,
  useStripeMock,
} from "../mocks/stripe";
import { allowConsoleError } from "../support/console";
import { countRows, rowCounts } from "../support/db";
import { BASE_URL, run, signedInCookie } from "../support/http";
import { fundedStripePilot, paymentState, pendingStripePayment } from "../support/stripe-payments";

const stripe = useStripeMock();

beforeEach(configureStripe);
afterEach(unconfigureStripe);

function webhookRequest(body: string, headers: Record<string, string> = {}) {
  return new Request(`${BASE_URL}/webhooks/stripe`, {
    method: "POST",
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body,
  });
}

async function deliver(event: object, options: { secret?: string; timestamp?: number } = {}) {
  const { payload, signature } = signedDelivery(event, options);
  return run(action, webhookRequest(payload, { "Stripe-Signature": signature }));
}

type Pending = Awaited<ReturnType<typeof pendingStripePayment>>;

/** transfer.created / transfer.reversed for the transfer our job would make for this payment. */
function transferEvents(p: Pending, transferId = `tr_${p.payment.id.replace(/-/g, "").slice(0, 20)}`) {
  const fields = {
    id: transferId,
    amount: Number(p.payment.amount_yen),
    destination: p.accountId,
    transferGroup: `pilot-${p.pilot.id}`,
    metadata: { payment_id: p.payment.id, milestone_id: p.milestoneId, pilot_id: p.pilot.id },
  };
  return {
    transferId,
    created: stripeEvent("transfer.created", transferObject(fields), { created: 1_790_000_000 }),
    reversed: stripeEvent("transfer.reversed", transferObject({ ...fields, reversed: true }), {
      created: 1_790_000_100,
    }),
  };
}

describe("signature", () => {
  it("answers 404 when Stripe is not configured, and writes nothing", async () => {
    unconfigureStripe();
    const p = await fundedStripePilot();
    const before = await rowCounts();
    const result = await deliver(stripeEvent("account.updated", accountObject(p.accountId, { payoutsEnabled: false })));
    expect(result.status).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a missing, a forged, a tampered or a stale signature with 400, and writes nothing", async () => {
    const p = await pendingStripePayment();
    const { created } = transferEvents(p);
    const before = await rowCounts();

    const missing = await run(action, webhookRequest(JSON.stringify(created)));
    const forged = await deliver(created, { secret: "whsec_someone_else" });
    const good = signedDelivery(created);
    const tampered = await run(
      action,
      webhookRequest(good.payload.replace(`"amount": ${Number(p.payment.amount_yen)}`, '"amount": 1'), {
        "Stripe-Signature": good.signature,
      }),
    );
    const stale = await deliver(created, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const garbage = await run(action, webhookRequest("not json", { "Stripe-Signature": "t=1,v1=abc" }));

    for (const result of [missing, forged, tampered, stale, garbage]) {
      expect(result.status).toBe(400);
      expect(result.body).toMatch(/署名|Stripe-Signature/);
    }
    expect(await rowCounts()).toEqual(before);
    expect(await paymentState(p)).toMatchObject({ payment: "pending", disbursed: 0 });
  });

  it("is not a session route: an empty POST is 400 with or without a signed-in user's cookie, and writes nothing", async () => {
    const company = await createMember(db(), { kind: "company" });
    const operator = await createMember(db(), { kind: "operator" });
    const cookies = [null, await signedInCookie(company.user.id), await signedInCookie(operator.user.id)];
    const before = await rowCounts();
    for (const cookie of cookies) {
      const request = new Request(`${BASE_URL}/webhooks/stripe`, {
        method: "POST",
        headers: cookie ? { Cookie: cookie, Origin: BASE_URL } : {},
      });
      expect((await run(action, request)).status).toBe(400);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("accepts events signed with either configured secret (platform endpoint, Connect endpoint)", async () => {
    const p = await fundedStripePilot();
    const event = stripeEvent(
      "account.updated",
      accountObject(p.accountId, { detailsSubmitted: true, payoutsEnabled: true }),
      { account: p.accountId },
    );
    const result = await deliver(event, { secret: CONNECT_WEBHOOK_SECRET });
    expect(result).toMatchObject({ status: 200, body: { received: true, outcome: "processed" } });
  });
});

describe("replays", () => {
  it("a transfer.created delivered twice settles the payment once", async () => {
    const p = await pendingStripePayment(2_000_000);
    const { created, transferId } = transferEvents(p);
    const first = await deliver(created);
    const second = await deliver(created);
    expect(first.body).toEqual({ received: true, outcome: "processed" });
    expect(second.body).toEqual({ received: true, outcome: "duplicate" });
    expect(await paymentState(p)).toMatchObject({
      payment: "paid",
      milestone: "paid",
      disbursed: 2_000_000,
      disbursements: 1,
    });
    const payment = await db()
      .selectFrom("milestone_payment")
      .select("stripe_transfer_id")
      .where("id", "=", p.payment.id)
      .executeTakeFirstOrThrow();
    expect(payment.stripe_transfer_id).toBe(transferId);
    expect(await countRows("stripe_event", (q) => q.where("id", "=", created.id))).toBe(1);
  });

  it("the same event ten times at once has exactly one effect (one disbursement, one stripe_event row, one audit row)", async () => {
    const p = await pendingStripePayment(3_000_000);
    const { created } = transferEvents(p);
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(created)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.filter((r) => r.body.outcome === "processed")).toHaveLength(1);
    expect(results.filter((r) => r.body.outcome === "duplicate")).toHaveLength(9);
    expect(await paymentState(p)).toMatchObject({ payment: "paid", disbursed: 3_000_000, disbursements: 1 });
    expect(await countRows("stripe_event", (q) => q.where("id", "=", created.id))).toBe(1);
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "payment.stripe_paid").where("entity_id", "=", p.milestoneId),
      ),
    ).toBe(1);
  });

  it("a transfer.reversed ten times at once returns the payment once (one reversing ledger entry)", async () => {
    const p = await pendingStripePayment(2_000_000);
    const { created, reversed } = transferEvents(p);
    await deliver(created);
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(reversed)));
    expect(results.filter((r) => r.body.outcome === "processed")).toHaveLength(1);
    const returns = await countRows("ledger_entry", (q) =>
      q.where("milestone_id", "=", p.milestoneId).where("kind", "=", "return"),
    );
    expect(returns).toBe(1);
    expect(await paymentState(p)).toMatchObject({
      payment: "returned",
      milestone: "returned",
      disbursed: 0,
      scheduled: 0,
    });
  });

  it("the job's own settlement and the webhook for the same transfer settle once", async () => {
    const p = await pendingStripePayment(2_000_000);
    const { created, transferId } = transferEvents(p);
    await Promise.all([
      deliver(created),
      settleStripePayment(db(), { paymentId: p.payment.id, transferId }),
      deliver(created),
    ]);
    expect(await paymentState(p)).toMatchObject({ payment: "paid", disbursed: 2_000_000, disbursements: 1 });
  });
});

describe("order", () => {
  it("transfer.reversed before transfer.created ends in the same state as in order", async () => {
    const inOrder = await pendingStripePayment(2_000_000);
    const a = transferEvents(inOrder);
    expect((await deliver(a.created)).status).toBe(200);
    expect((await deliver(a.reversed)).status).toBe(200);

    const outOfOrder = await pendingStripePayment(2_000_000);
    const b = transferEvents(outOfOrder);
    expect((await deliver(b.reversed)).status).toBe(200);
    expect((await deliver(b.created)).status).toBe(200);
    // And the job, if it still ran afterwards, would find nothing to do (the payment is no longer pending).

    const expected = { payment: "returned", milestone: "returned", scheduled: 0, disbursed: 0, ledgerNet: 6_000_000 };
    expect(await paymentState(inOrder)).toMatchObject(expected);
    const { disbursements: _a, ...inOrderState } = await paymentState(inOrder);
    const { disbursements: _b, ...outOfOrderState } = await paymentState(outOfOrder);
    expect(outOfOrderState).toEqual(inOrderState);
  });

  it("account.updated: a newer state applies, an older one delivered late is ignored (and still marked processed)", async () => {
    const p = await fundedStripePilot();
    await db()
      .updateTable("stripe_account")
      .set({ details_submitted: false, payouts_enabled: false })
      .where("account_id", "=", p.accountId)
      .execute();
    const older = stripeEvent(
      "account.updated",
      accountObject(p.accountId, { detailsSubmitted: true, payoutsEnabled: false }),
      { created: 1_790_000_000, account: p.accountId },
    );
    const newer = stripeEvent(
      "account.updated",
      accountObject(p.accountId, { detailsSubmitted: true, payoutsEnabled: true }),
      { created: 1_790_000_060, account: p.accountId },
    );

    expect((await deliver(newer)).body.outcome).toBe("processed");
    expect((await deliver(older)).body.outcome).toBe("processed");
    const row = await db()
      .selectFrom("stripe_account")
      .selectAll()
      .where("account_id", "=", p.accountId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ details_submitted: true, payouts_enabled: true });
    expect(Number(row.last_event_created)).toBe(1_790_000_060);
    // One audit row: the newer state's changes; the older event changed nothing.
    const audits = await db()
      .selectFrom("audit_log")
      .select(["organization_id", "changes"])
      .where("action", "=", "payout.account_updated")
      .where("entity_id", "=", p.accountId)
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.organization_id).toBe(p.company.organization.id);
    expect(audits[0]!.changes).toMatchObject({
      payouts_enabled: { from: false, to: true },
      details_submitted: { from: false, to: true },
    });

    // In order, the same two events end in the same state.
    const q = await fundedStripePilot();
    await db()
      .updateTable("stripe_account")
      .set({ details_submitted: false, payouts_enabled: false })
      .where("account_id", "=", q.accountId)
      .execute();
    await deliver(
      stripeEvent("account.updated", accountObject(q.accountId, { detailsSubmitted: true, payoutsEnabled: false }), {
        created: 1_790_000_000,
        account: q.accountId,
      }),
    );
    await deliver(
      stripeEvent("account.updated", accountObject(q.accountId, { detailsSubmitted: true, payoutsEnabled: true }), {
        created: 1_790_000_060,
        account: q.accountId,
      }),
    );
    const inOrder = await db()
      .selectFrom("stripe_account")
      .select(["details_submitted", "payouts_enabled", "last_event_created"])
      .where("account_id", "=", q.accountId)
      .executeTakeFirstOrThrow();
    expect(inOrder).toEqual({
      details_submitted: row.details_submitted,
      payouts_enabled: row.payouts_enabled,
      last_event_created: row.last_event_created,
    });
  });

  it("account.updated before the account id was stored creates the row from the account's metadata", async () => {
    const company = await createMember(db(), { kind: "company" });
    const accountId = "acct_1EarlyEventCompany";
    const event = stripeEvent(
      "account.updated",
      accountObject(accountId, {
        detailsSubmitted: true,
        payoutsEnabled: true,
        metadata: { organization_id: company.organization.id },
      }),
      { account: accountId },
    );
    expect((await deliver(event)).status).toBe(200);
    const row = await db()
      .selectFrom("stripe_account")
      .selectAll()
      .where("organization_id", "=", company.organization.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ account_id: accountId, details_submitted: true, payouts_enabled: true });

    // An account naming an organisation that is not a company (or none) is ignored.
    const municipality = await createMember(db(), { kind: "municipality" });
    await deliver(
      stripeEvent(
        "account.updated",
        accountObject("acct_1NotACompany", { metadata: { organization_id: municipality.organization.id } }),
      ),
    );
    await deliver(stripeEvent("account.updated", accountObject("acct_1NoMetadata")));
    expect(
      await countRows("stripe_account", (q) => q.where("account_id", "in", ["acct_1NotACompany", "acct_1NoMetadata"])),
    ).toBe(0);
  });
});

describe("other events", () => {
  it("payout.paid and payout.failed of a connected account are recorded on the company's audit log; no money state changes", async () => {
    const p = await fundedStripePilot();
    const before = await paymentCounts();
    await deliver(
      stripeEvent("payout.paid", payoutObject({ amount: 2_000_000, status: "paid" }), { account: p.accountId }),
    );
    await deliver(
      stripeEvent("payout.failed", payoutObject({ amount: 500_000, status: "failed", failureCode: "account_closed" }), {
        account: p.accountId,
      }),
    );
    const audits = await db()
      .selectFrom("audit_log")
      .select(["action", "organization_id", "entity_type", "changes"])
      .where("action", "in", ["payout.paid", "payout.failed"])
      .orderBy("id")
      .execute();
    expect(audits).toEqual([
      {
        action: "payout.paid",
        organization_id: p.company.organization.id,
        entity_type: "stripe_payout",
        changes: expect.objectContaining({
          amount: 2_000_000,
          currency: "jpy",
          status: "paid",
          arrival_date: "2027-01-15",
        }),
      },
      {
        action: "payout.failed",
        organization_id: p.company.organization.id,
        entity_type: "stripe_payout",
        changes: expect.objectContaining({ amount: 500_000, failure_code: "account_closed" }),
      },
    ]);
    expect(await paymentCounts()).toEqual(before);
  });

  it("acknowledges other event types, and events of the other mode, without writing anything", async () => {
    const p = await pendingStripePayment();
    const before = await rowCounts();
    const other = await deliver(
      stripeEvent("charge.succeeded", { id: "ch_1", object: "charge", amount: 1000, currency: "jpy" }),
    );
    expect(other).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    const live = await deliver({ ...transferEvents(p).created, livemode: true });
    expect(live).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect(await rowCounts()).toEqual(before);
  });

  it("a transfer whose amount does not match the payment is recorded, not counted", async () => {
    const p = await pendingStripePayment(2_000_000);
    const { created } = transferEvents(p);
    const wrong = { ...created, data: { object: { ...created.data.object, amount: 200_000_000 } } };
    expect((await deliver(wrong)).status).toBe(200);
    expect(await paymentState(p)).toMatchObject({ payment: "pending", disbursed: 0 });
    expect(await countRows("audit_log", (q) => q.where("action", "=", "payment.stripe_mismatch"))).toBe(1);
  });

  it("a partial reversal is recorded for the municipality and does not return the payment", async () => {
    const p = await pendingStripePayment(2_000_000);
    const { created, transferId } = transferEvents(p);
    await deliver(created);
    const partial = stripeEvent(
      "transfer.reversed",
      transferObject({
        id: transferId,
        amount: 2_000_000,
        destination: p.accountId,
        amountReversed: 500_000,
        metadata: { payment_id: p.payment.id },
      }),
    );
    await deliver(partial);
    expect(await paymentState(p)).toMatchObject({ payment: "paid", disbursed: 2_000_000 });
    expect(await countRows("audit_log", (q) => q.where("action", "=", "payment.stripe_partial_reversal"))).toBe(1);
  });

  it("a failure while applying answers 500 so that Stripe retries, and keeps nothing (the event is not marked processed)", async () => {
    const logged = allowConsoleError(/\[stripe\] webhook transfer\.created/);
    const p = await pendingStripePayment(2_000_000);
    const { created } = transferEvents(p);
    // The allocation can no longer take the payment (a direct write past the guard of the domain): applying throws.
    await db().updateTable("allocation").set({ scheduled_yen: 0 }).where("id", "=", p.allocationId).execute();
    const failed = await deliver(created);
    expect(failed.status).toBe(500);
    expect(logged()).toHaveLength(1);
    expect(await countRows("stripe_event", (q) => q.where("id", "=", created.id))).toBe(0);
    await db().updateTable("allocation").set({ scheduled_yen: 2_000_000 }).where("id", "=", p.allocationId).execute();
    expect((await deliver(created)).body.outcome).toBe("processed");
    expect(await paymentState(p)).toMatchObject({ payment: "paid", disbursements: 1 });
  });

  it("makes no call to Stripe", () => {
    expect(stripe.seen).toHaveLength(0);
  });
});

async function paymentCounts() {
  const counts = await rowCounts();
  return {
    ledger: counts.ledger_entry,
    payments: counts.milestone_payment,
    milestones: counts.milestone,
    allocations: counts.allocation,
  };
}
