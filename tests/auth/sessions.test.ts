// TRUST "Sessions and requests": new token on sign-in, hashed tokens, server-side ends, lifetimes, cookie flags,
// and no secret in clear in the database.
import { createHash } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@db/schema";
import {
  addMember,
  createMember,
  createUser,
  DEFAULT_TEST_PASSWORD,
  randomCorporateNumber,
} from "~/seed/factories.server";
import { verifyPassword } from "~/auth/password.server";
import {
  resetSessionConfigForTests,
  SESSION_ABSOLUTE_LIFETIME_MS,
  SESSION_IDLE_LIFETIME_MS,
  startSession,
  validateRequestSession,
} from "~/auth/session.server";
import { inviteMember } from "~/domain/organizations/invitations.commands.server";
import { db } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";
import * as accountRoute from "~/routes/account";
import * as forgotPasswordRoute from "~/routes/forgot-password";
import * as loginRoute from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import * as orgMembersRoute from "~/routes/org.members";
import * as orgRoute from "~/routes/org._index";
import * as resetPasswordRoute from "~/routes/reset-password.$token";
import * as signupRoute from "~/routes/signup";
import { countRows, rowsAsText, tokenFromLastEmail } from "../support/db";
import { cookieFromSetCookie, getRequest, postRequest, run, signedInCookie, tokenFromCookie } from "../support/http";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function sessionUserId(cookie: string | null): Promise<string | null> {
  return (await validateRequestSession(getRequest("/", { cookie }))).user?.id ?? null;
}

async function sessionsOf(userId: string) {
  return db().selectFrom("user_session").selectAll().where("user_id", "=", userId).execute();
}

async function signInAction(email: string, password: string, cookie?: string | null, ip = "203.0.113.50") {
  return run(loginRoute.action, postRequest("/login", { email, password }, { cookie }), { ip });
}

let user: AppUser;
beforeAll(async () => {
  user = await createUser(db());
});

afterEach(() => {
  vi.useRealTimers();
});

describe("sign-in", () => {
  it("issues a new token on every sign-in; the cookie from before sign-in stops working", async () => {
    const before = await signedInCookie(user.id, { secondFactor: false });
    expect(await sessionUserId(before)).toBe(user.id);

    const first = await signInAction(user.email, DEFAULT_TEST_PASSWORD, before);
    expect(first).toMatchObject({ status: 302, location: "/dashboard" });
    const after = cookieFromSetCookie(first.setCookie!);
    expect(tokenFromCookie(after)).not.toBe(tokenFromCookie(before));
    expect(await sessionUserId(before)).toBeNull();
    expect(await sessionUserId(after)).toBe(user.id);

    const second = await signInAction(user.email, DEFAULT_TEST_PASSWORD, after);
    const again = cookieFromSetCookie(second.setCookie!);
    expect(new Set([before, after, again].map(tokenFromCookie)).size).toBe(3);
    expect(await sessionUserId(after)).toBeNull();
    expect(await sessionUserId(again)).toBe(user.id);
  });

  it("ends a planted session of another account when signing in (session fixation)", async () => {
    const attacker = await createUser(db());
    const planted = await signedInCookie(attacker.id);
    const result = await signInAction(user.email, DEFAULT_TEST_PASSWORD, planted);
    expect(result.status).toBe(302);
    expect(await sessionUserId(planted)).toBeNull();
    expect(await sessionUserId(cookieFromSetCookie(result.setCookie!))).toBe(user.id);
  });

  it("stores only the SHA-256 of the token; the stored value does not work as a cookie", async () => {
    const cookie = await signedInCookie(user.id);
    const token = tokenFromCookie(cookie);
    expect(token.length).toBeGreaterThanOrEqual(32);
    const rows = await db().selectFrom("user_session").selectAll().where("id", "=", sha256(token)).execute();
    expect(rows).toHaveLength(1);
    for (const row of await rowsAsText("user_session")) expect(row).not.toContain(token);
    expect(await sessionUserId(`session=${sha256(token)}`)).toBeNull();
  });

  it("refuses an unknown token and sends a blank cookie back", async () => {
    const result = await validateRequestSession(
      getRequest("/", { cookie: "session=abcdefghijklmnopqrstuvwxyz234567" }),
    );
    expect(result.user).toBeNull();
    expect(result.setCookie).toMatch(/^session=;.*Max-Age=0/);
  });
});

describe("ending sessions on the server", () => {
  it("sign-out deletes the session row and blanks the cookie", async () => {
    const cookie = await signedInCookie(user.id);
    const other = await signedInCookie(user.id);
    const result = await run(logoutRoute.action, postRequest("/logout", {}, { cookie }));
    expect(result).toMatchObject({ status: 302, location: "/login?notice=signed-out" });
    expect(result.setCookie).toMatch(/^session=;.*Max-Age=0/);
    expect(await sessionUserId(cookie)).toBeNull();
    expect(await countRows("user_session", (q) => q.where("id", "=", sha256(tokenFromCookie(cookie))))).toBe(0);
    // Only this device signs out.
    expect(await sessionUserId(other)).toBe(user.id);
  });

  it("a password change ends every other session and replaces the current token", async () => {
    const changer = await createUser(db());
    const current = await signedInCookie(changer.id);
    const otherDevice = await signedInCookie(changer.id);
    const newPassword = "a-new-password-after-change";
    const result = await run(
      accountRoute.action,
      postRequest(
        "/account",
        { currentPassword: DEFAULT_TEST_PASSWORD, newPassword, confirmPassword: newPassword },
        { cookie: current },
      ),
    );
    expect(result).toMatchObject({ status: 302, location: "/account?notice=password-changed" });
    const replacement = cookieFromSetCookie(result.setCookie!);
    expect(await sessionUserId(current)).toBeNull();
    expect(await sessionUserId(otherDevice)).toBeNull();
    expect(await sessionUserId(replacement)).toBe(changer.id);
    expect((await sessionsOf(changer.id)).map((s) => s.id)).toEqual([sha256(tokenFromCookie(replacement))]);
    const row = await db()
      .selectFrom("app_user")
      .select("password_hash")
      .where("id", "=", changer.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, newPassword)).toBe(true);
    expect(await verifyPassword(row.password_hash, DEFAULT_TEST_PASSWORD)).toBe(false);
  });

  it("a wrong current password changes nothing and ends no session", async () => {
    const changer = await createUser(db());
    const current = await signedInCookie(changer.id);
    const other = await signedInCookie(changer.id);
    const result = await run(
      accountRoute.action,
      postRequest(
        "/account",
        { currentPassword: "not-the-password", newPassword: "whatever-long-1", confirmPassword: "whatever-long-1" },
        { cookie: current },
      ),
    );
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.currentPassword).toBe("現在のパスワードが正しくありません。");
    expect(await sessionUserId(current)).toBe(changer.id);
    expect(await sessionUserId(other)).toBe(changer.id);
  });

  it("a password reset ends every session of the account", async () => {
    const forgetful = await createUser(db());
    const sessions = [await signedInCookie(forgetful.id), await signedInCookie(forgetful.id)];
    await run(forgotPasswordRoute.action, postRequest("/forgot-password", { email: forgetful.email }), {
      ip: "203.0.113.60",
    });
    const token = await tokenFromLastEmail(forgetful.email, "/reset-password/");
    const result = await run(
      resetPasswordRoute.action,
      postRequest(
        `/reset-password/${token}`,
        { newPassword: "reset-password-value", confirmPassword: "reset-password-value" },
        { cookie: sessions[0] },
      ),
      { params: { token } },
    );
    expect(result).toMatchObject({ status: 302, location: "/login?notice=password-reset" });
    expect(result.setCookie).toMatch(/^session=;.*Max-Age=0/);
    for (const cookie of sessions) expect(await sessionUserId(cookie)).toBeNull();
    expect(await sessionsOf(forgetful.id)).toHaveLength(0);
  });

  it("removing a member takes effect on their next request", async () => {
    const { user: admin, organization } = await createMember(db(), { kind: "company" });
    const member = await createUser(db());
    await addMember(db(), { organizationId: organization.id, userId: member.id, role: "member" });
    const memberCookies = [await signedInCookie(member.id), await signedInCookie(member.id)];
    expect((await run(orgRoute.loader, getRequest("/org", { cookie: memberCookies[0] }))).status).toBe(200);

    const removed = await run(
      orgMembersRoute.action,
      postRequest("/org/members", { intent: "remove", userId: member.id }, { cookie: await signedInCookie(admin.id) }),
    );
    expect(removed).toMatchObject({ status: 302, location: "/org/members?notice=member-removed" });

    for (const cookie of memberCookies) {
      const next = await run(orgRoute.loader, getRequest("/org", { cookie }));
      expect(next).toMatchObject({ status: 302, location: "/login?redirectTo=%2Forg" });
    }
    expect(await sessionsOf(member.id)).toHaveLength(0);
    expect(await countRows("membership", (q) => q.where("user_id", "=", member.id))).toBe(0);
  });
});

describe("lifetimes (fake clock)", () => {
  const T0 = new Date("2026-04-01T00:00:00Z").getTime();
  const minute = 60 * 1000;
  const hour = 60 * minute;

  it("has a 2 h idle lifetime and a 12 h absolute lifetime", () => {
    expect(SESSION_IDLE_LIFETIME_MS).toBe(2 * hour);
    expect(SESSION_ABSOLUTE_LIFETIME_MS).toBe(12 * hour);
  });

  it("ends a session after 2 h without a request", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    const justInTime = await signedInCookie(user.id);
    const tooLate = await signedInCookie(user.id);
    vi.setSystemTime(T0 + 2 * hour - minute);
    expect(await sessionUserId(justInTime)).toBe(user.id);
    vi.setSystemTime(T0 + 2 * hour + minute);
    expect(await sessionUserId(tooLate)).toBeNull();
    expect(await countRows("user_session", (q) => q.where("id", "=", sha256(tokenFromCookie(tooLate))))).toBe(0);
  });

  it("slides while the user is active, but ends 12 h after sign-in however active", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    const cookie = await signedInCookie(user.id);
    const id = sha256(tokenFromCookie(cookie));
    // A request every hour keeps it alive well past the idle lifetime.
    for (let h = 1; h <= 11; h++) {
      vi.setSystemTime(T0 + h * hour);
      expect(await sessionUserId(cookie), `after ${h} h`).toBe(user.id);
    }
    vi.setSystemTime(T0 + 12 * hour - minute);
    expect(await sessionUserId(cookie)).toBe(user.id);
    const row = await db()
      .selectFrom("user_session")
      .select("expires_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();

    vi.setSystemTime(T0 + 12 * hour + minute);
    // The idle expiry alone would still allow it: the absolute limit is what ends it.
    expect(row.expires_at.getTime()).toBeGreaterThan(Date.now());
    expect(await sessionUserId(cookie)).toBeNull();
    expect(await countRows("user_session", (q) => q.where("id", "=", id))).toBe(0);
  });
});

describe("cookie attributes", () => {
  function attributes(setCookie: string) {
    const [pair, ...rest] = setCookie.split(";").map((p) => p.trim());
    const attrs = new Map(rest.map((p) => [p.split("=")[0]!.toLowerCase(), p.split("=").slice(1).join("=")] as const));
    return { name: pair!.split("=")[0], attrs };
  }

  it("is HttpOnly, SameSite=Lax, Path=/ and not Secure outside production", async () => {
    expect(process.env.NODE_ENV).not.toBe("production");
    const { name, attrs } = attributes(await startSession(user.id));
    expect(name).toBe("session");
    expect(attrs.has("httponly")).toBe(true);
    expect(attrs.get("samesite")).toBe("Lax");
    expect(attrs.get("path")).toBe("/");
    expect(attrs.has("secure")).toBe(false);
    expect(attrs.has("domain")).toBe(false);
    // Not kept on disk longer than a session can live (a browser-session cookie, or at most the absolute lifetime).
    expect(attrs.has("expires")).toBe(false);
    if (attrs.has("max-age"))
      expect(Number(attrs.get("max-age"))).toBeLessThanOrEqual(SESSION_ABSOLUTE_LIFETIME_MS / 1000);
  });

  it("is __Host-session and Secure in production", async () => {
    const original = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    resetEnvForTests();
    resetSessionConfigForTests();
    try {
      const setCookie = await startSession(user.id);
      const { name, attrs } = attributes(setCookie);
      expect(name).toBe("__Host-session");
      expect(attrs.has("secure")).toBe(true);
      expect(attrs.has("httponly")).toBe(true);
      expect(attrs.get("samesite")).toBe("Lax");
      expect(attrs.get("path")).toBe("/");
      expect(attrs.has("domain")).toBe(false); // required by the __Host- prefix
      const cookie = cookieFromSetCookie(setCookie);
      expect(await sessionUserId(cookie)).toBe(user.id);
      // A cookie without the prefix (which a subdomain could plant) is not read in production.
      expect(await sessionUserId(`session=${tokenFromCookie(cookie)}`)).toBeNull();
    } finally {
      process.env.NODE_ENV = original;
      resetEnvForTests();
      resetSessionConfigForTests();
    }
    expect(attributes(await startSession(user.id)).name).toBe("session");
  });
});

describe("passwords and secrets at rest", () => {
  it("hashes passwords with argon2id, never equal to the password", async () => {
    const password = "signup-password-argon2";
    const result = await run(
      signupRoute.action,
      postRequest("/signup", {
        displayName: "ハッシュ 確認",
        email: "argon@example.test",
        password,
        organizationKind: "bureau",
        bureauId: "meti-kanto",
      }),
      { ip: "203.0.113.70" },
    );
    expect(result.status).toBe(302);
    const row = await db()
      .selectFrom("app_user")
      .select("password_hash")
      .where("email", "=", "argon@example.test")
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(password);
    expect(await verifyPassword(row.password_hash, password)).toBe(true);
    for (const u of await db().selectFrom("app_user").select("password_hash").execute())
      expect(u.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("keeps no password or token in clear in any column of the account tables", async () => {
    const secrets: string[] = [];
    const signupPassword = "clear-text-check-password-1";
    const signup = await run(
      signupRoute.action,
      postRequest("/signup", {
        displayName: "平文 確認",
        email: "cleartext@example.test",
        password: signupPassword,
        organizationKind: "company",
        companyName: "平文確認株式会社",
        corporateNumber: randomCorporateNumber(),
      }),
      { ip: "203.0.113.71" },
    );
    expect(signup.status).toBe(302);
    secrets.push(signupPassword, tokenFromCookie(signup.setCookie!));
    const cookie = cookieFromSetCookie(signup.setCookie!);

    const login = await signInAction("cleartext@example.test", signupPassword, cookie);
    secrets.push(tokenFromCookie(login.setCookie!));

    const changed = "clear-text-check-password-2";
    const change = await run(
      accountRoute.action,
      postRequest(
        "/account",
        { currentPassword: signupPassword, newPassword: changed, confirmPassword: changed },
        { cookie: cookieFromSetCookie(login.setCookie!) },
      ),
    );
    expect(change.status).toBe(302);
    secrets.push(changed, tokenFromCookie(change.setCookie!));

    await run(forgotPasswordRoute.action, postRequest("/forgot-password", { email: "cleartext@example.test" }), {
      ip: "203.0.113.72",
    });
    const resetToken = await tokenFromLastEmail("cleartext@example.test", "/reset-password/");
    const resetTo = "clear-text-check-password-3";
    const reset = await run(
      resetPasswordRoute.action,
      postRequest(`/reset-password/${resetToken}`, { newPassword: resetTo, confirmPassword: resetTo }),
      { params: { token: resetToken } },
    );
    expect(reset.status).toBe(302);
    secrets.push(resetToken, resetTo);

    const member = await db()
      .selectFrom("membership")
      .innerJoin("organization", "organization.id", "membership.organization_id")
      .innerJoin("app_user", "app_user.id", "membership.user_id")
      .select([
        "app_user.id",
        "app_user.email",
        "app_user.display_name",
        "organization.id as organizationId",
        "organization.name",
      ])
      .where("app_user.email", "=", "cleartext@example.test")
      .executeTakeFirstOrThrow();
    const invitation = await inviteMember(
      {
        userId: member.id,
        email: member.email,
        displayName: member.display_name,
        secondFactorVerified: true,
        membership: {
          organizationId: member.organizationId,
          organizationName: member.name,
          kind: "company",
          role: "admin",
          verificationStatus: "unverified",
        },
      },
      { email: "invitee-clear@example.test", role: "member" },
      "http://localhost:3000",
    );
    secrets.push(invitation.token, DEFAULT_TEST_PASSWORD);

    for (const table of ["app_user", "user_session", "password_reset_token", "invitation", "audit_log"] as const) {
      const rows = await rowsAsText(table);
      expect(rows.length, table).toBeGreaterThan(0);
      for (const row of rows)
        for (const secret of secrets) expect(row, `${table} holds a secret in clear`).not.toContain(secret);
    }
    // The tokens are there as hashes, so the scan looked at the right places.
    expect(await countRows("password_reset_token", (q) => q.where("token_hash", "=", sha256(resetToken)))).toBe(1);
    expect(await countRows("invitation", (q) => q.where("token_hash", "=", sha256(invitation.token)))).toBe(1);
  });
});
