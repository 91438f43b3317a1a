import { Lucia, TimeSpan } from "lucia";
import type { SessionSecondFactor } from "@db/schema";
import { isProduction } from "~/lib/env.server";
import { hashSessionToken, kyselySessionAdapter } from "./session-adapter.server";
import { db } from "~/lib/db.server";

/** A session ends after this long without a request (lucia slides the expiry while the user is active). */
export const SESSION_IDLE_LIFETIME_MS = 2 * 60 * 60 * 1000;
/** And after this long in any case, however active. */
export const SESSION_ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** How long the step between the password and the second factor may take. */
export const PENDING_SIGN_IN_LIFETIME_MS = 10 * 60 * 1000;

let instance:
  Lucia<{ createdAt: Date; secondFactor: SessionSecondFactor }, { email: string; displayName: string }> | undefined;

function lucia() {
  instance ??= new Lucia(kyselySessionAdapter, {
    sessionExpiresIn: new TimeSpan(SESSION_IDLE_LIFETIME_MS / 1000, "s"),
    sessionCookie: {
      name: isProduction() ? "__Host-session" : "session",
      expires: false,
      attributes: { secure: isProduction(), sameSite: "lax", path: "/" },
    },
    getSessionAttributes: (attributes) => ({
      createdAt: new Date(attributes.created_at),
      secondFactor: attributes.second_factor,
    }),
    getUserAttributes: (attributes) => ({ email: attributes.email, displayName: attributes.display_name }),
  });
  return instance;
}

/** The cookie name and Secure flag are fixed when the instance is built; tests that switch NODE_ENV rebuild it. */
export function resetSessionConfigForTests() {
  instance = undefined;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof lucia>;
    DatabaseSessionAttributes: { created_at: Date; second_factor: SessionSecondFactor };
    DatabaseUserAttributes: { email: string; display_name: string };
  }
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  sessionToken: string;
  /** Whether this session proved a second factor ('pending' sessions never reach here as a signed-in user). */
  secondFactor: SessionSecondFactor;
}

export interface ValidatedSession {
  user: SessionUser | null;
  /** A Set-Cookie value to send back: a refreshed expiry, or a blank cookie that removes a dead session. */
  setCookie?: string;
}

export function readSessionToken(request: Request): string | null {
  return lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

/** The session of the request, whatever its second-factor state; null when there is none or it has ended. */
async function validateAnySession(request: Request): Promise<ValidatedSession> {
  const token = readSessionToken(request);
  if (!token) return { user: null };
  const { session, user } = await lucia().validateSession(token);
  if (!session) return { user: null, setCookie: blankSessionCookie() };
  const lifetime = session.secondFactor === "pending" ? PENDING_SIGN_IN_LIFETIME_MS : SESSION_ABSOLUTE_LIFETIME_MS;
  if (Date.now() - session.createdAt.getTime() > lifetime) {
    await lucia().invalidateSession(token);
    return { user: null, setCookie: blankSessionCookie() };
  }
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      sessionToken: token,
      secondFactor: session.secondFactor,
    },
    setCookie: session.fresh ? sessionCookie(session.id) : undefined,
  };
}

/** The signed-in user of the request. A session still waiting for its second factor is not signed in. */
export async function validateRequestSession(request: Request): Promise<ValidatedSession> {
  const validated = await validateAnySession(request);
  if (validated.user?.secondFactor === "pending") return { user: null };
  return validated;
}

/** The user between password and second factor (the /login/two-factor step), or null. */
export async function readPendingSignIn(request: Request): Promise<SessionUser | null> {
  const { user } = await validateAnySession(request);
  return user?.secondFactor === "pending" ? user : null;
}

/**
 * Starts a brand-new session (a new token on every sign-in) and returns its Set-Cookie value. `secondFactor` is
 * 'pending' after a right password of a user with a second factor, 'verified' once the code was right.
 */
export async function startSession(
  userId: string,
  previousToken?: string | null,
  secondFactor: SessionSecondFactor = "none",
): Promise<string> {
  if (previousToken) await lucia().invalidateSession(previousToken);
  const session = await lucia().createSession(userId, { created_at: new Date(), second_factor: secondFactor });
  return sessionCookie(session.id);
}

/** The session in use proved the second factor (just set up, or its code checked on another page). */
export async function markSessionSecondFactorVerified(token: string): Promise<void> {
  await db()
    .updateTable("user_session")
    .set({ second_factor: "verified" })
    .where("id", "=", hashSessionToken(token))
    .execute();
}

/** After the factor is removed, the session in use no longer counts as proven by it. */
export async function markSessionWithoutSecondFactor(token: string): Promise<void> {
  await db()
    .updateTable("user_session")
    .set({ second_factor: "none" })
    .where("id", "=", hashSessionToken(token))
    .execute();
}

export async function endSession(token: string | null): Promise<string> {
  if (token) await lucia().invalidateSession(token);
  return blankSessionCookie();
}

export async function endAllSessions(userId: string): Promise<void> {
  await lucia().invalidateUserSessions(userId);
}

/** Ends every session of the user except the one in use (after a password change, say). */
export async function endOtherSessions(userId: string, keepToken: string): Promise<void> {
  await db()
    .deleteFrom("user_session")
    .where("user_id", "=", userId)
    .where("id", "!=", hashSessionToken(keepToken))
    .execute();
}

/**
 * A browser-session cookie: lucia's "non-expiring" cookie carries Max-Age of 400 days, which would keep the token on
 * disk after the browser closes. The server still ends sessions after the idle and absolute lifetimes.
 */
function sessionCookie(token: string): string {
  return lucia()
    .createSessionCookie(token)
    .serialize()
    .replace(/; Max-Age=\d+/i, "");
}

export function blankSessionCookie(): string {
  return lucia().createBlankSessionCookie().serialize();
}

export function sessionCookieName(): string {
  return lucia().sessionCookieName;
}
