import type { Executor } from "@db/database.server";
import type { Actor } from "~/auth/permissions";

export interface AuditEntry {
  actor: Pick<Actor, "userId" | "membership"> | null;
  organizationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes?: Record<string, unknown>;
}

/** Appends one audit row. Call it with the same transaction as the change it records. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor
    .insertInto("audit_log")
    .values({
      actor_user_id: entry.actor?.userId ?? null,
      actor_organization_id: entry.actor?.membership?.organizationId ?? null,
      organization_id: entry.organizationId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      changes: JSON.stringify(entry.changes ?? {}),
    })
    .execute();
}

/** { field: { from, to } } for the fields whose value changed. */
export function changedFields<T extends Record<string, unknown>>(
  before: Partial<T>,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}
