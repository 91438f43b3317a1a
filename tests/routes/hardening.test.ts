// Follow-ups of the security review: what an invitation reveals, what operators see of one-time links, password
// change throttling and its effect on reset links, and an audit log that cannot be truncated.
import { sql } from "kysely";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createMember, DEFAULT_TEST_PASSWORD, type CreatedMember } from "~/seed/factories.server";
import { bodyForOperators } from "~/domain/admin/admin.queries.server";
import { db } from "~/lib/db.server";
import * as accountRoute from "~/routes/account";
import * as adminOutboxRoute from "~/routes/admin.outbox";
import * as forgotPasswordRoute from "~/routes/forgot-password";
import * as orgMembersRoute from "~/routes/org.members";
import * as resetPasswordRoute from "~/routes/reset-password.$token";
import { tokenFromLastEmail } from "../support/db";
import { getRequest, postRequest, run, signedInCookie } from "../support/http";

afterEach(() => vi.useRealTimers());

let admin: CreatedMember;
let adminCookie: string;
beforeAll(async () => {
  admin = await createMember(db(), { kind: "municipality" });
  adminCookie = await signedInCookie(admin.user.id);
});

describe("invitations", () => {
  it("invite an address that belongs to another organisation like any other, revealing nothing", async () => {
    const elsewhere = await createMember(db(), { kind: "company", email: "taken-elsewhere@example.jp" });
    const result = await run(
      orgMembersRoute.action,
      postRequest(
        "/org/members",
        { intent: "invite", email: elsewhere.user.email, role: "member" },
        { cookie: adminCookie },
      ),
    );
    expect(result).toMatchObject({ status: 302, location: "/org/members?notice=invited" });
    const own = await run(
      orgMembersRoute.action,
      postRequest(
        "/org/members",
        { intent: "invite", email: admin.user.email, role: "member" },
        { cookie: adminCookie },
      ),
    );
    expect(own.status).toBe(400);
    expect(own.body.fieldErrors.email).toMatch(/既にメンバー/);
  });
});

describe("the outbox as operators see it", () => {
  const body =
    "次のリンクから設定してください。\nhttp://localhost:3000/reset-password/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abc\n";

  it("masks any one-time link left in a stored body, whatever the e-mail's status (a second line of defence)", () => {
    const shown = bodyForOperators(body);
    expect(shown).not.toContain("AbCdEfGhIj");
    expect(shown).toContain("/reset-password/（非表示）");
  });

  it("applies the masking in the outbox page", async () => {
    const operator = await createMember(db(), { kind: "operator" });
    await db()
      .insertInto("email_outbox")
      .values({
        id: crypto.randomUUID(),
        to_address: "someone@example.jp",
        subject: "件名",
        body_text: body,
        status: "sent",
      })
      .execute();
    const page = await run(
      adminOutboxRoute.loader,
      getRequest("/admin/outbox", { cookie: await signedInCookie(operator.user.id) }),
    );
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).not.toContain("AbCdEfGhIj");
  });
});

describe("password change", () => {
  it("is throttled per user: the 6th wrong current password within 15 minutes gets 429 in Japanese", async () => {
    const member = await createMember(db(), { kind: "company" });
    const cookie = await signedInCookie(member.user.id);
    const attempt = () =>
      run(
        accountRoute.action,
        postRequest(
          "/account",
          {
            currentPassword: "wrong-password-x",
            newPassword: "brand-new-password",
            confirmPassword: "brand-new-password",
          },
          { cookie },
        ),
      );
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(400);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.formError).toMatch(/試行回数/);
  });

  it("spends the reset links requested before it", async () => {
    const member = await createMember(db(), { kind: "company" });
    await run(forgotPasswordRoute.action, postRequest("/forgot-password", { email: member.user.email }), {
      ip: "198.51.100.7",
    });
    const token = await tokenFromLastEmail(member.user.email, "/reset-password/");
    const changed = await run(
      accountRoute.action,
      postRequest(
        "/account",
        {
          currentPassword: DEFAULT_TEST_PASSWORD,
          newPassword: "brand-new-password",
          confirmPassword: "brand-new-password",
        },
        { cookie: await signedInCookie(member.user.id) },
      ),
    );
    expect(changed.status).toBe(302);
    const page = await run(resetPasswordRoute.loader, getRequest(`/reset-password/${token}`), { params: { token } });
    expect(page.body.valid).toBe(false);
  });
});

describe("audit log", () => {
  it("refuses TRUNCATE", async () => {
    const before = await db()
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    await expect(sql`truncate audit_log`.execute(db())).rejects.toThrow(/append-only/);
    const after = await db()
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
