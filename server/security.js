// HTTP-level protections that hold for every route: security headers with a per-request CSP nonce,
// and refusal of state-changing requests whose Origin is missing or foreign (CSRF).
import { randomBytes } from "node:crypto";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Endpoints called by other servers, never by a browser: no Origin, no cookies; they check their own signature. */
const SERVER_TO_SERVER_PATHS = new Set(["/webhooks/stripe"]);

/** @param {{ production: boolean, appUrl?: string }} options */
export function securityMiddleware({ production, appUrl }) {
  const configuredOrigin = appUrl ? new URL(appUrl).origin : undefined;
  /** @type {import('express').RequestHandler} */
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (production) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");

    if (!SAFE_METHODS.has(req.method) && !(req.method === "POST" && SERVER_TO_SERVER_PATHS.has(req.path))) {
      const origin = req.get("origin");
      const expected = configuredOrigin ?? `${req.protocol}://${req.get("host")}`;
      if (!origin || origin !== expected) {
        res
          .status(403)
          .type("text/plain; charset=utf-8")
          .send("不正なリクエスト元からの送信のため拒否しました（Origin が一致しません）。");
        return;
      }
    }
    next();
  };
}
