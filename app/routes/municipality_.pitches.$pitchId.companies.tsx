// Companies that fit one of the municipality's own pitches (published profiles), with score and reasons.
// Another municipality's pitch is "not found", exactly like a pitch that does not exist.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith, requirePermission } from "~/auth/guards.server";
import { getOwnPitch } from "~/domain/pitches/pitches.owner.queries.server";
import {
  recommendCompaniesForPitch,
  RECOMMENDATION_LIMIT,
} from "~/domain/recommendations/recommendations.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.pitch.title ?? "ピッチ"}に合う企業 | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "pitch.create" });
  // Scoped to the actor's organisation: a foreign id is a 404.
  const pitch = await getOwnPitch(actor, params.pitchId ?? "");
  requirePermission(actor, { action: "pitch.viewPrivate", organizationId: pitch.organization_id });
  const companies = await recommendCompaniesForPitch(db(), pitch, RECOMMENDATION_LIMIT);
  return json({ pitch: { id: pitch.id, title: pitch.title }, companies, limit: RECOMMENDATION_LIMIT });
});

export default function PitchCompanies() {
  const { pitch, companies, limit } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/municipality/pitches", label: "課題（ピッチ）" },
          { to: `/municipality/pitches/${pitch.id}`, label: pitch.title },
        ]}
        current={"この課題に合う企業"}
      />
      <h1>この課題に合う企業</h1>
      <p>公開プロフィールのテーマ・対応地域・実績から選びました（上位{limit}件）。企業名から公開ページを開けます。</p>
      {companies.length === 0 ? (
        <p className="empty">
          いまこの課題に合う公開プロフィールの企業はありません。テーマや地域を見直すと見つかることがあります。
        </p>
      ) : (
        <ol className="stack" aria-label="この課題に合う企業">
          {companies.map((c) => (
            <li key={c.organizationId} className="card">
              <h2>
                <Link to={`/companies/${c.organizationId}`}>{c.name}</Link>
              </h2>
              <p className="small muted">
                <span className="score">おすすめ度 {c.score}</span>
              </p>
              <ul className="chips" aria-label="おすすめの理由">
                {c.reasons.map((r) => (
                  <li key={r} className="chip">
                    {r}
                  </li>
                ))}
              </ul>
              {c.summary ? (
                <p className="pre-wrap">{c.summary.length > 200 ? `${c.summary.slice(0, 200)}…` : c.summary}</p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
