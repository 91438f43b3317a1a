// Small database helpers for tests: row counts, the e-mails in the outbox, the open database handle.
import { textForRecipient } from "~/domain/mail/outbox.jobs.server";
import { sql } from "kysely";
import type { DatabaseHandle } from "@db/database.server";
import type { DB } from "@db/schema";
import { db } from "~/lib/db.server";

export async function countRows(table: keyof DB, where?: (qb: any) => any): Promise<number> {
  let query: any = db()
    .selectFrom(table)
    .select((eb: any) => eb.fn.countAll().as("n"));
  if (where) query = where(query);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export const WRITABLE_TABLES = [
  "app_user",
  "organization",
  "membership",
  "invitation",
  "user_session",
  "password_reset_token",
  // user_second_factor is left out on purpose: signedInCookie enrols a factor on first use, test plumbing like the
  // session it starts (tests count those rows with countRows where they matter).
  "user_recovery_code",
  "user_device",
  "audit_log",
  "email_outbox",
  "job",
  "pitch",
  "pitch_revision",
  "pitch_attachment",
  "pitch_question",
  "pitch_event",
  "pitch_event_invitation",
  "pitch_event_entry",
  "pitch_event_interest",
  "saved_search",
  "notification",
  "saved_search_match",
  "company_profile",
  "proposal",
  "proposal_revision",
  "proposal_message",
  "proposal_thread_read",
  "proposal_attachment",
  "review_criterion",
  "review_assignment",
  "proposal_review",
  "proposal_review_score",
  "proposal_decision",
  "budget",
  "pilot",
  "pilot_agreement_version",
  "pilot_agreement_signature",
  "allocation",
  "milestone",
  "milestone_payment",
  "ledger_entry",
  "stripe_account",
  "stripe_event",
  "expenditure_report",
  "expenditure_item",
  "expenditure_receipt",
  "pilot_kpi",
  "outcome_report",
  "outcome_value",
  "outcome_photo",
  "pilot_closeout",
  "pilot_adoption",
  "self_evaluation",
  "case_study",
] as const satisfies readonly (keyof DB)[];

/** Row counts of every table a request could write to, to assert that "nothing was written". */
export async function rowCounts(): Promise<Record<string, number>> {
  const entries = await Promise.all(WRITABLE_TABLES.map(async (t) => [t, await countRows(t)] as const));
  return Object.fromEntries(entries);
}

/** Every row of `table` as PostgreSQL's text form of the whole row (all columns, jsonb included). */
export async function rowsAsText(table: keyof DB): Promise<string[]> {
  const result = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t`.execute(db());
  return result.rows.map((r) => r.row);
}

/** The newest e-mail sent to `to`, from the outbox. */
export async function lastEmailTo(to: string) {
  return db()
    .selectFrom("email_outbox")
    .selectAll()
    .where("to_address", "=", to)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
}

/** The newest e-mail to `to` as its recipient gets it (access links unsealed, as the delivery job sends it). */
export async function deliveredTextTo(to: string): Promise<string> {
  const email = await lastEmailTo(to);
  if (!email) throw new Error(`no e-mail to ${to}`);
  return textForRecipient(email);
}

/**
 * The one-time token in the newest e-mail to `to` whose link starts with `pathPrefix` (e.g. "/reset-password/"),
 * read from the e-mail as delivered: the stored outbox row holds only a marker in its place.
 */
export async function tokenFromLastEmail(to: string, pathPrefix: string): Promise<string> {
  const text = await deliveredTextTo(to);
  const match = new RegExp(`${pathPrefix.replace(/[/]/g, "\\/")}([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${pathPrefix} link in the e-mail to ${to}:\n${text}`);
  return match[1]!;
}

/** The handle installed by tests/support/setup-database.ts (db.server keeps it on globalThis). */
export function currentDatabaseHandle(): DatabaseHandle {
  const handle = (globalThis as { __appDatabase?: { handle?: DatabaseHandle } }).__appDatabase?.handle;
  if (!handle) throw new Error("no database handle is installed");
  return handle;
}
