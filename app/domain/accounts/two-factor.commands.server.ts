// Two-factor sign-in (TOTP, RFC 6238) with ten single-use recovery codes. The TOTP key is sealed at rest (the app must
// read it back to check codes) and shown only while set-up waits for its first code; recovery codes are stored as
// hashes and shown once. Every change of the factor, and every sign-in from a device not seen before, is e-mailed.
import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { db, inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { formatDateTime } from "~/lib/format";
import { clearHits, hit, type Limit } from "~/lib/rate-limit.server";
import { open, seal } from "~/lib/secret-box.server";
import { keyForManualEntry, keyUri, matchingStep, newTotpKey } from "~/lib/totp.server";

export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes per user before a pause: six digits leave 1 in 333,333 a guess (three steps are accepted). */
const CODE_ATTEMPTS: Limit = { max: 10, windowMs: 15 * 60 * 1000 };
const attemptsKey = (userId: string) => `second-factor:user:${userId}`;

const RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

interface TwoFactorUser {
  id: string;
  email: string;
  displayName: string;
}

export interface SecondFactorState {
  enabled: boolean;
  /** While set-up waits for its first code: the key to scan or type. Never once the factor is confirmed. */
  pendingSetup: { manualKey: string; uri: string } | null;
  recoveryCodesLeft: number;
}

export async function hasSecondFactor(userId: string): Promise<boolean> {
  const row = await db()
    .selectFrom("user_second_factor")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function secondFactorState(user: TwoFactorUser): Promise<SecondFactorState> {
  const row = await db()
    .selectFrom("user_second_factor")
    .select(["secret_sealed", "confirmed_at"])
    .where("user_id", "=", user.id)
    .executeTakeFirst();
  const left = await db()
    .selectFrom("user_recovery_code")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", user.id)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  let pendingSetup: SecondFactorState["pendingSetup"] = null;
  if (row && !row.confirmed_at) {
    const key = openKey(row.secret_sealed);
    if (key) pendingSetup = { manualKey: keyForManualEntry(key), uri: keyUri(key, user.email) };
  }
  return { enabled: Boolean(row?.confirmed_at), pendingSetup, recoveryCodesLeft: Number(left.n) };
}

/** Starts (or restarts) set-up with a fresh key; refused while a confirmed factor exists (disable it first). */
export async function startSecondFactorSetup(user: TwoFactorUser): Promise<void> {
  const sealed = seal(Buffer.from(newTotpKey()).toString("base64url"));
  const result = await db()
    .insertInto("user_second_factor")
    .values({ user_id: user.id, secret_sealed: sealed })
    .onConflict((oc) =>
      oc
        .column("user_id")
        .doUpdateSet({ secret_sealed: sealed, created_at: new Date() })
        .where("user_second_factor.confirmed_at", "is", null),
    )
    .returning("user_id")
    .executeTakeFirst();
  if (!result)
    throw new AppError("conflict", "二段階認証は既に設定されています。変更するには、いったん解除してください。");
}

/** Confirms set-up with a first code; returns the recovery codes, which are shown this once and stored hashed. */
export async function confirmSecondFactorSetup(user: TwoFactorUser, code: string): Promise<string[]> {
  await throttle(user.id);
  const row = await db()
    .selectFrom("user_second_factor")
    .select(["secret_sealed", "confirmed_at"])
    .where("user_id", "=", user.id)
    .executeTakeFirst();
  if (!row || row.confirmed_at) {
    throw new AppError("conflict", "設定を始め直してください（「設定を始める」から）。");
  }
  const key = openKey(row.secret_sealed);
  const step = key ? matchingStep(key, code) : null;
  if (step === null) throw wrongCode();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await inTransaction(async (trx) => {
    const confirmed = await trx
      .updateTable("user_second_factor")
      .set({ confirmed_at: new Date(), last_used_step: step })
      .where("user_id", "=", user.id)
      .where("confirmed_at", "is", null)
      .returning("user_id")
      .executeTakeFirst();
    if (!confirmed) throw new AppError("conflict", "二段階認証は既に設定されています。");
    await trx.deleteFrom("user_recovery_code").where("user_id", "=", user.id).execute();
    await trx
      .insertInto("user_recovery_code")
      .values(codes.map((c) => ({ user_id: user.id, code_hash: hashRecoveryCode(c) })))
      .execute();
    await auditAndNotify(trx, user, "user.second_factor_enable", [
      `${user.displayName} 様`,
      "",
      `${formatDateTime(new Date())} に、アカウントの二段階認証（確認コードによるログイン）が設定されました。`,
      "次回からのログインでは、パスワードの後に認証アプリの確認コードを入力します。",
      "",
      "お心当たりがない場合は、すぐにパスワードを再設定し、運営までご連絡ください。",
    ]);
  });
  return codes;
}

/**
 * Checks a code of the user's confirmed factor: a TOTP code of a step after the last one accepted (the same code
 * is refused a second time, even within its 30 seconds), or an unused recovery code (spent by this use).
 */
export async function verifySecondFactor(userId: string, code: string): Promise<"totp" | "recovery"> {
  await throttle(userId);
  const row = await db()
    .selectFrom("user_second_factor")
    .select(["secret_sealed"])
    .where("user_id", "=", userId)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
  if (!row) throw new AppError("bad_request", "二段階認証が設定されていません。");
  const key = openKey(row.secret_sealed);
  const step = key ? matchingStep(key, code) : null;
  if (step !== null) {
    // One atomic update: two requests with the same code cannot both pass.
    const accepted = await db()
      .updateTable("user_second_factor")
      .set({ last_used_step: step })
      .where("user_id", "=", userId)
      .where((eb) => eb.or([eb("last_used_step", "is", null), eb("last_used_step", "<", String(step))]))
      .returning("user_id")
      .executeTakeFirst();
    if (!accepted) {
      throw new AppError(
        "bad_request",
        "この確認コードは既に使われています。認証アプリに次のコードが表示されてから入力してください。",
        { field: "code" },
      );
    }
    await clearHits(attemptsKey(userId));
    return "totp";
  }
  const normalised = normaliseRecoveryCode(code);
  if (normalised) {
    const spent = await db()
      .updateTable("user_recovery_code")
      .set({ used_at: new Date() })
      .where("user_id", "=", userId)
      .where("code_hash", "=", hashRecoveryCode(normalised))
      .where("used_at", "is", null)
      .returning("user_id")
      .executeTakeFirst();
    if (spent) {
      await clearHits(attemptsKey(userId));
      return "recovery";
    }
  }
  throw wrongCode();
}

/** Removes the factor after a code of it (or a recovery code): a stolen session alone cannot switch it off. */
export async function disableSecondFactor(user: TwoFactorUser, code: string): Promise<void> {
  await verifySecondFactor(user.id, code);
  await inTransaction(async (trx) => {
    await trx.deleteFrom("user_recovery_code").where("user_id", "=", user.id).execute();
    await trx.deleteFrom("user_second_factor").where("user_id", "=", user.id).execute();
    await auditAndNotify(trx, user, "user.second_factor_disable", [
      `${user.displayName} 様`,
      "",
      `${formatDateTime(new Date())} に、アカウントの二段階認証が解除されました。`,
      "契約への署名や支払いの記録などは、二段階認証を設定し直すまで行えません。",
      "",
      "お心当たりがない場合は、すぐにパスワードを再設定し、運営までご連絡ください。",
    ]);
  });
}

/**
 * Remembers the device a sign-in came from (a random token in a long-lived cookie, its hash here) and e-mails the
 * account when it is one not seen before. Returns the token to keep in the cookie.
 */
export async function recordSignInDevice(
  userId: string,
  deviceToken: string | null,
  context: { ip: string; notify: boolean },
): Promise<string> {
  const user = await db()
    .selectFrom("app_user")
    .select(["id", "email", "display_name as displayName"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const token = deviceToken && /^[A-Za-z0-9_-]{20,100}$/.test(deviceToken) ? deviceToken : newDeviceToken();
  const hash = createHash("sha256").update(token).digest("hex");
  await inTransaction(async (trx) => {
    const known = await trx
      .updateTable("user_device")
      .set({ last_seen_at: new Date() })
      .where("user_id", "=", user.id)
      .where("device_hash", "=", hash)
      .returning("user_id")
      .executeTakeFirst();
    if (known) return;
    await trx
      .insertInto("user_device")
      .values({ user_id: user.id, device_hash: hash })
      .onConflict((oc) => oc.doNothing())
      .execute();
    if (!context.notify) return;
    await queueEmail(trx, {
      to: user.email,
      subject: "【ガバメントピッチ・マッチング】新しい端末からのログイン",
      body: [
        `${user.displayName} 様`,
        "",
        `${formatDateTime(new Date())} に、これまでに使われていない端末（ブラウザー）からログインがありました。`,
        `接続元のアドレス: ${context.ip}`,
        "",
        "ご本人の操作であれば、このメールへの対応は不要です。",
        "お心当たりがない場合は、すぐにパスワードを再設定し、二段階認証を設定してください。",
      ].join("\n"),
    });
  });
  return token;
}

function newDeviceToken(): string {
  return randomBytes(24).toString("base64url");
}

async function auditAndNotify(trx: Executor, user: TwoFactorUser, action: string, lines: string[]) {
  await recordAudit(trx, {
    actor: { userId: user.id, membership: null },
    organizationId: null,
    action,
    entityType: "user",
    entityId: user.id,
  });
  await queueEmail(trx, {
    to: user.email,
    subject: "【ガバメントピッチ・マッチング】二段階認証の設定が変更されました",
    body: lines.join("\n"),
  });
}

async function throttle(userId: string) {
  // Counted before the code is checked (one atomic upsert), so parallel guesses cannot all pass; a right code clears it.
  const limited = await hit(attemptsKey(userId), CODE_ATTEMPTS);
  if (limited.limited) {
    throw new AppError(
      "rate_limited",
      `確認コードの試行回数が多すぎます。約${Math.ceil(limited.retryAfterSeconds / 60)}分後にもう一度お試しください。`,
    );
  }
}

function wrongCode() {
  return new AppError(
    "bad_request",
    "確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。",
    {
      field: "code",
    },
  );
}

function openKey(sealed: string): Uint8Array | null {
  const opened = open(sealed);
  return opened === null ? null : new Uint8Array(Buffer.from(opened, "base64url"));
}

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normaliseRecoveryCode(code: string): string | null {
  const plain = code.replace(/[\s-]/g, "").toUpperCase();
  if (plain.length !== 10 || [...plain].some((c) => !RECOVERY_ALPHABET.includes(c))) return null;
  return `${plain.slice(0, 5)}-${plain.slice(5)}`;
}

function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}
