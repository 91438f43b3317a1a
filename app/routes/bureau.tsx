import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TableWrap } from "~/components/table-wrap";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { NoticeFromUrl } from "~/components/notices";
import { VerificationBadge } from "~/components/verification-badge";
import { formatShare, FUNNEL_STEPS } from "~/domain/monitoring/monitoring-labels.data";
import { monitoringViewerOf, scopeFor } from "~/domain/monitoring/monitoring.access.server";
import { scopeTotal } from "~/domain/monitoring/monitoring.queries.server";
import { fiscalYearLabel } from "~/domain/funding/fiscal-year.rules";
import { db } from "~/lib/db.server";
import {
  getOrganizationProfile,
  listBureauJurisdiction,
  listMunicipalitiesInJurisdiction,
} from "~/domain/organizations/organizations.queries.server";
import { notFound } from "~/lib/errors";
import { listBureauActions } from "~/domain/home/bureau-actions.queries.server";
import { PilotActionItems } from "~/components/pilot-actions";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "地方局ダッシュボード | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.bureau" });
  const profile = await getOrganizationProfile(actor.membership.organizationId);
  if (!profile?.bureau_id) throw notFound();
  const mayViewData = can(actor, { action: "bureau.viewData" });
  // This year's figures: the monitoring dashboard's own counters (app/domain/monitoring/counters.queries.server.ts).
  const scope = mayViewData ? scopeFor(await monitoringViewerOf(db(), actor), {}) : null;
  const [jurisdiction, municipalities, thisYear, actions] = await Promise.all([
    listBureauJurisdiction(profile.bureau_id),
    mayViewData ? listMunicipalitiesInJurisdiction(profile.bureau_id) : Promise.resolve(null),
    scope ? scopeTotal(db(), scope) : Promise.resolve(null),
    listBureauActions(db(), actor, scope?.prefectureCodes ?? null),
  ]);
  return json({
    profile,
    actions,
    jurisdiction,
    municipalities,
    thisYear: scope && thisYear ? { fiscalYear: scope.fiscalYear, counters: thisYear } : null,
  });
});

export default function BureauHome() {
  const { profile, jurisdiction, municipalities, thisYear, actions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>
        {profile.name} ダッシュボード
        <VerificationBadge status={profile.verification_status} />
      </h1>
      <NoticeFromUrl />
      <section className="card" aria-labelledby="todo-heading">
        <h2 id="todo-heading">対応が必要なこと</h2>
        {actions.length === 0 ? (
          <p className="empty">
            いま対応が必要なことはありません。管内の自治体にピッチを発表してもらうには、
            <Link to="/bureau/events/new">ピッチイベントを作成</Link>して自治体を招待します。
          </p>
        ) : (
          <ul>
            <PilotActionItems actions={actions} />
          </ul>
        )}
      </section>
      <section className="card">
        <h2>管轄区域</h2>
        <p>{jurisdiction.map((p) => p.name).join("、")}</p>
      </section>
      {thisYear ? (
        <section className="card" aria-labelledby="this-year-heading">
          <div className="section-head">
            <h2 id="this-year-heading">{fiscalYearLabel(thisYear.fiscalYear)}の管内の状況</h2>
            <Link to="/bureau/monitoring">モニタリングを開く</Link>
          </div>
          <dl className="key-figures">
            {FUNNEL_STEPS.map((s) => (
              <div className="key-figure" key={s.key}>
                <dt>{s.label}</dt>
                <dd>{thisYear.counters.funnel[s.key].toLocaleString("ja-JP")}件</dd>
              </div>
            ))}
            <div className="key-figure">
              <dt>KPI達成率</dt>
              <dd>{formatShare(thisYear.counters.attainment.share)}</dd>
            </div>
          </dl>
          <p className="small muted">
            {fiscalYearLabel(thisYear.fiscalYear)}
            に公開されたピッチとその後の経過です。数え方はモニタリングのページに示しています。
          </p>
        </section>
      ) : null}
      <section className="card">
        <h2>管内の登録自治体</h2>
        {municipalities === null ? (
          <p className="alert alert--warn">運営事務局による組織の確認が済むまで、管内のデータは表示されません。</p>
        ) : municipalities.length === 0 ? (
          <p className="empty">管内で登録済みの自治体はまだありません。</p>
        ) : (
          <TableWrap label="管内の登録自治体">
            <table>
              <thead>
                <tr>
                  <th scope="col">自治体</th>
                  <th scope="col">都道府県</th>
                  <th scope="col">確認状態</th>
                </tr>
              </thead>
              <tbody>
                {municipalities.map((m) => (
                  <tr key={m.id}>
                    <td>{m.name}</td>
                    <td>{m.prefecture_name}</td>
                    <td>
                      <VerificationBadge status={m.verification_status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <p>
        <Link to="/org">組織の情報とメンバー</Link>
      </p>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
