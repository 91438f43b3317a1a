import { sql, type Kysely } from "kysely";

// Secrets stay secret (issue 15, part 4).
// - The outbox keeps an access-granting link sealed beside the body (secret_link) and only a marker in body_text.
//   Older rows carried the link in the body: it is masked here. Those links stay valid until they expire (their
//   tokens are stored hashed, so nothing else changes), but the outbox no longer shows them to anyone.
// - A second factor (TOTP, RFC 6238) per user: the key sealed (the app must read it back to check codes), the last
//   time step accepted (a code is refused a second time), ten recovery codes stored as SHA-256 hashes.
// - A session says whether it proved the second factor: 'none' (the user has none), 'pending' (password right,
//   code still to come: not signed in yet) or 'verified'.
// - Known devices per user (a random cookie, its hash here), so that a sign-in from a new device is e-mailed.

const MASKED_LINK = "［本人確認用のリンク：宛先へのメールにのみ記載され、送信箱には表示されません］";

/** Replaces the access links left in stored e-mail bodies by the marker (exported for its test). */
export async function maskLegacyAccessLinks(db: Kysely<any>): Promise<void> {
  await sql`
    update email_outbox
    set body_text = regexp_replace(body_text, 'https?://[^[:space:]]*/(reset-password|invitations)/[A-Za-z0-9_-]+', ${MASKED_LINK}, 'g')
    where body_text ~ '/(reset-password|invitations)/[A-Za-z0-9_-]'
  `.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("email_outbox").addColumn("secret_link", "text").execute();
  await maskLegacyAccessLinks(db);

  await db.schema
    .createTable("user_second_factor")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("app_user.id").onDelete("cascade"))
    .addColumn("secret_sealed", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "timestamptz")
    .addColumn("last_used_step", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("user_recovery_code")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addPrimaryKeyConstraint("user_recovery_code_pkey", ["user_id", "code_hash"])
    .execute();

  await db.schema
    .alterTable("user_session")
    .addColumn("second_factor", "text", (c) =>
      c
        .notNull()
        .defaultTo("none")
        .check(sql`second_factor in ('none', 'pending', 'verified')`),
    )
    .execute();

  await db.schema
    .createTable("user_device")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("device_hash", "text", (c) => c.notNull())
    .addColumn("first_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("user_device_pkey", ["user_id", "device_hash"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("user_device").execute();
  await db.schema.alterTable("user_session").dropColumn("second_factor").execute();
  await db.schema.dropTable("user_recovery_code").execute();
  await db.schema.dropTable("user_second_factor").execute();
  await db.schema.alterTable("email_outbox").dropColumn("secret_link").execute();
}
