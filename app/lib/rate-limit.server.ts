import { sql } from "kysely";
import { db } from "./db.server";

export interface Limit {
  /** How many hits the window allows. */
  max: number;
  windowMs: number;
}

export const limits = {
  signUpPerIp: { max: 10, windowMs: 60 * 60 * 1000 },
  passwordResetPerAccount: { max: 3, windowMs: 60 * 60 * 1000 },
  passwordChangePerUser: { max: 5, windowMs: 15 * 60 * 1000 },
  questionPerUser: { max: 5, windowMs: 60 * 60 * 1000 },
  proposalMessagePerUser: { max: 30, windowMs: 60 * 60 * 1000 },
} satisfies Record<string, Limit>;

/** Failures that lock what they are counted on (an account) once `lockAfter` of them fall within `windowMs`. */
export interface LockPolicy {
  lockAfter: number;
  windowMs: number;
  lockMs: number;
}

/**
 * Failures that slow down what they are counted on (a client address) instead of locking it: the first `free` of a
 * window cost nothing, each further one adds `stepMs` to every attempt's wait, up to `maxDelayMs`.
 */
export interface DelayPolicy {
  free: number;
  windowMs: number;
  stepMs: number;
  maxDelayMs: number;
}

export const lockPolicies = {
  signInFailuresPerAccount: { lockAfter: 10, windowMs: 15 * 60 * 1000, lockMs: 15 * 60 * 1000 },
} satisfies Record<string, LockPolicy>;

// One address can be a whole prefecture: its municipalities share the egress of 自治体情報セキュリティクラウド, and
// behind a proxy without TRUST_PROXY every visitor has the proxy's address. The ceilings are far above what a
// prefecture's staff mistype, and past them the address is slowed down, never locked out.
export const delayPolicies = {
  signInFailuresPerAddress: { free: 100, windowMs: 15 * 60 * 1000, stepMs: 500, maxDelayMs: 10_000 },
  passwordResetsPerAddress: { free: 100, windowMs: 60 * 60 * 1000, stepMs: 500, maxDelayMs: 10_000 },
} satisfies Record<string, DelayPolicy>;

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

export type Reservation =
  | { locked: true; lockedUntil: Date }
  | {
      locked: false;
      /** The failures of the window, this attempt included. */
      count: number;
      /** Set when this attempt reached the limit and locked (a lock notice goes out if it fails). */
      lockedUntil: Date | null;
    };

/**
 * Counts an attempt as a failure before it is checked (one row lock), and tells whether it may be checked at all. So
 * parallel guesses cannot all pass a "not locked yet" test: at most `lockAfter` attempts of a window reach the check.
 * An attempt that turns out well takes its count back (`forgive` or `clearHits`): successes never count.
 */
export async function reserveAttempt(
  key: string,
  policy: { windowMs: number; lockAfter?: number; lockMs?: number },
  now = new Date(),
): Promise<Reservation> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto("rate_limit")
        .values({ key, window_started_at: now, hits: 0 })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
      const row = await trx
        .selectFrom("rate_limit")
        .select(["hits", "window_started_at", "locked_until"])
        .where("key", "=", key)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (row.locked_until && row.locked_until > now) return { locked: true, lockedUntil: row.locked_until };
      // A window that ran out, or a lock that ended, starts the count afresh.
      const fresh = row.window_started_at.getTime() <= now.getTime() - policy.windowMs || row.locked_until !== null;
      const count = fresh ? 1 : row.hits + 1;
      const lockedUntil =
        policy.lockAfter !== undefined && policy.lockMs !== undefined && count >= policy.lockAfter
          ? new Date(now.getTime() + policy.lockMs)
          : null;
      await trx
        .updateTable("rate_limit")
        .set({
          hits: count,
          window_started_at: fresh ? now : row.window_started_at,
          locked_until: lockedUntil,
        })
        .where("key", "=", key)
        .execute();
      return { locked: false, count, lockedUntil };
    });
}

/** Takes back one reserved attempt that succeeded (the others of the window stay counted). */
export async function forgive(key: string): Promise<void> {
  await db()
    .updateTable("rate_limit")
    .set({ hits: sql`greatest(hits - 1, 0)` })
    .where("key", "=", key)
    .execute();
}

/** How long an attempt waits when `count` failures of the window came from its address (0 below the ceiling). */
export function delayFor(count: number, policy: DelayPolicy): number {
  return Math.min(policy.maxDelayMs, Math.max(0, count - policy.free) * policy.stepMs);
}

/** Waits `ms` without holding a database connection (the caller has none open). */
export function slowDown(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export async function clearHits(key: string): Promise<void> {
  await db().deleteFrom("rate_limit").where("key", "=", key).execute();
}

export function clientIp(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | undefined)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}
