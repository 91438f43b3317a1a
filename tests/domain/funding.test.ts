// Public money (TRUST.md "Money"), on whichever engine the suite runs (PGlite, and PostgreSQL in CI): allocations never
// exceed the budget, milestones never exceed the allocation, a milestone is approved and paid at most once, even with
// 20 concurrent requests, and none of those requests fails with anything but a clear domain error. Returns reverse the
// figures with a negative ledger entry; the ledger refuses UPDATE and DELETE; Stripe outcomes are idempotent and
// converge whatever order they arrive in.
import { afterEach, describe, expect, it } from "vitest";
import type { Pilot } from "@db/schema";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { createPilot, type Match } from "~/seed/pilot-factory.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { allocateFromBudget, changeAllocation } from "~/domain/funding/allocations.commands.server";
import {
  approveMilestone,
  cancelMilestone,
  changeMilestoneAmount,
  createMilestone,
  importMilestonesFromAgreement,
} from "~/domain/funding/milestones.commands.server";
import {
  recordBankTransfer,
  recordReturn,
  returnPayment,
  settleStripePayment,
} from "~/domain/funding/payments.commands.server";
import { db } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { actorOf } from "../support/actors";
import { countRows } from "../support/db";

async function createBudget(organizationId: string, amountYen: number, fiscalYear = 2026) {
  return db()
    .insertInto("budget")
    .values({ organization_id: organizationId, fiscal_year: fiscalYear, amount_yen: amountYen })
    .returning("id")
    .executeTakeFirstOrThrow();
}

async function sign(pilot: Pilot) {
  const version = await db()
    .selectFrom("pilot_agreement_version")
    .select("id")
    .where("pilot_id", "=", pilot.id)
    .executeTakeFirstOrThrow();
  await db()
    .updateTable("pilot_agreement_version")
    .set({ locked_at: new Date() })
    .where("id", "=", version.id)
    .execute();
  await db()
    .updateTable("pilot")
    .set({ signed_version_id: version.id, status: "running" })
    .where("id", "=", pilot.id)
    .execute();
}

/** Another pilot of the same municipality (a new pitch, company and accepted proposal). */
async function anotherPilot(municipality: CreatedMember): Promise<Pilot> {
  const company = await createMember(db(), { kind: "company" });
  const pitch = await createPitch(db(), { organizationId: municipality.organization.id, status: "matched" });
  const proposal = await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id });
  return db()
    .insertInto("pilot")
    .values({
      proposal_id: proposal.id,
      pitch_id: pitch.id,
      municipality_id: municipality.organization.id,
      company_id: company.organization.id,
      title: pitch.title,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function figures(allocationId: string) {
  const a = await db().selectFrom("allocation").selectAll().where("id", "=", allocationId).executeTakeFirstOrThrow();
  const b = await db().selectFrom("budget").selectAll().where("id", "=", a.budget_id).executeTakeFirstOrThrow();
  const ledger = await db()
    .selectFrom("ledger_entry")
    .select(["kind", "amount_yen"])
    .where("allocation_id", "=", allocationId)
    .orderBy("id")
    .execute();
  return {
    budgetAllocated: Number(b.allocated_yen),
    amount: Number(a.amount_yen),
    scheduled: Number(a.scheduled_yen),
    disbursed: Number(a.disbursed_yen),
    ledger: ledger.map((l) => [l.kind, Number(l.amount_yen)]),
  };
}

/** Runs every call at once; each either succeeds or fails with an AppError (a would-be 4xx), never anything else. */
async function allAtOnce<T>(calls: (() => Promise<T>)[]) {
  const results = await Promise.allSettled(calls.map((c) => c()));
  const unexpected = results.filter((r) => r.status === "rejected" && !(r.reason instanceof AppError));
  expect(unexpected.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  return {
    ok: results.filter((r) => r.status === "fulfilled").length,
    refused: results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError),
  };
}

async function fundedPilot(budgetYen = 10_000_000, allocationYen = 6_000_000) {
  const m = await createPilot(db());
  const budget = await createBudget(m.municipality.organization.id, budgetYen);
  const { allocationId } = await allocateFromBudget(actorOf(m.municipality), m.pilot.id, {
    budgetId: budget.id,
    amountYen: allocationYen,
    note: "",
  });
  return { ...m, budgetId: budget.id, allocationId };
}

async function milestone(m: Match & { pilot: Pilot; allocationId: string }, amountYen: number, requiresReport = false) {
  const { milestoneId } = await createMilestone(actorOf(m.municipality), m.pilot.id, {
    allocationId: m.allocationId,
    title: `第${amountYen}回`,
    dueDate: "2027-01-31",
    amountYen,
    requiresReport,
  });
  return milestoneId;
}

describe("allocations", () => {
  it("moves the budget, writes the ledger and the audit log, and refuses more than what remains", async () => {
    const m = await fundedPilot(10_000_000, 6_000_000);
    expect(await figures(m.allocationId)).toEqual({
      budgetAllocated: 6_000_000,
      amount: 6_000_000,
      scheduled: 0,
      disbursed: 0,
      ledger: [["allocation", 6_000_000]],
    });
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "allocation.create").where("entity_id", "=", m.allocationId),
      ),
    ).toBe(1);

    const second = await anotherPilot(m.municipality);
    await expect(
      allocateFromBudget(actorOf(m.municipality), second.id, { budgetId: m.budgetId, amountYen: 4_000_001, note: "" }),
    ).rejects.toMatchObject({
      code: "bad_request",
      field: "amountYen",
      publicMessage: "令和8年度の予算の残額（4,000,000円）を超えるため配分できません。",
    });
    expect(await countRows("allocation", (q) => q.where("pilot_id", "=", second.id))).toBe(0);
    await expect(
      allocateFromBudget(actorOf(m.municipality), m.pilot.id, { budgetId: m.budgetId, amountYen: 1, note: "" }),
    ).rejects.toMatchObject({ code: "conflict", field: "budgetId" });
  });

  it("raises an allocation within the budget and lowers it no further than what is scheduled", async () => {
    const m = await fundedPilot(10_000_000, 6_000_000);
    await milestone(m, 2_000_000);
    await changeAllocation(actorOf(m.municipality), m.pilot.id, {
      allocationId: m.allocationId,
      amountYen: 10_000_000,
    });
    await expect(
      changeAllocation(actorOf(m.municipality), m.pilot.id, { allocationId: m.allocationId, amountYen: 10_000_001 }),
    ).rejects.toMatchObject({ field: "amountYen" });
    await expect(
      changeAllocation(actorOf(m.municipality), m.pilot.id, { allocationId: m.allocationId, amountYen: 1_999_999 }),
    ).rejects.toMatchObject({
      publicMessage: "配分額は支払予定の合計（2,000,000円）より少なくできません。",
    });
    await changeAllocation(actorOf(m.municipality), m.pilot.id, { allocationId: m.allocationId, amountYen: 2_000_000 });
    expect(await figures(m.allocationId)).toMatchObject({
      budgetAllocated: 2_000_000,
      amount: 2_000_000,
      ledger: [
        ["allocation", 6_000_000],
        ["allocation_change", 4_000_000],
        ["allocation_change", -8_000_000],
      ],
    });
  });

  it("is for the municipality's verified admin: its members and the company are refused, other organisations see nothing", async () => {
    const m = await createPilot(db());
    const budget = await createBudget(m.municipality.organization.id, 1_000_000);
    const colleague = await createUser(db());
    await addMember(db(), { organizationId: m.municipality.organization.id, userId: colleague.id, role: "member" });
    const input = { budgetId: budget.id, amountYen: 1_000, note: "" };
    await expect(
      allocateFromBudget(actorOf(m.municipality, "member", colleague), m.pilot.id, input),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(allocateFromBudget(actorOf(m.company), m.pilot.id, input)).rejects.toMatchObject({
      code: "forbidden",
    });
    const other = await createMember(db(), { kind: "municipality" });
    await expect(allocateFromBudget(actorOf(other), m.pilot.id, input)).rejects.toMatchObject({ code: "not_found" });
    // Another municipality's budget is not a budget this pilot can draw on.
    const otherBudget = await createBudget(other.organization.id, 1_000_000);
    await expect(
      allocateFromBudget(actorOf(m.municipality), m.pilot.id, { ...input, budgetId: otherBudget.id }),
    ).rejects.toMatchObject({ field: "budgetId" });
    expect(await countRows("allocation", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(0);
    expect(await countRows("ledger_entry", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(0);
  });

  it("never exceeds the budget with 20 concurrent allocations", async () => {
    const municipality = await createMember(db(), { kind: "municipality" });
    const budget = await createBudget(municipality.organization.id, 10_000_000);
    const pilots: Pilot[] = [];
    for (let i = 0; i < 20; i++) pilots.push(await anotherPilot(municipality));
    const { ok, refused } = await allAtOnce(
      pilots.map(
        (p) => () =>
          allocateFromBudget(actorOf(municipality), p.id, { budgetId: budget.id, amountYen: 1_500_000, note: "" }),
      ),
    );
    expect(ok).toBe(6);
    expect(refused).toHaveLength(14);
    expect(refused.every((e) => e.code === "bad_request" && e.field === "amountYen")).toBe(true);
    const after = await db().selectFrom("budget").selectAll().where("id", "=", budget.id).executeTakeFirstOrThrow();
    expect(Number(after.allocated_yen)).toBe(9_000_000);
    const sums = await db()
      .selectFrom("allocation")
      .select((eb) => eb.fn.sum<string>("amount_yen").as("total"))
      .where("budget_id", "=", budget.id)
      .executeTakeFirstOrThrow();
    const ledger = await db()
      .selectFrom("ledger_entry")
      .select((eb) => eb.fn.sum<string>("amount_yen").as("total"))
      .where("budget_id", "=", budget.id)
      .executeTakeFirstOrThrow();
    expect(Number(sums.total)).toBe(9_000_000);
    expect(Number(ledger.total)).toBe(9_000_000);
  });
});

describe("milestones", () => {
  it("reserve their amount on the allocation, keep the original amount, and release it when cancelled", async () => {
    const m = await fundedPilot(10_000_000, 5_000_000);
    const first = await milestone(m, 3_000_000);
    await expect(milestone(m, 2_000_001)).rejects.toMatchObject({ field: "amountYen" });
    await changeMilestoneAmount(actorOf(m.municipality), m.pilot.id, { milestoneId: first, amountYen: 2_500_000 });
    const row = await db().selectFrom("milestone").selectAll().where("id", "=", first).executeTakeFirstOrThrow();
    expect([Number(row.original_amount_yen), Number(row.amount_yen), row.status]).toEqual([
      3_000_000,
      2_500_000,
      "scheduled",
    ]);
    expect((await figures(m.allocationId)).scheduled).toBe(2_500_000);
    await cancelMilestone(actorOf(m.municipality), m.pilot.id, { milestoneId: first, reason: "計画の変更" });
    expect((await figures(m.allocationId)).scheduled).toBe(0);
    await expect(
      changeMilestoneAmount(actorOf(m.municipality), m.pilot.id, { milestoneId: first, amountYen: 1 }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("are approved only under a signed agreement, and only with an approved report when they require one", async () => {
    const m = await fundedPilot();
    const plain = await milestone(m, 1_000_000);
    const gated = await milestone(m, 1_000_000, true);
    const admin = actorOf(m.municipality);
    await expect(
      approveMilestone(admin, m.pilot.id, { milestoneId: plain, method: "bank_transfer" }),
    ).rejects.toMatchObject({
      publicMessage: "協定書が双方の署名で締結されるまで、支払を承認できません。",
    });
    await sign(m.pilot);
    await expect(
      approveMilestone(admin, m.pilot.id, { milestoneId: gated, method: "bank_transfer" }),
    ).rejects.toMatchObject({
      publicMessage: "この支払予定には、承認済みの支出・進捗報告が必要です。",
    });
    await db()
      .insertInto("expenditure_report")
      .values({
        milestone_id: gated,
        pilot_id: m.pilot.id,
        company_id: m.company.organization.id,
        status: "approved",
        total_yen: 900_000,
      })
      .execute();
    await approveMilestone(admin, m.pilot.id, { milestoneId: gated, method: "bank_transfer" });
    await expect(approveMilestone(admin, m.pilot.id, { milestoneId: plain, method: "stripe" })).rejects.toMatchObject({
      field: "method",
    });
    expect(
      await countRows("notification", (q) =>
        q.where("user_id", "=", m.company.user.id).where("kind", "=", "milestone_approved"),
      ),
    ).toBe(1);
  });

  it("are approved once and paid once, even with 20 concurrent requests of each", async () => {
    const m = await fundedPilot();
    await sign(m.pilot);
    const id = await milestone(m, 2_000_000);
    const admin = actorOf(m.municipality);
    const approvals = await allAtOnce(
      Array.from(
        { length: 20 },
        () => () => approveMilestone(admin, m.pilot.id, { milestoneId: id, method: "bank_transfer" }),
      ),
    );
    expect(approvals.ok).toBe(1);
    expect(approvals.refused.every((e) => e.code === "conflict")).toBe(true);
    const payments = await allAtOnce(
      Array.from(
        { length: 20 },
        (_, i) => () => recordBankTransfer(admin, m.pilot.id, { milestoneId: id, reference: `振込-${i}` }),
      ),
    );
    expect(payments.ok).toBe(1);
    expect(payments.refused.map((e) => e.publicMessage)).toEqual(Array(19).fill("この支払予定はすでに支払済みです。"));
    expect(await countRows("milestone_payment", (q) => q.where("milestone_id", "=", id))).toBe(1);
    expect(await figures(m.allocationId)).toMatchObject({
      scheduled: 2_000_000,
      disbursed: 2_000_000,
      ledger: [
        ["allocation", 6_000_000],
        ["disbursement", 2_000_000],
      ],
    });
    expect(
      (await db().selectFrom("milestone").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status,
    ).toBe("paid");
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "payment.record_transfer").where("entity_id", "=", id),
      ),
    ).toBe(1);
  });

  it("reverse a payment that came back with a negative ledger entry", async () => {
    const m = await fundedPilot();
    await sign(m.pilot);
    const id = await milestone(m, 2_000_000);
    const admin = actorOf(m.municipality);
    await approveMilestone(admin, m.pilot.id, { milestoneId: id, method: "bank_transfer" });
    await expect(recordReturn(admin, m.pilot.id, { milestoneId: id, reason: "未使用分" })).rejects.toMatchObject({
      code: "conflict",
    });
    await recordBankTransfer(admin, m.pilot.id, { milestoneId: id, reference: "R-1" });
    await recordReturn(admin, m.pilot.id, { milestoneId: id, reason: "事業の中止による返還" });
    expect(await figures(m.allocationId)).toMatchObject({
      scheduled: 0,
      disbursed: 0,
      ledger: [
        ["allocation", 6_000_000],
        ["disbursement", 2_000_000],
        ["return", -2_000_000],
      ],
    });
    await expect(recordBankTransfer(admin, m.pilot.id, { milestoneId: id, reference: "R-2" })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("milestones from the signed agreement", () => {
  it("imports the payment plan of the signed version, all or none, once", async () => {
    const m = await fundedPilot(10_000_000, 3_000_000);
    const admin = actorOf(m.municipality);
    await expect(
      importMilestonesFromAgreement(admin, m.pilot.id, { allocationId: m.allocationId }),
    ).rejects.toMatchObject({ code: "conflict" });
    const version = await db()
      .selectFrom("pilot_agreement_version")
      .select(["id", "content"])
      .where("pilot_id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    const plan = [
      { title: "第1回 開始時", dueDate: "2027-01-31", amountYen: 1_000_000 },
      { title: "第2回 中間報告の承認後", dueDate: "2027-03-31", amountYen: 2_500_000 },
      { title: "", dueDate: "", amountYen: null },
    ];
    await db()
      .updateTable("pilot_agreement_version")
      .set({ content: JSON.stringify({ ...(version.content as object), milestones: plan }) })
      .where("id", "=", version.id)
      .execute();
    await sign(m.pilot);
    // 3,500,000 does not fit in a 3,000,000 allocation: nothing is imported.
    await expect(
      importMilestonesFromAgreement(admin, m.pilot.id, { allocationId: m.allocationId }),
    ).rejects.toMatchObject({ field: "amountYen" });
    expect(await countRows("milestone", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(0);
    await changeAllocation(admin, m.pilot.id, { allocationId: m.allocationId, amountYen: 3_500_000 });
    expect(await importMilestonesFromAgreement(admin, m.pilot.id, { allocationId: m.allocationId })).toEqual({
      imported: 2,
    });
    const rows = await db()
      .selectFrom("milestone")
      .select(["title", "due_date", "amount_yen", "requires_report"])
      .where("pilot_id", "=", m.pilot.id)
      .orderBy("due_date")
      .execute();
    // A payment the plan ties to a report (中間報告の承認後) is payable only once its expenditure report is approved.
    expect(rows.map((r) => [r.title, r.due_date, Number(r.amount_yen), r.requires_report])).toEqual([
      ["第1回 開始時", "2027-01-31", 1_000_000, false],
      ["第2回 中間報告の承認後", "2027-03-31", 2_500_000, true],
    ]);
    await expect(
      importMilestonesFromAgreement(admin, m.pilot.id, { allocationId: m.allocationId }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      importMilestonesFromAgreement(actorOf(m.company), m.pilot.id, { allocationId: m.allocationId }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the ledger", () => {
  it("is append-only: the database refuses UPDATE, DELETE and TRUNCATE", async () => {
    const m = await fundedPilot();
    await expect(
      db().updateTable("ledger_entry").set({ amount_yen: 1 }).where("pilot_id", "=", m.pilot.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom("ledger_entry").where("pilot_id", "=", m.pilot.id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(
      db().executeQuery({ sql: "truncate ledger_entry cascade", parameters: [], query: { kind: "RawNode" } } as never),
    ).rejects.toThrow(/append-only/);
    expect(await countRows("ledger_entry", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(1);
  });

  it("and the CHECK constraints hold even against a direct write", async () => {
    const m = await fundedPilot(10_000_000, 6_000_000);
    await expect(
      db().updateTable("budget").set({ allocated_yen: 10_000_001 }).where("id", "=", m.budgetId).execute(),
    ).rejects.toThrow(/budget_allocated_within_amount/);
    await expect(
      db().updateTable("allocation").set({ scheduled_yen: 6_000_001 }).where("id", "=", m.allocationId).execute(),
    ).rejects.toThrow(/allocation_scheduled_within_amount/);
    await expect(
      db().updateTable("allocation").set({ disbursed_yen: 1 }).where("id", "=", m.allocationId).execute(),
    ).rejects.toThrow(/allocation_disbursed_within_scheduled/);
  });
});

describe("Stripe payment outcomes", () => {
  afterEach(() => {
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetEnvForTests();
  });

  async function pendingStripePayment() {
    process.env.STRIPE_SECRET_KEY = "sk_test_funding";
    process.env.STRIPE_WEBHOOK_SECRET = "whsec_funding";
    resetEnvForTests();
    const m = await fundedPilot();
    await sign(m.pilot);
    await db()
      .insertInto("stripe_account")
      .values({
        organization_id: m.company.organization.id,
        account_id: `acct_${m.company.organization.id.slice(0, 8)}`,
        payouts_enabled: true,
      })
      .execute();
    const id = await milestone(m, 2_000_000);
    await approveMilestone(actorOf(m.municipality), m.pilot.id, { milestoneId: id, method: "stripe" });
    const payment = await db()
      .selectFrom("milestone_payment")
      .selectAll()
      .where("milestone_id", "=", id)
      .executeTakeFirstOrThrow();
    return { m, milestoneId: id, payment };
  }

  it("approving for Stripe creates a pending payment with its idempotency key and a transfer job, and nothing is disbursed yet", async () => {
    const { m, milestoneId, payment } = await pendingStripePayment();
    expect(payment).toMatchObject({
      method: "stripe",
      status: "pending",
      idempotency_key: `milestone-payment-${milestoneId}`,
    });
    expect(Number(payment.amount_yen)).toBe(2_000_000);
    expect(await countRows("job", (q) => q.where("kind", "=", "stripe.transfer"))).toBeGreaterThanOrEqual(1);
    expect((await figures(m.allocationId)).disbursed).toBe(0);
    await expect(
      recordBankTransfer(actorOf(m.municipality), m.pilot.id, { milestoneId, reference: "X" }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("settling is idempotent: ten concurrent settlements disburse once", async () => {
    const { m, payment } = await pendingStripePayment();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => settleStripePayment(db(), { paymentId: payment.id, transferId: "tr_1" })),
    );
    expect(outcomes.filter((o) => o === "settled")).toHaveLength(1);
    expect(await figures(m.allocationId)).toMatchObject({
      disbursed: 2_000_000,
      ledger: [
        ["allocation", 6_000_000],
        ["disbursement", 2_000_000],
      ],
    });
  });

  it("a reversal before or after the settlement ends in the same state", async () => {
    const inOrder = await pendingStripePayment();
    await settleStripePayment(db(), { paymentId: inOrder.payment.id, transferId: "tr_a" });
    await returnPayment(db(), { transferId: "tr_a", reason: "transfer.reversed" });
    await returnPayment(db(), { transferId: "tr_a", reason: "transfer.reversed" });

    const reversed = await pendingStripePayment();
    await returnPayment(db(), { paymentId: reversed.payment.id, reason: "transfer.reversed" });
    await settleStripePayment(db(), { paymentId: reversed.payment.id, transferId: "tr_b" });

    const state = async (x: typeof inOrder) => {
      const f = await figures(x.m.allocationId);
      const p = await db()
        .selectFrom("milestone_payment")
        .select("status")
        .where("id", "=", x.payment.id)
        .executeTakeFirstOrThrow();
      const ms = await db()
        .selectFrom("milestone")
        .select("status")
        .where("id", "=", x.milestoneId)
        .executeTakeFirstOrThrow();
      const net = f.ledger.reduce((sum, [, amount]) => sum + Number(amount), 0);
      return {
        payment: p.status,
        milestone: ms.status,
        scheduled: f.scheduled,
        disbursed: f.disbursed,
        ledgerNet: net,
      };
    };
    expect(await state(inOrder)).toEqual({
      payment: "returned",
      milestone: "returned",
      scheduled: 0,
      disbursed: 0,
      ledgerNet: 6_000_000,
    });
    expect(await state(reversed)).toEqual(await state(inOrder));
  });
});
