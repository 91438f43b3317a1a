// Reminders before a signed agreement's period ends, run by the job worker: 30 and 7 days before its last day
// (Asia/Tokyo), both parties' members are told once, so that payments, expenditure and outcome reports and the
// close-out are ready in time. Idempotent like the outcome reminders: the notification (kind agreement_ending) links
// to `/pilots/<id>?ending=<days>`, and a link already sent means done; an advisory lock keeps two workers apart.
import type { Kysely } from "kysely";
import type { DB } from "@db/schema";
import type { PeriodicTask } from "~/domain/jobs/jobs.worker.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { notificationExists } from "~/domain/notifications/notifications.queries.server";
import { membersOf } from "~/domain/organizations/recipients.queries.server";
import { db, inLockedTransaction } from "~/lib/db.server";
import { siteUrl } from "~/lib/site-url.server";
import { readAgreementContent } from "./agreement-content.schema";

const LOCK_KEY = 4_202_612_03;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The reminders, from the earliest: each is sent once, the nearest that applies. */
export const AGREEMENT_ENDING_DAYS = [30, 7] as const;

export const endingLinkPath = (pilotId: string, days: number) => `/pilots/${pilotId}?ending=${days}`;

/** Whole days from `now` (Tokyo) to the last day `end` (an ISO date): 0 on the last day itself. */
export function daysUntil(end: string, now: Date): number {
  const today = new Date(now.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** The reminder due at `daysLeft`: the smallest threshold not below it; none after the end. */
export function reminderFor(daysLeft: number): number | null {
  if (daysLeft < 0) return null;
  const due = AGREEMENT_ENDING_DAYS.filter((d) => daysLeft <= d);
  return due.length > 0 ? Math.min(...due) : null;
}

export async function sendAgreementEndingReminders(now: Date = new Date(), database: Kysely<DB> = db()) {
  return inLockedTransaction(database, LOCK_KEY, async (trx) => {
    let sent = 0;
    const pilots = await trx
      .selectFrom("pilot")
      .innerJoin("pilot_agreement_version as v", "v.id", "pilot.signed_version_id")
      .select(["pilot.id", "pilot.title", "pilot.municipality_id", "pilot.company_id", "v.content"])
      .where("pilot.status", "=", "running")
      .orderBy("pilot.id")
      .execute();
    for (const pilot of pilots) {
      const end = readAgreementContent(pilot.content).periodEnd;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) continue;
      const days = reminderFor(daysUntil(end, now));
      if (days === null) continue;
      const linkPath = endingLinkPath(pilot.id, days);
      if (await notificationExists(trx, { kind: "agreement_ending", linkPath })) continue;
      const members = new Map<string, { id: string; email: string; display_name: string }>();
      for (const orgId of [pilot.municipality_id, pilot.company_id])
        for (const m of await membersOf(trx, orgId)) members.set(m.id, m);
      const last = end.replaceAll("-", "/");
      const title = `協定の実証期間の終了まで${days}日を切りました（${last}まで）`;
      const body = `実証「${pilot.title}」の協定書の実証期間は${last}までです。残りの支払予定、支出報告と成果報告を確かめ、完了と振り返りに向けて準備してください。`;
      for (const member of members.values()) {
        await createNotification(trx, { userId: member.id, kind: "agreement_ending", title, body, linkPath });
        await queueEmail(trx, {
          to: member.email,
          subject: `【ガバメントピッチ】${title}（${pilot.title}）`,
          body: [`${member.display_name} 様`, "", body, "", `実証を開く: ${siteUrl()}${linkPath}`].join("\n"),
        });
      }
      sent++;
    }
    return sent;
  });
}

/** The periodic task that sends them (registered at start-up). */
export const agreementEndingTask: PeriodicTask = {
  name: "agreement ending reminders",
  run: async (now) => {
    const sent = await sendAgreementEndingReminders(now);
    return sent > 0 ? `agreement ending reminders: ${sent} pilot(s)` : null;
  },
};
