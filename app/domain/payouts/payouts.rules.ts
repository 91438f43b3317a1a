// The state machines of payouts, as data (pure, browser-safe): where a company's Stripe connected account stands,
// which account state wins when Stripe's reports arrive out of order, and what the transfer job does with a payment
// in each situation. tests/domain/payouts-rules.test.ts tries every combination.
import type { PaymentMethod, PaymentStatus } from "@db/schema";

/** A company's connected account: none yet, onboarding started, details submitted (Stripe reviewing), ready. */
export type PayoutAccountStage = "none" | "onboarding" | "reviewing" | "ready";
export const PAYOUT_ACCOUNT_STAGES = [
  "none",
  "onboarding",
  "reviewing",
  "ready",
] as const satisfies readonly PayoutAccountStage[];

export function payoutAccountStage(
  account: { detailsSubmitted: boolean; payoutsEnabled: boolean } | null,
): PayoutAccountStage {
  if (!account) return "none";
  if (account.payoutsEnabled) return "ready";
  return account.detailsSubmitted ? "reviewing" : "onboarding";
}

/** How the payouts page shows each stage. */
export const PAYOUT_ACCOUNT_STAGE_VIEWS: Record<
  PayoutAccountStage,
  { label: string; tone: "ok" | "warn" | "muted"; text: string }
> = {
  none: { label: "未登録", tone: "muted", text: "受取口座はまだ登録されていません。" },
  onboarding: {
    label: "登録途中",
    tone: "warn",
    text: "Stripe での登録が完了していません。「登録を続ける」から残りの情報を入力してください。",
  },
  reviewing: {
    label: "Stripe で確認中",
    tone: "warn",
    text: "登録情報は提出済みです。Stripe の確認が終わると受け取れるようになります。",
  },
  ready: { label: "受取可能", tone: "ok", text: "Stripe での支払を受け取れます。" },
};

/** Whether onboarding may start or resume: an account link is offered until the account can receive payouts. */
export const mayOnboard = (stage: PayoutAccountStage) => stage !== "ready";

/**
 * An account state seen at `seenAt` (Unix seconds) replaces the stored one only when it is not older: events arrive out
 * of order and a late account.updated must not undo a newer state.
 */
export function acceptsAccountState(storedSeenAt: number | null, seenAt: number): boolean {
  return storedSeenAt === null || seenAt >= storedSeenAt;
}

/** What the transfer job finds: the payment (or none), and whether an account and the Stripe settings are there. */
export interface TransferSituation {
  payment: { method: PaymentMethod; status: PaymentStatus } | null;
  hasAccount: boolean;
  configured: boolean;
  lastAttempt: boolean;
}

/**
 * What the transfer job does: nothing when the payment is no longer a pending Stripe payment (settled by a webhook,
 * returned, failed, or paid by bank transfer); fail it when the company has no account; wait (retry later) while
 * Stripe is not configured, and fail it on the last attempt; otherwise make the transfer.
 */
export type TransferStep = "skip" | "failNoAccount" | "retryLater" | "failNotConfigured" | "transfer";

export function transferStep(s: TransferSituation): TransferStep {
  if (!s.payment || s.payment.method !== "stripe" || s.payment.status !== "pending") return "skip";
  if (!s.hasAccount) return "failNoAccount";
  if (!s.configured) return s.lastAttempt ? "failNotConfigured" : "retryLater";
  return "transfer";
}

/** After a failed transfer call: a transient failure is retried with the same idempotency key, unless it was the last try. */
export const afterTransferFailure = (transient: boolean, lastAttempt: boolean): "retry" | "fail" =>
  transient && !lastAttempt ? "retry" : "fail";
