// The payout state machines as tables: the account stages, which account state wins, and what the transfer job does
// in every combination of payment, account, configuration and attempt.
import { describe, expect, it } from "vitest";
import type { PaymentMethod, PaymentStatus } from "@db/schema";
import {
  acceptsAccountState,
  afterTransferFailure,
  mayOnboard,
  PAYOUT_ACCOUNT_STAGE_VIEWS,
  PAYOUT_ACCOUNT_STAGES,
  payoutAccountStage,
  transferStep,
  type TransferStep,
} from "~/domain/payouts/payouts.rules";

describe("the connected account", () => {
  it.each([
    [null, "none"],
    [{ detailsSubmitted: false, payoutsEnabled: false }, "onboarding"],
    [{ detailsSubmitted: true, payoutsEnabled: false }, "reviewing"],
    [{ detailsSubmitted: true, payoutsEnabled: true }, "ready"],
    [{ detailsSubmitted: false, payoutsEnabled: true }, "ready"],
  ] as const)("%j is %s", (account, stage) => {
    expect(payoutAccountStage(account)).toBe(stage);
  });

  it.each(PAYOUT_ACCOUNT_STAGES.map((s) => [s, s !== "ready"] as const))(
    "onboarding offered at %s: %s",
    (stage, offered) => {
      expect(mayOnboard(stage)).toBe(offered);
      expect(PAYOUT_ACCOUNT_STAGE_VIEWS[stage].label).not.toBe("");
    },
  );

  it.each([
    [null, 100, true],
    [100, 100, true],
    [100, 101, true],
    [101, 100, false],
  ] as const)("stored %s, seen %s: applied %s", (stored, seen, applied) => {
    expect(acceptsAccountState(stored, seen)).toBe(applied);
  });
});

describe("the transfer job", () => {
  const METHODS: PaymentMethod[] = ["stripe", "bank_transfer"];
  const STATUSES: PaymentStatus[] = ["pending", "paid", "returned", "failed"];
  const payments = [null, ...METHODS.flatMap((method) => STATUSES.map((status) => ({ method, status })))];
  const cases = payments.flatMap((payment) =>
    [true, false].flatMap((hasAccount) =>
      [true, false].flatMap((configured) =>
        [true, false].map((lastAttempt) => ({ payment, hasAccount, configured, lastAttempt })),
      ),
    ),
  );

  it("covers every combination", () => {
    expect(cases).toHaveLength(9 * 8);
  });

  it.each(cases)("%j", (situation) => {
    const { payment, hasAccount, configured, lastAttempt } = situation;
    const expected: TransferStep =
      payment?.method !== "stripe" || payment.status !== "pending"
        ? "skip"
        : !hasAccount
          ? "failNoAccount"
          : !configured
            ? lastAttempt
              ? "failNotConfigured"
              : "retryLater"
            : "transfer";
    expect(transferStep(situation)).toBe(expected);
  });

  it.each([
    [true, false, "retry"],
    [true, true, "fail"],
    [false, false, "fail"],
    [false, true, "fail"],
  ] as const)("a failed call (transient %s, last attempt %s): %s", (transient, last, outcome) => {
    expect(afterTransferFailure(transient, last)).toBe(outcome);
  });
});
