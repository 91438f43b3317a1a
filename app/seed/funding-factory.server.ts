// Funded milestones for tests and the demo seed, written as rows (not through the funding commands), consistent with
// the money checks: the municipality's budget of the fiscal year grows by the total and allocates it, the pilot's
// allocation from that budget grows by the total and schedules it, and one milestone per amount is added.
// No ledger entries are written. Relative imports: resolved by vitest and the Remix bundle.
import type { Allocation, Budget, Milestone, Pilot } from "@db/schema";
import type { Executor } from "@db/database.server";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import type { CreatedMember } from "./factories.server";

export interface FundedPilot {
  municipality: CreatedMember;
  pilot: Pilot;
}

export interface FundedMilestones {
  budget: Budget;
  allocation: Allocation;
  milestones: Milestone[];
}

export interface FundedMilestoneOptions {
  /** Titles of the milestones (default 第1回支払, 第2回支払 ...). */
  titles?: readonly string[];
  /** Whether each milestone needs an approved expenditure report before it is approved for payment. */
  requiresReport?: boolean;
  now?: Date;
}

const DAY = 24 * 60 * 60 * 1000;

/** Adds one scheduled milestone per amount (integer yen) to the pilot, funded from the municipality's budget. */
export async function createFundedMilestones(
  ex: Executor,
  pilotMatch: FundedPilot,
  amounts: readonly number[],
  options: FundedMilestoneOptions = {},
): Promise<FundedMilestones> {
  if (amounts.length === 0 || amounts.some((a) => !Number.isSafeInteger(a) || a <= 0))
    throw new Error("amounts must be positive integer yen");
  const now = options.now ?? new Date();
  const total = amounts.reduce((sum, a) => sum + a, 0);
  const { pilot, municipality } = pilotMatch;
  const createdBy = municipality.user.id;
  const budget = await ex
    .insertInto("budget")
    .values({
      organization_id: pilot.municipality_id,
      fiscal_year: fiscalYearOf(now),
      amount_yen: total,
      allocated_yen: total,
      created_by: createdBy,
      updated_by: createdBy,
    })
    .onConflict((oc) =>
      oc.columns(["organization_id", "fiscal_year"]).doUpdateSet((eb) => ({
        amount_yen: eb("budget.amount_yen", "+", total),
        allocated_yen: eb("budget.allocated_yen", "+", total),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  const allocation = await ex
    .insertInto("allocation")
    .values({
      budget_id: budget.id,
      pilot_id: pilot.id,
      organization_id: pilot.municipality_id,
      amount_yen: total,
      scheduled_yen: total,
      created_by: createdBy,
    })
    .onConflict((oc) =>
      oc.columns(["budget_id", "pilot_id"]).doUpdateSet((eb) => ({
        amount_yen: eb("allocation.amount_yen", "+", total),
        scheduled_yen: eb("allocation.scheduled_yen", "+", total),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  const existing = await ex
    .selectFrom("milestone")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("pilot_id", "=", pilot.id)
    .executeTakeFirstOrThrow();
  const offset = Number(existing.n);
  const milestones: Milestone[] = [];
  for (const [i, amount] of amounts.entries()) {
    const due = new Date(now.getTime() + (i + 1) * 30 * DAY).toISOString().slice(0, 10);
    milestones.push(
      await ex
        .insertInto("milestone")
        .values({
          allocation_id: allocation.id,
          pilot_id: pilot.id,
          organization_id: pilot.municipality_id,
          title: options.titles?.[i] ?? `第${offset + i + 1}回支払`,
          due_date: due,
          original_amount_yen: amount,
          amount_yen: amount,
          requires_report: options.requiresReport ?? false,
          created_by: createdBy,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  return { budget, allocation, milestones };
}
