import type { Kysely } from "kysely";

// Failed sign-ins lock an account for a period that starts at the failure that reached the limit, not at the first
// failure of the window: the lock has its own end.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("rate_limit").addColumn("locked_until", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("rate_limit").dropColumn("locked_until").execute();
}
