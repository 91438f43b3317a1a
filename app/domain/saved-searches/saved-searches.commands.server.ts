// Saved searches: a company user saves the filters of /pitches, lists and deletes their own. Every query is scoped
// to the user (and the row keeps the organisation), so another user's id is the same as an id that does not exist.
import { randomUUID } from "node:crypto";
import { type MemberActor, assertCan } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { parseSearchLenient } from "~/domain/pitches/pitches.search.schema";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import {
  describeSearch,
  SAVED_SEARCHES_PER_USER,
  toSavedQuery,
  type CreateSavedSearchInput,
  type SavedQuery,
} from "./saved-searches.schema";

function ensureCompany(actor: MemberActor) {
  assertCan(actor, { action: "savedSearch.manage" }, "検索条件の保存は企業のユーザーのみ利用できます。");
}

/** The default name of a search: a Japanese summary of its filters, with prefecture and bureau names. */
export async function defaultSearchName(ex: Executor, query: SavedQuery): Promise<string> {
  const prefecture =
    query.prefecture === null
      ? null
      : ((await ex.selectFrom("prefecture").select("name").where("code", "=", query.prefecture).executeTakeFirst())
          ?.name ?? null);
  const bureau = query.bureau
    ? ((await ex.selectFrom("regional_bureau").select("name").where("id", "=", query.bureau).executeTakeFirst())
        ?.name ?? null)
    : null;
  return describeSearch(query, { prefecture, bureau });
}

/** Saves the filters of a /pitches query string (page and sort left out); returns the new id. */
export async function saveSearch(actor: MemberActor, input: CreateSavedSearchInput): Promise<string> {
  ensureCompany(actor);
  const query = toSavedQuery(parseSearchLenient(new URLSearchParams(input.query.replace(/^\?/, ""))));
  return inTransaction(async (trx) => {
    // Serialise the saves of one user so that the limit holds under concurrent requests.
    await trx.selectFrom("app_user").select("id").where("id", "=", actor.userId).forUpdate().executeTakeFirstOrThrow();
    const count = await trx
      .selectFrom("saved_search")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("user_id", "=", actor.userId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= SAVED_SEARCHES_PER_USER) {
      throw new AppError(
        "conflict",
        `保存できる検索条件は${SAVED_SEARCHES_PER_USER}件までです。不要な条件を削除してください。`,
      );
    }
    const name = input.name || (await defaultSearchName(trx, query));
    const id = randomUUID();
    await trx
      .insertInto("saved_search")
      .values({
        id,
        user_id: actor.userId,
        organization_id: actor.membership.organizationId,
        name,
        query: JSON.stringify(query),
      })
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: actor.membership.organizationId,
      action: "saved_search.create",
      entityType: "saved_search",
      entityId: id,
      changes: { name, query },
    });
    return id;
  });
}

/** Deletes one of the actor's own saved searches; any other id is not found. */
export async function deleteSavedSearch(actor: MemberActor, savedSearchId: string): Promise<void> {
  ensureCompany(actor);
  await inTransaction(async (trx) => {
    const deleted = await trx
      .deleteFrom("saved_search")
      .where("id", "=", savedSearchId)
      .where("user_id", "=", actor.userId)
      .returning(["id", "name"])
      .executeTakeFirst();
    if (!deleted) throw new AppError("not_found", "保存した検索条件が見つかりません。");
    await recordAudit(trx, {
      actor,
      organizationId: actor.membership.organizationId,
      action: "saved_search.delete",
      entityType: "saved_search",
      entityId: deleted.id,
      changes: { name: deleted.name },
    });
  });
}
