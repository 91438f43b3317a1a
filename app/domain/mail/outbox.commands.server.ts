// The e-mail outbox: an e-mail is a row written in the caller's transaction, delivered later by a job.
import { randomUUID } from "node:crypto";
import type { Executor } from "@db/database.server";
import { enqueueJob } from "~/domain/jobs/jobs.commands.server";

/** The job kind that delivers one queued e-mail (its handler: deliverEmailJob in outbox.jobs.server.ts). */
export const SEND_EMAIL_JOB = "send_email";

export interface EmailMessage {
  to: string;
  subject: string;
  body: string;
}

/** Records an e-mail in the outbox and schedules its delivery, inside the caller's transaction. */
export async function queueEmail(executor: Executor, message: EmailMessage): Promise<string> {
  const id = randomUUID();
  await executor
    .insertInto("email_outbox")
    .values({ id, to_address: message.to, subject: message.subject, body_text: message.body, status: "pending" })
    .execute();
  await enqueueJob(executor, SEND_EMAIL_JOB, { emailId: id });
  return id;
}
