// Municipal budgets per fiscal year: members read their own organisation's budgets, verified admins create and change
// them. Every change is one transaction with its audit row. Queries are scoped to the actor's organisation: another
// organisation's budget id is "not found", exactly like an id that does not exist.
import { type MemberActor, assertCan } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { changedFields, recordAudit } from "~/domain/audit/audit.commands.server";
import { inTransaction } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors";
import { AppError } from "~/lib/errors";
import type { CreateBudgetInput, UpdateBudgetInput } from "./budgets.schema";
import { formatYenInText } from "~/lib/format";

const budgetNotFound = () => new AppError("not_found", "予算が見つかりません。");

function requireManager(actor: MemberActor) {
  assertCan(actor, { action: "budget.manage", organizationId: actor.membership.organizationId });
}

export async function createBudget(actor: MemberActor, input: CreateBudgetInput) {
  requireManager(actor);
  const organizationId = actor.membership.organizationId;
  try {
    return await inTransaction(async (trx) => {
      const created = await trx
        .insertInto("budget")
        .values({
          organization_id: organizationId,
          fiscal_year: input.fiscalYear,
          amount_yen: input.amountYen,
          note: input.note,
          created_by: actor.userId,
          updated_by: actor.userId,
        })
        .returning(["id"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        organizationId,
        action: "budget.create",
        entityType: "budget",
        entityId: created.id,
        changes: changedFields<Record<string, unknown>>(
          {},
          { fiscal_year: input.fiscalYear, amount_yen: input.amountYen, note: input.note },
          ["fiscal_year", "amount_yen", "note"],
        ),
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error, "budget_organization_fiscal_year_key")) {
      throw new AppError("conflict", "この年度の予算はすでに登録されています。一覧から金額を変更してください。", {
        field: "fiscalYear",
      });
    }
    throw error;
  }
}

async function lockOwnBudget(trx: Executor, organizationId: string, budgetId: string) {
  const row = await trx
    .selectFrom("budget")
    .selectAll()
    .where("id", "=", budgetId)
    .where("organization_id", "=", organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw budgetNotFound();
  return row;
}

export async function updateBudget(actor: MemberActor, input: UpdateBudgetInput) {
  requireManager(actor);
  const organizationId = actor.membership.organizationId;
  return inTransaction(async (trx) => {
    const before = await lockOwnBudget(trx, organizationId, input.budgetId);
    const allocated = Number(before.allocated_yen);
    if (input.amountYen < allocated) {
      throw new AppError(
        "bad_request",
        `予算額は配分済みの合計（${formatYenInText(allocated)}）より少なくできません。`,
        { field: "amountYen" },
      );
    }
    const changes = changedFields<Record<string, unknown>>(
      { amount_yen: Number(before.amount_yen), note: before.note },
      { amount_yen: input.amountYen, note: input.note },
      ["amount_yen", "note"],
    );
    if (Object.keys(changes).length === 0) return { id: before.id, changed: false };
    await trx
      .updateTable("budget")
      .set({ amount_yen: input.amountYen, note: input.note, updated_by: actor.userId, updated_at: new Date() })
      .where("id", "=", before.id)
      .where("organization_id", "=", organizationId)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId,
      action: "budget.update",
      entityType: "budget",
      entityId: before.id,
      changes: { fiscal_year: before.fiscal_year, ...changes },
    });
    return { id: before.id, changed: true };
  });
}
