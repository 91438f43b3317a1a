// Stripe's HTTP API as msw handlers, with Stripe's real request encoding (form-encoded bodies, Idempotency-Key and
// Stripe-Version headers, bearer key) and real response shapes. Every request is recorded for assertions. Idempotency
// works as Stripe's v1 layer does for requests it executed: the same key returns the saved object. Failures injected
// with `failNext` are answered before execution (a gateway error, a rate limit), so a retry with the same key goes
// through, as with Stripe. `onUnhandledRequest: "error"` lets no real call escape.
import { randomBytes } from "node:crypto";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll } from "vitest";
import { STRIPE_API_VERSION } from "~/lib/stripe.server";
import { resetEnvForTests } from "~/lib/env.server";

export const TEST_SECRET_KEY = "sk_test_51HelperGovPitchKey";
export const PLATFORM_WEBHOOK_SECRET = "whsec_test_platform_endpoint";
export const CONNECT_WEBHOOK_SECRET = "whsec_test_connect_endpoint";

const API = "https://api.stripe.com";

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The form-encoded body as Stripe receives it (`metadata[payment_id]` keys). */
  form: URLSearchParams;
  rawBody: string;
}

/** A Stripe error response, or "network": the connection fails without an answer. */
type Failure = { status: number; error: { type: string; code?: string; message: string } } | "network";

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

export function accountObject(
  accountId: string,
  fields: {
    email?: string | null;
    metadata?: Record<string, string>;
    detailsSubmitted?: boolean;
    payoutsEnabled?: boolean;
  } = {},
) {
  const done = fields.payoutsEnabled ?? false;
  return {
    id: accountId,
    object: "account",
    business_profile: {
      mcc: null,
      name: null,
      product_description: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: "company",
    capabilities: { transfers: done ? "active" : "inactive" },
    charges_enabled: false,
    controller: {
      fees: { payer: "application" },
      is_controller: true,
      losses: { payments: "application" },
      requirement_collection: "stripe",
      stripe_dashboard: { type: "express" },
      type: "application",
    },
    country: "JP",
    created: nowSeconds(),
    default_currency: "jpy",
    details_submitted: fields.detailsSubmitted ?? false,
    email: fields.email ?? null,
    external_accounts: {
      object: "list",
      data: [],
      has_more: false,
      total_count: 0,
      url: `/v1/accounts/${accountId}/external_accounts`,
    },
    future_requirements: {
      alternatives: [],
      current_deadline: null,
      currently_due: [],
      disabled_reason: null,
      errors: [],
      eventually_due: [],
      past_due: [],
      pending_verification: [],
    },
    metadata: fields.metadata ?? {},
    payouts_enabled: done,
    requirements: {
      alternatives: [],
      current_deadline: null,
      currently_due: done ? [] : ["business_profile.url", "external_account", "tos_acceptance.date"],
      disabled_reason: done ? null : "requirements.past_due",
      errors: [],
      eventually_due: done ? [] : ["business_profile.url", "external_account", "tos_acceptance.date"],
      past_due: done ? [] : ["external_account"],
      pending_verification: [],
    },
    settings: {
      payouts: {
        debit_negative_balances: true,
        schedule: { delay_days: 4, interval: "daily" },
        statement_descriptor: null,
      },
    },
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type: "express",
  };
}

export function transferObject(fields: {
  id?: string;
  amount: number;
  destination: string;
  metadata?: Record<string, string>;
  transferGroup?: string | null;
  reversed?: boolean;
  amountReversed?: number;
  created?: number;
}) {
  const transferId = fields.id ?? id("tr");
  return {
    id: transferId,
    object: "transfer",
    amount: fields.amount,
    amount_reversed: fields.amountReversed ?? (fields.reversed ? fields.amount : 0),
    balance_transaction: id("txn"),
    created: fields.created ?? nowSeconds(),
    currency: "jpy",
    description: null,
    destination: fields.destination,
    destination_payment: id("py"),
    livemode: false,
    metadata: fields.metadata ?? {},
    reversals: {
      object: "list",
      data: [],
      has_more: false,
      total_count: 0,
      url: `/v1/transfers/${transferId}/reversals`,
    },
    reversed: fields.reversed ?? false,
    source_transaction: null,
    source_type: "card",
    transfer_group: fields.transferGroup ?? null,
  };
}

export function payoutObject(fields: { amount: number; status: "paid" | "failed"; failureCode?: string }) {
  return {
    id: id("po"),
    object: "payout",
    amount: fields.amount,
    arrival_date: Date.UTC(2027, 0, 15) / 1000,
    automatic: true,
    balance_transaction: id("txn"),
    created: nowSeconds(),
    currency: "jpy",
    description: "STRIPE PAYOUT",
    destination: id("ba"),
    failure_balance_transaction: null,
    failure_code: fields.failureCode ?? null,
    failure_message: fields.failureCode ? "The bank account has been closed." : null,
    livemode: false,
    metadata: {},
    method: "standard",
    original_payout: null,
    reversed_by: null,
    source_type: "card",
    statement_descriptor: null,
    status: fields.status,
    type: "bank_account",
  };
}

/** A webhook event as Stripe sends it; `account` is set for events of connected accounts (Connect endpoints). */
export function stripeEvent(
  type: string,
  object: object,
  options: { id?: string; created?: number; account?: string; livemode?: boolean } = {},
) {
  return {
    id: options.id ?? id("evt"),
    object: "event",
    ...(options.account ? { account: options.account } : {}),
    api_version: STRIPE_API_VERSION,
    created: options.created ?? nowSeconds(),
    data: { object },
    livemode: options.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The raw body and its Stripe-Signature header, signed like Stripe signs deliveries. */
export function signedDelivery(event: object, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? PLATFORM_WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
  return { payload, signature };
}

export function configureStripe() {
  process.env.STRIPE_SECRET_KEY = TEST_SECRET_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = `${PLATFORM_WEBHOOK_SECRET},${CONNECT_WEBHOOK_SECRET}`;
  resetEnvForTests();
}

export function unconfigureStripe() {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  resetEnvForTests();
}

/**
 * Installs the mock for the current test file: listens before all tests, forgets requests, objects and injected
 * failures after each, closes after all.
 */
export function useStripeMock() {
  const seen: SeenRequest[] = [];
  const failures = new Map<string, Failure[]>();
  const accounts = new Map<string, ReturnType<typeof accountObject>>();
  const byIdempotencyKey = new Map<string, unknown>();

  async function record(request: Request, path: string): Promise<SeenRequest> {
    const rawBody = request.method === "GET" ? "" : await request.text();
    const entry = {
      method: request.method,
      path,
      headers: Object.fromEntries(request.headers),
      form: new URLSearchParams(rawBody),
      rawBody,
    };
    seen.push(entry);
    return entry;
  }

  function injected(key: string) {
    const failure = failures.get(key)?.shift();
    if (failure === "network") return HttpResponse.error();
    return failure
      ? HttpResponse.json({ error: failure.error }, { status: failure.status, headers: { "request-id": id("req") } })
      : null;
  }

  function replayed(req: SeenRequest, create: () => unknown) {
    const key = req.headers["idempotency-key"];
    if (key && byIdempotencyKey.has(key)) {
      return HttpResponse.json(byIdempotencyKey.get(key) as object, {
        headers: { "idempotent-replayed": "true", "request-id": id("req") },
      });
    }
    const object = create();
    if (key) byIdempotencyKey.set(key, object);
    return HttpResponse.json(object as object, { headers: { "request-id": id("req") } });
  }

  const server = setupServer(
    http.post(`${API}/v1/accounts`, async ({ request }) => {
      const req = await record(request, "/v1/accounts");
      const failure = injected("POST /v1/accounts");
      if (failure) return failure;
      return replayed(req, () => {
        const metadata: Record<string, string> = {};
        for (const [k, v] of req.form) {
          const m = /^metadata\[(.+)\]$/.exec(k);
          if (m) metadata[m[1]!] = v;
        }
        const account = accountObject(id("acct"), { email: req.form.get("email"), metadata });
        accounts.set(account.id, account);
        return account;
      });
    }),
    http.get(`${API}/v1/accounts/:accountId`, async ({ request, params }) => {
      await record(request, `/v1/accounts/${String(params.accountId)}`);
      const failure = injected("GET /v1/accounts/:id");
      if (failure) return failure;
      const account = accounts.get(String(params.accountId));
      if (!account) {
        return HttpResponse.json(
          {
            error: {
              code: "resource_missing",
              message: `No such account: '${String(params.accountId)}'`,
              param: "account",
              type: "invalid_request_error",
            },
          },
          { status: 404 },
        );
      }
      return HttpResponse.json(account, { headers: { date: new Date().toUTCString() } });
    }),
    http.post(`${API}/v1/account_links`, async ({ request }) => {
      const req = await record(request, "/v1/account_links");
      const failure = injected("POST /v1/account_links");
      if (failure) return failure;
      const created = nowSeconds();
      return HttpResponse.json({
        object: "account_link",
        created,
        expires_at: created + 300,
        url: `https://connect.stripe.com/setup/e/${req.form.get("account")}/${randomBytes(9).toString("base64url")}`,
      });
    }),
    http.post(`${API}/v1/transfers`, async ({ request }) => {
      const req = await record(request, "/v1/transfers");
      const failure = injected("POST /v1/transfers");
      if (failure) return failure;
      return replayed(req, () => {
        const metadata: Record<string, string> = {};
        for (const [k, v] of req.form) {
          const m = /^metadata\[(.+)\]$/.exec(k);
          if (m) metadata[m[1]!] = v;
        }
        return transferObject({
          amount: Number(req.form.get("amount")),
          destination: req.form.get("destination")!,
          metadata,
          transferGroup: req.form.get("transfer_group"),
        });
      });
    }),
  );

  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    seen.length = 0;
    failures.clear();
    accounts.clear();
    byIdempotencyKey.clear();
  });
  afterAll(() => server.close());

  return {
    server,
    seen,
    /** The requests made to `path` (e.g. "/v1/transfers"). */
    requests: (method: string, path: string) => seen.filter((r) => r.method === method && r.path === path),
    /** Answers the next request to `key` ("POST /v1/transfers", "GET /v1/accounts/:id") with this Stripe error. */
    failNext(key: string, failure: Failure) {
      failures.set(key, [...(failures.get(key) ?? []), failure]);
    },
    /** Sets the state Stripe reports for an account (as if the company had gone through onboarding). */
    setAccount(accountId: string, state: { detailsSubmitted: boolean; payoutsEnabled: boolean }) {
      const current = accounts.get(accountId) ?? accountObject(accountId);
      accounts.set(accountId, {
        ...current,
        ...accountObject(accountId, { email: current.email, metadata: current.metadata, ...state }),
      });
    },
  };
}
