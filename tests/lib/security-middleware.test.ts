// The Origin check of server/security.js (CSRF): every non-GET request needs this site's Origin, except Stripe's
// webhook POST, which comes from Stripe's servers without an Origin and is authenticated by its signature instead.
import { describe, expect, it } from "vitest";
import { securityMiddleware } from "../../server/security.js";

function call(method: string, path: string, origin?: string) {
  const headers: Record<string, string> = { host: "app.example.jp", ...(origin ? { origin } : {}) };
  const req = { method, path, protocol: "https", get: (name: string) => headers[name.toLowerCase()] };
  const res = {
    locals: {} as Record<string, unknown>,
    statusCode: 200,
    setHeader() {},
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    type() {
      return this;
    },
    send() {
      return this;
    },
  };
  let passed = false;
  // A stand-in for Express's request and response: the middleware reads only these members.
  const middleware = securityMiddleware({ production: true, appUrl: "https://app.example.jp" }) as unknown as (
    req: unknown,
    res: unknown,
    next: () => void,
  ) => void;
  middleware(req, res, () => {
    passed = true;
  });
  return passed ? "next" : res.statusCode;
}

describe("Origin check", () => {
  it("lets Stripe's webhook POST through without an Origin", () => {
    expect(call("POST", "/webhooks/stripe")).toBe("next");
  });

  it("still refuses every other state-changing request without this site's Origin", () => {
    expect(call("POST", "/company/payouts")).toBe(403);
    expect(call("POST", "/company/payouts", "https://evil.example")).toBe(403);
    expect(call("POST", "/webhooks/stripe/else")).toBe(403);
    expect(call("PUT", "/webhooks/stripe")).toBe(403);
    expect(call("DELETE", "/webhooks/stripe")).toBe(403);
    expect(call("POST", "/company/payouts", "https://app.example.jp")).toBe("next");
  });
});
