// Periodic pitch maintenance run by the job worker: closes published pitches whose proposal deadline has passed.
import { sql, type Kysely } from "kysely";
import type { DB } from "@db/schema";
import { db } from "~/lib/db.server";
import type { PeriodicTask } from "~/domain/jobs/jobs.worker.server";

export interface ClosedPitch {
  id: string;
  organization_id: string;
  proposal_deadline: Date;
}

/**
 * Sets every published pitch whose proposal_deadline is at or before `now` to 'closed', with one audit row per
 * pitch (action pitch.auto_close, no actor: the system), in one transaction. The deadline is stored as a UTC
 * timestamp (entered in Asia/Tokyo time), so timestamps are compared directly.
 *
 * Race-safe with several processes: the rows are chosen FOR UPDATE SKIP LOCKED and updated only while still
 * published, and the audit rows are written from the UPDATE's RETURNING, so a pitch closed by another process
 * (or by its owner) at the same moment is neither closed nor audited twice. Idempotent: a second call finds nothing.
 */
export async function closeExpiredPitches(now: Date = new Date(), database: Kysely<DB> = db()): Promise<ClosedPitch[]> {
  return database.transaction().execute(async (trx) => {
    const result = await sql<ClosedPitch>`
      with expired as (
        select id from pitch
        where status = 'published' and proposal_deadline is not null and proposal_deadline <= ${now}
        order by proposal_deadline, id
        for update skip locked
      ),
      closed as (
        update pitch p
        set status = 'closed', closed_at = ${now}, updated_at = ${now}
        from expired
        where p.id = expired.id and p.status = 'published'
        returning p.id, p.organization_id, p.proposal_deadline
      ),
      audited as (
        insert into audit_log (occurred_at, actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, changes)
        select ${now}, null, null, closed.organization_id, 'pitch.auto_close', 'pitch', closed.id::text,
          jsonb_build_object(
            'status', jsonb_build_object('from', 'published', 'to', 'closed'),
            'proposal_deadline', closed.proposal_deadline
          )
        from closed
      )
      select id, organization_id, proposal_deadline from closed order by proposal_deadline, id`.execute(trx);
    return result.rows;
  });
}

/** The periodic task that closes pitches past their deadline (registered at start-up). */
export const closeExpiredPitchesTask: PeriodicTask = {
  name: "closing expired pitches",
  run: async (now) => {
    const closed = await closeExpiredPitches(now);
    return closed.length > 0 ? `closed ${closed.length} pitch(es) past their proposal deadline` : null;
  },
};
