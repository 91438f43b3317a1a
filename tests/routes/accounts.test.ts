// Accounts through their routes: sign-up, throttling, password reset, invitations, member roles, and the audit
// rows that go with every change (same transaction, append-only).
import { sql } from "kysely";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  addMember,
  createMember,
  createUser,
  DEFAULT_TEST_PASSWORD,
  randomCorporateNumber,
  type CreatedMember,
} from "~/seed/factories.server";
import { verifyPassword } from "~/auth/password.server";
import { validateRequestSession } from "~/auth/session.server";
import { PASSWORD_RESET_LIFETIME_MS } from "~/domain/accounts/accounts.commands.server";
import { INVITATION_LIFETIME_MS } from "~/domain/organizations/invitations.commands.server";
import { db } from "~/lib/db.server";
import * as forgotPasswordRoute from "~/routes/forgot-password";
import * as invitationRoute from "~/routes/invitations.$token";
import * as loginRoute from "~/routes/login";
import * as onboardingRoute from "~/routes/onboarding";
import * as orgMembersRoute from "~/routes/org.members";
import * as resetPasswordRoute from "~/routes/reset-password.$token";
import * as signupRoute from "~/routes/signup";
import * as invitedSignupRoute from "~/routes/signup_.invited";
import { countRows, lastEmailTo, rowCounts, tokenFromLastEmail, deliveredTextTo } from "../support/db";
import { allowConsoleError } from "../support/console";
import { cookieFromSetCookie, getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

afterEach(() => {
  vi.useRealTimers();
});

let ipCounter = 0;
/** A fresh client address per test, so that the per-IP limits of one test never leak into another. */
const freshIp = () => `192.0.2.${++ipCounter}`;

function signUp(fields: Record<string, string>, ip = freshIp()) {
  return run(signupRoute.action, postRequest("/signup", fields), { ip });
}

function signIn(email: string, password: string, ip: string) {
  return run(loginRoute.action, postRequest("/login", { email, password }), { ip });
}

function forgotPassword(email: string, ip: string) {
  return run(forgotPasswordRoute.action, postRequest("/forgot-password", { email }), { ip });
}

function membersAction(cookie: string, fields: Record<string, string>) {
  return run(orgMembersRoute.action, postRequest("/org/members", fields, { cookie }));
}

const companyFields = (overrides: Record<string, string> = {}) => ({
  displayName: "山田 花子",
  email: `hanako-${++ipCounter}@example.jp`,
  password: "correct-horse-battery",
  organizationKind: "company",
  companyName: "株式会社テスト商事",
  corporateNumber: randomCorporateNumber(),
  ...overrides,
});

/** Fails the test if `fn` writes to any table. */
async function expectNothingWritten(fn: () => Promise<void>) {
  const before = await rowCounts();
  await fn();
  expect(await rowCounts()).toEqual(before);
}

async function auditActions(where: { organizationId?: string; entityId?: string }) {
  let q = db()
    .selectFrom("audit_log")
    .select(["action", "entity_type", "entity_id", "organization_id", "actor_user_id", "changes"]);
  if (where.organizationId) q = q.where("organization_id", "=", where.organizationId);
  if (where.entityId) q = q.where("entity_id", "=", where.entityId);
  return q.orderBy("id").execute();
}

describe("sign-up", () => {
  it("creates the user, the organisation, the admin membership and the audit rows, and signs in", async () => {
    const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const corporateNumber = randomCorporateNumber();
    const result = await signUp(
      companyFields({ email: "Hanako@Example.JP", corporateNumber: fullWidth(corporateNumber) }),
    );
    expect(result).toMatchObject({ status: 302, location: "/dashboard?notice=welcome" });
    expect(result.setCookie).toMatch(/^session=[^;]+;/);
    const session = await validateRequestSession(getRequest("/", { cookie: cookieFromSetCookie(result.setCookie!) }));
    expect(session.user?.email).toBe("hanako@example.jp");

    const user = await db()
      .selectFrom("app_user")
      .selectAll()
      .where("email", "=", "hanako@example.jp")
      .executeTakeFirstOrThrow();
    expect(user.display_name).toBe("山田 花子");
    const membership = await db()
      .selectFrom("membership")
      .innerJoin("organization", "organization.id", "membership.organization_id")
      .selectAll("organization")
      .select("membership.role")
      .where("membership.user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(membership).toMatchObject({
      role: "admin",
      kind: "company",
      name: "株式会社テスト商事",
      corporate_number: corporateNumber,
      verification_status: "unverified",
    });
    const audit = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("actor_user_id", "=", user.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.action, a.entity_type, a.entity_id, a.organization_id])).toEqual([
      ["user.sign_up", "user", user.id, null],
      ["organization.create", "organization", membership.id, membership.id],
      ["membership.add", "membership", user.id, membership.id],
    ]);
  });

  const invalid: [string, Record<string, string>, string, RegExp][] = [
    ["a malformed e-mail", { email: "hanako.example.jp" }, "email", /メールアドレスの形式/],
    ["a short password", { password: "short" }, "password", /10文字以上/],
    [
      "a wrong 法人番号 check digit",
      { corporateNumber: wrongCheckDigit(randomCorporateNumber()) },
      "corporateNumber",
      /チェックディジット/,
    ],
    ["no company name", { companyName: "" }, "companyName", /法人名を入力/],
    ["no kind of organisation", { organizationKind: "" }, "organizationKind", /組織の種類/],
    [
      "a municipality without its name",
      {
        organizationKind: "municipality",
        prefectureCode: "1",
        municipalityName: "",
        companyName: "",
        corporateNumber: "",
      },
      "municipalityName",
      /市区町村名を入力/,
    ],
    [
      "a municipality without a prefecture",
      { organizationKind: "municipality", prefectureCode: "", municipalityName: "美唄市" },
      "prefectureCode",
      /都道府県を選択/,
    ],
  ];

  it.each(invalid)(
    "refuses %s with a Japanese field error, keeps the typed values and writes nothing",
    async (_label, overrides, field, message) => {
      const fields = companyFields(overrides);
      await expectNothingWritten(async () => {
        const result = await signUp(fields);
        expect(result.status).toBe(400);
        expect(result.setCookie).toBeNull();
        expect(result.body.fieldErrors[field]).toMatch(message);
        for (const text of Object.values<string>(result.body.fieldErrors)) expect(text).toMatch(JAPANESE);
        const { password: _password, ...typed } = fields;
        expect(result.body.values).toEqual(typed);
        expect(JSON.stringify(result.body)).not.toContain(fields.password);
      });
    },
  );

  it("reports every mistake at once", async () => {
    const result = await signUp(
      companyFields({ email: "x", password: "short", corporateNumber: "12", displayName: "" }),
    );
    expect(result.status).toBe(400);
    expect(Object.keys(result.body.fieldErrors).sort()).toEqual([
      "corporateNumber",
      "displayName",
      "email",
      "password",
    ]);
  });

  it("resolves a municipality from the master table and starts it unverified", async () => {
    const result = await signUp(
      companyFields({
        organizationKind: "municipality",
        prefectureCode: "1",
        municipalityName: "美唄 市",
        companyName: "",
        corporateNumber: "",
      }),
    );
    expect(result.status).toBe(302);
    const org = await db()
      .selectFrom("organization")
      .selectAll()
      .where("municipality_code", "=", "012157")
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({
      kind: "municipality",
      name: "美唄市",
      verification_status: "unverified",
      verified_at: null,
      corporate_number: null,
    });
  });

  it("refuses a municipality that is not in the chosen prefecture, writing nothing", async () => {
    await expectNothingWritten(async () => {
      const result = await signUp(
        companyFields({
          organizationKind: "municipality",
          prefectureCode: "1",
          municipalityName: "横浜市",
          companyName: "",
          corporateNumber: "",
        }),
      );
      expect(result.status).toBe(400);
      expect(result.body.fieldErrors.municipalityName).toMatch(/市区町村が見つかりません/);
    });
  });

  it("refuses an abolished ward beside the field, naming its successors, writing nothing", async () => {
    await expectNothingWritten(async () => {
      const result = await signUp(
        companyFields({
          organizationKind: "municipality",
          prefectureCode: "22",
          municipalityName: "浜松市北区",
          companyName: "",
          corporateNumber: "",
        }),
      );
      expect(result.status).toBe(400);
      expect(result.body.fieldErrors.municipalityName).toBe(
        "浜松市北区は2024年1月1日に廃止されました。現在の浜松市中央区または浜松市浜名区で登録してください。",
      );
    });
  });

  it("refuses a duplicate e-mail or 法人番号 beside the field, writing nothing", async () => {
    const existing = await createMember(db(), { kind: "company", email: "taken@example.jp" });
    await expectNothingWritten(async () => {
      const email = await signUp(companyFields({ email: "TAKEN@example.jp" }));
      expect(email.status).toBe(400);
      expect(email.body.fieldErrors.email).toMatch(/既に登録/);
      const number = await signUp(companyFields({ corporateNumber: existing.organization.corporate_number! }));
      expect(number.status).toBe(400);
      expect(number.body.fieldErrors.corporateNumber).toMatch(/既に登録/);
    });
  });

  it("throttles sign-up per IP with a Japanese message", async () => {
    await createUser(db(), { email: "throttle-signup@example.jp" });
    const ip = freshIp();
    for (let i = 0; i < 10; i++)
      expect((await signUp(companyFields({ email: "throttle-signup@example.jp" }), ip)).status).toBe(400);
    await expectNothingWritten(async () => {
      const limited = await signUp(companyFields(), ip);
      expect(limited.status).toBe(429);
      expect(limited.body.formError).toMatch(/試行回数/);
    });
    expect((await signUp(companyFields(), freshIp())).status).toBe(302);
  });
});

// Sign-in and password-reset throttling (per account and per address): tests/routes/throttling.test.ts.

describe("redirect after sign-in", () => {
  let member: CreatedMember;
  beforeAll(async () => {
    member = await createMember(db(), { kind: "company" });
  });

  const offsite = [
    "//evil.example/",
    "/\\evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "\t//evil.example/",
    "evil.example",
  ];

  it.each(offsite)("never leaves the site for redirectTo=%j", async (redirectTo) => {
    const action = await run(
      loginRoute.action,
      postRequest("/login", { email: member.user.email, password: DEFAULT_TEST_PASSWORD, redirectTo }),
      { ip: freshIp() },
    );
    expect(action).toMatchObject({ status: 302, location: "/dashboard" });

    const cookie = cookieFromSetCookie(action.setCookie!);
    const page = await run(
      loginRoute.loader,
      getRequest(`/login?redirectTo=${encodeURIComponent(redirectTo)}`, { cookie }),
    );
    expect(page).toMatchObject({ status: 302, location: "/dashboard" });
  });

  it.each(["/org/members", "/invitations/abc?x=1", "/%09/still-here"])(
    "keeps a path on this site: %j",
    async (redirectTo) => {
      const action = await run(
        loginRoute.action,
        postRequest("/login", { email: member.user.email, password: DEFAULT_TEST_PASSWORD, redirectTo }),
        { ip: freshIp() },
      );
      expect(action).toMatchObject({ status: 302, location: redirectTo });
      expect(new URL(action.location!, "http://localhost:3000").origin).toBe("http://localhost:3000");
    },
  );
});

describe("password reset", () => {
  it("answers the same for unknown and known e-mails, and queues an e-mail and a job only for a real account", async () => {
    const user = await createUser(db(), { email: "real-account@example.jp" });
    const before = await rowCounts();
    const unknown = await forgotPassword("no-such-account@example.jp", freshIp());
    expect(await rowCounts()).toEqual(before);
    const known = await forgotPassword("Real-Account@example.jp", freshIp());
    expect([unknown.status, unknown.location, unknown.setCookie]).toEqual([
      known.status,
      known.location,
      known.setCookie,
    ]);
    expect(known).toMatchObject({ status: 302, location: "/login?notice=reset-requested", setCookie: null });

    const after = await rowCounts();
    expect(after.email_outbox - before.email_outbox).toBe(1);
    expect(after.job - before.job).toBe(1);
    expect(after.password_reset_token - before.password_reset_token).toBe(1);
    const email = await lastEmailTo("real-account@example.jp");
    expect(email?.subject).toBe("【ガバメントピッチ・マッチング】パスワード再設定のご案内");
    // The stored row holds a marker; the link is sealed beside it and goes only into the delivered e-mail.
    expect(email?.body_text).not.toContain("/reset-password/");
    expect(await deliveredTextTo("real-account@example.jp")).toContain("http://localhost:3000/reset-password/");
    const job = await db().selectFrom("job").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: "send_email", status: "pending", payload: { emailId: email!.id } });
    expect(await countRows("password_reset_token", (q) => q.where("user_id", "=", user.id))).toBe(1);
  });

  it("sends at most 3 e-mails per account per hour, silently", async () => {
    await createUser(db(), { email: "many-resets@example.jp" });
    for (let i = 0; i < 5; i++) expect((await forgotPassword("many-resets@example.jp", freshIp())).status).toBe(302);
    expect(await countRows("email_outbox", (q) => q.where("to_address", "=", "many-resets@example.jp"))).toBe(3);
  });

  async function resetWith(token: string, password: string) {
    return run(
      resetPasswordRoute.action,
      postRequest(`/reset-password/${token}`, { newPassword: password, confirmPassword: password }),
      {
        params: { token },
      },
    );
  }
  async function resetPageValid(token: string): Promise<boolean> {
    return (await run(resetPasswordRoute.loader, getRequest(`/reset-password/${token}`), { params: { token } })).body
      .valid;
  }

  it("uses a reset link once", async () => {
    const user = await createUser(db(), { email: "single-use@example.jp" });
    await forgotPassword(user.email, freshIp());
    const token = await tokenFromLastEmail(user.email, "/reset-password/");
    expect(await resetPageValid(token)).toBe(true);
    expect(await resetWith(token, "first-new-password")).toMatchObject({
      status: 302,
      location: "/login?notice=password-reset",
    });
    expect(await resetPageValid(token)).toBe(false);
    const again = await resetWith(token, "second-new-password");
    expect(again.status).toBe(400);
    expect(again.body.formError).toMatch(/無効/);
    const row = await db()
      .selectFrom("app_user")
      .select("password_hash")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, "first-new-password")).toBe(true);
    expect((await signIn(user.email, "first-new-password", freshIp())).status).toBe(302);
    expect(await auditActions({ entityId: user.id })).toEqual([
      expect.objectContaining({ action: "user.reset_password", changes: { password: "reset" } }),
    ]);
  });

  it("spends every other open reset link of the account when one is used", async () => {
    const user = await createUser(db(), { email: "two-links@example.jp" });
    await forgotPassword(user.email, freshIp());
    const older = await tokenFromLastEmail(user.email, "/reset-password/");
    await db()
      .updateTable("email_outbox")
      .set({ to_address: "archived@example.jp" })
      .where("to_address", "=", user.email)
      .execute();
    await forgotPassword(user.email, freshIp());
    const newer = await tokenFromLastEmail(user.email, "/reset-password/");
    expect(newer).not.toBe(older);
    expect(await resetWith(newer, "password-from-newer-link")).toMatchObject({ status: 302 });
    expect(await resetPageValid(older)).toBe(false);
    expect((await resetWith(older, "password-from-older-link")).status).toBe(400);
    const row = await db()
      .selectFrom("app_user")
      .select("password_hash")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, "password-from-newer-link")).toBe(true);
  });

  it("expires a reset link after 1 hour", async () => {
    expect(PASSWORD_RESET_LIFETIME_MS).toBe(60 * 60 * 1000);
    const user = await createUser(db(), { email: "expiring@example.jp" });
    const T0 = new Date("2026-05-01T09:00:00Z").getTime();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    await forgotPassword(user.email, freshIp());
    const token = await tokenFromLastEmail(user.email, "/reset-password/");
    vi.setSystemTime(T0 + 59 * 60 * 1000);
    expect(await resetPageValid(token)).toBe(true);
    vi.setSystemTime(T0 + 61 * 60 * 1000);
    expect(await resetPageValid(token)).toBe(false);
    expect((await resetWith(token, "too-late-password")).status).toBe(400);
    const row = await db()
      .selectFrom("app_user")
      .select("password_hash")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, DEFAULT_TEST_PASSWORD)).toBe(true);
  });
});

describe("invitations", () => {
  let admin: CreatedMember;
  let adminCookie: string;
  beforeAll(async () => {
    admin = await createMember(db(), { kind: "company" });
    adminCookie = await signedInCookie(admin.user.id);
  });

  async function invite(email: string, role: "admin" | "member" = "member"): Promise<string> {
    const result = await membersAction(adminCookie, { intent: "invite", email, role });
    expect(result).toMatchObject({ status: 302, location: "/org/members?notice=invited" });
    return tokenFromLastEmail(email.toLowerCase(), "/invitations/");
  }

  function signUpInvited(token: string, email: string, password = "invited-password-1") {
    return run(
      invitedSignupRoute.action,
      postRequest("/signup/invited", { invitationToken: token, email, displayName: "招待 太郎", password }),
      {
        ip: freshIp(),
      },
    );
  }

  async function acceptAs(userId: string, token: string) {
    return run(
      invitationRoute.action,
      postRequest(`/invitations/${token}`, {}, { cookie: await signedInCookie(userId) }),
      { params: { token } },
    );
  }

  async function invitationPage(token: string) {
    return (await run(invitationRoute.loader, getRequest(`/invitations/${token}`), { params: { token } })).body
      .invitation;
  }

  it("invites by e-mail and lets that address sign up into the organisation with the invited role", async () => {
    const token = await invite("New.Colleague@Example.jp", "admin");
    const invitation = await db()
      .selectFrom("invitation")
      .selectAll()
      .where("email", "=", "new.colleague@example.jp")
      .executeTakeFirstOrThrow();
    expect(invitation).toMatchObject({
      organization_id: admin.organization.id,
      role: "admin",
      invited_by: admin.user.id,
    });
    expect(await invitationPage(token)).toEqual({
      organizationName: admin.organization.name,
      kind: "company",
      email: "new.colleague@example.jp",
      role: "admin",
    });
    const email = await lastEmailTo("new.colleague@example.jp");
    expect(email?.subject).toContain(admin.organization.name);

    const joined = await signUpInvited(token, "new.colleague@example.jp");
    expect(joined).toMatchObject({ status: 302, location: "/dashboard?notice=joined" });
    const member = await db()
      .selectFrom("app_user")
      .innerJoin("membership", "membership.user_id", "app_user.id")
      .select(["app_user.id", "membership.organization_id", "membership.role"])
      .where("app_user.email", "=", "new.colleague@example.jp")
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({ organization_id: admin.organization.id, role: "admin" });
    expect(await countRows("organization", (q) => q.where("name", "=", admin.organization.name))).toBe(1);
    const actions = (await auditActions({ organizationId: admin.organization.id })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["invitation.create", "invitation.accept"]));
    // Spent: it cannot be used a second time.
    expect(await invitationPage(token)).toBeNull();
    expect((await signUpInvited(token, "new.colleague@example.jp")).status).toBe(400);
  });

  it("is bound to the invited e-mail: a different address can neither sign up nor accept with it", async () => {
    const token = await invite("bound@example.jp");
    await expectNothingWritten(async () => {
      const result = await signUpInvited(token, "someone-else@example.jp");
      expect(result.status).toBe(400);
      expect(result.body.formError).toMatch(/招待が無効/);
    });
    const stranger = await createUser(db(), { email: "stranger@example.jp" });
    const refused = await acceptAs(stranger.id, token);
    expect(refused.status).toBe(400);
    expect(await countRows("membership", (q) => q.where("user_id", "=", stranger.id))).toBe(0);
    // The right address, signed in without an organisation, may accept.
    const rightful = await createUser(db(), { email: "bound@example.jp" });
    expect(await acceptAs(rightful.id, token)).toMatchObject({ status: 302, location: "/dashboard?notice=joined" });
    const membership = await db()
      .selectFrom("membership")
      .selectAll()
      .where("user_id", "=", rightful.id)
      .executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ organization_id: admin.organization.id, role: "member" });
  });

  it("refuses a revoked invitation", async () => {
    const token = await invite("revoked@example.jp");
    const invitation = await db()
      .selectFrom("invitation")
      .select("id")
      .where("email", "=", "revoked@example.jp")
      .executeTakeFirstOrThrow();
    expect(await membersAction(adminCookie, { intent: "revokeInvitation", invitationId: invitation.id })).toMatchObject(
      { status: 302 },
    );
    expect(await invitationPage(token)).toBeNull();
    await expectNothingWritten(async () => {
      expect((await signUpInvited(token, "revoked@example.jp")).status).toBe(400);
    });
  });

  it("refuses an invitation after 7 days", async () => {
    expect(INVITATION_LIFETIME_MS).toBe(7 * 24 * 60 * 60 * 1000);
    const T0 = new Date("2026-06-01T00:00:00Z").getTime();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    const token = await invite("late@example.jp");
    vi.setSystemTime(T0 + INVITATION_LIFETIME_MS - 60_000);
    expect(await invitationPage(token)).not.toBeNull();
    vi.setSystemTime(T0 + INVITATION_LIFETIME_MS + 60_000);
    expect(await invitationPage(token)).toBeNull();
    const late = await createUser(db(), { email: "late@example.jp" });
    expect((await acceptAs(late.id, token)).status).toBe(400);
    expect(await countRows("membership", (q) => q.where("user_id", "=", late.id))).toBe(0);
  });

  it("refuses someone who joined another organisation meanwhile, leaving the invitation open", async () => {
    const token = await invite("joined-elsewhere@example.jp");
    const elsewhere = await createMember(db(), { kind: "company", email: "joined-elsewhere@example.jp" });
    const result = await acceptAs(elsewhere.user.id, token);
    expect(result.status).toBe(400);
    expect(result.body.formError).toMatch(/既に別の組織/);
    const membership = await db()
      .selectFrom("membership")
      .select("organization_id")
      .where("user_id", "=", elsewhere.user.id)
      .executeTakeFirstOrThrow();
    expect(membership.organization_id).toBe(elsewhere.organization.id);
    const invitation = await db()
      .selectFrom("invitation")
      .select("accepted_at")
      .where("email", "=", "joined-elsewhere@example.jp")
      .executeTakeFirstOrThrow();
    expect(invitation.accepted_at).toBeNull();
  });
});

describe("member roles", () => {
  it("never leaves an organisation without an admin", async () => {
    const { user: admin, organization } = await createMember(db(), { kind: "municipality" });
    const member = await createUser(db());
    await addMember(db(), { organizationId: organization.id, userId: member.id, role: "member" });
    const cookie = await signedInCookie(admin.id);
    const role = async (userId: string) =>
      (await db().selectFrom("membership").select("role").where("user_id", "=", userId).executeTakeFirstOrThrow()).role;

    const demote = await membersAction(cookie, { intent: "changeRole", userId: admin.id, role: "member" });
    expect(demote.status).toBe(400);
    expect(demote.body.formError).toMatch(/管理者が一人もいなくなる/);
    const remove = await membersAction(cookie, { intent: "remove", userId: admin.id });
    expect(remove.status).toBe(400);
    expect(remove.body.formError).toMatch(/最後の管理者/);
    expect(await role(admin.id)).toBe("admin");

    expect(await membersAction(cookie, { intent: "changeRole", userId: member.id, role: "admin" })).toMatchObject({
      status: 302,
    });
    expect(await membersAction(cookie, { intent: "changeRole", userId: admin.id, role: "member" })).toMatchObject({
      status: 302,
    });
    expect([await role(admin.id), await role(member.id)]).toEqual(["member", "admin"]);
    const audit = await auditActions({ organizationId: organization.id });
    expect(
      audit.filter((a) => a.action === "membership.change_role").map((a) => [a.entity_id, a.actor_user_id, a.changes]),
    ).toEqual([
      [member.id, admin.id, { role: { from: "member", to: "admin" } }],
      [admin.id, admin.id, { role: { from: "admin", to: "member" } }],
    ]);
  });
});

// Meaningful on PostgreSQL (a pool of connections); on PGlite the transactions run one after another.
describe("concurrent requests", () => {
  it("two simultaneous sign-ups with one e-mail: one account, the other gets a form error (no 500)", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => signUp(companyFields({ email: "race@example.jp" }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([302, 400, 400, 400, 400]);
    for (const r of results.filter((r) => r.status === 400))
      expect(r.body.formError ?? r.body.fieldErrors.email).toMatch(JAPANESE);
    expect(await countRows("app_user", (q) => q.where("email", "=", "race@example.jp"))).toBe(1);
  });

  it("simultaneous sign-ups with one 法人番号: one organisation, the others get a form error (no 500)", async () => {
    const corporateNumber = randomCorporateNumber();
    const results = await Promise.all(Array.from({ length: 5 }, () => signUp(companyFields({ corporateNumber }))));
    expect(results.map((r) => r.status).sort()).toEqual([302, 400, 400, 400, 400]);
    expect(await countRows("organization", (q) => q.where("corporate_number", "=", corporateNumber))).toBe(1);
  });

  it("simultaneous onboarding of one municipality: one organisation, the others get a form error (no 500)", async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => createUser(db())));
    const cookies = await Promise.all(users.map((u) => signedInCookie(u.id)));
    const results = await Promise.all(
      cookies.map((cookie) =>
        run(
          onboardingRoute.action,
          postRequest(
            "/onboarding",
            { organizationKind: "municipality", prefectureCode: "1", municipalityName: "赤平市" },
            { cookie },
          ),
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([302, 400, 400, 400, 400]);
    for (const r of results.filter((r) => r.status === 400))
      expect(r.body.formError ?? Object.values(r.body.fieldErrors).join("")).toMatch(JAPANESE);
    expect(await countRows("organization", (q) => q.where("name", "=", "赤平市"))).toBe(1);
    expect(
      await countRows("membership", (q) =>
        q.where(
          "user_id",
          "in",
          users.map((u) => u.id),
        ),
      ),
    ).toBe(1);
  });

  it("the same user submitting onboarding twice at once gets one organisation (no 500)", async () => {
    const user = await createUser(db());
    const cookie = await signedInCookie(user.id);
    const post = (name: string) =>
      run(
        onboardingRoute.action,
        postRequest(
          "/onboarding",
          { organizationKind: "company", companyName: name, corporateNumber: randomCorporateNumber() },
          { cookie },
        ),
      );
    const results = await Promise.all([
      post("二重送信株式会社A"),
      post("二重送信株式会社B"),
      post("二重送信株式会社C"),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(302);
    expect(statuses.slice(1).every((s) => s === 302 || s === 400 || s === 403)).toBe(true);
    expect(await countRows("membership", (q) => q.where("user_id", "=", user.id))).toBe(1);
    expect(await countRows("organization", (q) => q.where("name", "like", "二重送信株式会社%"))).toBe(1);
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const pairs = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const { user: a, organization } = await createMember(db(), { kind: "company" });
        const b = await createUser(db());
        await addMember(db(), { organizationId: organization.id, userId: b.id, role: "admin" });
        return { a, b, organization, cookieA: await signedInCookie(a.id), cookieB: await signedInCookie(b.id) };
      }),
    );
    const results = await Promise.all(
      pairs.flatMap((p) => [
        membersAction(p.cookieA, { intent: "changeRole", userId: p.b.id, role: "member" }),
        membersAction(p.cookieB, { intent: "remove", userId: p.a.id }),
      ]),
    );
    // Done, refused as the last admin (400), refused as no longer an admin (403), or signed out by the removal.
    for (const r of results) expect([302, 400, 403]).toContain(r.status);
    for (const p of pairs) {
      const admins = await countRows("membership", (q) =>
        q.where("organization_id", "=", p.organization.id).where("role", "=", "admin"),
      );
      expect(admins).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("audit log", () => {
  /** Makes the database refuse audit rows for one action, for the duration of `fn`. */
  async function withAuditFailure(action: string, fn: () => Promise<void>) {
    await sql`create or replace function test_refuse_audit() returns trigger language plpgsql as $$
      begin
        if new.action = tg_argv[0] then raise exception 'audit refused for test'; end if;
        return new;
      end; $$`.execute(db());
    await sql`create trigger test_refuse_audit before insert on audit_log for each row execute function test_refuse_audit(${sql.lit(action)})`.execute(
      db(),
    );
    try {
      await fn();
    } finally {
      await sql`drop trigger test_refuse_audit on audit_log`.execute(db());
    }
  }

  it("is written in the same transaction: when the audit row fails, the role change is undone", async () => {
    const { user: admin, organization } = await createMember(db(), { kind: "company" });
    const member = await createUser(db());
    await addMember(db(), { organizationId: organization.id, userId: member.id, role: "member" });
    const cookie = await signedInCookie(admin.id);
    await withAuditFailure("membership.change_role", async () => {
      await expectNothingWritten(async () => {
        // An unexpected database error: a 500 with a reference id, the details in the log only.
        const logged = allowConsoleError(/audit refused/);
        const result = await membersAction(cookie, { intent: "changeRole", userId: member.id, role: "admin" });
        expect(result.status).toBe(500);
        expect(JSON.stringify(result.body)).not.toMatch(/audit refused/);
        expect(logged().length).toBe(1);
      });
    });
    const row = await db()
      .selectFrom("membership")
      .select("role")
      .where("user_id", "=", member.id)
      .executeTakeFirstOrThrow();
    expect(row.role).toBe("member");
    // Without the failure the same command works: the test above failed for the right reason.
    expect(await membersAction(cookie, { intent: "changeRole", userId: member.id, role: "admin" })).toMatchObject({
      status: 302,
    });
  });

  it("is written in the same transaction: a sign-up whose last audit row fails leaves no user and no organisation", async () => {
    const fields = companyFields({ email: "half-written@example.jp" });
    await withAuditFailure("membership.add", async () => {
      await expectNothingWritten(async () => {
        allowConsoleError(/audit refused/);
        const result = await signUp(fields);
        expect(result.status).toBe(500);
        expect(JSON.stringify(result.body)).not.toMatch(/audit refused/);
      });
    });
    expect((await signUp(fields)).status).toBe(302);
  });

  it("refuses UPDATE and DELETE", async () => {
    await createMember(db(), { kind: "company" });
    await db()
      .insertInto("audit_log")
      .values({ action: "test.row", entity_type: "test", entity_id: "1", changes: "{}" })
      .execute();
    const before = await db().selectFrom("audit_log").selectAll().orderBy("id").execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(db().updateTable("audit_log").set({ action: "tampered" }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom("audit_log").where("action", "=", "test.row").execute()).rejects.toThrow(
      /append-only/,
    );
    expect(await db().selectFrom("audit_log").selectAll().orderBy("id").execute()).toEqual(before);
  });
});

/** The same 13 digits with a check digit that does not match. */
function wrongCheckDigit(valid: string): string {
  const wrong = (Number(valid[0]) + 1) % 10;
  return `${wrong}${valid.slice(1)}`;
}
