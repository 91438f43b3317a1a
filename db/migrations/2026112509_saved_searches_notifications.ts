import { sql, type Kysely } from "kysely";

// Saved searches of company users, the in-app notifications, and one row per (saved search, pitch) already
// notified: its primary key makes the matching job idempotent (a retried or re-run job never notifies twice).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("saved_search")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("organization_id", "uuid", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`char_length(name) between 1 and 100`))
    .addColumn("query", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_notified_at", "timestamptz")
    .execute();
  await db.schema.createIndex("saved_search_user_idx").on("saved_search").columns(["user_id", "created_at"]).execute();

  await db.schema
    .createTable("notification")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`char_length(kind) between 1 and 50`))
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) <= 2000`))
    .addColumn("link_path", "text", (c) => c.check(sql`link_path is null or link_path ~ '^/[^/\\\\]'`))
    .addColumn("read_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("notification_user_read_created_idx")
    .on("notification")
    .columns(["user_id", "read_at", "created_at"])
    .execute();

  await db.schema
    .createTable("saved_search_match")
    .addColumn("saved_search_id", "uuid", (c) => c.notNull().references("saved_search.id").onDelete("cascade"))
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id").onDelete("cascade"))
    .addColumn("notification_id", "uuid", (c) => c.references("notification.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("saved_search_match_pkey", ["saved_search_id", "pitch_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("saved_search_match").execute();
  await db.schema.dropTable("notification").execute();
  await db.schema.dropTable("saved_search").execute();
}
