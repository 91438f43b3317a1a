import { sql, type Kysely } from "kysely";

// A company's public profile: what it does, where and for which themes. Its track record is not stored here: it is
// counted from the company's matches and pilots on the platform.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("company_profile")
    .addColumn("organization_id", "uuid", (c) => c.primaryKey().references("organization.id").onDelete("cascade"))
    .addColumn("summary", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(summary) <= 2000`),
    )
    .addColumn("industries", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("serves_nationwide", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("prefecture_codes", sql`smallint[]`, (c) => c.notNull().defaultTo(sql`'{}'::smallint[]`))
    .addColumn("themes", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("products", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(products) <= 4000`),
    )
    .addColumn("website_url", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`website_url = '' or website_url ~ '^https?://'`),
    )
    .addColumn("contact_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_email", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_phone", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("logo_storage_key", "text", (c) => c.unique())
    .addColumn("logo_content_type", "text", (c) =>
      c.check(sql`logo_content_type is null or logo_content_type in ('image/png', 'image/jpeg')`),
    )
    .addColumn("published", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("updated_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index company_profile_themes_idx on company_profile using gin (themes)`.execute(db);
  await sql`create index company_profile_prefectures_idx on company_profile using gin (prefecture_codes)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("company_profile").execute();
}
