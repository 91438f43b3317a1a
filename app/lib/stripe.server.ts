// The one place that talks to the Stripe SDK: whether Stripe is configured, the client (built from env, never when Stripe is not configured), webhook
// signature verification, and how a failed call is classified (worth retrying with the same idempotency key, or not).
import Stripe from "stripe";
import { env } from "./env.server";
import { AppError } from "./errors";

export type { Stripe };

/** Pinned: the SDK's types describe this version, and every request and webhook payload is read as this version. */
export const STRIPE_API_VERSION = "2026-10-28.endive" satisfies Stripe.LatestApiVersion;

let cached: { key: string; client: Stripe } | undefined;

/**
 * The Stripe client. Throws when Stripe is not configured (callers check `isStripeConfigured()` first to offer it).
 * No automatic network retries in the SDK: transfers are retried by the job queue (with backoff, the same idempotency
 * key, visible at /admin/jobs), and a page action reports the failure so that the user can try again.
 */
export function stripeClient(): Stripe {
  const key = env().STRIPE_SECRET_KEY;
  if (!isStripeConfigured() || !key) throw new AppError("unavailable", "Stripe による支払は設定されていません。");
  if (cached?.key !== key) {
    cached = {
      key,
      client: new Stripe(key, {
        apiVersion: STRIPE_API_VERSION,
        maxNetworkRetries: 0,
        timeout: 20_000,
        appInfo: { name: "gov-pitch-marketplace" },
      }),
    };
  }
  return cached.client;
}

/** Whether the key is a live-mode key: events of the other mode (test events sent to a live endpoint) are ignored. */
export function stripeLiveMode(): boolean {
  return (env().STRIPE_SECRET_KEY ?? "").startsWith("sk_live_");
}

/** The webhook signing secrets: the platform endpoint's and, when given, the Connect endpoint's. */
export function webhookSecrets(): string[] {
  return (env().STRIPE_WEBHOOK_SECRET ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Verifies the Stripe-Signature header of a raw body against each configured secret (default tolerance: 5 minutes)
 * and returns the event. Throws Stripe's SignatureVerificationError when no secret verifies it.
 */
export function constructStripeEvent(rawBody: string, signature: string): Stripe.Event {
  const client = stripeClient();
  let lastError: unknown = new Stripe.errors.StripeSignatureVerificationError(signature, rawBody, {
    message: "No webhook secret",
  });
  for (const secret of webhookSecrets()) {
    try {
      return client.webhooks.constructEvent(rawBody, signature, secret);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * A failure worth retrying with the same idempotency key: no answer (network), Stripe's own errors (5xx), rate limits
 * (429) and conflicts with a request in flight (409). Anything else from Stripe (4xx: invalid request, account or
 * permission errors) will fail the same way again. An error that is not Stripe's (our database) is retried.
 */
export function isTransientStripeError(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return true;
  if (error instanceof Stripe.errors.StripeConnectionError) return true;
  const status = error.statusCode ?? 0;
  return status === 0 || status >= 500 || status === 429 || status === 409;
}

/** A short description of a Stripe failure for records (failure reasons, logs): type, code and Stripe's message. */
export function describeStripeError(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) {
    const parts = [error.rawType ?? error.type, error.code, error.statusCode ? `HTTP ${error.statusCode}` : null]
      .filter(Boolean)
      .join(", ");
    return `${error.message} (${parts})`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function isStripeConfigured(): boolean {
  const e = env();
  return Boolean(e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET);
}
