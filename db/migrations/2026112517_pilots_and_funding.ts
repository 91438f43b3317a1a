import { sql, type Kysely } from "kysely";

// A pilot (試行的実施) is what an accepted proposal becomes: the municipality and the company agree terms in versioned
// agreements, and the municipality funds it from its fiscal-year budgets through allocations and milestones.
//
// Money invariants live in CHECK constraints so that no code path can break them, and the guarded UPDATEs in the
// commands turn a would-be violation into a clear message:
//   budget:     0 <= allocated_yen <= amount_yen                    (migration 2026112515)
//   allocation: 0 <= disbursed_yen <= scheduled_yen <= amount_yen   (scheduled = live milestones' current amounts)
//   payment:    one per milestone (unique), so a milestone is paid at most once
// Ledger entries are append-only (a trigger refuses UPDATE, DELETE and TRUNCATE); corrections are reversing entries.
// A signed agreement version is immutable: once locked_at is set, a trigger refuses any UPDATE or DELETE.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pilot")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("proposal_id", "uuid", (c) => c.notNull().unique().references("proposal.id").onDelete("restrict"))
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id").onDelete("restrict"))
    .addColumn("municipality_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("company_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("agreement")
        .check(sql`status in ('agreement', 'running', 'completed', 'terminated')`),
    )
    .addColumn("signed_version_id", "uuid")
    .addColumn("started_at", "timestamptz")
    .addColumn("ended_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index pilot_municipality_idx on pilot (municipality_id, created_at desc)`.execute(db);
  await sql`create index pilot_company_idx on pilot (company_id, created_at desc)`.execute(db);
  await sql`create index pilot_pitch_idx on pilot (pitch_id)`.execute(db);

  await db.schema
    .createTable("pilot_agreement_version")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("cascade"))
    .addColumn("version_number", "integer", (c) => c.notNull().check(sql`version_number >= 1`))
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("change_note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(change_note) <= 1000`),
    )
    .addColumn("locked_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("pilot_agreement_version_number_key", ["pilot_id", "version_number"])
    .execute();
  await sql`
    alter table pilot add constraint pilot_signed_version_fk
    foreign key (signed_version_id) references pilot_agreement_version (id)`.execute(db);
  await sql`
    create function pilot_agreement_version_is_immutable_once_signed() returns trigger language plpgsql as $$
    begin
      if old.locked_at is not null then
        raise exception 'pilot_agreement_version % is signed and immutable', old.id using errcode = 'P0001';
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger pilot_agreement_version_immutable before update or delete on pilot_agreement_version
    for each row execute function pilot_agreement_version_is_immutable_once_signed()`.execute(db);

  await db.schema
    .createTable("pilot_agreement_signature")
    .addColumn("version_id", "uuid", (c) => c.notNull().references("pilot_agreement_version.id").onDelete("restrict"))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("cascade"))
    .addColumn("side", "text", (c) => c.notNull().check(sql`side in ('municipality', 'company')`))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("signed_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("signer_name", "text", (c) => c.notNull())
    .addColumn("signed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("pilot_agreement_signature_pkey", ["version_id", "side"])
    .execute();
  await sql`create index pilot_agreement_signature_pilot_idx on pilot_agreement_signature (pilot_id)`.execute(db);

  await db.schema
    .createTable("allocation")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("budget_id", "uuid", (c) => c.notNull().references("budget.id").onDelete("restrict"))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("restrict"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("amount_yen", "bigint", (c) => c.notNull().check(sql`amount_yen > 0`))
    .addColumn("scheduled_yen", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("disbursed_yen", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(note) <= 1000`),
    )
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("allocation_scheduled_within_amount", sql`scheduled_yen >= 0 and scheduled_yen <= amount_yen`)
    .addCheckConstraint(
      "allocation_disbursed_within_scheduled",
      sql`disbursed_yen >= 0 and disbursed_yen <= scheduled_yen`,
    )
    .addUniqueConstraint("allocation_budget_pilot_key", ["budget_id", "pilot_id"])
    .execute();
  await sql`create index allocation_pilot_idx on allocation (pilot_id)`.execute(db);
  await sql`create index allocation_organization_idx on allocation (organization_id, created_at desc)`.execute(db);

  await db.schema
    .createTable("milestone")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("allocation_id", "uuid", (c) => c.notNull().references("allocation.id").onDelete("restrict"))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("restrict"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn("due_date", "date", (c) => c.notNull())
    .addColumn("original_amount_yen", "bigint", (c) => c.notNull().check(sql`original_amount_yen > 0`))
    .addColumn("amount_yen", "bigint", (c) => c.notNull().check(sql`amount_yen > 0`))
    .addColumn("requires_report", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("scheduled")
        .check(sql`status in ('scheduled', 'approved', 'paid', 'returned', 'cancelled')`),
    )
    .addColumn("status_reason", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(status_reason) <= 1000`),
    )
    .addColumn("approved_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("approved_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index milestone_pilot_idx on milestone (pilot_id, due_date, created_at)`.execute(db);
  await sql`create index milestone_allocation_idx on milestone (allocation_id)`.execute(db);

  await db.schema
    .createTable("milestone_payment")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("milestone_id", "uuid", (c) => c.notNull().unique().references("milestone.id").onDelete("restrict"))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("restrict"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method in ('bank_transfer', 'stripe')`))
    .addColumn("amount_yen", "bigint", (c) => c.notNull().check(sql`amount_yen > 0`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'paid', 'returned', 'failed')`))
    .addColumn("reference", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(reference) <= 200`),
    )
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("stripe_transfer_id", "text", (c) => c.unique())
    .addColumn("failure_reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("recorded_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("paid_at", "timestamptz")
    .addColumn("returned_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index milestone_payment_pilot_idx on milestone_payment (pilot_id)`.execute(db);

  await db.schema
    .createTable("ledger_entry")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("budget_id", "uuid", (c) => c.notNull().references("budget.id"))
    .addColumn("allocation_id", "uuid", (c) => c.references("allocation.id"))
    .addColumn("pilot_id", "uuid", (c) => c.references("pilot.id"))
    .addColumn("milestone_id", "uuid", (c) => c.references("milestone.id"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('allocation', 'allocation_change', 'disbursement', 'return')`),
    )
    .addColumn("amount_yen", "bigint", (c) => c.notNull().check(sql`amount_yen <> 0`))
    .addColumn("memo", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index ledger_entry_budget_idx on ledger_entry (budget_id, id)`.execute(db);
  await sql`create index ledger_entry_pilot_idx on ledger_entry (pilot_id, id)`.execute(db);
  await sql`
    create function ledger_entry_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'ledger_entry is append-only: record a reversing entry instead';
    end $$`.execute(db);
  await sql`
    create trigger ledger_entry_append_only before update or delete on ledger_entry
    for each row execute function ledger_entry_is_append_only()`.execute(db);
  await sql`
    create trigger ledger_entry_no_truncate before truncate on ledger_entry
    for each statement execute function ledger_entry_is_append_only()`.execute(db);

  await db.schema
    .createTable("stripe_account")
    .addColumn("organization_id", "uuid", (c) => c.primaryKey().references("organization.id").onDelete("cascade"))
    .addColumn("account_id", "text", (c) => c.notNull().unique())
    .addColumn("details_submitted", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("payouts_enabled", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("last_event_created", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("stripe_event")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("event_created", "bigint", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("expenditure_report")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("milestone_id", "uuid", (c) => c.notNull().references("milestone.id").onDelete("restrict"))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("restrict"))
    .addColumn("company_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("submitted")
        .check(sql`status in ('submitted', 'approved', 'returned')`),
    )
    .addColumn("narrative", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(narrative) <= 4000`),
    )
    .addColumn("total_yen", "bigint", (c) => c.notNull().check(sql`total_yen >= 0`))
    .addColumn("submitted_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("submitted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("reviewed_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("reviewed_at", "timestamptz")
    .addColumn("review_comment", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(review_comment) <= 2000`),
    )
    .execute();
  await sql`create index expenditure_report_milestone_idx on expenditure_report (milestone_id, submitted_at desc)`.execute(
    db,
  );
  await sql`create index expenditure_report_pilot_idx on expenditure_report (pilot_id, submitted_at desc)`.execute(db);

  await db.schema
    .createTable("expenditure_item")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("report_id", "uuid", (c) => c.notNull().references("expenditure_report.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().check(sql`char_length(description) between 1 and 200`))
    .addColumn("amount_yen", "bigint", (c) => c.notNull().check(sql`amount_yen >= 0`))
    .addUniqueConstraint("expenditure_item_position_key", ["report_id", "position"])
    .execute();

  await db.schema
    .createTable("expenditure_receipt")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("report_id", "uuid", (c) => c.notNull().references("expenditure_report.id").onDelete("cascade"))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilot.id").onDelete("restrict"))
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
  await sql`create index expenditure_receipt_report_idx on expenditure_receipt (report_id, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("expenditure_receipt").execute();
  await db.schema.dropTable("expenditure_item").execute();
  await db.schema.dropTable("expenditure_report").execute();
  await db.schema.dropTable("stripe_event").execute();
  await db.schema.dropTable("stripe_account").execute();
  await sql`drop table ledger_entry`.execute(db);
  await sql`drop function ledger_entry_is_append_only`.execute(db);
  await db.schema.dropTable("milestone_payment").execute();
  await db.schema.dropTable("milestone").execute();
  await db.schema.dropTable("allocation").execute();
  await db.schema.dropTable("pilot_agreement_signature").execute();
  await sql`alter table pilot drop constraint pilot_signed_version_fk`.execute(db);
  await sql`drop table pilot_agreement_version`.execute(db);
  await sql`drop function pilot_agreement_version_is_immutable_once_signed`.execute(db);
  await db.schema.dropTable("pilot").execute();
}
