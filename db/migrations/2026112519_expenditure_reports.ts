import { sql, type Kysely } from "kysely";

// At most one expenditure report of a milestone is under review or approved at a time; returned ones stay as history.
// The submit command locks the milestone and checks first (a clear message); this index is the backstop for any path.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unique index expenditure_report_one_live_per_milestone
    on expenditure_report (milestone_id) where status in ('submitted', 'approved')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index expenditure_report_one_live_per_milestone`.execute(db);
}
