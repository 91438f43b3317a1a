import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pitch")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("municipality_code", "char(6)", (c) => c.notNull().references("municipality.code"))
    .addColumn("prefecture_code", "smallint", (c) => c.notNull().references("prefecture.code"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('draft', 'published', 'closed', 'matched', 'not_matched', 'archived')`),
    )
    .addColumn("revision_number", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("vision", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("current_situation", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("population", "integer")
    .addColumn("aging_rate_percent", "numeric(4, 1)")
    .addColumn("certification_rate_percent", "numeric(4, 1)")
    .addColumn("problem", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("problem_evidence", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("target_people", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("target_states", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("themes", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("layer", "text", (c) => c.check(sql`layer in ('layer1', 'layer2')`))
    .addColumn("area_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("tried_so_far", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("partner_wanted", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("solution_wanted", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("resources_offered", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("budget_ceiling_yen", "bigint", (c) => c.check(sql`budget_ceiling_yen >= 0`))
    .addColumn("pilot_start_on", "date")
    .addColumn("pilot_end_on", "date")
    .addColumn("indicators", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("proposal_deadline", "timestamptz")
    .addColumn("contact_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_email", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_phone", "text", (c) => c.notNull().defaultTo(""))
    // Character unigrams and bigrams of the public text (see app/domain/search): identical on PGlite and PostgreSQL.
    .addColumn("search_tokens", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("published_at", "timestamptz")
    .addColumn("reconfirmed_at", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "pitch_pilot_period",
      sql`pilot_end_on is null or pilot_start_on is null or pilot_end_on >= pilot_start_on`,
    )
    .execute();
  await db.schema
    .createIndex("pitch_organization_idx")
    .on("pitch")
    .columns(["organization_id", "updated_at"])
    .execute();
  await db.schema.createIndex("pitch_status_published_idx").on("pitch").columns(["status", "published_at"]).execute();
  await db.schema
    .createIndex("pitch_status_deadline_idx")
    .on("pitch")
    .columns(["status", "proposal_deadline"])
    .execute();
  await db.schema
    .createIndex("pitch_status_budget_idx")
    .on("pitch")
    .columns(["status", "budget_ceiling_yen"])
    .execute();
  await db.schema.createIndex("pitch_prefecture_idx").on("pitch").columns(["prefecture_code", "status"]).execute();
  await sql`create index pitch_search_tokens_idx on pitch using gin (search_tokens)`.execute(db);
  await sql`create index pitch_themes_idx on pitch using gin (themes)`.execute(db);
  await sql`create index pitch_target_states_idx on pitch using gin (target_states)`.execute(db);

  // Every publication of a pitch is kept: what companies saw, when, and why it changed.
  await db.schema
    .createTable("pitch_revision")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull().check(sql`number >= 1`))
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("change_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("pitch_revision_number_uq", ["pitch_id", "number"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pitch_revision").execute();
  await db.schema.dropTable("pitch").execute();
}
