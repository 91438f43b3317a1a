// When a pitch is published, the job `match_saved_searches` {pitchId} runs every saved search against that one
// pitch, with the filters of the public search itself (pitchMatchesSearch), so a notification and the search page
// never disagree. Each match gets a notification and a queued e-mail; the primary key of saved_search_match
// (saved search, pitch) makes a retried or re-run job notify nobody twice.
import { z } from "zod";
import type { Job } from "@db/schema";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { PUBLIC_STATUSES } from "~/domain/pitches/pitch.rules";
import { pitchMatchesSearch } from "~/domain/pitches/pitches.search.queries.server";
import { inTransaction } from "~/lib/db.server";
import { siteUrl } from "~/lib/site-url.server";
import { savedQueryHref, savedQueryToSearch } from "./saved-searches.schema";

/** Notifies the owners of the saved searches that the pitch matches (and did not notify yet); returns how many. */
export async function matchSavedSearches(pitchId: string, now = new Date()): Promise<number> {
  return inTransaction(async (trx) => {
    const pitch = await trx
      .selectFrom("pitch")
      .innerJoin("municipality", "municipality.code", "pitch.municipality_code")
      .innerJoin("prefecture", "prefecture.code", "pitch.prefecture_code")
      .select(["pitch.id", "pitch.title", "pitch.status"])
      .select(["municipality.name as municipality_name", "prefecture.name as prefecture_name"])
      .where("pitch.id", "=", pitchId)
      .executeTakeFirst();
    // A draft (or a deleted pitch) never notifies anyone.
    if (!pitch || !(PUBLIC_STATUSES as readonly string[]).includes(pitch.status)) return 0;
    // Saved searches of users who still belong to the company organisation they saved them in.
    const searches = await trx
      .selectFrom("saved_search")
      .innerJoin("app_user", "app_user.id", "saved_search.user_id")
      .innerJoin("membership", (join) =>
        join
          .onRef("membership.user_id", "=", "saved_search.user_id")
          .onRef("membership.organization_id", "=", "saved_search.organization_id"),
      )
      .innerJoin("organization", "organization.id", "saved_search.organization_id")
      .select(["saved_search.id", "saved_search.name", "saved_search.query"])
      .select(["saved_search.user_id", "app_user.email"])
      .where("organization.kind", "=", "company")
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("saved_search_match")
              .select("saved_search_match.pitch_id")
              .whereRef("saved_search_match.saved_search_id", "=", "saved_search.id")
              .where("saved_search_match.pitch_id", "=", pitchId),
          ),
        ),
      )
      .orderBy("saved_search.created_at")
      .orderBy("saved_search.id")
      .execute();
    let notified = 0;
    for (const saved of searches) {
      if (!(await pitchMatchesSearch(trx, savedQueryToSearch(saved.query), pitchId, now))) continue;
      // The idempotency key: a concurrent run of the same job waits here and then inserts nothing.
      const claimed = await trx
        .insertInto("saved_search_match")
        .values({ saved_search_id: saved.id, pitch_id: pitchId })
        .onConflict((oc) => oc.columns(["saved_search_id", "pitch_id"]).doNothing())
        .returning("pitch_id")
        .executeTakeFirst();
      if (!claimed) continue;
      const linkPath = `/pitches/${pitchId}`;
      const where = `${pitch.prefecture_name}${pitch.municipality_name}`;
      const notificationId = await createNotification(trx, {
        userId: saved.user_id,
        kind: "saved_search_match",
        title: `保存した条件「${saved.name}」に合うピッチが公開されました`,
        body: `${where}「${pitch.title}」`,
        linkPath,
      });
      await trx
        .updateTable("saved_search_match")
        .set({ notification_id: notificationId })
        .where("saved_search_id", "=", saved.id)
        .where("pitch_id", "=", pitchId)
        .execute();
      await trx.updateTable("saved_search").set({ last_notified_at: now }).where("id", "=", saved.id).execute();
      await queueEmail(trx, {
        to: saved.email,
        subject: `【ガバメントピッチ】保存した条件「${saved.name}」に合う新しいピッチ`,
        body: [
          `保存した検索条件「${saved.name}」に合うピッチが新しく公開されました。`,
          "",
          `${where}「${pitch.title}」`,
          `ピッチを見る: ${siteUrl()}${linkPath}`,
          "",
          `この条件の検索結果: ${siteUrl()}${savedQueryHref(saved.query)}`,
          `保存した検索条件の管理（削除すると以後のお知らせは届きません）: ${siteUrl()}/company/saved-searches`,
        ].join("\n"),
      });
      notified++;
    }
    return notified;
  });
}

const MatchPayload = z.object({ pitchId: z.string().uuid() });

export async function matchSavedSearchesJob(job: Job): Promise<void> {
  const { pitchId } = MatchPayload.parse(job.payload);
  await matchSavedSearches(pitchId);
}
