import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime, formatYenInTable } from "~/lib/format";
import { TableWrap } from "~/components/table-wrap";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { MILESTONE_STATUS_LABELS } from "~/domain/funding/funding.schema";
import { findPilotForMonitoring } from "~/domain/monitoring/monitoring.access.server";
import { requireMonitoringViewer } from "~/web/monitoring-viewer.server";
import {
  formatShare,
  KPI_STANDING_LABELS,
  LIFE_STEP_LABELS,
  PILOT_MONEY_DEFINITION,
  PILOT_RESULT_LABELS,
} from "~/domain/monitoring/monitoring-labels.data";
import { monitoringPilot } from "~/domain/monitoring/monitoring.queries.server";
import { KPI_DIRECTION_LABELS } from "~/domain/pilots/agreement-content.schema";
import { PILOT_STATUS_LABELS } from "~/domain/pilots/pilots.schema";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { PilotMoneyCard } from "~/components/pilot-money-card";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.pilot.title ?? "実証"} | モニタリング | ガバメントピッチ・マッチング` },
];

/**
 * GET /bureau/monitoring/pilots/<id>: a read-only summary of a pilot of the viewer's jurisdiction (else 404), without
 * the confidential texts of the proposal or the agreement. Every view is audited (pilot.bureau_view).
 */
export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, viewer } = await requireMonitoringViewer(request);
  const found = await findPilotForMonitoring(db(), actor, viewer, params.pilotId ?? "");
  if (!found) throw notFound("管轄区域の実証が見つかりません。");
  return json(await monitoringPilot(db(), found.pilot));
});

const sideLabels = { municipality: "自治体", company: "企業" } as const;

export default function MonitoringPilotPage() {
  const data = useLoaderData<typeof loader>();
  const { pilot, pitch, place, parties, agreement, steps, money, milestones, kpis, attainment, closeout } = data;
  const fy = pitch.publishedAt ? fiscalYearOf(pitch.publishedAt) : null;
  const csv = (table: string) => `/bureau/monitoring/pilots/${pilot.id}/export.csv?table=${table}`;
  const finishedLabel = pilot.status === "terminated" ? "中止" : LIFE_STEP_LABELS.finished;
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: fy ? `/bureau/monitoring?fy=${fy}` : "/bureau/monitoring", label: "モニタリング" },
          {
            to: `/bureau/monitoring/municipalities/${place.municipalityCode}${fy ? `?fy=${fy}` : ""}`,
            label: `${place.prefectureName}${place.municipalityName}`,
          },
        ]}
        current={pilot.title}
      />
      <h1>
        {pilot.title}
        <span className="badge badge--muted">{PILOT_STATUS_LABELS[pilot.status]}</span>
      </h1>
      <p className="small muted">
        地方局・運営事務局向けの閲覧専用の概要です。提案書や協定書の本文など、当事者間の非公開の内容は表示しません。この閲覧は操作履歴に記録されます。
      </p>

      <section className="card" aria-labelledby="steps-heading">
        <h2 id="steps-heading">実証の歩み</h2>
        <ol className="life-steps">
          {steps.map((step, i) => (
            <li key={step.key} className={`life-step${step.done ? " life-step--done" : ""}`}>
              <span className="life-step__mark" aria-hidden="true">
                {step.done ? "✓" : i + 1}
              </span>
              <span className="life-step__text">
                {step.key === "finished" ? finishedLabel : LIFE_STEP_LABELS[step.key]}
                <span className="sr-only">{step.done ? "（済み）" : "（まだ）"}</span>
                <span className="small muted">{step.done ? (step.at ? formatDateTime(step.at) : "済み") : "まだ"}</span>
              </span>
            </li>
          ))}
        </ol>
      </section>

      <div className="grid grid--two">
        <section className="card" aria-labelledby="parties-heading">
          <h2 id="parties-heading">当事者</h2>
          <dl className="facts">
            <dt>自治体</dt>
            <dd>{parties.municipality}</dd>
            <dt>企業</dt>
            <dd>{parties.company}</dd>
            <dt>ピッチ</dt>
            <dd>{pitch.isPublic ? <Link to={`/pitches/${pitch.id}`}>{pitch.title}</Link> : pitch.title}</dd>
            <dt>ピッチの公開</dt>
            <dd>{formatDateTime(pitch.publishedAt)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="agreement-heading">
          <h2 id="agreement-heading">協定</h2>
          <dl className="facts">
            <dt>締結した版</dt>
            <dd>{agreement.signedVersionNumber === null ? "未締結" : `第${agreement.signedVersionNumber}版`}</dd>
            <dt>締結日時</dt>
            <dd>{formatDateTime(agreement.signedAt)}</dd>
            <dt>署名</dt>
            <dd>
              {agreement.signatures.length === 0
                ? "—"
                : agreement.signatures.map((s) => (
                    <span key={s.side} className="block">
                      {sideLabels[s.side]}: {formatDateTime(s.signedAt)}
                    </span>
                  ))}
            </dd>
            <dt>最新の版</dt>
            <dd>
              {agreement.latestVersion
                ? `第${agreement.latestVersion.number}版（${agreement.latestVersion.locked ? "署名済み" : "協議中"}）`
                : "—"}
            </dd>
          </dl>
        </section>
        <PilotMoneyCard money={money} formatAmount={formatYenInTable}>
          <p className="definitions definitions--text">{PILOT_MONEY_DEFINITION}</p>
        </PilotMoneyCard>
        <section className="card" aria-labelledby="closeout-heading">
          <h2 id="closeout-heading">振り返りの結果</h2>
          {closeout ? (
            <dl className="facts">
              <dt>結果</dt>
              <dd>{PILOT_RESULT_LABELS[closeout.result]}</dd>
              <dt>記録日時</dt>
              <dd>{formatDateTime(closeout.closedAt)}</dd>
            </dl>
          ) : (
            <p className="muted">まだ記録されていません。</p>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="milestones-heading">
        <div className="section-head">
          <h2 id="milestones-heading">支払予定</h2>
          <a href={csv("milestones")} download>
            支払予定の表をCSVでダウンロード
          </a>
        </div>
        {milestones.length === 0 ? (
          <p className="empty">支払予定はまだありません。</p>
        ) : (
          <TableWrap label="支払予定の表">
            <table className="numbers">
              <thead>
                <tr>
                  <th scope="col">支払予定</th>
                  <th scope="col">期日</th>
                  <th scope="col" className="num">
                    金額
                  </th>
                  <th scope="col">状態</th>
                  <th scope="col">支払日時</th>
                </tr>
              </thead>
              <tbody>
                {milestones.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">{m.title}</th>
                    <td>{m.dueDate}</td>
                    <td className="num">{formatYenInTable(m.amountYen)}</td>
                    <td>{MILESTONE_STATUS_LABELS[m.status]}</td>
                    <td>{formatDateTime(m.paidAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section className="card" aria-labelledby="kpis-heading">
        <div className="section-head">
          <h2 id="kpis-heading">KPI</h2>
          <a href={csv("kpis")} download>
            KPIの表をCSVでダウンロード
          </a>
        </div>
        <p>
          KPI達成率 <strong>{formatShare(attainment.share)}</strong>（目標を達成したKPI {attainment.met}件 ／
          測定されたKPI {attainment.measured}件）
        </p>
        {kpis.length === 0 ? (
          <p className="empty">KPIはまだ登録されていません。</p>
        ) : (
          <TableWrap label="KPIの表">
            <table className="numbers">
              <thead>
                <tr>
                  <th scope="col">KPI</th>
                  <th scope="col" className="num">
                    基準値
                  </th>
                  <th scope="col" className="num">
                    目標値
                  </th>
                  <th scope="col">方向</th>
                  <th scope="col" className="num">
                    最新の承認済みの値
                  </th>
                  <th scope="col">達成状況</th>
                </tr>
              </thead>
              <tbody>
                {kpis.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">
                      {k.name}
                      {k.unit ? <span className="small muted block">単位: {k.unit}</span> : null}
                    </th>
                    <td className="num">{k.baseline ?? "—"}</td>
                    <td className="num">{k.target ?? "—"}</td>
                    <td>{KPI_DIRECTION_LABELS[k.direction]}</td>
                    <td className="num">
                      {k.latestApprovedValue ?? "—"}
                      {k.latestPeriod ? (
                        <span className="small muted block">
                          {k.latestPeriod.start}〜{k.latestPeriod.end}
                        </span>
                      ) : null}
                    </td>
                    <td>{KPI_STANDING_LABELS[k.standing]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
