import { sql, type Kysely } from "kysely";

// UPDATE and DELETE were refused row by row; TRUNCATE bypasses row triggers and needs a statement trigger.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
}
