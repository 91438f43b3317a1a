// The job worker: runs queued jobs and periodic tasks. It knows no area: each area exports its handlers and the
// start-up (app/startup/wiring.server.ts) registers them here, so the queue stays at the bottom of the area order.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Job } from "@db/schema";
import { db } from "~/lib/db.server";
import { claimJobs, completeJob, failJob } from "./jobs.commands.server";

export type JobHandler = (job: Job) => Promise<void>;

/** A task every worker process runs once per PERIODIC_INTERVAL_MS; it must be safe to run concurrently. */
export interface PeriodicTask {
  /** How a failure is logged: "[jobs] <name> failed: …". */
  name: string;
  /** Runs the task; returns a line to log when it did something, or null. */
  run(now: Date): Promise<string | null>;
}

/** Every kind of deferred work, by name, as registered at start-up. A job whose kind is unknown fails visibly. */
export const jobHandlers: Record<string, JobHandler> = {};
const periodicTasks: PeriodicTask[] = [];

/** Registers the handler of a job kind; registering the same handler again is a no-op, another one is a bug. */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  const existing = jobHandlers[kind];
  if (existing && existing !== handler) throw new Error(`job kind "${kind}" already has a handler`);
  jobHandlers[kind] = handler;
}

/** Registers a periodic task (once per name); tasks run in the order they were registered. */
export function registerPeriodicTask(task: PeriodicTask): void {
  const existing = periodicTasks.find((t) => t.name === task.name);
  if (existing && existing.run !== task.run) throw new Error(`periodic task "${task.name}" is already registered`);
  if (!existing) periodicTasks.push(task);
}

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
  for (const task of periodicTasks) {
    try {
      const line = await task.run(now);
      if (line) console.log(`[jobs] ${line}`);
    } catch (error) {
      console.error(`[jobs] ${task.name} failed:`, error instanceof Error ? error.message : error);
    }
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
