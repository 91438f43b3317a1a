import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { getActor } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { Pagination } from "~/components/pagination";
import { PitchCard } from "~/components/pitch-card";
import { TARGET_STATES, THEMES, targetStateLabel, themeLabel } from "~/domain/pitches/catalog.data";
import { formatYenShort } from "~/lib/format";
import {
  filterChips,
  hasFilters,
  parseSearchLenient,
  SEARCH_SORTS,
  searchSortLabels,
  searchToParams,
} from "~/domain/pitches/pitches.search.schema";
import { popularThemes, searchPitches } from "~/domain/pitches/pitches.search.queries.server";
import { listBureaus, listPrefectures } from "~/domain/reference/reference.queries.server";
import { describeSearch, SAVED_SEARCH_NAME_MAX, toSavedQuery } from "~/domain/saved-searches/saved-searches.schema";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

const TITLE = "ピッチを探す | ガバメントピッチ・マッチング";
const DESCRIPTION =
  "全国の自治体が公開した地域課題（ガバメントピッチ）を、キーワード・テーマ・地域・予算・締切で検索できます。";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const filtered = data && data.canonical.includes("?");
  return [
    { title: data?.search.q ? `「${data.search.q}」の検索結果 | ${TITLE}` : TITLE },
    { name: "description", content: DESCRIPTION },
    // Filtered and paged lists are not separate documents for search engines; the pitches themselves are.
    ...(filtered ? [{ name: "robots", content: "noindex, follow" }] : []),
    { tagName: "link", rel: "canonical", href: data ? data.canonical : "/pitches" },
    { property: "og:title", content: TITLE },
    { property: "og:description", content: DESCRIPTION },
  ];
};

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const search = parseSearchLenient(url.searchParams);
  const [result, prefectures, bureaus, actor] = await Promise.all([
    searchPitches(db(), search),
    listPrefectures(),
    listBureaus(),
    getActor(request),
  ]);
  const suggestions = result.total === 0 ? await popularThemes(db()) : [];
  const query = searchToParams(search).toString();
  const chips = filterChips(search, {
    theme: themeLabel,
    targetState: targetStateLabel,
    prefecture: prefectures.find((p) => p.code === search.prefecture)?.name,
    bureau: bureaus.find((b) => b.id === search.bureau)?.name,
    yen: formatYenShort,
  });
  return json({
    search,
    chips,
    result,
    prefectures,
    bureaus,
    suggestions,
    // Signed-in company users may save these filters (the form posts to /company/saved-searches).
    saveSearch: can(actor, { action: "savedSearch.manage" })
      ? {
          query: searchToParams(search, { page: 1, sort: "newest" }).toString(),
          defaultName: describeSearch(toSavedQuery(search), {
            prefecture: prefectures.find((p) => p.code === search.prefecture)?.name,
            bureau: bureaus.find((b) => b.id === search.bureau)?.name,
          }),
        }
      : null,
    canonical: `/pitches${query ? `?${query}` : ""}`,
    csvHref: `/api/v1/pitches.csv${(() => {
      const q = searchToParams(search, { page: 1 }).toString();
      return q ? `?${q}` : "";
    })()}`,
  });
});

export default function PitchSearch() {
  const { search, result, prefectures, bureaus, suggestions, csvHref, saveSearch, chips } =
    useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/pitches";
  const first = (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.total, result.page * result.pageSize);
  const filtered =
    search.themes.length > 0 ||
    search.targetStates.length > 0 ||
    search.prefecture !== null ||
    search.bureau !== null ||
    search.budgetMin !== null ||
    search.budgetMax !== null;
  return (
    <>
      <h1>ピッチを探す</h1>
      <p>自治体が公開している地域課題です。解決策の提案や質問は、企業として登録・ログインするとできます。</p>
      <div className="search-layout">
        <Form method="get" className="card stack" role="search" aria-label="ピッチの検索">
          <div className="field">
            <label htmlFor="q">キーワード</label>
            <input id="q" name="q" type="search" defaultValue={search.q} maxLength={100} aria-describedby="q-hint" />
            <p className="field__hint" id="q-hint">
              例: 買い物、見守り、フレイル（全角・半角どちらでも、語の一部でも探せます）
            </p>
          </div>
          {/* Folded even when filters are set: the chips above the results say which (a phone shows results first). */}
          <details className="filters">
            <summary>絞り込み条件（テーマ・地域・予算など）{filtered ? "：指定あり" : ""}</summary>
            <fieldset className="filter-group">
              <legend>テーマ（いずれかを含む）</legend>
              {THEMES.map((t) => (
                <label key={t.code}>
                  <input type="checkbox" name="theme" value={t.code} defaultChecked={search.themes.includes(t.code)} />
                  {t.label}
                </label>
              ))}
            </fieldset>
            <fieldset className="filter-group">
              <legend>対象者の状態</legend>
              {TARGET_STATES.map((t) => (
                <label key={t.code}>
                  <input
                    type="checkbox"
                    name="targetState"
                    value={t.code}
                    defaultChecked={search.targetStates.includes(t.code)}
                  />
                  {t.label}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="prefecture">都道府県</label>
              <select id="prefecture" name="prefecture" defaultValue={search.prefecture ?? ""}>
                <option value="">すべて</option>
                {prefectures.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="bureau">地方局の管内</label>
              <select id="bureau" name="bureau" defaultValue={search.bureau ?? ""}>
                <option value="">すべて</option>
                {bureaus.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="filter-group">
              <legend>予算上限（円）</legend>
              <div className="field">
                <label htmlFor="budgetMin">下限</label>
                <input
                  id="budgetMin"
                  name="budgetMin"
                  inputMode="numeric"
                  defaultValue={search.budgetMin ?? ""}
                  placeholder="例: 1000000"
                />
              </div>
              <div className="field">
                <label htmlFor="budgetMax">上限</label>
                <input
                  id="budgetMax"
                  name="budgetMax"
                  inputMode="numeric"
                  defaultValue={search.budgetMax ?? ""}
                  placeholder="例: 4000000"
                />
              </div>
            </fieldset>
          </details>
          <label className="checkbox-line">
            <input type="checkbox" name="open" value="1" defaultChecked={search.open} /> 募集中のみ
          </label>
          <div className="field">
            <label htmlFor="sort">並び順</label>
            <select id="sort" name="sort" defaultValue={search.sort}>
              {SEARCH_SORTS.map((s) => (
                <option key={s} value={s}>
                  {searchSortLabels[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="button">
              検索する
            </button>
            <Link to="/pitches" className="button button--secondary">
              条件をクリア
            </Link>
          </div>
        </Form>

        <section aria-labelledby="results-heading" aria-busy={busy || undefined}>
          {chips.length > 0 ? (
            <ul className="filter-chips" aria-label="指定中の条件">
              {chips.map((chip) => (
                <li key={chip.href + chip.label}>
                  <Link to={chip.href} className="chip" aria-label={`${chip.label}の条件を外す`}>
                    {chip.label} <span aria-hidden="true">×</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="search-summary">
            <h2 id="results-heading" aria-live="polite">
              {result.total === 0
                ? "該当するピッチはありません"
                : `${result.total.toLocaleString("ja-JP")}件中 ${first}〜${last}件を表示`}
            </h2>
            {result.total > 0 ? (
              <a href={csvHref} download>
                この条件でCSVをダウンロード
              </a>
            ) : null}
          </div>
          {saveSearch ? (
            <details className="card save-search">
              <summary>この条件を保存</summary>
              <Form method="post" action="/company/saved-searches" className="stack">
                <input type="hidden" name="intent" value="create" />
                <input type="hidden" name="query" value={saveSearch.query} />
                <div className="field">
                  <label htmlFor="saved-search-name">名前（空欄なら条件の要約）</label>
                  <input
                    id="saved-search-name"
                    name="name"
                    maxLength={SAVED_SEARCH_NAME_MAX}
                    placeholder={saveSearch.defaultName}
                  />
                </div>
                <p className="small muted">条件に合うピッチが新しく公開されると、お知らせとメールでお伝えします。</p>
                <div className="actions">
                  <button type="submit" className="button">
                    この条件を保存
                  </button>
                  <Link to="/company/saved-searches">保存した条件の一覧</Link>
                </div>
              </Form>
            </details>
          ) : null}
          {result.total === 0 ? (
            <div className="card">
              <p>条件に合うピッチが見つかりませんでした。次をお試しください。</p>
              <ul>
                {hasFilters(search) ? (
                  <li>
                    <Link to="/pitches">条件をすべてクリアする</Link>
                  </li>
                ) : null}
                <li>キーワードを短くする、または別の言葉（例: 「移動」「見守り」）で探す</li>
                {search.open ? <li>「募集中のみ」を外して、募集が終わったピッチも見る</li> : null}
              </ul>
              {suggestions.length > 0 ? (
                <>
                  <h3>募集中のピッチが多いテーマ</h3>
                  <ul className="tags">
                    {suggestions.map((s) => (
                      <li key={s.code}>
                        <Link to={`/pitches?theme=${s.code}&open=1`}>
                          {themeLabel(s.code)}（{s.count}件）
                        </Link>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </div>
          ) : (
            <>
              {result.rows.map((pitch) => (
                <PitchCard key={pitch.id} pitch={pitch} headingLevel={3} />
              ))}
              <Pagination page={result.page} pageSize={result.pageSize} total={result.total} />
            </>
          )}
        </section>
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
