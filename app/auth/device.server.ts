// The device cookie: a random token that lets a sign-in from a browser not seen before be told apart (and e-mailed).
// It proves nothing and grants nothing; only its hash is stored (user_device).
import { isProduction } from "~/lib/env.server";

const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

function cookieName() {
  return isProduction() ? "__Host-device" : "device";
}

export function readDeviceToken(request: Request): string | null {
  const name = cookieName();
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=") || null;
  }
  return null;
}

export function deviceCookie(token: string): string {
  return [
    `${cookieName()}=${token}`,
    "Path=/",
    `Max-Age=${MAX_AGE_SECONDS}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(isProduction() ? ["Secure"] : []),
  ].join("; ");
}
