import { redirect } from "@remix-run/node";
import { deviceCookie, readDeviceToken } from "~/auth/device.server";
import { safeRedirectPath } from "~/auth/guards.server";
import { readSessionToken, startSession } from "~/auth/session.server";
import type { SessionSecondFactor } from "@db/schema";
import { hasSecondFactor, recordSignInDevice } from "~/domain/accounts/two-factor.commands.server";
import { clientIp } from "~/lib/rate-limit.server";

/**
 * After a right password: a user with a second factor gets a 'pending' session (not signed in) and the code step;
 * anyone else is signed in at once.
 */
export async function afterPassword(request: Request, context: unknown, userId: string, redirectTo?: string) {
  if (await hasSecondFactor(userId)) {
    const cookie = await startSession(userId, readSessionToken(request), "pending");
    const next = safeRedirectPath(redirectTo, "");
    const query = next ? `?redirectTo=${encodeURIComponent(next)}` : "";
    return redirect(`/login/two-factor${query}`, { headers: { "Set-Cookie": cookie } });
  }
  return signIn(request, context, userId, "none", redirectTo);
}

/** Starts the signed-in session (a new token) and notes the device, e-mailing the account when it is a new one. */
export async function signIn(
  request: Request,
  context: unknown,
  userId: string,
  secondFactor: Exclude<SessionSecondFactor, "pending">,
  redirectTo?: string,
) {
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(userId, readSessionToken(request), secondFactor));
  const device = await recordSignInDevice(userId, readDeviceToken(request), { ip: clientIp(context), notify: true });
  headers.append("Set-Cookie", deviceCookie(device));
  return redirect(safeRedirectPath(redirectTo, "/dashboard"), { headers });
}
