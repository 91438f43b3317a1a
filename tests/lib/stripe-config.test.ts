// Stripe configuration and the classification of Stripe failures (pure, no database, no network).
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { isStripeConfigured, isTransientStripeError, stripeClient, webhookSecrets } from "~/lib/stripe.server";
import { readEnv, resetEnvForTests } from "~/lib/env.server";
import { configureStripe, unconfigureStripe } from "../mocks/stripe";

afterEach(unconfigureStripe);

describe("STRIPE_WEBHOOK_SECRET", () => {
  it("takes one signing secret, or two separated by a comma (platform and Connect endpoints)", () => {
    expect(readEnv({ NODE_ENV: "test", STRIPE_WEBHOOK_SECRET: "whsec_abc" }).STRIPE_WEBHOOK_SECRET).toBe("whsec_abc");
    expect(readEnv({ NODE_ENV: "test", STRIPE_WEBHOOK_SECRET: "whsec_abc, whsec_def" }).STRIPE_WEBHOOK_SECRET).toBe(
      "whsec_abc, whsec_def",
    );
    for (const bad of ["abc", "whsec_abc,", "whsec_abc,sk_test_x", "whsec_a whsec_b"]) {
      expect(() => readEnv({ NODE_ENV: "test", STRIPE_WEBHOOK_SECRET: bad }), bad).toThrow(/STRIPE_WEBHOOK_SECRET/);
    }
  });

  it("gives each secret to the verifier", () => {
    configureStripe();
    expect(webhookSecrets()).toEqual(["whsec_test_platform_endpoint", "whsec_test_connect_endpoint"]);
  });
});

describe("the client", () => {
  it("is never built when Stripe is not configured", () => {
    unconfigureStripe();
    expect(isStripeConfigured()).toBe(false);
    expect(() => stripeClient()).toThrow(/設定されていません/);
    process.env.STRIPE_SECRET_KEY = "sk_test_only_the_key";
    resetEnvForTests();
    expect(isStripeConfigured()).toBe(false);
    expect(() => stripeClient()).toThrow(/設定されていません/);
    configureStripe();
    expect(stripeClient()).toBeInstanceOf(Stripe);
  });
});

describe("isTransientStripeError", () => {
  const error = (statusCode: number, type = "invalid_request_error") =>
    Stripe.errors.StripeError.generate({ type, message: "x", statusCode } as never);

  it("retries network errors, 5xx, 429 and 409; not other 4xx", () => {
    expect(isTransientStripeError(new Stripe.errors.StripeConnectionError({ message: "socket hang up" }))).toBe(true);
    expect(isTransientStripeError(error(500, "api_error"))).toBe(true);
    expect(isTransientStripeError(error(503, "api_error"))).toBe(true);
    expect(isTransientStripeError(error(429))).toBe(true);
    expect(isTransientStripeError(error(409, "idempotency_error"))).toBe(true);
    expect(isTransientStripeError(error(400))).toBe(false);
    expect(isTransientStripeError(error(401))).toBe(false);
    expect(isTransientStripeError(error(402, "card_error"))).toBe(false);
    expect(isTransientStripeError(error(404))).toBe(false);
    // Not Stripe's: our own failure (the database), retried.
    expect(isTransientStripeError(new Error("connection terminated"))).toBe(true);
  });
});
