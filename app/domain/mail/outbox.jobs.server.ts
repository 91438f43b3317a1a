// Delivers one e-mail of the outbox through the mailer (registered for SEND_EMAIL_JOB at start-up).
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Job } from "@db/schema";
import { db } from "~/lib/db.server";
import { dataDir, env } from "~/lib/env.server";
import { sendMail } from "~/lib/mailer.server";
import { open } from "~/lib/secret-box.server";
import { ACCESS_LINK_MARKER } from "./outbox.commands.server";

const SendEmailPayload = z.object({ emailId: z.string().uuid() });

/** The text that goes to the recipient: the stored body with its access link unsealed (only here, never on a page). */
export function textForRecipient(email: { body_text: string; secret_link: string | null }): string {
  if (email.secret_link === null) return email.body_text;
  const link = open(email.secret_link);
  // A link sealed under another key (SECRET_KEY changed) cannot be recovered: say so rather than send a blank.
  return email.body_text.replace(
    ACCESS_LINK_MARKER,
    link ?? "（リンクを復元できませんでした。お手数ですが、もう一度お申し込みください。）",
  );
}

export async function deliverEmailJob(job: Job): Promise<void> {
  const { emailId } = SendEmailPayload.parse(job.payload);
  const email = await db()
    .selectFrom("email_outbox")
    .select(["id", "to_address", "subject", "body_text", "secret_link", "status"])
    .where("id", "=", emailId)
    .executeTakeFirst();
  if (!email || email.status === "sent" || email.status === "not_sent") return;
  try {
    const text = textForRecipient(email);
    const sent = await sendMail({ to: email.to_address, subject: email.subject, text });
    if (!sent) await writeToMailFolder(email.id, email.to_address, email.subject, text);
    await db()
      .updateTable("email_outbox")
      .set(
        sent
          ? { status: "sent", sent_at: new Date(), last_error: null }
          : {
              status: "not_sent",
              last_error:
                "SMTP_URL が設定されていないため送信していません（サーバーのデータフォルダ mail/ に書き出しました）。",
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

/**
 * Without SMTP (a laptop, the demo) the e-mail goes to a file in the data folder: whoever runs the server can follow a
 * reset link there, while the operator's pages show only the masked text. Whoever can read that folder can read the
 * database and its key anyway. Tests read the outbox instead.
 */
async function writeToMailFolder(id: string, to: string, subject: string, text: string): Promise<void> {
  if (env().NODE_ENV === "test") return;
  const folder = path.join(dataDir(), "mail");
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${id}.txt`;
  await fs.writeFile(path.join(folder, name), `To: ${to}\nSubject: ${subject}\n\n${text}\n`, { mode: 0o600 });
}
