import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Job } from "@db/schema";
import { db } from "~/lib/db.server";
import { claimJobs, completeJob, failJob } from "./jobs.server";
import { deliverEmailJob } from "~/domain/mail/outbox.server";
import { sendOutcomeReminders } from "~/domain/outcomes/outcome-reminders.periodic.server";
import { closeExpiredPitches } from "~/domain/pitches/pitches.periodic.server";
import { sendDeadlineReminders } from "~/domain/proposals/proposal-deadlines.periodic.server";
import { matchSavedSearchesJob } from "~/domain/saved-searches/saved-searches.matching.server";
import { STRIPE_TRANSFER_JOB } from "~/domain/funding/payments.server";
import { stripeTransferJob } from "~/domain/payouts/stripe-transfers.server";

export type JobHandler = (job: Job) => Promise<void>;

/** Every kind of deferred work, by name. A job whose kind is unknown fails visibly. */
export const jobHandlers: Record<string, JobHandler> = {
  send_email: deliverEmailJob,
  match_saved_searches: matchSavedSearchesJob,
  [STRIPE_TRANSFER_JOB]: stripeTransferJob,
};

const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Claims and runs one batch of due jobs; returns how many ran. */
export async function runDueJobs(options: { limit?: number; handlers?: Record<string, JobHandler>; now?: Date } = {}) {
  const handlers = options.handlers ?? jobHandlers;
  const jobs = await claimJobs(db(), workerId, options.limit ?? 10, options.now);
  for (const job of jobs) {
    try {
      const handler = handlers[job.kind];
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(job);
      await completeJob(db(), job);
    } catch (error) {
      await failJob(db(), job, error);
    }
  }
  return jobs.length;
}

/** Periodic tasks run by every worker process, each at most once per interval (they are safe to run concurrently). */
export const PERIODIC_INTERVAL_MS = 60_000;
let lastPeriodicRunAt = 0;

/** Runs the periodic tasks when the interval has passed since the last run; logs errors, never throws. */
export async function runPeriodicTasks(now = new Date(), options: { force?: boolean } = {}): Promise<void> {
  if (!options.force && now.getTime() - lastPeriodicRunAt < PERIODIC_INTERVAL_MS) return;
  lastPeriodicRunAt = now.getTime();
  try {
    const closed = await closeExpiredPitches(now);
    if (closed.length > 0) console.log(`[jobs] closed ${closed.length} pitch(es) past their proposal deadline`);
  } catch (error) {
    console.error("[jobs] closing expired pitches failed:", error instanceof Error ? error.message : error);
  }
  try {
    const sent = await sendDeadlineReminders(now);
    if (sent.soon + sent.passed > 0) console.log(`[jobs] deadline reminders: ${sent.soon} draft reminder(s), ${sent.passed} pitch(es) past deadline`);
  } catch (error) {
    console.error("[jobs] deadline reminders failed:", error instanceof Error ? error.message : error);
  }
  try {
    const sent = await sendOutcomeReminders(now);
    if (sent.due + sent.overdue > 0) console.log(`[jobs] outcome report reminders: ${sent.due} due, ${sent.overdue} overdue`);
  } catch (error) {
    console.error("[jobs] outcome report reminders failed:", error instanceof Error ? error.message : error);
  }
}

let timer: NodeJS.Timeout | undefined;

export function startJobWorker(intervalMs = 2000) {
  if (timer) return;
  let busy = false;
  timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await runPeriodicTasks();
      while ((await runDueJobs()) > 0);
    } catch (error) {
      console.error("[jobs] worker cycle failed:", error instanceof Error ? error.message : error);
    } finally {
      busy = false;
    }
  }, intervalMs);
  timer.unref();
}

export function stopJobWorker() {
  clearInterval(timer);
  timer = undefined;
}
