// Secrets stay secret: the links that grant access (password reset, invitation) never reach the operator's outbox
// page or the stored outbox row; a token read from the database does not work as a link; the e-mailed link does. The
// operator can resend such an e-mail (to its own recipient), never read it.
import { beforeAll, describe, expect, it } from "vitest";
import { createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { textForRecipient } from "~/domain/mail/outbox.jobs.server";
import { ACCESS_LINK_MARKER } from "~/domain/mail/outbox.commands.server";
import { maskLegacyAccessLinks } from "@db/migrations/2026120330_secrets_and_second_factor";
import { db } from "~/lib/db.server";
import { SECOND_FACTOR_REQUIRED_MESSAGE } from "~/lib/errors";
import { open } from "~/lib/secret-box.server";
import * as outboxRoute from "~/routes/admin.outbox";
import * as forgotPasswordRoute from "~/routes/forgot-password";
import * as invitationRoute from "~/routes/invitations.$token";
import * as orgMembersRoute from "~/routes/org.members";
import * as resetPasswordRoute from "~/routes/reset-password.$token";
import { countRows, lastEmailTo, rowsAsText, tokenFromLastEmail } from "../support/db";
import { getRequest, postRequest, run, signedInCookie } from "../support/http";

let operator: CreatedMember;
let operatorCookie: string;
const LINK = /\/(reset-password|invitations)\/[A-Za-z0-9_-]{20,}/;

beforeAll(async () => {
  operator = await createMember(db(), { kind: "operator" });
  operatorCookie = await signedInCookie(operator.user.id);
});

async function outboxPage() {
  const page = await run(outboxRoute.loader, getRequest("/admin/outbox", { cookie: operatorCookie }));
  expect(page.status).toBe(200);
  return page;
}

async function resetLinkValid(token: string): Promise<boolean> {
  const page = await run(resetPasswordRoute.loader, getRequest(`/reset-password/${token}`), { params: { token } });
  return page.body.valid === true;
}

describe("a password-reset e-mail", () => {
  it("is masked in the outbox page and the stored row; the e-mailed link works, tokens from the database do not", async () => {
    const user = await createUser(db());
    expect(
      (
        await run(forgotPasswordRoute.action, postRequest("/forgot-password", { email: user.email }), {
          ip: "192.0.2.7",
        })
      ).status,
    ).toBe(302);

    const page = await outboxPage();
    const shown = JSON.stringify(page.body);
    expect(shown).toContain(user.email);
    expect(shown).not.toMatch(LINK);
    expect(shown).toContain("送信箱には表示されません");

    // Nothing in the database is a usable link: not the outbox row, not the token table (it holds a hash).
    const stored = [...(await rowsAsText("email_outbox")), ...(await rowsAsText("password_reset_token"))].join("\n");
    expect(stored).not.toMatch(LINK);
    const row = await db()
      .selectFrom("password_reset_token")
      .select("token_hash")
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(await resetLinkValid(row.token_hash)).toBe(false);
    const mail = (await lastEmailTo(user.email))!;
    expect(mail.secret_link).toMatch(/^v1:/);
    expect(await resetLinkValid(mail.secret_link!.slice(3))).toBe(false);

    // The e-mail its recipient gets carries the link, and it works.
    const token = await tokenFromLastEmail(user.email, "/reset-password/");
    expect(textForRecipient(mail)).toContain(`http://localhost:3000/reset-password/${token}`);
    expect(await resetLinkValid(token)).toBe(true);
  });

  it("cannot be opened with another key (a copied database without the key file carries no usable secret)", async () => {
    const mail = (await db()
      .selectFrom("email_outbox")
      .selectAll()
      .where("secret_link", "is not", null)
      .executeTakeFirst())!;
    expect(open(mail.secret_link!)).toMatch(/^http:\/\/localhost:3000\/reset-password\//);
    const tampered = mail.secret_link!.slice(0, -2) + (mail.secret_link!.endsWith("A") ? "BB" : "AA");
    expect(open(tampered)).toBeNull();
    expect(textForRecipient({ ...mail, secret_link: tampered })).toContain("リンクを復元できませんでした");
  });
});

describe("an invitation e-mail", () => {
  it("is masked in the outbox; the invitee's link opens the invitation", async () => {
    const admin = await createMember(db(), { kind: "municipality" });
    const invitee = `invitee-${crypto.randomUUID().slice(0, 8)}@example.jp`;
    const invited = await run(
      orgMembersRoute.action,
      postRequest(
        "/org/members",
        { intent: "invite", email: invitee, role: "member" },
        {
          cookie: await signedInCookie(admin.user.id),
        },
      ),
    );
    expect(invited.status).toBe(302);
    expect(JSON.stringify((await outboxPage()).body)).not.toMatch(LINK);
    const token = await tokenFromLastEmail(invitee, "/invitations/");
    const page = await run(invitationRoute.loader, getRequest(`/invitations/${token}`), { params: { token } });
    expect(page.status).toBe(200);
    expect(page.body.invitation).toMatchObject({ email: invitee });
    const hash = (
      await db().selectFrom("invitation").select("token_hash").where("email", "=", invitee).executeTakeFirstOrThrow()
    ).token_hash;
    const fromDb = await run(invitationRoute.loader, getRequest(`/invitations/${hash}`), { params: { token: hash } });
    expect(fromDb.body.invitation).toBeNull();
  });
});

describe("e-mails stored before the links were sealed", () => {
  it("have their links masked by the migration, other text and links untouched", async () => {
    const id = crypto.randomUUID();
    const body = [
      "次のリンクから設定してください。",
      "https://govpitch.example.jp/reset-password/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abc",
      "招待: http://localhost:3000/invitations/ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210",
      "ピッチ: http://localhost:3000/pitches/0d6f3c1e-5a7b-4c2d-9e8f-1a2b3c4d5e6f",
    ].join("\n");
    await db()
      .insertInto("email_outbox")
      .values({ id, to_address: "old@example.jp", subject: "件名", body_text: body, status: "sent" })
      .execute();
    await maskLegacyAccessLinks(db());
    const row = await db()
      .selectFrom("email_outbox")
      .select("body_text")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.body_text).not.toMatch(LINK);
    expect(row.body_text).not.toContain("AbCdEfGhIj");
    expect(row.body_text).toContain(ACCESS_LINK_MARKER);
    expect(row.body_text).toContain("招待: " + ACCESS_LINK_MARKER);
    expect(row.body_text).toContain("http://localhost:3000/pitches/0d6f3c1e-5a7b-4c2d-9e8f-1a2b3c4d5e6f");
  });
});

describe("resending from the outbox", () => {
  it("queues the same e-mail again for its own recipient, audited; the page still shows no link", async () => {
    const user = await createUser(db());
    await run(forgotPasswordRoute.action, postRequest("/forgot-password", { email: user.email }), { ip: "192.0.2.8" });
    const mail = (await lastEmailTo(user.email))!;
    await db().updateTable("email_outbox").set({ status: "not_sent" }).where("id", "=", mail.id).execute();
    const jobsBefore = await countRows("job");

    const resent = await run(
      outboxRoute.action,
      postRequest("/admin/outbox", { intent: "resend", emailId: mail.id }, { cookie: operatorCookie }),
    );
    expect(resent).toMatchObject({ status: 302, location: "/admin/outbox?notice=email-resent" });
    const after = (await lastEmailTo(user.email))!;
    expect(after).toMatchObject({ id: mail.id, status: "pending", to_address: user.email, body_text: mail.body_text });
    expect(await countRows("job")).toBe(jobsBefore + 1);
    expect(
      await countRows("audit_log", (q) => q.where("action", "=", "email.resend").where("entity_id", "=", mail.id)),
    ).toBe(1);
    expect(JSON.stringify((await outboxPage()).body)).not.toMatch(LINK);
  });

  it("answers a bad or unknown id in Japanese, and refuses an operator without a second factor", async () => {
    const bad = await run(
      outboxRoute.action,
      postRequest("/admin/outbox", { intent: "resend", emailId: "not-a-uuid" }, { cookie: operatorCookie }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.formError).toMatch(/再送するメール/);
    const unknown = await run(
      outboxRoute.action,
      postRequest("/admin/outbox", { intent: "resend", emailId: crypto.randomUUID() }, { cookie: operatorCookie }),
    );
    expect(unknown.status).toBe(404);
    const without = await signedInCookie((await createMember(db(), { kind: "operator" })).user.id, {
      secondFactor: false,
    });
    const refused = await run(outboxRoute.loader, getRequest("/admin/outbox", { cookie: without }));
    expect(refused.status).toBe(403);
    expect(refused.body).toBe(SECOND_FACTOR_REQUIRED_MESSAGE);
  });
});
