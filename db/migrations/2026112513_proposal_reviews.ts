import { sql, type Kysely } from "kysely";

// Review of the proposals to one pitch: weighted criteria, assigned reviewers who score independently (with private
// notes), and decisions that may be recorded privately and published to the companies later, all at once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("review_criterion")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id").onDelete("cascade"))
    .addColumn("position", "smallint", (c) => c.notNull().check(sql`position >= 0`))
    .addColumn("name", "text", (c) => c.notNull().check(sql`char_length(name) between 1 and 100`))
    .addColumn("description", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(description) <= 1000`),
    )
    .addColumn("weight", "smallint", (c) => c.notNull().check(sql`weight between 1 and 100`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("review_criterion_position_uq", ["pitch_id", "position"])
    .execute();

  await db.schema
    .createTable("review_assignment")
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("assigned_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("review_assignment_pkey", ["pitch_id", "user_id"])
    .execute();
  await db.schema.createIndex("review_assignment_user_idx").on("review_assignment").column("user_id").execute();

  await db.schema
    .createTable("proposal_review")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposal.id").onDelete("cascade"))
    .addColumn("reviewer_id", "uuid", (c) => c.notNull().references("app_user.id"))
    .addColumn("comment", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(comment) <= 4000`),
    )
    // Seen by the reviewer alone.
    .addColumn("private_note", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(private_note) <= 4000`),
    )
    .addColumn("submitted_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("proposal_review_reviewer_uq", ["proposal_id", "reviewer_id"])
    .execute();

  await db.schema
    .createTable("proposal_review_score")
    .addColumn("review_id", "uuid", (c) => c.notNull().references("proposal_review.id").onDelete("cascade"))
    .addColumn("criterion_id", "uuid", (c) => c.notNull().references("review_criterion.id").onDelete("cascade"))
    .addColumn("score", "smallint", (c) => c.notNull().check(sql`score between 1 and 5`))
    .addPrimaryKeyConstraint("proposal_review_score_pkey", ["review_id", "criterion_id"])
    .execute();
  await db.schema
    .createIndex("proposal_review_score_criterion_idx")
    .on("proposal_review_score")
    .column("criterion_id")
    .execute();

  await db.schema
    .createTable("proposal_decision")
    .addColumn("proposal_id", "uuid", (c) => c.primaryKey().references("proposal.id").onDelete("cascade"))
    .addColumn("pitch_id", "uuid", (c) => c.notNull().references("pitch.id").onDelete("cascade"))
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('accepted', 'declined')`))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`char_length(reason) between 1 and 4000`))
    .addColumn("decided_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz", (c) => c.notNull())
    // Null while the decision is recorded privately; the company sees it once published.
    .addColumn("published_at", "timestamptz")
    .addColumn("published_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("proposal_decision_pitch_idx")
    .on("proposal_decision")
    .columns(["pitch_id", "outcome"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("proposal_decision").execute();
  await db.schema.dropTable("proposal_review_score").execute();
  await db.schema.dropTable("proposal_review").execute();
  await db.schema.dropTable("review_assignment").execute();
  await db.schema.dropTable("review_criterion").execute();
}
