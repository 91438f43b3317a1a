import { sql, type Kysely } from "kysely";

// Municipalities merge, split and change codes (総務省's 廃置分合 notices). A row is never deleted: organisations,
// pitches, budgets and pilots point at codes, and a record made under an old code keeps it. Instead each row carries
// its validity (valid_from: the day it took effect, null when older than our records; abolished_on: the day it
// ceased, null while current) and an abolished row names its successor code(s). Pages offer current rows only.
//
// This migration also applies 浜松市's reorganisation of 2024-01-01 to a database loaded from the older master
// (seven wards): 中区, 東区, 西区, 南区, 北区 and 浜北区 abolished; 中央区 and 浜名区 created; 天竜区 unchanged. Its data
// is written out here (not read from db/data) so that the migration means the same thing forever. A fresh database
// has no municipality rows yet at this point: the reference loader then loads the corrected master and the same
// history from db/data/municipality-changes.csv.

const EFFECTIVE_ON = "2024-01-01";
const HAMAMATSU = "221309";
const ADDED = [
  {
    code: "221384",
    name: "浜松市中央区",
    kana: "はままつしちゅうおうく",
    latitude: 34.71111111,
    longitude: 137.7266667,
  },
  { code: "221392", name: "浜松市浜名区", kana: "はままつしはまなく", latitude: 34.79305556, longitude: 137.79 },
];
const SUCCESSORS: Record<string, string[]> = {
  "221317": ["221384"], // 中区 → 中央区
  "221325": ["221384"], // 東区 → 中央区
  "221333": ["221384"], // 西区 → 中央区
  "221341": ["221384"], // 南区 → 中央区
  "221350": ["221384", "221392"], // 北区 → 中央区 (三方原地区) and 浜名区
  "221368": ["221392"], // 浜北区 → 浜名区
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("municipality")
    .addColumn("valid_from", "date")
    .addColumn("abolished_on", "date")
    .execute();
  await sql`alter table municipality add constraint municipality_validity_order
    check (abolished_on is null or valid_from is null or valid_from <= abolished_on)`.execute(db);
  await sql`create index municipality_current_idx on municipality (prefecture_code, code) where abolished_on is null`.execute(
    db,
  );
  await db.schema
    .createTable("municipality_successor")
    .addColumn("code", "char(6)", (c) => c.notNull().references("municipality.code"))
    .addColumn("successor_code", "char(6)", (c) => c.notNull().references("municipality.code"))
    .addPrimaryKeyConstraint("municipality_successor_pkey", ["code", "successor_code"])
    .addCheckConstraint("municipality_successor_not_self", sql`code <> successor_code`)
    .execute();
  await db.schema
    .createIndex("municipality_successor_successor_idx")
    .on("municipality_successor")
    .column("successor_code")
    .execute();

  // What the reference loader last loaded (a digest of the shipped files), so that a start-up reloads exactly when
  // the files change, whatever their row counts.
  await db.schema
    .createTable("reference_data_version")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("loaded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A newer master file an operator uploaded: kept in the database (not on one process's disk) between the preview
  // of its difference and the decision to apply it.
  await db.schema
    .createTable("reference_import")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("uploaded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("applied_at", "timestamptz")
    .addColumn("applied_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("effective_on", "date")
    .addColumn("summary", "jsonb")
    .execute();

  const hasOldWards = await db
    .selectFrom("municipality")
    .select("code")
    .where("code", "=", "221317")
    .executeTakeFirst();
  if (!hasOldWards) return;
  await db
    .insertInto("municipality")
    .values(
      ADDED.map((w) => ({
        ...w,
        prefecture_code: 22,
        kind: "ward",
        parent_code: HAMAMATSU,
        url: "https://www.city.hamamatsu.shizuoka.jp/",
        valid_from: EFFECTIVE_ON,
      })),
    )
    .onConflict((oc) => oc.column("code").doUpdateSet({ valid_from: EFFECTIVE_ON, abolished_on: null }))
    .execute();
  await db
    .updateTable("municipality")
    .set({ abolished_on: EFFECTIVE_ON })
    .where("code", "in", Object.keys(SUCCESSORS))
    .execute();
  await db
    .insertInto("municipality_successor")
    .values(Object.entries(SUCCESSORS).flatMap(([code, next]) => next.map((s) => ({ code, successor_code: s }))))
    .onConflict((oc) => oc.columns(["code", "successor_code"]).doNothing())
    .execute();
  await db
    .insertInto("audit_log")
    .values({
      action: "reference.municipalities_changed",
      entity_type: "municipality",
      entity_id: HAMAMATSU,
      changes: JSON.stringify({
        source: "migration 2026120301 (浜松市の行政区再編)",
        effective_on: EFFECTIVE_ON,
        added: ADDED.map((w) => w.code),
        abolished: SUCCESSORS,
      }),
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // The rows of 中央区 and 浜名区 stay (records may point at them); only the validity goes.
  await db.schema.dropTable("reference_import").execute();
  await db.schema.dropTable("reference_data_version").execute();
  await db.schema.dropTable("municipality_successor").execute();
  await sql`drop index municipality_current_idx`.execute(db);
  await db.schema.alterTable("municipality").dropColumn("abolished_on").dropColumn("valid_from").execute();
}
