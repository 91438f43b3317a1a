import { sql, type Kysely } from "kysely";

// Questions of companies on a pitch. Answered ones are public (without who asked); unanswered ones are seen only
// by the asker and the owning municipality.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pitch_question")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id").onDelete("cascade"))
    .addColumn("asker_user_id", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("asker_organization_id", "uuid", (c) => c.notNull().references("organization.id"))
    .addColumn("question", "text", (c) => c.notNull().check(sql`char_length(question) between 1 and 2000`))
    .addColumn("answer", "text", (c) => c.check(sql`answer is null or char_length(answer) between 1 and 4000`))
    .addColumn("answered_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("answered_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("pitch_question_answer_complete", sql`(answer is null) = (answered_at is null)`)
    .execute();
  await db.schema
    .createIndex("pitch_question_pitch_idx")
    .on("pitch_question")
    .columns(["pitch_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("pitch_question_asker_idx")
    .on("pitch_question")
    .columns(["asker_user_id", "created_at"])
    .execute();
  await sql`create index pitch_question_unanswered_idx on pitch_question (pitch_id, created_at) where answered_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pitch_question").execute();
}
