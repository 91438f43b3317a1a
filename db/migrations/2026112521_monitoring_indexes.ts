import { sql, type Kysely } from "kysely";

// Indexes for the regional bureau's monitoring (app/domain/monitoring/counters.server.ts):
// - pitch_published_idx: the cohort of a fiscal year, "published_at in [April 1, next April 1) and prefecture in the
//   jurisdiction" (the funnel and the KPI queries); the existing (status, published_at) index needs a status.
// - budget_fiscal_year_idx: the budgets of one fiscal year across municipalities (the funding query); the existing
//   index leads with organization_id.
// - allocation_budget_idx: the allocations drawn from a budget (the funding query's per-budget sums); allocations
//   were indexed by pilot and by organisation only.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index pitch_published_idx on pitch (published_at, prefecture_code) where published_at is not null`.execute(
    db,
  );
  await sql`create index budget_fiscal_year_idx on budget (fiscal_year, organization_id)`.execute(db);
  await sql`create index allocation_budget_idx on allocation (budget_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index allocation_budget_idx`.execute(db);
  await sql`drop index budget_fiscal_year_idx`.execute(db);
  await sql`drop index pitch_published_idx`.execute(db);
}
