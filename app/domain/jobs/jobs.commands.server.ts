import { sql } from "kysely";
import type { Job } from "@db/schema";
import type { Executor } from "@db/database.server";

export const RUNNING_JOB_TIMEOUT_MS = 10 * 60 * 1000;

export async function enqueueJob(
  executor: Executor,
  kind: string,
  payload: Record<string, unknown>,
  options: { runAt?: Date; maxAttempts?: number } = {},
): Promise<string> {
  const row = await executor
    .insertInto("job")
    .values({
      kind,
      payload: JSON.stringify(payload),
      status: "pending",
      run_at: options.runAt ?? new Date(),
      ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claims up to `limit` due jobs for this worker. FOR UPDATE SKIP LOCKED lets several app processes poll
 * one table: each job is claimed by exactly one of them. A job left running by a dead process is due again
 * after RUNNING_JOB_TIMEOUT_MS.
 */
export async function claimJobs(executor: Executor, workerId: string, limit: number, now = new Date()): Promise<Job[]> {
  const staleBefore = new Date(now.getTime() - RUNNING_JOB_TIMEOUT_MS);
  return executor
    .updateTable("job")
    .set({
      status: "running",
      locked_at: now,
      locked_by: workerId,
      attempts: sql`attempts + 1`,
      updated_at: now,
    })
    .where("id", "in", (qb) =>
      qb
        .selectFrom("job")
        .select("id")
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "pending"), eb("run_at", "<=", now)]),
            eb.and([eb("status", "=", "running"), eb("locked_at", "<", staleBefore)]),
          ]),
        )
        .orderBy("run_at")
        .orderBy("id")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export async function completeJob(executor: Executor, job: Pick<Job, "id" | "locked_by">, now = new Date()) {
  await executor
    .updateTable("job")
    .set({ status: "done", finished_at: now, updated_at: now, locked_at: null, last_error: null })
    .where("id", "=", job.id)
    .where("locked_by", "=", job.locked_by)
    .execute();
}

/** Exponential backoff: 30 s, 1 min, 2 min, … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

export async function failJob(
  executor: Executor,
  job: Pick<Job, "id" | "attempts" | "max_attempts" | "locked_by">,
  error: unknown,
  now = new Date(),
) {
  const message = error instanceof Error ? error.message : String(error);
  const exhausted = job.attempts >= job.max_attempts;
  await executor
    .updateTable("job")
    .set({
      status: exhausted ? "failed" : "pending",
      run_at: exhausted ? now : new Date(now.getTime() + retryDelayMs(job.attempts)),
      finished_at: exhausted ? now : null,
      last_error: message.slice(0, 2000),
      locked_at: null,
      updated_at: now,
    })
    .where("id", "=", job.id)
    .where("locked_by", "=", job.locked_by)
    .execute();
}

export async function retryFailedJob(executor: Executor, jobId: string, now = new Date()): Promise<boolean> {
  const result = await executor
    .updateTable("job")
    .set({ status: "pending", run_at: now, attempts: 0, finished_at: null, updated_at: now })
    .where("id", "=", jobId)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
