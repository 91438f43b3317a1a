import { sql, type Kysely } from "kysely";

// Files attached to a pitch (PDF, PNG, JPEG). The bytes live in storage under a server-generated key.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pitch_attachment")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id").onDelete("cascade"))
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
    .createIndex("pitch_attachment_pitch_idx")
    .on("pitch_attachment")
    .columns(["pitch_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pitch_attachment").execute();
}
