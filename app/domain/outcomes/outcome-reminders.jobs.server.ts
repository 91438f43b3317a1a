// Outcome report reminders, run by the job worker (runPeriodicTasks). For every running pilot that has KPIs, the last
// period that has ended (by the pilot's reporting frequency) must have a submitted or approved report:
// - missing once the period is over: both parties' members are told it is due;
// - still missing OVERDUE_AFTER_DAYS (14) days after the period ended: they are told it is overdue.
// Each at most once per pilot, period and kind of reminder. Idempotent without a table of its own, like the proposal
// deadline reminders: the notification (kind outcome_report_due) carries a link naming the pilot and the period
// (`/pilots/<id>/outcomes?period=<start>`, with `&overdue=1` for the second reminder), and a link already sent means
// "done" (looked up through notification_kind_link_idx). A transaction-scoped advisory lock keeps two workers apart.
import type { Kysely } from "kysely";
import type { DB } from "@db/schema";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { db, inLockedTransaction } from "~/lib/db.server";
import { notificationExists } from "~/domain/notifications/notifications.queries.server";
import { siteUrl } from "~/lib/site-url.server";
import { lastEndedPeriod, periodEndsAt, periodLabel, reportingFrequency, type Period } from "./periods.rules";
import { OVERDUE_AFTER_DAYS, outcomesPath, pilotFirstDay } from "./reports.queries.server";
import { membersOf } from "~/domain/organizations/recipients.queries.server";
import type { PeriodicTask } from "~/domain/jobs/jobs.worker.server";

const LOCK_KEY = 4_202_611_26;
const DAY_MS = 24 * 60 * 60 * 1000;

export const dueLinkPath = (pilotId: string, period: Pick<Period, "start">) =>
  `${outcomesPath(pilotId)}?period=${period.start}`;
export const overdueLinkPath = (pilotId: string, period: Pick<Period, "start">) =>
  `${dueLinkPath(pilotId, period)}&overdue=1`;

export interface OutcomeReminderResult {
  due: number;
  overdue: number;
}

export async function sendOutcomeReminders(
  now: Date = new Date(),
  database: Kysely<DB> = db(),
): Promise<OutcomeReminderResult> {
  return inLockedTransaction(database, LOCK_KEY, async (trx) => {
    const result: OutcomeReminderResult = { due: 0, overdue: 0 };
    const pilots = await trx
      .selectFrom("pilot")
      .selectAll()
      .where("status", "=", "running")
      .where((eb) =>
        eb.exists(eb.selectFrom("pilot_kpi").select("pilot_kpi.id").whereRef("pilot_kpi.pilot_id", "=", "pilot.id")),
      )
      .orderBy("id")
      .execute();
    for (const pilot of pilots) {
      const kpis = await trx.selectFrom("pilot_kpi").select("frequency").where("pilot_id", "=", pilot.id).execute();
      const period = lastEndedPeriod(reportingFrequency(kpis.map((k) => k.frequency)), now);
      // A period that ended before the pilot began is nobody's duty.
      if (period.end < (await pilotFirstDay(trx, pilot))) continue;
      const reported = await trx
        .selectFrom("outcome_report")
        .select("id")
        .where("pilot_id", "=", pilot.id)
        .where("status", "in", ["submitted", "approved"])
        .where("period_start", "<=", period.end)
        .where("period_end", ">=", period.start)
        .limit(1)
        .executeTakeFirst();
      if (reported) continue;
      const overdue = now.getTime() >= periodEndsAt(period).getTime() + OVERDUE_AFTER_DAYS * DAY_MS;
      const linkPath = overdue ? overdueLinkPath(pilot.id, period) : dueLinkPath(pilot.id, period);
      if (await notificationExists(trx, { kind: "outcome_report_due", linkPath })) continue;
      const label = periodLabel(period);
      const members = new Map<string, { id: string; email: string; display_name: string }>();
      for (const orgId of [pilot.municipality_id, pilot.company_id])
        for (const m of await membersOf(trx, orgId)) members.set(m.id, m);
      const title = overdue
        ? `成果報告が${OVERDUE_AFTER_DAYS}日以上遅れています: ${label}`
        : `成果報告の時期です: ${label}`;
      const body = overdue
        ? `実証「${pilot.title}」の${label}の成果報告がまだ提出されていません。期間の終了から${OVERDUE_AFTER_DAYS}日が過ぎました。作成して提出してください。`
        : `実証「${pilot.title}」の${label}が終わりました。成果報告（KPIの値、参加者数、実施状況）を作成して提出してください。`;
      for (const member of members.values()) {
        await createNotification(trx, { userId: member.id, kind: "outcome_report_due", title, body, linkPath });
        await queueEmail(trx, {
          to: member.email,
          subject: `【ガバメントピッチ】${title}（${pilot.title}）`,
          body: [`${member.display_name} 様`, "", body, "", `成果報告を開く: ${siteUrl()}${linkPath}`].join("\n"),
        });
      }
      if (overdue) result.overdue++;
      else result.due++;
    }
    return result;
  });
}

/** The periodic task that sends the outcome report reminders (registered at start-up). */
export const outcomeRemindersTask: PeriodicTask = {
  name: "outcome report reminders",
  run: async (now) => {
    const sent = await sendOutcomeReminders(now);
    return sent.due + sent.overdue > 0 ? `outcome report reminders: ${sent.due} due, ${sent.overdue} overdue` : null;
  },
};
