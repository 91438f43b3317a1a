// Periodic proposal reminders run by the job worker (see runPeriodicTasks):
// - a pitch's proposal deadline is within 3 days: the members of each company with a DRAFT proposal to it are told
//   (kind proposal_deadline_soon, once per proposal and member);
// - a pitch's deadline has passed: the owner's members are told how many proposals arrived (kind
//   pitch_deadline_passed, once per pitch).
// Idempotent without a table of its own: a notification of that kind with that link already sent means "done".
// A transaction-scoped advisory lock keeps two workers from sending the same reminders at the same moment.
import type { Kysely } from "kysely";
import type { DB } from "@db/schema";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { db, inLockedTransaction } from "~/lib/db.server";
import { notificationExists } from "~/domain/notifications/notifications.queries.server";
import type { PeriodicTask } from "~/domain/jobs/jobs.worker.server";
import { formatDateTime } from "~/lib/format";

export const DEADLINE_SOON_MS = 3 * 24 * 60 * 60 * 1000;
/** Deadlines passed longer ago than this are not announced (so that old pitches do not flood a new deployment). */
export const DEADLINE_PASSED_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
const LOCK_KEY = 4_202_611_25;

export const draftProposalPath = (proposalId: string) => `/company/proposals/${proposalId}`;
export const ownerPitchPath = (pitchId: string) => `/municipality/pitches/${pitchId}/proposals`;

export interface DeadlineReminderResult {
  soon: number;
  passed: number;
}

export async function sendDeadlineReminders(
  now: Date = new Date(),
  database: Kysely<DB> = db(),
): Promise<DeadlineReminderResult> {
  return inLockedTransaction(database, LOCK_KEY, async (trx) => {
    let soon = 0;
    let passed = 0;

    // Drafts to pitches still open whose deadline comes within 3 days; each draft's company members.
    const drafts = await trx
      .selectFrom("proposal")
      .innerJoin("pitch", "pitch.id", "proposal.pitch_id")
      .innerJoin("membership", "membership.organization_id", "proposal.organization_id")
      .select(["proposal.id as proposal_id", "proposal.title as proposal_title"])
      .select(["pitch.title as pitch_title", "pitch.proposal_deadline"])
      .select(["membership.user_id"])
      .where("proposal.status", "=", "draft")
      .where("pitch.status", "=", "published")
      .where("pitch.proposal_deadline", ">", now)
      .where("pitch.proposal_deadline", "<=", new Date(now.getTime() + DEADLINE_SOON_MS))
      .orderBy("pitch.proposal_deadline")
      .orderBy("proposal.id")
      .orderBy("membership.user_id")
      .execute();
    for (const d of drafts) {
      const link = draftProposalPath(d.proposal_id);
      if (await notificationExists(trx, { kind: "proposal_deadline_soon", linkPath: link, userId: d.user_id }))
        continue;
      await createNotification(trx, {
        userId: d.user_id,
        kind: "proposal_deadline_soon",
        title: `「${d.pitch_title}」の提案締切が近づいています`,
        body: `下書きの提案「${d.proposal_title}」はまだ提出されていません。締切は${formatDateTime(d.proposal_deadline!)}です。`,
        linkPath: link,
      });
      soon++;
    }

    // Pitches whose deadline passed recently (published or already auto-closed); the owner's members.
    const pitches = await trx
      .selectFrom("pitch")
      .select((eb) => [
        "pitch.id",
        "pitch.title",
        "pitch.organization_id",
        eb
          .selectFrom("proposal")
          .select((e) => e.fn.countAll<string>().as("n"))
          .whereRef("proposal.pitch_id", "=", "pitch.id")
          .where("proposal.status", "=", "submitted")
          .as("proposals"),
      ])
      .where("pitch.status", "in", ["published", "closed"])
      .where("pitch.proposal_deadline", "<=", now)
      .where("pitch.proposal_deadline", ">", new Date(now.getTime() - DEADLINE_PASSED_LOOKBACK_MS))
      .orderBy("pitch.proposal_deadline")
      .orderBy("pitch.id")
      .execute();
    for (const pitch of pitches) {
      const link = ownerPitchPath(pitch.id);
      const done = await trx
        .selectFrom("notification")
        .innerJoin("membership", "membership.user_id", "notification.user_id")
        .select("notification.id")
        .where("membership.organization_id", "=", pitch.organization_id)
        .where("notification.kind", "=", "pitch_deadline_passed")
        .where("notification.link_path", "=", link)
        .limit(1)
        .executeTakeFirst();
      if (done) continue;
      const members = await trx
        .selectFrom("membership")
        .select("user_id")
        .where("organization_id", "=", pitch.organization_id)
        .orderBy("user_id")
        .execute();
      const count = Number(pitch.proposals ?? 0);
      for (const member of members) {
        await createNotification(trx, {
          userId: member.user_id,
          kind: "pitch_deadline_passed",
          title: `「${pitch.title}」の提案締切を過ぎました`,
          body: count > 0 ? `${count}件の提案が届いています。審査を始めましょう。` : "提案は届いていません。",
          linkPath: link,
        });
      }
      if (members.length) passed++;
    }
    return { soon, passed };
  });
}

/** The periodic task that sends the deadline reminders (registered at start-up). */
export const deadlineRemindersTask: PeriodicTask = {
  name: "deadline reminders",
  run: async (now) => {
    const sent = await sendDeadlineReminders(now);
    return sent.soon + sent.passed > 0
      ? `deadline reminders: ${sent.soon} draft reminder(s), ${sent.passed} pitch(es) past deadline`
      : null;
  },
};
