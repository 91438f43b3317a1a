import { sql, type Kysely } from "kysely";

// GIN's pending list keeps new entries unsorted until a vacuum merges them; PGlite never autovacuums, and searches
// over a long pending list were measured 100x slower (bench/pitches.ts). Pitches are written rarely and read often:
// insert straight into the index.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter index pitch_search_tokens_idx set (fastupdate = off)`.execute(db);
  await sql`select gin_clean_pending_list('pitch_search_tokens_idx'::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter index pitch_search_tokens_idx reset (fastupdate)`.execute(db);
}
