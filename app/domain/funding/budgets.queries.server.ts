// Budgets, read side: the municipality's budgets per fiscal year with what is allocated and the standard amount.
import { type MemberActor, assertCan } from "~/auth/permissions";
import { db } from "~/lib/db.server";
import { standardAmountForOrganization } from "./standard-amount.queries.server";

export interface BudgetRow {
  id: string;
  fiscalYear: number;
  amountYen: number;
  allocatedYen: number;
  remainingYen: number;
  note: string;
  updatedAt: string;
  updatedByName: string | null;
}

/** The actor's organisation's budgets, newest fiscal year first, with its standard amount. */
export async function listBudgets(actor: MemberActor, options: { memberMunicipalities?: number } = {}) {
  assertCan(actor, { action: "budget.view", organizationId: actor.membership.organizationId });
  const organizationId = actor.membership.organizationId;
  const rows = await db()
    .selectFrom("budget as b")
    .leftJoin("app_user as u", "u.id", "b.updated_by")
    .select(["b.id", "b.fiscal_year", "b.amount_yen", "b.allocated_yen", "b.note", "b.updated_at"])
    .select(["u.display_name as updated_by_name"])
    .where("b.organization_id", "=", organizationId)
    .orderBy("b.fiscal_year", "desc")
    .execute();
  const budgets: BudgetRow[] = rows.map((r) => ({
    id: r.id,
    fiscalYear: r.fiscal_year,
    amountYen: Number(r.amount_yen),
    allocatedYen: Number(r.allocated_yen),
    remainingYen: Number(r.amount_yen) - Number(r.allocated_yen),
    note: r.note,
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedByName: r.updated_by_name ?? null,
  }));
  const standard = await standardAmountForOrganization(db(), organizationId, options.memberMunicipalities);
  return { budgets, standard };
}
