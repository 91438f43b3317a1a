// Sign-in and password-reset throttling that a shared town-hall address survives: failed sign-ins lock the account
// (with a notice on the page and an e-mail), failures from one address slow it down past a high ceiling but never
// lock it out, and successful sign-ins never count. Counters are rows, so they hold across app processes.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createUser, DEFAULT_TEST_PASSWORD } from "~/seed/factories.server";
import { db } from "~/lib/db.server";
import { delayFor, delayPolicies, lockPolicies } from "~/lib/rate-limit.server";
import * as forgotPasswordRoute from "~/routes/forgot-password";
import * as loginRoute from "~/routes/login";
import * as resetPasswordRoute from "~/routes/reset-password.$token";
import { countRows, lastEmailTo, tokenFromLastEmail } from "../support/db";
import { postRequest, run } from "../support/http";

afterEach(() => {
  vi.useRealTimers();
});

let counter = 0;
const freshIp = () => `198.51.100.${++counter}`;
const freshEmail = (label: string) => `${label}-${++counter}-${Math.random().toString(36).slice(2, 8)}@example.jp`;

function signIn(email: string, password: string, ip: string) {
  return run(loginRoute.action, postRequest("/login", { email, password }), { ip });
}

function forgotPassword(email: string, ip: string) {
  return run(forgotPasswordRoute.action, postRequest("/forgot-password", { email }), { ip });
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

async function addressCount(key: string): Promise<number> {
  const row = await db().selectFrom("rate_limit").select("hits").where("key", "=", key).executeTakeFirst();
  return row?.hits ?? 0;
}

const LOCK = lockPolicies.signInFailuresPerAccount;
const SIGN_IN_ADDRESS = delayPolicies.signInFailuresPerAddress;
const RESET_ADDRESS = delayPolicies.passwordResetsPerAddress;

describe("sign-in from one shared address (a prefecture's egress)", () => {
  it("lets 40 successful sign-ins from one address through, none refused, and counts none of them", async () => {
    const ip = freshIp();
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser(db(), { email: freshEmail("staff") })));
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++)
      for (const user of users) statuses.push((await signIn(user.email, DEFAULT_TEST_PASSWORD, ip)).status);
    expect(statuses).toHaveLength(40);
    expect(statuses.every((s) => s === 302)).toBe(true);
    expect(await addressCount(`sign-in:ip:${ip}`)).toBe(0);
    // The 41st, and the same user 40 times more: still no refusal.
    for (let i = 0; i < 40; i++) expect((await signIn(users[0]!.email, DEFAULT_TEST_PASSWORD, ip)).status).toBe(302);
  }, 60_000);

  it("forgets one user's typos once they sign in, and never charges them to the others", async () => {
    const ip = freshIp();
    const user = await createUser(db(), { email: freshEmail("typo") });
    for (let i = 0; i < LOCK.lockAfter - 1; i++)
      expect((await signIn(user.email, "wrong-password", ip)).status).toBe(400);
    expect((await signIn(user.email, DEFAULT_TEST_PASSWORD, ip)).status).toBe(302);
    // The count restarted: another lockAfter - 1 typos still do not lock.
    for (let i = 0; i < LOCK.lockAfter - 1; i++)
      expect((await signIn(user.email, "wrong-password", ip)).status).toBe(400);
    expect((await signIn(user.email, DEFAULT_TEST_PASSWORD, ip)).status).toBe(302);
  }, 60_000);
});

describe("failed sign-ins lock the account", () => {
  it(`locks after ${LOCK.lockAfter} failures with a Japanese notice, even for the right password, and e-mails the account once`, async () => {
    const user = await createUser(db(), { email: freshEmail("locked") });
    const other = await createUser(db(), { email: freshEmail("neighbour") });
    const ip = freshIp();
    for (let i = 0; i < LOCK.lockAfter; i++) {
      const failed = await signIn(user.email, `guess-${i}`, ip);
      expect(failed.status).toBe(400);
      expect(failed.body.formError).toBe("メールアドレスまたはパスワードが正しくありません。");
    }
    const locked = await signIn(user.email, DEFAULT_TEST_PASSWORD, freshIp());
    expect(locked.status).toBe(429);
    expect(locked.body.formError).toMatch(/パスワードの誤りが続いたため .* まで一時的にログインを停止しています/);
    expect(locked.body.formError).toMatch(/パスワードを再設定すると、すぐにログインできます/);
    expect(locked.setCookie).toBeNull();
    expect((await signIn(user.email, "yet-another-guess", ip)).status).toBe(429);

    expect(await countRows("email_outbox", (q) => q.where("to_address", "=", user.email))).toBe(1);
    const notice = await lastEmailTo(user.email);
    expect(notice?.subject).toBe("【ガバメントピッチ・マッチング】ログインを一時的に停止しました");
    expect(notice?.body_text).toContain(`パスワードの誤りが${LOCK.lockAfter}回続きました`);
    expect(notice?.body_text).toContain("http://localhost:3000/forgot-password");

    // Another account at the same address is not affected.
    expect((await signIn(other.email, DEFAULT_TEST_PASSWORD, ip)).status).toBe(302);
  }, 60_000);

  it("unlocks by itself when the lock period ends", async () => {
    const user = await createUser(db(), { email: freshEmail("expires") });
    const ip = freshIp();
    for (let i = 0; i < LOCK.lockAfter; i++) await signIn(user.email, `guess-${i}`, ip);
    expect((await signIn(user.email, DEFAULT_TEST_PASSWORD, ip)).status).toBe(429);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + LOCK.lockMs + 1_000 });
    expect((await signIn(user.email, DEFAULT_TEST_PASSWORD, ip)).status).toBe(302);
  }, 60_000);

  it("is unlocked at once by a password reset (whoever reads the account's e-mail)", async () => {
    const user = await createUser(db(), { email: freshEmail("reset-unlocks") });
    for (let i = 0; i < LOCK.lockAfter; i++) await signIn(user.email, `guess-${i}`, freshIp());
    expect((await signIn(user.email, DEFAULT_TEST_PASSWORD, freshIp())).status).toBe(429);
    expect((await forgotPassword(user.email, freshIp())).status).toBe(302);
    const token = await tokenFromLastEmail(user.email, "/reset-password/");
    const newPassword = "a-brand-new-passphrase";
    const reset = await run(
      resetPasswordRoute.action,
      postRequest(`/reset-password/${token}`, { newPassword, confirmPassword: newPassword }),
      { params: { token } },
    );
    expect(reset.status).toBe(302);
    expect((await signIn(user.email, newPassword, freshIp())).status).toBe(302);
  }, 60_000);

  it("locks an address without an account the same way (the lock tells nobody who has one) and mails nobody", async () => {
    const email = freshEmail("nobody");
    for (let i = 0; i < LOCK.lockAfter; i++) expect((await signIn(email, `guess-${i}`, freshIp())).status).toBe(400);
    const locked = await signIn(email, "whatever-password", freshIp());
    expect(locked.status).toBe(429);
    expect(locked.body.formError).toMatch(/一時的にログインを停止しています/);
    expect(await countRows("email_outbox", (q) => q.where("to_address", "=", email))).toBe(0);
  }, 60_000);

  it("lets at most the limit of parallel guesses reach the password check", async () => {
    const user = await createUser(db(), { email: freshEmail("parallel") });
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: LOCK.lockAfter + 6 }, (_, i) => signIn(user.email, `parallel-guess-${i}`, ip)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(LOCK.lockAfter);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(6);
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    expect((await signIn(user.email, DEFAULT_TEST_PASSWORD, freshIp())).status).toBe(429);
    expect(await countRows("email_outbox", (q) => q.where("to_address", "=", user.email))).toBe(1);
  }, 60_000);
});

describe("failed sign-ins slow an address down, never lock it out", () => {
  it("waits nothing below the ceiling and longer for each failure past it, up to a cap", () => {
    expect(delayFor(SIGN_IN_ADDRESS.free, SIGN_IN_ADDRESS)).toBe(0);
    expect(delayFor(SIGN_IN_ADDRESS.free + 1, SIGN_IN_ADDRESS)).toBe(SIGN_IN_ADDRESS.stepMs);
    expect(delayFor(SIGN_IN_ADDRESS.free + 2, SIGN_IN_ADDRESS)).toBe(2 * SIGN_IN_ADDRESS.stepMs);
    expect(delayFor(SIGN_IN_ADDRESS.free + 10_000, SIGN_IN_ADDRESS)).toBe(SIGN_IN_ADDRESS.maxDelayMs);
    expect(SIGN_IN_ADDRESS.free).toBeGreaterThanOrEqual(100);
  });

  it(`answers ${SIGN_IN_ADDRESS.free} failures from one address at once, then slows the address; a correct sign-in still gets in`, async () => {
    const ip = freshIp();
    const user = await createUser(db(), { email: freshEmail("behind-the-egress") });
    // Different accounts (a credential-stuffing run, or a prefecture's typos): no account reaches its own limit.
    for (let i = 0; i < SIGN_IN_ADDRESS.free; i++)
      expect((await signIn(freshEmail("stuffed"), "whatever-password", ip)).status).toBe(400);
    expect(await addressCount(`sign-in:ip:${ip}`)).toBe(SIGN_IN_ADDRESS.free);

    const first = await timed(() => signIn(freshEmail("stuffed"), "whatever-password", ip));
    expect(first.result.status).toBe(400);
    expect(first.ms).toBeGreaterThanOrEqual(SIGN_IN_ADDRESS.stepMs - 20);
    const second = await timed(() => signIn(freshEmail("stuffed"), "whatever-password", ip));
    expect(second.result.status).toBe(400);
    expect(second.ms).toBeGreaterThanOrEqual(2 * SIGN_IN_ADDRESS.stepMs - 20);

    // A real user behind the same address waits too, but is let in, and the success is not counted.
    const success = await timed(() => signIn(user.email, DEFAULT_TEST_PASSWORD, ip));
    expect(success.result.status).toBe(302);
    expect(success.ms).toBeGreaterThanOrEqual(3 * SIGN_IN_ADDRESS.stepMs - 20);
    expect(await addressCount(`sign-in:ip:${ip}`)).toBe(SIGN_IN_ADDRESS.free + 2);

    // Another address is not slowed.
    const elsewhere = await timed(() => signIn(user.email, DEFAULT_TEST_PASSWORD, freshIp()));
    expect(elsewhere.result.status).toBe(302);
    expect(elsewhere.ms).toBeLessThan(SIGN_IN_ADDRESS.stepMs);
  }, 120_000);
});

describe("password reset requests", () => {
  it(`take ${RESET_ADDRESS.free} requests an hour from one address at once, then slow it down, never refuse`, async () => {
    const ip = freshIp();
    for (let i = 0; i < RESET_ADDRESS.free; i++)
      expect((await forgotPassword(freshEmail("forgot"), ip)).status).toBe(302);
    const slowed = await timed(() => forgotPassword(freshEmail("forgot"), ip));
    expect(slowed.result).toMatchObject({ status: 302, location: "/login?notice=reset-requested" });
    expect(slowed.ms).toBeGreaterThanOrEqual(RESET_ADDRESS.stepMs - 20);
    const fast = await timed(() => forgotPassword(freshEmail("forgot"), freshIp()));
    expect(fast.result.status).toBe(302);
    expect(fast.ms).toBeLessThan(RESET_ADDRESS.stepMs);
  }, 120_000);
});
