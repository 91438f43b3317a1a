// Two-factor sign-in through the real loaders and actions: set-up under the account (wrong code refused, ten recovery
// codes shown once and stored hashed, the key sealed), sign-in asking for the code after the password (the session
// counts as signed in only after it), a code refused the second time within its window, a recovery code working
// once, disabling only with a code, the e-mails (factor changed, new device), and the rule of the permissions module:
// without a proven second factor an admin cannot sign an agreement, approve or record a payment, and an operator
// cannot operate, with a Japanese message that links to the set-up.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Pilot } from "@db/schema";
import { assertCan } from "~/auth/permissions";
import { PENDING_SIGN_IN_LIFETIME_MS, validateRequestSession } from "~/auth/session.server";
import { db } from "~/lib/db.server";
import { AppError, SECOND_FACTOR_REQUIRED_MESSAGE } from "~/lib/errors";
import { keyFromManualEntry, timeStep, totpAt } from "~/lib/totp.server";
import { createMember, createUser, DEFAULT_TEST_PASSWORD } from "~/seed/factories.server";
import { createPilot, type Match } from "~/seed/pilot-factory.server";
import * as accountRoute from "~/routes/account";
import * as setupRoute from "~/routes/account_.two-factor";
import * as adminRoute from "~/routes/admin._index";
import * as agreementRoute from "~/routes/pilots.$pilotId.agreement";
import * as fundingRoute from "~/routes/pilots.$pilotId.funding";
import * as loginRoute from "~/routes/login";
import * as twoFactorRoute from "~/routes/login_.two-factor";
import { actorOf } from "../support/actors";
import { completeContent, formFields, latestVersionOf } from "../support/agreement";
import { countRows, lastEmailTo, rowsAsText } from "../support/db";
import { cookieFromSetCookie, getRequest, postRequest, run, signedInCookie, type RouteResult } from "../support/http";
import { enrolSecondFactor, TEST_TOTP_KEY, totpNow } from "../support/second-factor";

afterEach(() => {
  vi.useRealTimers();
});

let ipCounter = 0;
const freshIp = () => `198.51.100.${(ipCounter++ % 250) + 1}`;

function sessionCookieOf(result: RouteResult): string {
  return cookieFromSetCookie(result.headers.getSetCookie().find((c) => !c.startsWith("device"))!);
}
function deviceCookieOf(result: RouteResult): string | undefined {
  const cookie = result.headers.getSetCookie().find((c) => c.startsWith("device="));
  return cookie ? cookieFromSetCookie(cookie) : undefined;
}

async function signInWithPassword(email: string, cookie?: string) {
  return run(loginRoute.action, postRequest("/login", { email, password: DEFAULT_TEST_PASSWORD }, { cookie }), {
    ip: freshIp(),
  });
}
async function enterCode(cookie: string, code: string, redirectTo = "") {
  return run(twoFactorRoute.action, postRequest("/login/two-factor", { code, redirectTo }, { cookie }), {
    ip: freshIp(),
  });
}
async function setup(cookie: string, fields: Record<string, string>) {
  return run(setupRoute.action, postRequest("/account/two-factor", fields, { cookie }));
}
async function signedInUserId(cookie: string) {
  return (await validateRequestSession(getRequest("/", { cookie }))).user?.id ?? null;
}

describe("setting up a second factor", () => {
  it("shows the key until the first code, refuses a wrong code, then shows ten recovery codes once", async () => {
    const user = await createUser(db());
    const cookie = await signedInCookie(user.id, { secondFactor: false });
    const empty = await run(setupRoute.loader, getRequest("/account/two-factor", { cookie }));
    expect(empty.body).toMatchObject({ enabled: false, setup: null });

    expect(await setup(cookie, { intent: "start" })).toMatchObject({ status: 302, location: "/account/two-factor" });
    const page = await run(setupRoute.loader, getRequest("/account/two-factor", { cookie }));
    expect(page.body.setup.manualKey).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    expect(page.body.setup.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(page.body.setup.qr.split(",")[1], "base64").toString()).toContain("<svg");
    const key = keyFromManualEntry(page.body.setup.manualKey);

    const wrong = await setup(cookie, {
      intent: "confirm",
      code: "000000" === totpAt(key, timeStep()) ? "111111" : "000000",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fieldErrors.code).toMatch(/確認コードが正しくありません/);
    const malformed = await setup(cookie, { intent: "confirm", code: "abc" });
    expect(malformed.status).toBe(400);

    const confirmed = await setup(cookie, { intent: "confirm", code: totpAt(key, timeStep()) });
    expect(confirmed.status).toBe(200);
    const codes: string[] = confirmed.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

    // At rest: recovery codes as hashes only, the key sealed (neither its base32 nor its bytes readable).
    const stored = [...(await rowsAsText("user_recovery_code")), ...(await rowsAsText("user_second_factor"))].join(
      "\n",
    );
    for (const code of codes) expect(stored).not.toContain(code);
    expect(stored).not.toContain(page.body.setup.manualKey.replace(/ /g, ""));
    expect(stored).not.toContain(Buffer.from(key).toString("base64url"));
    expect(stored).not.toContain(Buffer.from(key).toString("hex"));

    // Never shown again: the page now says it is set, without the key or the codes.
    const after = await run(setupRoute.loader, getRequest("/account/two-factor", { cookie }));
    expect(after.body).toMatchObject({ enabled: true, setup: null, verifiedHere: true, recoveryCodesLeft: 10 });
    expect(JSON.stringify(after.body)).not.toContain(codes[0]);
    expect((await run(accountRoute.loader, getRequest("/account", { cookie }))).body.secondFactor).toBe(true);

    // The change is e-mailed and audited; a second set-up is refused while one exists.
    const mail = await lastEmailTo(user.email);
    expect(mail?.subject).toBe("【ガバメントピッチ・マッチング】二段階認証の設定が変更されました");
    expect(mail?.body_text).toContain("二段階認証（確認コードによるログイン）が設定されました");
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "user.second_factor_enable").where("entity_id", "=", user.id),
      ),
    ).toBe(1);
    const again = await setup(cookie, { intent: "start" });
    expect(again.body.formError).toMatch(/既に設定されています/);
  });

  it("ends the user's other sessions when the factor is set up (they were signed in without it)", async () => {
    const user = await createUser(db());
    const elsewhere = await signedInCookie(user.id, { secondFactor: false });
    const here = await signedInCookie(user.id, { secondFactor: false });
    await setup(here, { intent: "start" });
    const { manualKey } = (await run(setupRoute.loader, getRequest("/account/two-factor", { cookie: here }))).body
      .setup;
    await setup(here, { intent: "confirm", code: totpAt(keyFromManualEntry(manualKey), timeStep()) });
    expect(await signedInUserId(elsewhere)).toBeNull();
    expect(await signedInUserId(here)).toBe(user.id);
  });
});

describe("signing in with a second factor", () => {
  it("asks for the code after the password; the session counts only after a right code", async () => {
    const user = await createUser(db());
    await enrolSecondFactor(user.id);

    const password = await signInWithPassword(user.email);
    expect(password).toMatchObject({ status: 302, location: "/login/two-factor" });
    const pending = sessionCookieOf(password);
    // Between password and code: not signed in anywhere but the code step.
    expect(await signedInUserId(pending)).toBeNull();
    expect((await run(twoFactorRoute.loader, getRequest("/login/two-factor", { cookie: pending }))).status).toBe(200);
    const dashboard = await run(accountRoute.loader, getRequest("/account", { cookie: pending }));
    expect(dashboard.location).toBe("/login?redirectTo=%2Faccount");

    const wrong = await enterCode(pending, totpAt(TEST_TOTP_KEY, timeStep() + 5));
    expect(wrong.status).toBe(400);
    expect(wrong.body.fieldErrors.code).toMatch(/確認コードが正しくありません/);

    const right = await enterCode(pending, totpNow(), "/account");
    expect(right).toMatchObject({ status: 302, location: "/account" });
    const session = sessionCookieOf(right);
    expect(session).not.toBe(pending);
    expect(await signedInUserId(session)).toBe(user.id);
    expect(await signedInUserId(pending)).toBeNull();
    const row = await db()
      .selectFrom("user_session")
      .select("second_factor")
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.second_factor).toBe("verified");
  });

  it("refuses a code the second time, even within its 30 seconds (no replay)", async () => {
    const user = await createUser(db());
    await enrolSecondFactor(user.id);
    const code = totpNow();
    const first = await enterCode(sessionCookieOf(await signInWithPassword(user.email)), code);
    expect(first.status).toBe(302);
    const replay = await enterCode(sessionCookieOf(await signInWithPassword(user.email)), code);
    expect(replay.status).toBe(400);
    expect(replay.body.fieldErrors.code).toMatch(/既に使われています/);
    // An earlier step than the one used is refused too; the next step is accepted.
    const earlier = await enterCode(sessionCookieOf(await signInWithPassword(user.email)), totpNow(TEST_TOTP_KEY, -1));
    expect(earlier.status).toBe(400);
    const next = await enterCode(sessionCookieOf(await signInWithPassword(user.email)), totpNow(TEST_TOTP_KEY, 1));
    expect(next.status).toBe(302);
  });

  it("accepts a recovery code once", async () => {
    const user = await createUser(db());
    const cookie = await signedInCookie(user.id, { secondFactor: false });
    await setup(cookie, { intent: "start" });
    const { manualKey } = (await run(setupRoute.loader, getRequest("/account/two-factor", { cookie }))).body.setup;
    const codes: string[] = (
      await setup(cookie, { intent: "confirm", code: totpAt(keyFromManualEntry(manualKey), timeStep()) })
    ).body.recoveryCodes;

    const used = await enterCode(sessionCookieOf(await signInWithPassword(user.email)), codes[3]!.toLowerCase());
    expect(used.status).toBe(302);
    const again = await enterCode(sessionCookieOf(await signInWithPassword(user.email)), codes[3]!);
    expect(again.status).toBe(400);
    expect(again.body.fieldErrors.code).toMatch(/確認コードが正しくありません/);
    expect(
      await countRows("user_recovery_code", (q) => q.where("user_id", "=", user.id).where("used_at", "is", null)),
    ).toBe(9);
  });

  it("pauses after ten wrong codes in a row, in Japanese", async () => {
    const user = await createUser(db());
    await enrolSecondFactor(user.id);
    const pending = sessionCookieOf(await signInWithPassword(user.email));
    const wrongCode = totpAt(TEST_TOTP_KEY, timeStep() + 7);
    for (let i = 0; i < 10; i++) expect((await enterCode(pending, wrongCode)).status).toBe(400);
    const limited = await enterCode(pending, totpNow());
    expect(limited.status).toBe(429);
    expect(limited.body.formError).toMatch(/試行回数が多すぎます/);
  });

  it("lets the code step last ten minutes, then starts over at the password", async () => {
    const user = await createUser(db());
    await enrolSecondFactor(user.id);
    const pending = sessionCookieOf(await signInWithPassword(user.email));
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + PENDING_SIGN_IN_LIFETIME_MS + 1000);
    const late = await enterCode(pending, totpNow());
    expect(late).toMatchObject({ status: 302, location: "/login?notice=two-factor-expired" });
  });

  it("e-mails a sign-in from a device not seen before, and not from a known one", async () => {
    const user = await createUser(db());
    const mails = () => countRows("email_outbox", (q) => q.where("to_address", "=", user.email));
    const first = await signInWithPassword(user.email);
    expect(first.status).toBe(302);
    expect(await mails()).toBe(1);
    expect((await lastEmailTo(user.email))?.subject).toBe("【ガバメントピッチ・マッチング】新しい端末からのログイン");
    const device = deviceCookieOf(first)!;
    expect(device).toMatch(/^device=[A-Za-z0-9_-]{20,}$/);
    // The same browser again: no e-mail; a new browser: one more.
    await signInWithPassword(user.email, device);
    expect(await mails()).toBe(1);
    await signInWithPassword(user.email);
    expect(await mails()).toBe(2);
    // Only the hash of the device token is stored.
    expect((await rowsAsText("user_device")).join("\n")).not.toContain(device.split("=")[1]!);
  });
});

describe("disabling the second factor", () => {
  it("needs a code; the change is e-mailed and the session no longer counts as proven", async () => {
    const user = await createUser(db());
    const cookie = await signedInCookie(user.id);
    const noCode = await setup(cookie, { intent: "disable", code: "" });
    expect(noCode.status).toBe(400);
    const wrong = await setup(cookie, { intent: "disable", code: totpAt(TEST_TOTP_KEY, timeStep() + 9) });
    expect(wrong.status).toBe(400);
    expect(await countRows("user_second_factor", (q) => q.where("user_id", "=", user.id))).toBe(1);

    const done = await setup(cookie, { intent: "disable", code: totpNow() });
    expect(done).toMatchObject({ status: 302, location: "/account/two-factor?notice=two-factor-disabled" });
    expect(await countRows("user_second_factor", (q) => q.where("user_id", "=", user.id))).toBe(0);
    expect((await lastEmailTo(user.email))?.body_text).toContain("二段階認証が解除されました");
    const page = await run(setupRoute.loader, getRequest("/account/two-factor", { cookie }));
    expect(page.body).toMatchObject({ enabled: false, verifiedHere: false });
    // Signing in again needs the password only.
    expect((await signInWithPassword(user.email)).location).toBe("/dashboard");
  });
});

describe("the hands on public money are proven twice", () => {
  let m: Match & { pilot: Pilot };
  beforeAll(async () => {
    m = await createPilot(db());
  });

  function expectSecondFactorRefusal(result: RouteResult) {
    expect(result.status).toBe(403);
    expect(result.body).toBe(SECOND_FACTOR_REQUIRED_MESSAGE);
  }

  it("refuses an admin without a second factor to sign the agreement, with the set-up message; with one, it signs", async () => {
    const path = `/pilots/${m.pilot.id}/agreement`;
    const proven = await signedInCookie(m.municipality.user.id);
    const draft = await latestVersionOf(m.pilot.id);
    const saved = await run(
      agreementRoute.action,
      postRequest(
        path,
        formFields(completeContent(), { intent: "save", versionId: draft.id, expectedUpdatedAt: draft.token }),
        { cookie: proven },
      ),
      { params: { pilotId: m.pilot.id } },
    );
    expect(saved.status).toBe(302);
    const v = await latestVersionOf(m.pilot.id);
    const sign = { intent: "sign", versionId: v.id, expectedUpdatedAt: v.token };
    const without = await signedInCookie(m.municipality.user.id, { secondFactor: false });
    const refused = await run(agreementRoute.action, postRequest(path, sign, { cookie: without }), {
      params: { pilotId: m.pilot.id },
    });
    expectSecondFactorRefusal(refused);
    expect(await countRows("pilot_agreement_signature", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(0);
    expect(SECOND_FACTOR_REQUIRED_MESSAGE).toMatch(/二段階認証/);

    const signed = await run(agreementRoute.action, postRequest(path, sign, { cookie: proven }), {
      params: { pilotId: m.pilot.id },
    });
    expect(signed.status).toBe(302);
    expect(await countRows("pilot_agreement_signature", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(1);
  });

  it("refuses allocating, adding milestones, approving and recording payments without a second factor", async () => {
    const cookie = await signedInCookie(m.municipality.user.id, { secondFactor: false });
    const path = `/pilots/${m.pilot.id}/funding`;
    for (const fields of <Record<string, string>[]>[
      { intent: "allocate", budgetId: crypto.randomUUID(), amountYen: "1000", note: "" },
      { intent: "createMilestone", title: "着手時", dueDate: "2027-01-31", amountYen: "1000" },
      { intent: "approveMilestone", milestoneId: crypto.randomUUID(), method: "bank_transfer" },
      { intent: "recordTransfer", milestoneId: crypto.randomUUID(), reference: "振込-1" },
    ]) {
      const result = await run(fundingRoute.action, postRequest(path, fields, { cookie }), {
        params: { pilotId: m.pilot.id },
      });
      expectSecondFactorRefusal(result);
    }
  });

  it("refuses the operator's pages to an operator without a second factor", async () => {
    const operator = await createMember(db(), { kind: "operator" });
    const without = await signedInCookie(operator.user.id, { secondFactor: false });
    expectSecondFactorRefusal(await run(adminRoute.loader, getRequest("/admin", { cookie: without })));
    const proven = await signedInCookie(operator.user.id);
    expect((await run(adminRoute.loader, getRequest("/admin", { cookie: proven }))).status).toBe(200);
  });

  it("enforces the rule in the permissions module, so the commands refuse it too (not only the routes)", () => {
    const without = actorOf(m.municipality, "admin", m.municipality.user, { secondFactor: false });
    const permission = { action: "funding.manage", organizationId: m.municipality.organization.id } as const;
    expect(() => assertCan(without, permission)).toThrowError(AppError);
    try {
      assertCan(without, permission);
    } catch (error) {
      expect((error as AppError).code).toBe("forbidden");
      expect((error as AppError).publicMessage).toBe(SECOND_FACTOR_REQUIRED_MESSAGE);
    }
    expect(() => assertCan(actorOf(m.municipality), permission)).not.toThrow();
  });
});
