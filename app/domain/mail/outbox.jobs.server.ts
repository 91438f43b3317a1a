// Delivers one e-mail of the outbox through the mailer (registered for SEND_EMAIL_JOB at start-up).
import { z } from "zod";
import type { Job } from "@db/schema";
import { db } from "~/lib/db.server";
import { sendMail } from "~/lib/mailer.server";

const SendEmailPayload = z.object({ emailId: z.string().uuid() });

export async function deliverEmailJob(job: Job): Promise<void> {
  const { emailId } = SendEmailPayload.parse(job.payload);
  const email = await db()
    .selectFrom("email_outbox")
    .select(["id", "to_address", "subject", "body_text", "status"])
    .where("id", "=", emailId)
    .executeTakeFirst();
  if (!email || email.status === "sent" || email.status === "not_sent") return;
  try {
    const sent = await sendMail({ to: email.to_address, subject: email.subject, text: email.body_text });
    await db()
      .updateTable("email_outbox")
      .set(
        sent
          ? { status: "sent", sent_at: new Date(), last_error: null }
          : {
              status: "not_sent",
              last_error: "SMTP_URL が設定されていないため送信していません（送信箱でのみ確認できます）。",
            },
      )
      .where("id", "=", email.id)
      .execute();
  } catch (error) {
    await db()
      .updateTable("email_outbox")
      .set({ status: "failed", last_error: error instanceof Error ? error.message : String(error) })
      .where("id", "=", email.id)
      .execute();
    throw error;
  }
}
