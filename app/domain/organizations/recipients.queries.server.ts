// Who to tell: the members of an organisation (optionally only its admins) with what notifications and e-mails need.
import type { Executor } from "@db/database.server";

export async function membersOf(ex: Executor, organizationId: string, role?: "admin") {
  let query = ex
    .selectFrom("membership")
    .innerJoin("app_user", "app_user.id", "membership.user_id")
    .select(["app_user.id", "app_user.email", "app_user.display_name"])
    .where("membership.organization_id", "=", organizationId);
  if (role) query = query.where("membership.role", "=", role);
  return query.orderBy("app_user.id").execute();
}

export async function organizationName(ex: Executor, organizationId: string): Promise<string> {
  const row = await ex.selectFrom("organization").select("name").where("id", "=", organizationId).executeTakeFirst();
  return row?.name ?? "";
}
