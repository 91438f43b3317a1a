import { sql, type Kysely } from "kysely";

// A municipality's budget for a fiscal year (April to March). Money is integer yen. allocated_yen is what has been
// allocated to pilots; allocations (a later slice) move it atomically and the checks keep it within the ceiling.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("budget")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("fiscal_year", "smallint", (c) => c.notNull().check(sql`fiscal_year between 2019 and 2100`))
    .addColumn("amount_yen", "bigint", (c) => c.notNull().check(sql`amount_yen >= 0`))
    .addColumn("allocated_yen", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(note) <= 1000`),
    )
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("updated_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("budget_allocated_within_amount", sql`allocated_yen >= 0 and allocated_yen <= amount_yen`)
    .addUniqueConstraint("budget_organization_fiscal_year_key", ["organization_id", "fiscal_year"])
    .execute();
  await sql`create index budget_organization_year_idx on budget (organization_id, fiscal_year desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("budget").execute();
}
