// The ledger: every money movement of a budget, append-only (a database trigger refuses UPDATE and DELETE).
// Amounts are signed yen from the budget's point of view: an allocation or a disbursement is positive, a reduction or
// a return is negative, so that each column of the ledgers is a plain sum.
import type { LedgerEntryKind } from "@db/schema";
import type { Executor } from "@db/database.server";

export interface LedgerEntryInput {
  organizationId: string;
  budgetId: string;
  allocationId: string;
  pilotId: string;
  milestoneId?: string | null;
  kind: LedgerEntryKind;
  amountYen: number;
  memo?: string;
  userId: string | null;
  at?: Date;
}

export async function appendLedgerEntry(ex: Executor, entry: LedgerEntryInput): Promise<void> {
  await ex
    .insertInto("ledger_entry")
    .values({
      organization_id: entry.organizationId,
      budget_id: entry.budgetId,
      allocation_id: entry.allocationId,
      pilot_id: entry.pilotId,
      milestone_id: entry.milestoneId ?? null,
      kind: entry.kind,
      amount_yen: entry.amountYen,
      memo: (entry.memo ?? "").slice(0, 500),
      created_by: entry.userId,
      ...(entry.at ? { created_at: entry.at } : {}),
    })
    .execute();
}
