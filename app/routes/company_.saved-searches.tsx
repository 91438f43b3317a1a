import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import {
  CreateSavedSearchSchema,
  DeleteSavedSearchSchema,
  SAVED_SEARCHES_PER_USER,
} from "~/domain/saved-searches/saved-searches.schema";
import { deleteSavedSearch, saveSearch } from "~/domain/saved-searches/saved-searches.commands.server";
import { listSavedSearches } from "~/domain/saved-searches/saved-searches.queries.server";
import { handle, type FormFailure } from "~/web/http.server";
import { CHECK_INPUT, intent, runIntent, BAD_OPERATION } from "~/web/intents.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "保存した検索条件 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "savedSearch.manage" });
  return json({ savedSearches: await listSavedSearches(actor), limit: SAVED_SEARCHES_PER_USER });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "savedSearch.manage" });
  const formData = await readForm(request);
  const path = "/company/saved-searches";
  return runIntent(formData, {
    create: intent({
      schema: CreateSavedSearchSchema,
      invalid: CHECK_INPUT,
      run: (data) => saveSearch(actor, data),
      done: { path, notice: "search-saved" },
    }),
    // Another user's id is not found (404), like an id that does not exist.
    delete: intent({
      schema: DeleteSavedSearchSchema,
      invalid: BAD_OPERATION,
      run: (data) => deleteSavedSearch(actor, data.savedSearchId),
      done: { path, notice: "search-deleted" },
    }),
  });
});

export default function SavedSearches() {
  const { savedSearches, limit } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <>
      <h1>保存した検索条件</h1>
      <NoticeFromUrl />
      <FormAlert message={result?.formError ?? Object.values(result?.fieldErrors ?? {})[0]} />
      <p>
        条件に合うピッチが新しく公開されると、<Link to="/notifications">お知らせ</Link>とメールでお伝えします（{limit}
        件まで保存できます）。 条件は<Link to="/pitches">ピッチを探す</Link>の「この条件を保存」から追加します。
      </p>
      {savedSearches.length === 0 ? (
        <p className="empty">保存した検索条件はありません。</p>
      ) : (
        <ul className="stack" aria-label="保存した検索条件の一覧">
          {savedSearches.map((s) => (
            <li key={s.id} className="card">
              <h2>
                <Link to={s.href}>{s.name}</Link>
              </h2>
              {s.summary !== s.name ? <p className="small">条件: {s.summary}</p> : null}
              <p className="small muted">
                保存: {formatDateTime(s.createdAt)}
                {s.lastNotifiedAt ? `／最後のお知らせ: ${formatDateTime(s.lastNotifiedAt)}` : ""}
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="savedSearchId" value={s.id} />
                <button
                  type="submit"
                  className="button button--secondary"
                  disabled={busy}
                  aria-label={`「${s.name}」を削除`}
                >
                  削除
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
