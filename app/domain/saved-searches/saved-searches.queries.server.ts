// Saved searches, read side: a company user's own searches (scoped to the user).
import { assertCan, type MemberActor } from "~/auth/permissions";
import { listBureaus, listPrefectures } from "~/domain/reference/reference.queries.server";
import { db } from "~/lib/db.server";
import { describeSearch, savedQueryHref, savedQueryToSearch, toSavedQuery } from "./saved-searches.schema";

export interface SavedSearchView {
  id: string;
  name: string;
  href: string;
  summary: string;
  createdAt: string;
  lastNotifiedAt: string | null;
}

/** The actor's own saved searches, newest first (at most SAVED_SEARCHES_PER_USER, so no paging). */
export async function listSavedSearches(actor: MemberActor): Promise<SavedSearchView[]> {
  assertCan(actor, { action: "savedSearch.manage" }, "検索条件の保存は企業のユーザーのみ利用できます。");
  const rows = await db()
    .selectFrom("saved_search")
    .select(["id", "name", "query", "created_at", "last_notified_at"])
    .where("user_id", "=", actor.userId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  // Names of prefectures and bureaus for the summaries: two small reads, not one per row.
  const [prefectures, bureaus] = rows.length ? await Promise.all([listPrefectures(), listBureaus()]) : [[], []];
  const prefectureNames = new Map(prefectures.map((p) => [p.code, p.name]));
  const bureauNames = new Map(bureaus.map((b) => [b.id, b.name]));
  return rows.map((row) => {
    const query = toSavedQuery(savedQueryToSearch(row.query));
    return {
      id: row.id,
      name: row.name,
      href: savedQueryHref(row.query),
      summary: describeSearch(query, {
        prefecture: query.prefecture === null ? null : prefectureNames.get(query.prefecture),
        bureau: query.bureau ? bureauNames.get(query.bureau) : null,
      }),
      createdAt: row.created_at.toISOString(),
      lastNotifiedAt: row.last_notified_at?.toISOString() ?? null,
    };
  });
}
