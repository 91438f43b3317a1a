// Pitches recommended to the signed-in company: open published pitches scored against its profile, with reasons.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { formatDateTime } from "~/lib/format";
import {
  recommendPitchesForCompany,
  RECOMMENDATION_LIMIT,
} from "~/domain/recommendations/recommendations.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "おすすめの課題 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "recommendation.forCompany" });
  const result = await recommendPitchesForCompany(db(), actor.membership.organizationId, RECOMMENDATION_LIMIT);
  return json({ ...result, limit: RECOMMENDATION_LIMIT });
});

export default function CompanyRecommendations() {
  const { profileReady, items, limit } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>おすすめの課題</h1>
      <p>
        会社プロフィールの得意なテーマ・対応地域・実績から、提案を募集中の課題を選びました（上位{limit}
        件）。理由はそれぞれの課題に表示します。
      </p>
      {!profileReady ? (
        <div className="empty">
          <p>おすすめを表示するには、会社プロフィールに得意なテーマと対応地域を登録してください。</p>
          <p>
            <Link to="/company/profile" className="button">
              会社プロフィールを入力する
            </Link>
          </p>
        </div>
      ) : items.length === 0 ? (
        <p className="empty">
          いまプロフィールに合う募集中の課題はありません。<Link to="/pitches">ピッチを探す</Link>
          からすべての課題を見られます。
        </p>
      ) : (
        <ol className="stack" aria-label="おすすめの課題">
          {items.map((item) => (
            <li key={item.id} className="card">
              <h2>
                <Link to={`/pitches/${item.id}`}>{item.title}</Link>
              </h2>
              <p className="small muted">
                {item.prefectureName} {item.municipalityName}／提案締切: {formatDateTime(item.proposalDeadline)}／
                <span className="score">おすすめ度 {item.score}</span>
              </p>
              <ul className="chips" aria-label="おすすめの理由">
                {item.reasons.map((r) => (
                  <li key={r} className="chip">
                    {r}
                  </li>
                ))}
              </ul>
              {item.summary ? <p>{item.summary}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
