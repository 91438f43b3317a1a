// The state machines of public money, as data (pure, browser-safe): what may happen to a milestone and to its payment
// in each state, and the Japanese reason when it may not. Commands ask these tables first, then make the change
// with a guarded UPDATE (the database re-checks the state under the row lock), so a table and a guard never disagree
// about what is allowed; tests/domain/funding-rules.test.ts tries every (state, action) pair.
import type { MilestoneStatus, PaymentStatus, PilotStatus } from "@db/schema";

export const MILESTONE_STATUSES = [
  "scheduled",
  "approved",
  "paid",
  "returned",
  "cancelled",
] as const satisfies readonly MilestoneStatus[];

/** What the municipality (or a settled Stripe transfer) does to a milestone. */
export type MilestoneAction = "changeAmount" | "approve" | "pay" | "cancel" | "return";
export const MILESTONE_ACTIONS = [
  "changeAmount",
  "approve",
  "pay",
  "cancel",
  "return",
] as const satisfies readonly MilestoneAction[];

interface Transition<S extends string> {
  /** The states the action is allowed in. */
  from: readonly S[];
  /** The state after it. */
  to: S;
  /** Why it is refused in a state it is not allowed in (a state of its own, or any other). */
  refused: Partial<Record<S, string>> & { otherwise: string };
}

/** Every allowed milestone transition. A milestone is paid once; a paid one can only be returned; cancelled is final. */
export const MILESTONE_TRANSITIONS: Record<MilestoneAction, Transition<MilestoneStatus>> = {
  changeAmount: {
    from: ["scheduled"],
    to: "scheduled",
    refused: { otherwise: "金額を変更できるのは、承認前の支払予定だけです。" },
  },
  approve: {
    from: ["scheduled"],
    to: "approved",
    refused: { otherwise: "この支払予定はすでに承認または処理されています。" },
  },
  pay: {
    from: ["approved"],
    to: "paid",
    refused: {
      paid: "この支払予定はすでに支払済みです。",
      otherwise: "支払を記録できるのは、承認済みの支払予定だけです。",
    },
  },
  cancel: {
    from: ["scheduled", "approved"],
    to: "cancelled",
    refused: { otherwise: "取り消せるのは、支払前（予定・承認済み）の支払予定だけです。" },
  },
  return: {
    from: ["paid"],
    to: "returned",
    refused: { otherwise: "返還を記録できるのは、支払済みの支払予定だけです。" },
  },
};

/** Why the action is refused for a milestone in this state, or null when it is allowed. */
export function milestoneRefusal(status: MilestoneStatus, action: MilestoneAction): string | null {
  const t = MILESTONE_TRANSITIONS[action];
  return t.from.includes(status) ? null : (t.refused[status] ?? t.refused.otherwise);
}

/** The state a milestone moves to (call only when milestoneRefusal is null). */
export const milestoneAfter = (action: MilestoneAction): MilestoneStatus => MILESTONE_TRANSITIONS[action].to;

/** A milestone's payment: none yet, or the row's status. */
export type PaymentState = PaymentStatus | "none";
export const PAYMENT_STATES = [
  "none",
  "pending",
  "paid",
  "returned",
  "failed",
] as const satisfies readonly PaymentState[];

/**
 * What happens to a payment: the municipality records a bank transfer or approves for Stripe (a pending payment),
 * Stripe settles or the transfer job fails it, a transfer is reversed or money is returned, the milestone is cancelled.
 */
export type PaymentAction = "recordTransfer" | "startStripe" | "settle" | "fail" | "return" | "cancelMilestone";
export const PAYMENT_ACTIONS = [
  "recordTransfer",
  "startStripe",
  "settle",
  "fail",
  "return",
  "cancelMilestone",
] as const satisfies readonly PaymentAction[];

/**
 * Every payment transition. Stripe's outcomes (settle, fail, return) arrive as webhooks or job results that may repeat
 * or come out of order: in a state they do not apply to they change nothing ("unchanged", never an error), which makes
 * a replayed event a no-op. The municipality's own actions are refused with a reason instead.
 */
export const PAYMENT_TRANSITIONS: Record<
  PaymentAction,
  {
    from: readonly PaymentState[];
    to: PaymentState | null;
    refused?: Partial<Record<PaymentState, string>> & { otherwise: string };
  }
> = {
  // A failed Stripe payment may be paid by bank transfer instead; a pending one must wait for its result.
  recordTransfer: {
    from: ["none", "failed"],
    to: "paid",
    refused: {
      pending: "Stripe での支払が処理中です。結果を待ってください。",
      otherwise: "この支払予定はすでに支払済みです。",
    },
  },
  // Approving for Stripe creates the pending payment; a milestone has one payment at most (a unique index).
  startStripe: {
    from: ["none"],
    to: "pending",
    refused: { otherwise: "この支払予定はすでに支払の手続きがされています。" },
  },
  // A late success after a failure is still money that left: it settles.
  settle: { from: ["pending", "failed"], to: "paid" },
  fail: { from: ["pending"], to: "failed" },
  return: { from: ["pending", "failed", "paid"], to: "returned" },
  // Cancelling the milestone leaves its payment as it is; only one in flight blocks it.
  cancelMilestone: {
    from: ["none", "paid", "returned", "failed"],
    to: null,
    refused: { otherwise: "Stripe での支払が処理中のため取り消せません。" },
  },
};

export type PaymentStep =
  { kind: "allowed"; to: PaymentState | null } | { kind: "unchanged" } | { kind: "refused"; reason: string };

/** What an action does to a payment in this state: allowed (and the state after it), unchanged, or refused with why. */
export function paymentStep(state: PaymentState, action: PaymentAction): PaymentStep {
  const t = PAYMENT_TRANSITIONS[action];
  if (t.from.includes(state)) return { kind: "allowed", to: t.to };
  if (!t.refused) return { kind: "unchanged" };
  return { kind: "refused", reason: t.refused[state] ?? t.refused.otherwise };
}

/** Money may be allocated to a pilot only while it is under way (an agreement being drafted or a running pilot). */
export const ALLOCATABLE_PILOT_STATUSES = ["agreement", "running"] as const satisfies readonly PilotStatus[];
export const ALLOCATION_REFUSED = "終了した実証には配分できません。";

export function allocationRefusal(status: PilotStatus): string | null {
  return (ALLOCATABLE_PILOT_STATUSES as readonly PilotStatus[]).includes(status) ? null : ALLOCATION_REFUSED;
}

/**
 * Whether a payment-plan row's wording ties the payment to a report (「中間報告の承認後」, 「第2回 中間報告時」,
 * 「実績報告書の受理後」): the milestone imported from it is then payable only once its expenditure report is approved,
 * as the signed agreement says, instead of leaving that condition to be remembered.
 */
export function paymentTiedToReport(title: string): boolean {
  return /報告/.test(title);
}
