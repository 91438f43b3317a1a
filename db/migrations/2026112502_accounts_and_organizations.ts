import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("app_user")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Only a SHA-256 hash of the session token is stored; the token itself lives in the cookie.
  await db.schema
    .createTable("user_session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("user_session_user_idx").on("user_session").column("user_id").execute();

  await db.schema
    .createTable("organization")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('municipality', 'company', 'bureau', 'operator')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("municipality_code", "char(6)", (c) => c.references("municipality.code"))
    .addColumn("corporate_number", "char(13)")
    .addColumn("bureau_id", "text", (c) => c.references("regional_bureau.id"))
    .addColumn("verification_status", "text", (c) =>
      c.notNull().check(sql`verification_status in ('unverified', 'verified', 'rejected')`),
    )
    .addColumn("verification_note", "text")
    .addColumn("verified_at", "timestamptz")
    .addColumn("verified_by", "uuid", (c) => c.references("app_user.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "organization_kind_fields",
      sql`(kind = 'municipality' and municipality_code is not null and corporate_number is null and bureau_id is null)
       or (kind = 'company' and corporate_number is not null and municipality_code is null and bureau_id is null)
       or (kind = 'bureau' and bureau_id is not null and municipality_code is null and corporate_number is null)
       or (kind = 'operator' and municipality_code is null and corporate_number is null and bureau_id is null)`,
    )
    .execute();
  await db.schema
    .createIndex("organization_municipality_uq")
    .on("organization")
    .column("municipality_code")
    .unique()
    .execute();
  await db.schema
    .createIndex("organization_corporate_number_uq")
    .on("organization")
    .column("corporate_number")
    .unique()
    .execute();
  await db.schema.createIndex("organization_bureau_uq").on("organization").column("bureau_id").unique().execute();
  await db.schema
    .createIndex("organization_kind_status_idx")
    .on("organization")
    .columns(["verification_status", "created_at"])
    .execute();

  // A user belongs to at most one organisation.
  await db.schema
    .createTable("membership")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("app_user.id").onDelete("cascade"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("membership_organization_idx")
    .on("membership")
    .columns(["organization_id", "created_at"])
    .execute();

  await db.schema
    .createTable("invitation")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("invitation_organization_idx")
    .on("invitation")
    .columns(["organization_id", "created_at"])
    .execute();

  await db.schema
    .createTable("password_reset_token")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("password_reset_token_user_idx").on("password_reset_token").column("user_id").execute();

  await db.schema
    .createTable("rate_limit")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("window_started_at", "timestamptz", (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "rate_limit",
    "password_reset_token",
    "invitation",
    "membership",
    "organization",
    "user_session",
    "app_user",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
