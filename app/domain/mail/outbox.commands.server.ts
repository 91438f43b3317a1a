// The e-mail outbox: an e-mail is a row written in the caller's transaction, delivered later by a job.
import { randomUUID } from "node:crypto";
import type { Executor } from "@db/database.server";
import { enqueueJob } from "~/domain/jobs/jobs.commands.server";
import { seal } from "~/lib/secret-box.server";

/** The job kind that delivers one queued e-mail (its handler: deliverEmailJob in outbox.jobs.server.ts). */
export const SEND_EMAIL_JOB = "send_email";

/**
 * Where an access-granting link (password reset, invitation, …) stands in the stored body. The link itself is kept
 * sealed beside it and put back only into the e-mail that goes to the recipient: operators can resend it, never read it.
 */
export const ACCESS_LINK_MARKER = "［本人確認用のリンク：宛先へのメールにのみ記載され、送信箱には表示されません］";

export interface EmailMessage {
  to: string;
  subject: string;
  /** The text; when `accessLink` is given, it must contain ACCESS_LINK_MARKER where the link goes. */
  body: string;
  /** A link that grants access to whoever holds it. */
  accessLink?: string;
}

/** Records an e-mail in the outbox and schedules its delivery, inside the caller's transaction. */
export async function queueEmail(executor: Executor, message: EmailMessage): Promise<string> {
  if (message.accessLink !== undefined && !message.body.includes(ACCESS_LINK_MARKER)) {
    throw new Error("queueEmail: a message with an access link needs ACCESS_LINK_MARKER in its body");
  }
  const id = randomUUID();
  await executor
    .insertInto("email_outbox")
    .values({
      id,
      to_address: message.to,
      subject: message.subject,
      body_text: message.body,
      secret_link: message.accessLink === undefined ? null : seal(message.accessLink),
      status: "pending",
    })
    .execute();
  await enqueueJob(executor, SEND_EMAIL_JOB, { emailId: id });
  return id;
}

/** Queues an outbox e-mail again (the operator's 「再送」): the same text, to the same recipient only. */
export async function requeueEmail(executor: Executor, emailId: string): Promise<boolean> {
  const updated = await executor
    .updateTable("email_outbox")
    .set({ status: "pending", last_error: null })
    .where("id", "=", emailId)
    .returning("id")
    .executeTakeFirst();
  if (!updated) return false;
  await enqueueJob(executor, SEND_EMAIL_JOB, { emailId });
  return true;
}
