// Allocations: money set aside from a fiscal-year budget for one pilot. The budget row is moved by one guarded UPDATE
// (allocated + amount <= budget), so that concurrent allocations can never exceed it: the database re-checks the
// condition after waiting for the row lock, and the CHECK constraint backs it. Every change is one transaction with
// its ledger entry and audit row.
import { sql } from "kysely";
import type { MemberActor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { inTransaction } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors";
import { AppError } from "~/lib/errors";
import { fiscalYearLabel } from "./fiscal-year.rules";
import { requireFundingManager } from "./funding.access.server";
import { appendLedgerEntry } from "./ledger.commands.server";
import { formatYenInText } from "~/lib/format";
import { allocationRefusal } from "./funding.rules";

export async function allocateFromBudget(
  actor: MemberActor,
  pilotId: string,
  input: { budgetId: string; amountYen: number; note: string },
): Promise<{ allocationId: string }> {
  try {
    return await inTransaction(async (trx) => {
      const { pilot } = await requireFundingManager(trx, actor, pilotId);
      const refusal = allocationRefusal(pilot.status);
      if (refusal) throw new AppError("conflict", refusal);
      const budget = await trx
        .selectFrom("budget")
        .select(["id", "fiscal_year", "amount_yen", "allocated_yen"])
        .where("id", "=", input.budgetId)
        .where("organization_id", "=", pilot.municipality_id)
        .executeTakeFirst();
      if (!budget) throw new AppError("bad_request", "配分元の予算を選んでください。", { field: "budgetId" });
      const moved = await trx
        .updateTable("budget")
        .set({ allocated_yen: sql<string>`allocated_yen + ${input.amountYen}`, updated_at: new Date() })
        .where("id", "=", budget.id)
        .where(sql<boolean>`allocated_yen + ${input.amountYen} <= amount_yen`)
        .returning(["amount_yen", "allocated_yen"])
        .executeTakeFirst();
      if (!moved) {
        const now = await trx
          .selectFrom("budget")
          .select(["amount_yen", "allocated_yen"])
          .where("id", "=", budget.id)
          .executeTakeFirstOrThrow();
        const remaining = Number(now.amount_yen) - Number(now.allocated_yen);
        throw new AppError(
          "bad_request",
          `${fiscalYearLabel(budget.fiscal_year)}の予算の残額（${formatYenInText(remaining)}）を超えるため配分できません。`,
          { field: "amountYen" },
        );
      }
      const allocation = await trx
        .insertInto("allocation")
        .values({
          budget_id: budget.id,
          pilot_id: pilot.id,
          organization_id: pilot.municipality_id,
          amount_yen: input.amountYen,
          note: input.note,
          created_by: actor.userId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await appendLedgerEntry(trx, {
        organizationId: pilot.municipality_id,
        budgetId: budget.id,
        allocationId: allocation.id,
        pilotId: pilot.id,
        kind: "allocation",
        amountYen: input.amountYen,
        memo: input.note,
        userId: actor.userId,
      });
      await recordAudit(trx, {
        actor,
        organizationId: pilot.municipality_id,
        action: "allocation.create",
        entityType: "allocation",
        entityId: allocation.id,
        changes: {
          pilot_id: pilot.id,
          budget_id: budget.id,
          fiscal_year: budget.fiscal_year,
          amount_yen: { from: null, to: input.amountYen },
        },
      });
      return { allocationId: allocation.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "allocation_budget_pilot_key")) {
      throw new AppError("conflict", "この予算からはすでにこの実証に配分しています。配分額を変更してください。", {
        field: "budgetId",
      });
    }
    throw error;
  }
}

/** Raises or lowers an allocation: raising is guarded against the budget, lowering against the milestones scheduled. */
export async function changeAllocation(
  actor: MemberActor,
  pilotId: string,
  input: { allocationId: string; amountYen: number },
) {
  return inTransaction(async (trx) => {
    const { pilot } = await requireFundingManager(trx, actor, pilotId);
    const allocation = await trx
      .selectFrom("allocation")
      .selectAll()
      .where("id", "=", input.allocationId)
      .where("pilot_id", "=", pilot.id)
      .forUpdate()
      .executeTakeFirst();
    if (!allocation) throw new AppError("not_found", "配分が見つかりません。");
    const before = Number(allocation.amount_yen);
    const delta = input.amountYen - before;
    if (delta === 0) return { changed: false };
    if (input.amountYen < Number(allocation.scheduled_yen)) {
      throw new AppError(
        "bad_request",
        `配分額は支払予定の合計（${formatYenInText(Number(allocation.scheduled_yen))}）より少なくできません。`,
        { field: "amountYen" },
      );
    }
    const moved = await trx
      .updateTable("budget")
      .set({ allocated_yen: sql<string>`allocated_yen + ${delta}`, updated_at: new Date() })
      .where("id", "=", allocation.budget_id)
      .where(sql<boolean>`allocated_yen + ${delta} <= amount_yen`)
      .returning("id")
      .executeTakeFirst();
    if (!moved) {
      const budget = await trx
        .selectFrom("budget")
        .select(["amount_yen", "allocated_yen"])
        .where("id", "=", allocation.budget_id)
        .executeTakeFirstOrThrow();
      const remaining = Number(budget.amount_yen) - Number(budget.allocated_yen);
      throw new AppError("bad_request", `予算の残額（${formatYenInText(remaining)}）を超えるため増額できません。`, {
        field: "amountYen",
      });
    }
    await trx
      .updateTable("allocation")
      .set({ amount_yen: input.amountYen, updated_at: new Date() })
      .where("id", "=", allocation.id)
      .execute();
    await appendLedgerEntry(trx, {
      organizationId: pilot.municipality_id,
      budgetId: allocation.budget_id,
      allocationId: allocation.id,
      pilotId: pilot.id,
      kind: "allocation_change",
      amountYen: delta,
      memo: `配分額を${formatYenInText(before)}から${formatYenInText(input.amountYen)}に変更`,
      userId: actor.userId,
    });
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "allocation.change",
      entityType: "allocation",
      entityId: allocation.id,
      changes: { amount_yen: { from: before, to: input.amountYen } },
    });
    return { changed: true };
  });
}
