import { sql, type Kysely } from "kysely";

// Pitch events (ガバメントピッチ rounds) of a regional bureau: invitations of municipalities in its jurisdiction,
// the pitches they enter (reviewed by the bureau before they are shown), and companies' registrations of interest.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pitch_event")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("bureau_id", "text", (c) => c.notNull().references("regional_bureau.id"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn("description", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(description) <= 4000`),
    )
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull().check(sql`format in ('online', 'venue')`))
    .addColumn("location", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(location) <= 500`),
    )
    .addColumn("application_starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("application_ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'published', 'cancelled')`),
    )
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("pitch_event_application_period", sql`application_starts_at < application_ends_at`)
    .execute();
  await db.schema
    .createIndex("pitch_event_organization_idx")
    .on("pitch_event")
    .columns(["organization_id", "starts_at"])
    .execute();
  await sql`create index pitch_event_public_idx on pitch_event (starts_at) where status = 'published'`.execute(db);

  await db.schema
    .createTable("pitch_event_invitation")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("event_id", "uuid", (c) => c.notNull().references("pitch_event.id").onDelete("cascade"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("invited_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("pitch_event_invitation_unique", ["event_id", "organization_id"])
    .execute();
  await db.schema
    .createIndex("pitch_event_invitation_organization_idx")
    .on("pitch_event_invitation")
    .columns(["organization_id", "event_id"])
    .execute();

  await db.schema
    .createTable("pitch_event_entry")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("event_id", "uuid", (c) => c.notNull().references("pitch_event.id").onDelete("cascade"))
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id").onDelete("cascade"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("submitted")
        .check(sql`status in ('submitted', 'approved', 'changes_requested', 'withdrawn')`),
    )
    .addColumn("review_message", "text", (c) =>
      c.check(sql`review_message is null or char_length(review_message) between 1 and 2000`),
    )
    .addColumn("reviewed_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("reviewed_at", "timestamptz")
    .addColumn("submitted_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("submitted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("pitch_event_entry_unique", ["event_id", "pitch_id"])
    .execute();
  await db.schema
    .createIndex("pitch_event_entry_event_status_idx")
    .on("pitch_event_entry")
    .columns(["event_id", "status"])
    .execute();
  await db.schema
    .createIndex("pitch_event_entry_organization_idx")
    .on("pitch_event_entry")
    .columns(["organization_id", "event_id"])
    .execute();
  await db.schema.createIndex("pitch_event_entry_pitch_idx").on("pitch_event_entry").column("pitch_id").execute();

  await db.schema
    .createTable("pitch_event_interest")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("event_id", "uuid", (c) => c.notNull().references("pitch_event.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("pitch_event_interest_unique", ["event_id", "user_id"])
    .execute();
  await db.schema.createIndex("pitch_event_interest_user_idx").on("pitch_event_interest").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pitch_event_interest").execute();
  await db.schema.dropTable("pitch_event_entry").execute();
  await db.schema.dropTable("pitch_event_invitation").execute();
  await db.schema.dropTable("pitch_event").execute();
}
