import { Lucia, TimeSpan } from "lucia";
import { isProduction } from "~/lib/env.server";
import { hashSessionToken, kyselySessionAdapter } from "./session-adapter.server";
import { db } from "~/lib/db.server";

/** A session ends after this long without a request (lucia slides the expiry while the user is active). */
export const SESSION_IDLE_LIFETIME_MS = 2 * 60 * 60 * 1000;
/** And after this long in any case, however active. */
export const SESSION_ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;

let instance: Lucia<{ createdAt: Date }, { email: string; displayName: string }> | undefined;

function lucia() {
  instance ??= new Lucia(kyselySessionAdapter, {
    sessionExpiresIn: new TimeSpan(SESSION_IDLE_LIFETIME_MS / 1000, "s"),
    sessionCookie: {
      name: isProduction() ? "__Host-session" : "session",
      expires: false,
      attributes: { secure: isProduction(), sameSite: "lax", path: "/" },
    },
    getSessionAttributes: (attributes) => ({ createdAt: new Date(attributes.created_at) }),
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
    DatabaseSessionAttributes: { created_at: Date };
    DatabaseUserAttributes: { email: string; display_name: string };
  }
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  sessionToken: string;
}

export interface ValidatedSession {
  user: SessionUser | null;
  /** A Set-Cookie value to send back: a refreshed expiry, or a blank cookie that removes a dead session. */
  setCookie?: string;
}

export function readSessionToken(request: Request): string | null {
  return lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

export async function validateRequestSession(request: Request): Promise<ValidatedSession> {
  const token = readSessionToken(request);
  if (!token) return { user: null };
  const { session, user } = await lucia().validateSession(token);
  if (!session) return { user: null, setCookie: blankSessionCookie() };
  if (Date.now() - session.createdAt.getTime() > SESSION_ABSOLUTE_LIFETIME_MS) {
    await lucia().invalidateSession(token);
    return { user: null, setCookie: blankSessionCookie() };
  }
  return {
    user: { id: user.id, email: user.email, displayName: user.displayName, sessionToken: token },
    setCookie: session.fresh ? sessionCookie(session.id) : undefined,
  };
}

/** Starts a brand-new session (a new token on every sign-in) and returns its Set-Cookie value. */
export async function startSession(userId: string, previousToken?: string | null): Promise<string> {
  if (previousToken) await lucia().invalidateSession(previousToken);
  const session = await lucia().createSession(userId, { created_at: new Date() });
  return sessionCookie(session.id);
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
