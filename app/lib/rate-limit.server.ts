import { sql } from "kysely";
import { db } from "./db.server";

export interface Limit {
  /** How many hits the window allows. */
  max: number;
  windowMs: number;
}

export const limits = {
  signInPerAccount: { max: 5, windowMs: 15 * 60 * 1000 },
  signInPerIp: { max: 30, windowMs: 15 * 60 * 1000 },
  signUpPerIp: { max: 10, windowMs: 60 * 60 * 1000 },
  passwordResetPerIp: { max: 10, windowMs: 60 * 60 * 1000 },
  passwordResetPerAccount: { max: 3, windowMs: 60 * 60 * 1000 },
  passwordChangePerUser: { max: 5, windowMs: 15 * 60 * 1000 },
  questionPerUser: { max: 5, windowMs: 60 * 60 * 1000 },
  proposalMessagePerUser: { max: 30, windowMs: 60 * 60 * 1000 },
} satisfies Record<string, Limit>;

/**
 * Counts one hit on `key` and tells whether the limit is exceeded. Stored in the database (one atomic
 * upsert), so the limit holds across several app processes.
 */
export async function hit(
  key: string,
  limit: Limit,
  now = new Date(),
): Promise<{ limited: boolean; retryAfterSeconds: number }> {
  const windowStart = new Date(now.getTime() - limit.windowMs);
  const row = await db()
    .insertInto("rate_limit")
    .values({ key, window_started_at: now, hits: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        hits: sql`case when rate_limit.window_started_at <= ${windowStart} then 1 else rate_limit.hits + 1 end`,
        window_started_at: sql`case when rate_limit.window_started_at <= ${windowStart} then ${now} else rate_limit.window_started_at end`,
      }),
    )
    .returning(["hits", "window_started_at"])
    .executeTakeFirstOrThrow();
  const retryAfterMs = row.window_started_at.getTime() + limit.windowMs - now.getTime();
  return { limited: row.hits > limit.max, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

export async function clearHits(key: string): Promise<void> {
  await db().deleteFrom("rate_limit").where("key", "=", key).execute();
}

export function clientIp(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | undefined)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}
