import { sql, type Kysely } from "kysely";

// Proposals: a company's answer to one revision of a pitch. Confidential: only the company and the pitch owner read
// them (operators for moderation, audited). A submitted proposal keeps a snapshot of every submission.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pitch add column allows_multiple_matches boolean not null default false`.execute(db);

  await db.schema
    .createTable("proposal")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    // The pitch's owner, copied so that every confidential query is scoped by an organisation without a join.
    .addColumn("pitch_organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("pitch_revision_number", "integer", (c) => c.notNull().check(sql`pitch_revision_number >= 1`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'submitted', 'withdrawn')`),
    )
    .addColumn("title", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(title) <= 200`),
    )
    .addColumn("understanding", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("approach", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("resident_participation", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("implementation_plan", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("schedule", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("team", "text", (c) => c.notNull().defaultTo(""))
    // [{ indicatorCode, name, target, unit }]
    .addColumn("kpis", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // [{ label, amountYen }]
    .addColumn("cost_items", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("total_cost_yen", "bigint", (c) => c.check(sql`total_cost_yen >= 0`))
    .addColumn("requested_funding_yen", "bigint", (c) => c.check(sql`requested_funding_yen >= 0`))
    .addColumn("co_funding_explanation", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("company_contribution", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("references_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("revision_number", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("eligibility_attested_at", "timestamptz")
    .addColumn("eligibility_attested_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("withdrawn_at", "timestamptz")
    .addColumn("withdrawal_reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("shortlisted_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One active (not withdrawn) proposal per company per pitch.
  await sql`create unique index proposal_one_active_uq on proposal (pitch_id, organization_id) where status <> 'withdrawn'`.execute(
    db,
  );
  await db.schema
    .createIndex("proposal_pitch_idx")
    .on("proposal")
    .columns(["pitch_id", "status", "submitted_at"])
    .execute();
  await db.schema
    .createIndex("proposal_organization_idx")
    .on("proposal")
    .columns(["organization_id", "updated_at"])
    .execute();
  await db.schema
    .createIndex("proposal_pitch_owner_idx")
    .on("proposal")
    .columns(["pitch_organization_id", "status"])
    .execute();

  await db.schema
    .createTable("proposal_revision")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposal.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull().check(sql`number >= 1`))
    .addColumn("pitch_revision_number", "integer", (c) => c.notNull())
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("proposal_revision_number_uq", ["proposal_id", "number"])
    .execute();

  // Messages of the negotiation thread (both sides) and their attachments share this table with the proposal's own.
  await db.schema
    .createTable("proposal_message")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposal.id").onDelete("cascade"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("sender_id", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) between 1 and 4000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("proposal_message_proposal_idx")
    .on("proposal_message")
    .columns(["proposal_id", "created_at"])
    .execute();

  await db.schema
    .createTable("proposal_thread_read")
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposal.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("read_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("proposal_thread_read_pkey", ["proposal_id", "user_id"])
    .execute();

  await db.schema
    .createTable("proposal_attachment")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposal.id").onDelete("cascade"))
    .addColumn("message_id", "uuid", (c) => c.references("proposal_message.id").onDelete("cascade"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) =>
      c.notNull().check(sql`content_type in ('application/pdf', 'image/png', 'image/jpeg')`),
    )
    .addColumn("size_bytes", "integer", (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn("storage_key", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("proposal_attachment_proposal_idx")
    .on("proposal_attachment")
    .columns(["proposal_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("proposal_attachment_message_idx")
    .on("proposal_attachment")
    .column("message_id")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("proposal_attachment").execute();
  await db.schema.dropTable("proposal_thread_read").execute();
  await db.schema.dropTable("proposal_message").execute();
  await db.schema.dropTable("proposal_revision").execute();
  await db.schema.dropTable("proposal").execute();
  await sql`alter table pitch drop column allows_multiple_matches`.execute(db);
}
