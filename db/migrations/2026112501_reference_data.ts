import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("prefecture")
    .addColumn("code", "smallint", (c) => c.primaryKey().check(sql`code between 1 and 47`))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("kana", "text", (c) => c.notNull())
    .addColumn("short_name", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("lg_code", "char(6)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("municipality")
    .addColumn("code", "char(6)", (c) => c.primaryKey())
    .addColumn("prefecture_code", "smallint", (c) => c.notNull().references("prefecture.code"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kana", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('municipality', 'designated_city', 'ward')`))
    .addColumn("parent_code", "char(6)", (c) => c.references("municipality.code"))
    .addColumn("url", "text")
    .addColumn("latitude", "double precision")
    .addColumn("longitude", "double precision")
    .execute();
  await db.schema
    .createIndex("municipality_prefecture_idx")
    .on("municipality")
    .columns(["prefecture_code", "code"])
    .execute();
  await db.schema.createIndex("municipality_parent_idx").on("municipality").column("parent_code").execute();

  await db.schema
    .createTable("regional_bureau")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ministry", "text", (c) => c.notNull().check(sql`ministry in ('meti', 'mhlw')`))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("sort_order", "smallint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("regional_bureau_prefecture")
    .addColumn("bureau_id", "text", (c) => c.notNull().references("regional_bureau.id"))
    .addColumn("prefecture_code", "smallint", (c) => c.notNull().references("prefecture.code"))
    .addPrimaryKeyConstraint("regional_bureau_prefecture_pk", ["bureau_id", "prefecture_code"])
    .execute();
  await db.schema
    .createIndex("regional_bureau_prefecture_prefecture_idx")
    .on("regional_bureau_prefecture")
    .column("prefecture_code")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("regional_bureau_prefecture").execute();
  await db.schema.dropTable("regional_bureau").execute();
  await db.schema.dropTable("municipality").execute();
  await db.schema.dropTable("prefecture").execute();
}
