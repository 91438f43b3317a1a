import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB } from "@db/schema";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "~/auth/password.server";
import { endAllSessions, endOtherSessions } from "~/auth/session.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { ACCESS_LINK_MARKER, queueEmail } from "~/domain/mail/outbox.commands.server";
import { createOrganizationIn } from "~/domain/organizations/organizations.commands.server";
import { acceptInvitationIn } from "~/domain/organizations/invitations.commands.server";
import { db, inTransaction } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors";
import { AppError } from "~/lib/errors";
import { formatDateTime } from "~/lib/format";
import {
  clearHits,
  delayFor,
  delayPolicies,
  forgive,
  hit,
  limits,
  lockPolicies,
  reserveAttempt,
  slowDown,
} from "~/lib/rate-limit.server";
import { hashToken, newToken } from "~/lib/tokens.server";
import type { SignUpInput } from "./sign-up.schema";

export const PASSWORD_RESET_LIFETIME_MS = 60 * 60 * 1000;

const tooManyAttempts = (seconds: number) =>
  new AppError(
    "rate_limited",
    `試行回数が多すぎるため、一時的に受け付けを停止しています。約${Math.ceil(seconds / 60)}分後にもう一度お試しください。`,
  );

/** Creates the user and their organisation (or joins the invited one) in one transaction. */
export async function signUp(input: SignUpInput, context: { ip: string }): Promise<{ userId: string }> {
  const throttle = await hit(`sign-up:ip:${context.ip}`, limits.signUpPerIp);
  if (throttle.limited) throw tooManyAttempts(throttle.retryAfterSeconds);

  const passwordHash = await hashPassword(input.password);
  const userId = randomUUID();
  try {
    await inTransaction(async (trx) => {
      const taken = await trx.selectFrom("app_user").select("id").where("email", "=", input.email).executeTakeFirst();
      if (taken)
        throw new AppError(
          "conflict",
          "このメールアドレスは既に登録されています。ログインするか、パスワードの再設定をご利用ください。",
          { field: "email" },
        );
      await trx
        .insertInto("app_user")
        .values({ id: userId, email: input.email, display_name: input.displayName, password_hash: passwordHash })
        .execute();
      await recordAudit(trx, {
        actor: { userId, membership: null },
        organizationId: null,
        action: "user.sign_up",
        entityType: "user",
        entityId: userId,
        changes: { email: input.email, display_name: input.displayName },
      });
      if (input.invitationToken) await acceptInvitationIn(trx, { userId, email: input.email }, input.invitationToken);
      else if (input.organization) await createOrganizationIn(trx, userId, input.organization);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "conflict",
        "同じ内容の登録が同時に行われました。入力内容をご確認のうえ、もう一度お試しください。",
        { cause: error },
      );
    }
    throw error;
  }
  return { userId };
}

const accountLocked = (until: Date) =>
  new AppError(
    "rate_limited",
    `このアカウントは、パスワードの誤りが続いたため ${formatDateTime(until)} まで一時的にログインを停止しています。` +
      "パスワードを再設定すると、すぐにログインできます。",
  );

const signInAccountKey = (email: string) => `sign-in:account:${email}`;

/**
 * Checks e-mail and password. Failures are counted per account (10 in 15 minutes lock it for 15 minutes, with an
 * e-mail to the account) and per client address (past a ceiling a shared town-hall egress can live with, every
 * attempt waits longer; never a lock-out). A successful sign-in is never counted. Returns the user id.
 */
export async function authenticate(
  email: string,
  password: string,
  context: { ip: string; appUrl?: string },
): Promise<string> {
  // The account is locked per e-mail whether or not it exists, so the lock tells nobody which addresses have one.
  const accountKey = signInAccountKey(email);
  const account = await reserveAttempt(accountKey, lockPolicies.signInFailuresPerAccount);
  if (account.locked) throw accountLocked(account.lockedUntil);
  const addressKey = `sign-in:ip:${context.ip}`;
  const address = await reserveAttempt(addressKey, delayPolicies.signInFailuresPerAddress);
  if (!address.locked) await slowDown(delayFor(address.count, delayPolicies.signInFailuresPerAddress));

  const user = await db()
    .selectFrom("app_user")
    .select(["id", "password_hash", "display_name"])
    .where("email", "=", email)
    .executeTakeFirst();
  const valid = user ? await verifyPassword(user.password_hash, password) : (await verifyAgainstDummy(password), false);
  if (!user || !valid) {
    if (user && account.lockedUntil) await sendLockNotice(user, email, account.lockedUntil, context.appUrl);
    throw new AppError("unauthenticated", "メールアドレスまたはパスワードが正しくありません。");
  }
  await clearHits(accountKey);
  await forgive(addressKey);
  return user.id;
}

async function sendLockNotice(user: { display_name: string }, email: string, until: Date, appUrl: string | undefined) {
  const policy = lockPolicies.signInFailuresPerAccount;
  await inTransaction((trx) =>
    queueEmail(trx, {
      to: email,
      subject: "【ガバメントピッチ・マッチング】ログインを一時的に停止しました",
      body: [
        `${user.display_name} 様`,
        "",
        `あなたのアカウントで、パスワードの誤りが${policy.lockAfter}回続きました。` +
          `第三者による試行の可能性があるため、${formatDateTime(until)} までログインを停止しています。`,
        "",
        "ご自身の入力誤りであれば、停止が終わってからもう一度ログインしてください。",
        "お心当たりがない場合や、すぐにログインしたい場合は、パスワードを再設定してください（再設定すると停止は解除されます）。",
        `${appUrl ?? ""}/forgot-password`,
      ].join("\n"),
    }),
  );
}

export async function changePassword(
  user: { id: string; sessionToken: string },
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const throttle = await hit(`password-change:user:${user.id}`, limits.passwordChangePerUser);
  if (throttle.limited) throw tooManyAttempts(throttle.retryAfterSeconds);
  const row = await db()
    .selectFrom("app_user")
    .select("password_hash")
    .where("id", "=", user.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw new AppError("bad_request", "現在のパスワードが正しくありません。", { field: "currentPassword" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction((trx) => storeNewPassword(trx, user.id, passwordHash, "changed"));
  await endOtherSessions(user.id, user.sessionToken);
}

/** Always behaves the same whether or not the e-mail has an account, so nobody can probe for accounts. */
export async function requestPasswordReset(email: string, context: { ip: string; appUrl: string }): Promise<void> {
  // Per address: slowed down past a high ceiling, never refused (a prefecture shares one address). Per account: at
  // most 3 e-mails an hour, silently, so the answer never tells whether the address has an account.
  const address = await reserveAttempt(`password-reset:ip:${context.ip}`, delayPolicies.passwordResetsPerAddress);
  if (!address.locked) await slowDown(delayFor(address.count, delayPolicies.passwordResetsPerAddress));
  const accountThrottle = await hit(`password-reset:account:${email}`, limits.passwordResetPerAccount);
  if (accountThrottle.limited) return;

  const user = await db()
    .selectFrom("app_user")
    .select(["id", "display_name"])
    .where("email", "=", email)
    .executeTakeFirst();
  if (!user) return;
  const { token, hash } = newToken();
  await inTransaction(async (trx) => {
    await trx
      .insertInto("password_reset_token")
      .values({ token_hash: hash, user_id: user.id, expires_at: new Date(Date.now() + PASSWORD_RESET_LIFETIME_MS) })
      .execute();
    await queueEmail(trx, {
      to: email,
      subject: "【ガバメントピッチ・マッチング】パスワード再設定のご案内",
      body: [
        `${user.display_name} 様`,
        "",
        "パスワード再設定のご依頼を受け付けました。次のリンクから1時間以内に新しいパスワードを設定してください。",
        ACCESS_LINK_MARKER,
        "",
        "このリンクは一度だけ使えます。お心当たりがない場合は、このメールを破棄してください。",
      ].join("\n"),
      accessLink: `${context.appUrl}/reset-password/${token}`,
    });
  });
}

export async function findValidResetToken(token: string) {
  return db()
    .selectFrom("password_reset_token")
    .select(["token_hash", "user_id"])
    .where("token_hash", "=", hashToken(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .executeTakeFirst();
}

/** Sets the new password, spends the token and ends every session of the account. */
export async function resetPassword(token: string, newPassword: string): Promise<string> {
  const passwordHash = await hashPassword(newPassword);
  const userId = await inTransaction(async (trx) => {
    const spent = await trx
      .updateTable("password_reset_token")
      .set({ used_at: new Date() })
      .where("token_hash", "=", hashToken(token))
      .where("used_at", "is", null)
      .where("expires_at", ">", new Date())
      .returning("user_id")
      .executeTakeFirst();
    if (!spent)
      throw new AppError(
        "bad_request",
        "このリンクは無効か、有効期限が切れています。もう一度再設定をお申し込みください。",
      );
    await storeNewPassword(trx, spent.user_id, passwordHash, "reset");
    return spent.user_id;
  });
  await endAllSessions(userId);
  // Whoever can read the account's e-mail may sign in again at once: a reset ends a lock from failed sign-ins.
  const { email } = await db()
    .selectFrom("app_user")
    .select("email")
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  await clearHits(signInAccountKey(email));
  return userId;
}

/** Sets the hash, spends every open reset link (an older link must not undo this change) and audits it. */
async function storeNewPassword(trx: Transaction<DB>, userId: string, passwordHash: string, how: "changed" | "reset") {
  await trx
    .updateTable("app_user")
    .set({ password_hash: passwordHash, updated_at: new Date() })
    .where("id", "=", userId)
    .execute();
  await trx
    .updateTable("password_reset_token")
    .set({ used_at: new Date() })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .execute();
  await recordAudit(trx, {
    actor: { userId, membership: null },
    organizationId: null,
    action: how === "changed" ? "user.change_password" : "user.reset_password",
    entityType: "user",
    entityId: userId,
    changes: { password: how },
  });
}
