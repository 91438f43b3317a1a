import { db } from "~/lib/db.server";

export const OUTBOX_PAGE_SIZE = 30;
export const JOBS_PAGE_SIZE = 30;

const ONE_TIME_LINK = /(\/(?:reset-password|invitations)\/)[A-Za-z0-9_-]{20,}/g;

/**
 * One-time links are credentials, and the operator may resend them but never read them. They are not in the stored
 * body at all (queueEmail seals them beside it, see ACCESS_LINK_MARKER); this mask is a second line for any text
 * that carries one anyway, whatever the e-mail's status.
 */
export function bodyForOperators(body: string): string {
  return body.replace(ONE_TIME_LINK, "$1（非表示）");
}

export async function listOutbox(page: number) {
  const [rows, total] = await Promise.all([
    db()
      .selectFrom("email_outbox")
      .select(["id", "to_address", "subject", "body_text", "status", "created_at", "sent_at", "last_error"])
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(OUTBOX_PAGE_SIZE)
      .offset((page - 1) * OUTBOX_PAGE_SIZE)
      .execute(),
    db()
      .selectFrom("email_outbox")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((row) => ({ ...row, body_text: bodyForOperators(row.body_text) })),
    total: Number(total.count),
    page,
    pageSize: OUTBOX_PAGE_SIZE,
  };
}

export async function listJobs(options: { status?: "pending" | "running" | "done" | "failed"; page: number }) {
  let query = db().selectFrom("job");
  if (options.status) query = query.where("status", "=", options.status);
  const [rows, counts] = await Promise.all([
    query
      .select(["id", "kind", "status", "attempts", "max_attempts", "run_at", "last_error", "created_at", "finished_at"])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(JOBS_PAGE_SIZE)
      .offset((options.page - 1) * JOBS_PAGE_SIZE)
      .execute(),
    db()
      .selectFrom("job")
      .select(["status", (eb) => eb.fn.countAll<string>().as("count")])
      .groupBy("status")
      .execute(),
  ]);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.count)])) as Record<string, number>;
  return { rows, byStatus, page: options.page, pageSize: JOBS_PAGE_SIZE };
}
