import { sql, type Kysely } from "kysely";

// The periodic reminders look up "already told" by kind and link (and user): an index instead of a scan of every
// notification ever sent.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index notification_kind_link_idx on notification (kind, link_path, user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index notification_kind_link_idx`.execute(db);
}
