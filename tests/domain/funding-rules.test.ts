// The money state machines as tables: every (state, action) pair of milestones and payments, with the exact outcome.
import { describe, expect, it } from "vitest";
import {
  allocationRefusal,
  MILESTONE_ACTIONS,
  MILESTONE_STATUSES,
  milestoneAfter,
  milestoneRefusal,
  PAYMENT_ACTIONS,
  PAYMENT_STATES,
  paymentStep,
  type MilestoneAction,
  type PaymentAction,
  type PaymentState,
  paymentTiedToReport,
} from "~/domain/funding/funding.rules";
import type { MilestoneStatus } from "@db/schema";

// "→ X" allowed, ending in X; anything else is the refusal's reason, word for word.
const MILESTONES: Record<MilestoneStatus, Record<MilestoneAction, string>> = {
  scheduled: {
    changeAmount: "→ scheduled",
    approve: "→ approved",
    pay: "支払を記録できるのは、承認済みの支払予定だけです。",
    cancel: "→ cancelled",
    return: "返還を記録できるのは、支払済みの支払予定だけです。",
  },
  approved: {
    changeAmount: "金額を変更できるのは、承認前の支払予定だけです。",
    approve: "この支払予定はすでに承認または処理されています。",
    pay: "→ paid",
    cancel: "→ cancelled",
    return: "返還を記録できるのは、支払済みの支払予定だけです。",
  },
  paid: {
    changeAmount: "金額を変更できるのは、承認前の支払予定だけです。",
    approve: "この支払予定はすでに承認または処理されています。",
    pay: "この支払予定はすでに支払済みです。",
    cancel: "取り消せるのは、支払前（予定・承認済み）の支払予定だけです。",
    return: "→ returned",
  },
  returned: {
    changeAmount: "金額を変更できるのは、承認前の支払予定だけです。",
    approve: "この支払予定はすでに承認または処理されています。",
    pay: "支払を記録できるのは、承認済みの支払予定だけです。",
    cancel: "取り消せるのは、支払前（予定・承認済み）の支払予定だけです。",
    return: "返還を記録できるのは、支払済みの支払予定だけです。",
  },
  cancelled: {
    changeAmount: "金額を変更できるのは、承認前の支払予定だけです。",
    approve: "この支払予定はすでに承認または処理されています。",
    pay: "支払を記録できるのは、承認済みの支払予定だけです。",
    cancel: "取り消せるのは、支払前（予定・承認済み）の支払予定だけです。",
    return: "返還を記録できるのは、支払済みの支払予定だけです。",
  },
};

// "→ X" allowed (X: the payment's state after, "—" when it stays), "unchanged" a no-op, else the refusal's reason.
const PAYMENTS: Record<PaymentState, Record<PaymentAction, string>> = {
  none: {
    recordTransfer: "→ paid",
    startStripe: "→ pending",
    settle: "unchanged",
    fail: "unchanged",
    return: "unchanged",
    cancelMilestone: "→ —",
  },
  pending: {
    recordTransfer: "Stripe での支払が処理中です。結果を待ってください。",
    startStripe: "この支払予定はすでに支払の手続きがされています。",
    settle: "→ paid",
    fail: "→ failed",
    return: "→ returned",
    cancelMilestone: "Stripe での支払が処理中のため取り消せません。",
  },
  paid: {
    recordTransfer: "この支払予定はすでに支払済みです。",
    startStripe: "この支払予定はすでに支払の手続きがされています。",
    settle: "unchanged",
    fail: "unchanged",
    return: "→ returned",
    cancelMilestone: "→ —",
  },
  returned: {
    recordTransfer: "この支払予定はすでに支払済みです。",
    startStripe: "この支払予定はすでに支払の手続きがされています。",
    settle: "unchanged",
    fail: "unchanged",
    return: "unchanged",
    cancelMilestone: "→ —",
  },
  failed: {
    recordTransfer: "→ paid",
    startStripe: "この支払予定はすでに支払の手続きがされています。",
    settle: "→ paid",
    fail: "unchanged",
    return: "→ returned",
    cancelMilestone: "→ —",
  },
};

describe("milestone transitions", () => {
  const pairs = MILESTONE_STATUSES.flatMap((s) => MILESTONE_ACTIONS.map((a) => [s, a] as const));
  it("covers every state and action", () => {
    expect(pairs).toHaveLength(Object.keys(MILESTONES).length * 5);
  });
  it.each(pairs)("%s + %s", (status, action) => {
    const refusal = milestoneRefusal(status, action);
    expect(refusal === null ? `→ ${milestoneAfter(action)}` : refusal).toBe(MILESTONES[status][action]);
  });
});

describe("payment transitions", () => {
  const pairs = PAYMENT_STATES.flatMap((s) => PAYMENT_ACTIONS.map((a) => [s, a] as const));
  it("covers every state and action", () => {
    expect(pairs).toHaveLength(Object.keys(PAYMENTS).length * 6);
  });
  it.each(pairs)("%s + %s", (state, action) => {
    const step = paymentStep(state, action);
    const shown =
      step.kind === "allowed" ? `→ ${step.to ?? "—"}` : step.kind === "unchanged" ? "unchanged" : step.reason;
    expect(shown).toBe(PAYMENTS[state][action]);
  });
});

describe("allocations", () => {
  it.each([
    ["agreement", null],
    ["running", null],
    ["completed", "終了した実証には配分できません。"],
    ["terminated", "終了した実証には配分できません。"],
  ] as const)("to a pilot in %s: %s", (status, expected) => {
    expect(allocationRefusal(status)).toBe(expected);
  });
});

describe("paymentTiedToReport", () => {
  it.each([
    ["第2回 中間報告の承認後", true],
    ["第2回 中間報告時", true],
    ["実績報告書の受理後", true],
    ["第1回 巡回開始時", false],
    ["契約締結時", false],
    ["第3回 実証終了時", false],
  ])("%s → %s", (title, tied) => {
    expect(paymentTiedToReport(title)).toBe(tied);
  });
});
