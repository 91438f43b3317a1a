import nodemailer, { type Transporter } from "nodemailer";
import { env } from "./env.server";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | undefined;

/** The one place that talks SMTP. Returns false when no SMTP server is configured. */
export async function sendMail(mail: OutgoingMail): Promise<boolean> {
  const url = env().SMTP_URL;
  if (!url) return false;
  transport ??= nodemailer.createTransport(url);
  await transport.sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
  return true;
}

export function resetMailerForTests() {
  transport = undefined;
}
