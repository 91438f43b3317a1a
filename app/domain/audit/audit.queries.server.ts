import { db } from "~/lib/db.server";

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, keyset-paginated by id. `organizationId` undefined means every organisation (operators). */
export async function listAuditEntries(options: { organizationId?: string; before?: string }) {
  let query = db()
    .selectFrom("audit_log")
    .leftJoin("app_user", "app_user.id", "audit_log.actor_user_id")
    .leftJoin("organization", "organization.id", "audit_log.organization_id")
    .select(["audit_log.id", "audit_log.occurred_at", "audit_log.action", "audit_log.entity_type"])
    .select(["audit_log.entity_id", "audit_log.changes", "app_user.display_name as actor_name"])
    .select(["app_user.email as actor_email", "organization.name as organization_name"]);
  if (options.organizationId !== undefined)
    query = query.where("audit_log.organization_id", "=", options.organizationId);
  if (options.before) query = query.where("audit_log.id", "<", options.before);
  const rows = await query
    .orderBy("audit_log.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1)
    .execute();
  return {
    rows: rows.slice(0, AUDIT_PAGE_SIZE),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1].id : null,
  };
}
