// /company/payouts through its loader and action: onboarding creates the Express account once (idempotency key of the
// organisation, stored after the Stripe call) and redirects to a fresh account link; the page shown on return reads
// the live state from Stripe without writing; 「最新の状態を取得」 stores it; members see the state only; without Stripe
// configured the page says so and nothing calls Stripe. Every Stripe call goes through msw.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { action, loader } from "~/routes/company_.payouts";
import { db } from "~/lib/db.server";
import type { Stripe } from "~/lib/stripe.server";
import { processStripeEvent } from "~/domain/payouts/stripe-webhooks.commands.server";
import {
  accountObject,
  configureStripe,
  stripeEvent,
  TEST_SECRET_KEY,
  unconfigureStripe,
  useStripeMock,
} from "../mocks/stripe";
import { allowConsoleError } from "../support/console";
import { countRows, rowCounts } from "../support/db";
import { getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const stripe = useStripeMock();

beforeEach(configureStripe);
afterEach(unconfigureStripe);

const PATH = "/company/payouts";

async function companyWithMember() {
  const admin = await createMember(db(), { kind: "company" });
  const member = await createUser(db());
  await addMember(db(), { organizationId: admin.organization.id, userId: member.id, role: "member" });
  return { admin, member };
}

async function post(user: { id: string }, fields: Record<string, string>) {
  return run(action, postRequest(PATH, fields, { cookie: await signedInCookie(user.id) }));
}

async function onboard(admin: CreatedMember) {
  return post(admin.user, { intent: "onboard" });
}

describe("onboarding", () => {
  it("creates the Express account once, stores it after the call, and redirects to a new account link each time", async () => {
    const { admin } = await companyWithMember();
    const orgId = admin.organization.id;

    const first = await onboard(admin);
    expect(first.status).toBe(302);
    expect(first.location).toMatch(/^https:\/\/connect\.stripe\.com\/setup\/e\/acct_/);

    const [create, ...moreCreates] = stripe.requests("POST", "/v1/accounts");
    expect(moreCreates).toHaveLength(0);
    expect(Object.fromEntries(create!.form)).toEqual({
      type: "express",
      country: "JP",
      email: admin.user.email,
      business_type: "company",
      "capabilities[transfers][requested]": "true",
      "metadata[organization_id]": orgId,
    });
    expect(create!.headers["idempotency-key"]).toBe(`stripe-account-${orgId}`);
    expect(create!.headers.authorization).toBe(`Bearer ${TEST_SECRET_KEY}`);

    const row = await db()
      .selectFrom("stripe_account")
      .selectAll()
      .where("organization_id", "=", orgId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ details_submitted: false, payouts_enabled: false, last_event_created: null });
    expect(row.account_id).toMatch(/^acct_/);
    expect(first.location).toContain(row.account_id);

    const [link] = stripe.requests("POST", "/v1/account_links");
    expect(Object.fromEntries(link!.form)).toEqual({
      account: row.account_id,
      refresh_url: "http://localhost:3000/company/payouts?stripe=refresh",
      return_url: "http://localhost:3000/company/payouts?stripe=return",
      type: "account_onboarding",
    });
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "payout.account_create").where("organization_id", "=", orgId),
      ),
    ).toBe(1);

    // Resuming: no second account, a new link.
    const second = await onboard(admin);
    expect(second.status).toBe(302);
    expect(stripe.requests("POST", "/v1/accounts")).toHaveLength(1);
    expect(stripe.requests("POST", "/v1/account_links")).toHaveLength(2);
    expect(await countRows("stripe_account", (q) => q.where("organization_id", "=", orgId))).toBe(1);
  });

  it("two admins clicking at once end with one account (the same idempotency key, one stored row)", async () => {
    const { admin } = await companyWithMember();
    const other = await createUser(db());
    await addMember(db(), { organizationId: admin.organization.id, userId: other.id, role: "admin" });
    const results = await Promise.all([post(admin.user, { intent: "onboard" }), post(other, { intent: "onboard" })]);
    expect(results.map((r) => r.status)).toEqual([302, 302]);
    const keys = new Set(stripe.requests("POST", "/v1/accounts").map((r) => r.headers["idempotency-key"]));
    expect(keys).toEqual(new Set([`stripe-account-${admin.organization.id}`]));
    expect(await countRows("stripe_account", (q) => q.where("organization_id", "=", admin.organization.id))).toBe(1);
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "payout.account_create").where("organization_id", "=", admin.organization.id),
      ),
    ).toBe(1);
  });

  it("Stripe failing: a Japanese message on the page, nothing stored", async () => {
    const logged = allowConsoleError(/\[stripe\] accounts\.create failed/);
    const { admin } = await companyWithMember();
    stripe.failNext("POST /v1/accounts", {
      status: 500,
      error: { type: "api_error", message: "An unknown error occurred" },
    });
    const before = await rowCounts();
    const result = await onboard(admin);
    expect(result.status).toBe(400);
    expect(result.body.formError).toMatch(/Stripe と通信できませんでした/);
    expect(logged()).toHaveLength(1);
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });

    stripe.failNext("POST /v1/accounts", {
      status: 400,
      error: { type: "invalid_request_error", message: "Connect is not enabled" },
    });
    const refused = await onboard(admin);
    expect(refused.body.formError).toMatch(/運営にお問い合わせ/);
  });

  it("is for verified admins only: a member, or an admin of an unverified company, gets 403 and Stripe is not called", async () => {
    const { admin, member } = await companyWithMember();
    const unverified = await createMember(db(), { kind: "company", verificationStatus: "unverified" });
    expect((await post(member, { intent: "onboard" })).status).toBe(403);
    expect((await post(unverified.user, { intent: "onboard" })).status).toBe(403);
    expect((await post(member, { intent: "refresh" })).status).toBe(403);
    expect(stripe.seen).toHaveLength(0);
    expect(
      await countRows("stripe_account", (q) =>
        q.where("organization_id", "in", [admin.organization.id, unverified.organization.id]),
      ),
    ).toBe(0);
  });

  it("refuses an unknown intent or extra fields with a Japanese message", async () => {
    const { admin } = await companyWithMember();
    const forms: Record<string, string>[] = [{}, { intent: "delete" }, { intent: "onboard", organizationId: "x" }];
    for (const fields of forms) {
      const result = await post(admin.user, fields);
      expect(result.status).toBe(400);
      expect(result.body.formError).toMatch(JAPANESE);
    }
    expect(stripe.seen).toHaveLength(0);
  });
});

describe("status", () => {
  async function onboarded() {
    const { admin, member } = await companyWithMember();
    await onboard(admin);
    const row = await db()
      .selectFrom("stripe_account")
      .selectAll()
      .where("organization_id", "=", admin.organization.id)
      .executeTakeFirstOrThrow();
    return { admin, member, accountId: row.account_id };
  }

  it("on return from Stripe, shows the live state read from Stripe and writes nothing", async () => {
    const { admin, member, accountId } = await onboarded();
    stripe.setAccount(accountId, { detailsSubmitted: true, payoutsEnabled: true });
    const before = await rowCounts();
    const page = await run(
      loader,
      getRequest(`${PATH}?stripe=return`, { cookie: await signedInCookie(admin.user.id) }),
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      configured: true,
      canOnboard: true,
      from: "return",
      live: { accountId, detailsSubmitted: true, payoutsEnabled: true },
      account: { accountId, detailsSubmitted: false, payoutsEnabled: false },
    });
    expect(stripe.requests("GET", `/v1/accounts/${accountId}`)).toHaveLength(1);
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });

    // A member sees the state, without the onboarding form.
    const memberPage = await run(loader, getRequest(PATH, { cookie: await signedInCookie(member.id) }));
    expect(memberPage.body).toMatchObject({ canOnboard: false, isAdmin: false, account: { accountId } });
  });

  it("「最新の状態を取得」 stores the state and the time of Stripe's answer, so an older event delivered later is ignored", async () => {
    const { admin, accountId } = await onboarded();
    stripe.setAccount(accountId, { detailsSubmitted: true, payoutsEnabled: true });
    const result = await post(admin.user, { intent: "refresh" });
    expect(result).toMatchObject({ status: 302, location: `${PATH}?notice=payout-refreshed` });
    const row = await db()
      .selectFrom("stripe_account")
      .selectAll()
      .where("account_id", "=", accountId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ details_submitted: true, payouts_enabled: true });
    expect(Math.abs(Number(row.last_event_created) - Date.now() / 1000)).toBeLessThan(5);
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "payout.account_refresh").where("entity_id", "=", accountId),
      ),
    ).toBe(1);

    const again = await post(admin.user, { intent: "refresh" });
    expect(again.location).toBe(`${PATH}?notice=payout-unchanged`);

    // An account.updated from a minute before the refresh (delayed delivery) does not undo it.
    const stale = stripeEvent(
      "account.updated",
      accountObject(accountId, { detailsSubmitted: false, payoutsEnabled: false }),
      {
        created: Math.floor(Date.now() / 1000) - 60,
        account: accountId,
      },
    );
    expect(await processStripeEvent(stale as unknown as Stripe.Event)).toBe("processed");
    expect(
      await db()
        .selectFrom("stripe_account")
        .select(["details_submitted", "payouts_enabled"])
        .where("account_id", "=", accountId)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      details_submitted: true,
      payouts_enabled: true,
    });
  });

  it("without Stripe configured: says so, offers no onboarding, calls nothing", async () => {
    unconfigureStripe();
    const { admin } = await companyWithMember();
    const page = await run(
      loader,
      getRequest(`${PATH}?stripe=return`, { cookie: await signedInCookie(admin.user.id) }),
    );
    expect(page).toMatchObject({
      status: 200,
      body: { configured: false, account: null, live: null },
    });
    const result = await onboard(admin);
    expect(result.status).toBe(400);
    expect(result.body.formError).toMatch(/設定されていません/);
    expect(stripe.seen).toHaveLength(0);
  });

  it("is a company page: other kinds of organisation get 403", async () => {
    const municipality = await createMember(db(), { kind: "municipality" });
    expect((await run(loader, getRequest(PATH, { cookie: await signedInCookie(municipality.user.id) }))).status).toBe(
      403,
    );
  });
});
