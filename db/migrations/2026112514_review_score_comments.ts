import { sql, type Kysely } from "kysely";

// A reviewer's optional comment on each criterion score (shown to the other reviewers once they have submitted, and
// in the selection record).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table proposal_review_score add column comment text not null default '' check (char_length(comment) <= 1000)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table proposal_review_score drop column comment`.execute(db);
}
