// The Stripe transfer of an approved milestone (TRUST.md "Money"): made by the job, outside any transaction, with the
// payment's idempotency key on every attempt and the amount in yen (JPY is zero-decimal, never x100). A transient
// failure retries with the same key and ends in one settlement; a permanent one fails the payment. Every Stripe
// call goes through msw with Stripe's real request and response shapes.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobHandlers, runDueJobs } from "~/domain/jobs/jobs.worker.server";
import { retryDelayMs } from "~/domain/jobs/jobs.commands.server";
import { stripeOfferFor } from "~/domain/payouts/payout-accounts.queries.server";
import { STRIPE_API_VERSION } from "~/lib/stripe.server";
import { db } from "~/lib/db.server";
import { configureStripe, TEST_SECRET_KEY, unconfigureStripe, useStripeMock } from "../mocks/stripe";
import { countRows } from "../support/db";
import { paymentState, pendingStripePayment } from "../support/stripe-payments";

const stripe = useStripeMock();

beforeEach(configureStripe);
afterEach(unconfigureStripe);

async function transferJob(paymentId: string) {
  const jobs = await db().selectFrom("job").selectAll().where("kind", "=", "stripe.transfer").execute();
  const job = jobs.find((j) => (j.payload as { paymentId?: string }).paymentId === paymentId);
  if (!job) throw new Error("no transfer job");
  return job;
}

/** Runs every due job as the worker does (the real registry), at `now`. */
const runJobs = (now = new Date()) => runDueJobs({ now, limit: 50 });

describe("the stripe.transfer job", () => {
  it("is registered with the worker", () => {
    expect(typeof jobHandlers["stripe.transfer"]).toBe("function");
  });

  it("sends one transfer of exactly the yen amount in JPY to the company's account, with the payment's idempotency key, and settles it", async () => {
    const p = await pendingStripePayment(2_000_000);
    await runJobs();

    const [request, ...more] = stripe.requests("POST", "/v1/transfers");
    expect(more).toHaveLength(0);
    expect(request!.rawBody).toMatch(/^amount=2000000&currency=jpy&destination=acct_/);
    expect(Object.fromEntries(request!.form)).toEqual({
      amount: "2000000",
      currency: "jpy",
      destination: p.accountId,
      transfer_group: `pilot-${p.pilot.id}`,
      "metadata[payment_id]": p.payment.id,
      "metadata[milestone_id]": p.milestoneId,
      "metadata[pilot_id]": p.pilot.id,
    });
    expect(request!.headers["idempotency-key"]).toBe(`milestone-payment-${p.milestoneId}`);
    expect(request!.headers["idempotency-key"]).toBe(p.payment.idempotency_key);
    expect(request!.headers.authorization).toBe(`Bearer ${TEST_SECRET_KEY}`);
    expect(request!.headers["stripe-version"]).toBe(STRIPE_API_VERSION);
    expect(request!.headers["content-type"]).toBe("application/x-www-form-urlencoded");

    const payment = await db()
      .selectFrom("milestone_payment")
      .selectAll()
      .where("id", "=", p.payment.id)
      .executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ status: "paid", stripe_transfer_id: expect.stringMatching(/^tr_/) });
    expect(await paymentState(p)).toMatchObject({
      payment: "paid",
      milestone: "paid",
      disbursed: 2_000_000,
      disbursements: 1,
    });
    expect((await transferJob(p.payment.id)).status).toBe("done");
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "payment.stripe_paid").where("entity_id", "=", p.milestoneId),
      ),
    ).toBe(1);
  });

  it("retries after a 500 from Stripe with the SAME idempotency key, and the payment is settled once", async () => {
    const p = await pendingStripePayment(1_500_000);
    stripe.failNext("POST /v1/transfers", {
      status: 500,
      error: { type: "api_error", message: "An unknown error occurred" },
    });

    await runJobs();
    let job = await transferJob(p.payment.id);
    expect(job).toMatchObject({ status: "pending", attempts: 1 });
    expect(job.last_error).toMatch(/will retry.*api_error/);
    expect(await paymentState(p)).toMatchObject({ payment: "pending", disbursed: 0, disbursements: 0 });

    // Not due before its backoff; due after it.
    await runJobs(new Date(Date.now() + 1_000));
    expect(stripe.requests("POST", "/v1/transfers")).toHaveLength(1);
    await runJobs(new Date(Date.now() + retryDelayMs(1) + 1_000));

    const keys = stripe.requests("POST", "/v1/transfers").map((r) => r.headers["idempotency-key"]);
    expect(keys).toEqual([p.payment.idempotency_key, p.payment.idempotency_key]);
    job = await transferJob(p.payment.id);
    expect(job).toMatchObject({ status: "done", attempts: 2 });
    expect(await paymentState(p)).toMatchObject({
      payment: "paid",
      milestone: "paid",
      disbursed: 1_500_000,
      disbursements: 1,
    });

    // The same job run again (a worker that lost its lock, a replayed outbox row): no call, no second settlement.
    await db().updateTable("job").set({ status: "pending", run_at: new Date() }).where("id", "=", job.id).execute();
    await runJobs();
    expect(stripe.requests("POST", "/v1/transfers")).toHaveLength(2);
    expect(await paymentState(p)).toMatchObject({ disbursed: 1_500_000, disbursements: 1 });
  });

  it("retries on a network failure, a 429 and a 503, then succeeds", async () => {
    const p = await pendingStripePayment(1_000_000);
    stripe.failNext("POST /v1/transfers", "network");
    stripe.failNext("POST /v1/transfers", {
      status: 429,
      error: { type: "invalid_request_error", code: "rate_limit", message: "Too many requests" },
    });
    stripe.failNext("POST /v1/transfers", {
      status: 503,
      error: { type: "api_error", message: "Service unavailable" },
    });
    let at = Date.now();
    for (let attempt = 1; attempt <= 4; attempt++) {
      await runJobs(new Date(at));
      at += retryDelayMs(attempt) + 1_000;
    }
    expect(stripe.requests("POST", "/v1/transfers")).toHaveLength(4);
    expect(new Set(stripe.requests("POST", "/v1/transfers").map((r) => r.headers["idempotency-key"]))).toEqual(
      new Set([p.payment.idempotency_key]),
    );
    expect(await paymentState(p)).toMatchObject({ payment: "paid", disbursements: 1 });
  });

  it("fails the payment on a permanent error (4xx) without retrying; the milestone stays approved for a bank transfer", async () => {
    const p = await pendingStripePayment(2_000_000);
    stripe.failNext("POST /v1/transfers", {
      status: 400,
      error: {
        type: "invalid_request_error",
        code: "balance_insufficient",
        message: "You have insufficient available funds in your Stripe account.",
      },
    });
    await runJobs();
    const payment = await db()
      .selectFrom("milestone_payment")
      .selectAll()
      .where("id", "=", p.payment.id)
      .executeTakeFirstOrThrow();
    expect(payment.status).toBe("failed");
    expect(payment.failure_reason).toMatch(/insufficient available funds.*balance_insufficient/);
    expect((await transferJob(p.payment.id)).status).toBe("done");
    expect(await paymentState(p)).toMatchObject({ milestone: "approved", disbursed: 0, disbursements: 0 });
    expect(stripe.requests("POST", "/v1/transfers")).toHaveLength(1);
  });

  it("fails the payment when the last attempt fails transiently", async () => {
    const p = await pendingStripePayment(2_000_000);
    const job = await transferJob(p.payment.id);
    await db()
      .updateTable("job")
      .set({ attempts: job.max_attempts - 1 })
      .where("id", "=", job.id)
      .execute();
    stripe.failNext("POST /v1/transfers", { status: 502, error: { type: "api_error", message: "Bad gateway" } });
    await runJobs();
    const payment = await db()
      .selectFrom("milestone_payment")
      .select(["status", "failure_reason"])
      .where("id", "=", p.payment.id)
      .executeTakeFirstOrThrow();
    expect(payment.status).toBe("failed");
    expect(payment.failure_reason).toMatch(/Bad gateway/);
  });

  it("does not call Stripe for a payment that is no longer pending (settled by a webhook meanwhile)", async () => {
    const p = await pendingStripePayment(2_000_000);
    await db().updateTable("milestone_payment").set({ status: "failed" }).where("id", "=", p.payment.id).execute();
    await runJobs();
    expect(stripe.seen).toHaveLength(0);
    expect((await transferJob(p.payment.id)).status).toBe("done");
  });
});

describe("stripeOfferFor (for the funding page)", () => {
  it("offers Stripe only when configured, and says whether the company's account can receive payouts", async () => {
    const p = await pendingStripePayment(1_000_000);
    expect(await stripeOfferFor(db(), p.company.organization.id)).toEqual({ configured: true, accountReady: true });
    await db()
      .updateTable("stripe_account")
      .set({ payouts_enabled: false })
      .where("organization_id", "=", p.company.organization.id)
      .execute();
    expect(await stripeOfferFor(db(), p.company.organization.id)).toEqual({ configured: true, accountReady: false });
    expect(await stripeOfferFor(db(), p.municipality.organization.id)).toEqual({
      configured: true,
      accountReady: false,
    });
    unconfigureStripe();
    await db()
      .updateTable("stripe_account")
      .set({ payouts_enabled: true })
      .where("organization_id", "=", p.company.organization.id)
      .execute();
    expect(await stripeOfferFor(db(), p.company.organization.id)).toEqual({ configured: false, accountReady: false });
  });
});
