import { sql, type Kysely } from "kysely";

// Outcomes (issue 6): a pilot's KPIs (from its agreement, mapped to seed 002's indicator catalog or custom), periodic
// outcome reports with values per KPI and aggregate participant counts (never personal data), photos, the close-out
// with its reflection and result, adoption by other municipalities (横展開), the annual self-evaluation of the 実施要綱,
// and case studies published with both parties' consent.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pilot_kpi")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("indicator_code", "text")
    .addColumn("name", "text", (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
    .addColumn("definition", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(definition) <= 2000`),
    )
    .addColumn("unit", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(unit) <= 50`),
    )
    .addColumn("baseline", "numeric")
    .addColumn("target", "numeric")
    .addColumn("direction", "text", (c) =>
      c
        .notNull()
        .defaultTo("increase")
        .check(sql`direction in ('increase', 'decrease', 'maintain')`),
    )
    .addColumn("frequency", "text", (c) =>
      c
        .notNull()
        .defaultTo("quarterly")
        .check(sql`frequency in ('monthly', 'quarterly')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("pilot_kpi_position_key", ["pilot_id", "position"])
    .execute();

  await db.schema
    .createTable("outcome_report")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("cascade"))
    .addColumn("period_start", "date", (c) => c.notNull())
    .addColumn("period_end", "date", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'submitted', 'approved', 'returned')`),
    )
    .addColumn("author_side", "text", (c) => c.notNull().check(sql`author_side in ('company', 'municipality')`))
    .addColumn("participants_total", "integer", (c) => c.check(sql`participants_total >= 0`))
    .addColumn("participants_new", "integer", (c) => c.check(sql`participants_new >= 0`))
    .addColumn("participants_75_plus", "integer", (c) => c.check(sql`participants_75_plus >= 0`))
    .addColumn("narrative", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(narrative) <= 8000`),
    )
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("submitted_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("reviewed_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("reviewed_at", "timestamptz")
    .addColumn("review_comment", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(review_comment) <= 2000`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("outcome_report_period_order", sql`period_end >= period_start`)
    .addUniqueConstraint("outcome_report_period_key", ["pilot_id", "period_start"])
    .execute();
  await sql`create index outcome_report_status_idx on outcome_report (status, pilot_id)`.execute(db);

  await db.schema
    .createTable("outcome_value")
    .addColumn("report_id", "uuid", (c) => c.notNull().references("outcome_report.id").onDelete("cascade"))
    .addColumn("kpi_id", "uuid", (c) => c.notNull().references("pilot_kpi.id").onDelete("cascade"))
    .addColumn("value", "numeric", (c) => c.notNull())
    .addColumn("note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(note) <= 1000`),
    )
    .addPrimaryKeyConstraint("outcome_value_pkey", ["report_id", "kpi_id"])
    .execute();
  await sql`create index outcome_value_kpi_idx on outcome_value (kpi_id)`.execute(db);

  await db.schema
    .createTable("outcome_photo")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("report_id", "uuid", (c) => c.notNull().references("outcome_report.id").onDelete("cascade"))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("cascade"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull().check(sql`content_type in ('image/png', 'image/jpeg')`))
    .addColumn("size_bytes", "integer", (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn("storage_key", "text", (c) => c.notNull().unique())
    .addColumn("caption", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(caption) <= 200`),
    )
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index outcome_photo_report_idx on outcome_photo (report_id, created_at)`.execute(db);

  await db.schema
    .createTable("pilot_closeout")
    .addColumn("pilot_id", "uuid", (c) => c.primaryKey().references("pilot.id").onDelete("cascade"))
    .addColumn("result", "text", (c) =>
      c.notNull().check(sql`result in ('self_sustaining', 'full_implementation', 'under_consideration', 'ended')`),
    )
    .addColumn("final_report", "text", (c) => c.notNull().check(sql`char_length(final_report) <= 8000`))
    .addColumn("what_worked", "text", (c) => c.notNull().check(sql`char_length(what_worked) <= 4000`))
    .addColumn("what_did_not_work", "text", (c) => c.notNull().check(sql`char_length(what_did_not_work) <= 4000`))
    .addColumn("next_step", "text", (c) => c.notNull().check(sql`char_length(next_step) <= 4000`))
    .addColumn("budgeted_next_year", "boolean")
    .addColumn("budgeted_note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(budgeted_note) <= 1000`),
    )
    .addColumn("next_pitch_id", "uuid", (c) => c.references("pitch.id").onDelete("set null"))
    .addColumn("closed_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("closed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("pilot_adoption")
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("cascade"))
    .addColumn("municipality_code", "text", (c) => c.notNull().references("municipality.code"))
    .addColumn("note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(note) <= 1000`),
    )
    .addColumn("recorded_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("pilot_adoption_pkey", ["pilot_id", "municipality_code"])
    .execute();

  await db.schema
    .createTable("self_evaluation")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("fiscal_year", "smallint", (c) => c.notNull().check(sql`fiscal_year between 2019 and 2100`))
    .addColumn("indicator_code", "text", (c) => c.notNull())
    .addColumn("rating", "smallint", (c) => c.notNull().check(sql`rating between 1 and 4`))
    .addColumn("reasons", "text", (c) => c.notNull().check(sql`char_length(reasons) between 1 and 4000`))
    .addColumn("updated_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("self_evaluation_key", ["organization_id", "fiscal_year", "indicator_code"])
    .execute();

  await db.schema
    .createTable("case_study")
    .addColumn("pilot_id", "uuid", (c) => c.primaryKey().references("pilot.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn("problem", "text", (c) => c.notNull().check(sql`char_length(problem) <= 4000`))
    .addColumn("solution", "text", (c) => c.notNull().check(sql`char_length(solution) <= 4000`))
    .addColumn("results", "text", (c) => c.notNull().check(sql`char_length(results) <= 4000`))
    .addColumn("municipality_consent_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("municipality_consent_at", "timestamptz")
    .addColumn("company_consent_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("company_consent_at", "timestamptz")
    .addColumn("published_at", "timestamptz")
    .addColumn("withdrawn_at", "timestamptz")
    .addColumn("updated_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "case_study_published_with_consent",
      sql`published_at is null or (municipality_consent_at is not null and company_consent_at is not null)`,
    )
    .execute();
  await sql`create index case_study_published_idx on case_study (published_at desc) where published_at is not null and withdrawn_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "case_study",
    "self_evaluation",
    "pilot_adoption",
    "pilot_closeout",
    "outcome_photo",
    "outcome_value",
    "outcome_report",
    "pilot_kpi",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
