import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDateTime, formatYenInTable } from "~/lib/format";
import { SelectField } from "~/components/form-field";
import { AttainmentCell, CompletedCell, CountersSummary } from "~/components/monitoring";
import { TableWrap } from "~/components/table-wrap";
import { fiscalYearLabel, fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { findMunicipalityForViewer } from "~/domain/monitoring/monitoring.access.server";
import { requireMonitoringViewer } from "~/web/monitoring-viewer.server";
import { PILOT_RESULT_LABELS } from "~/domain/monitoring/monitoring-labels.data";
import { monitoringMunicipality } from "~/domain/monitoring/monitoring.queries.server";
import { fiscalYearOptions, MonitoringQuerySchema } from "~/domain/monitoring/monitoring.schema";
import { PILOT_STATUS_LABELS } from "~/domain/pilots/pilots.schema";
import { pitchStatusLabels } from "~/domain/pitches/catalog.data";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data ? `${data.municipality.name}（${fiscalYearLabel(data.fiscalYear)}）` : "自治体"} | モニタリング | ガバメントピッチ・マッチング`,
  },
];

/** GET /bureau/monitoring/municipalities/<code>?fy=2026: one municipality of the viewer's jurisdiction (else 404). */
export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { viewer } = await requireMonitoringViewer(request);
  const municipality = await findMunicipalityForViewer(db(), viewer, params.code ?? "");
  if (!municipality) throw notFound("管轄区域の自治体が見つかりません。");
  const { fy } = MonitoringQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await monitoringMunicipality(db(), viewer, municipality, fy ?? fiscalYearOf(new Date()));
  return json({ ...page, years: fiscalYearOptions(fiscalYearOf(new Date())) });
});

export default function MonitoringMunicipalityPage() {
  const { municipality, fiscalYear, counters, pitches, pilots, years } = useLoaderData<typeof loader>();
  const year = fiscalYearLabel(fiscalYear);
  const csv = (table: string) =>
    `/bureau/monitoring/municipalities/${municipality.code}/export.csv?fy=${fiscalYear}&table=${table}`;
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: `/bureau/monitoring?fy=${fiscalYear}`, label: "モニタリング" },
          {
            to: `/bureau/monitoring?fy=${fiscalYear}&pref=${municipality.prefectureCode}`,
            label: municipality.prefectureName,
          },
        ]}
        current={municipality.name}
      />
      <h1>
        {municipality.prefectureName}
        {municipality.name}（{year}）
      </h1>
      <section className="card" aria-labelledby="filter-heading">
        <h2 id="filter-heading" className="sr-only">
          表示する年度
        </h2>
        <Form method="get" className="filter-bar" key={fiscalYear}>
          <SelectField name="fy" label="年度" defaultValue={String(fiscalYear)}>
            {years.map((y) => (
              <option key={y} value={y}>
                {fiscalYearLabel(y)}（{y}年4月〜{y + 1}年3月）
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            表示する
          </button>
        </Form>
      </section>

      <CountersSummary
        counters={counters}
        csvHref={csv("summary")}
        idPrefix="municipality"
        periodNote={`${year}に公開された${municipality.name}のピッチとその後の経過、資金は${municipality.name}の${year}の予算です。`}
      />

      <section className="card" aria-labelledby="pitches-heading">
        <div className="section-head">
          <h2 id="pitches-heading">{year}に公開されたピッチ</h2>
          <a href={csv("pitches")} download>
            ピッチの表をCSVでダウンロード
          </a>
        </div>
        {pitches.length === 0 ? (
          <p className="empty">{year}に公開されたピッチはありません。</p>
        ) : (
          <TableWrap label="ピッチの表">
            <table className="numbers">
              <thead>
                <tr>
                  <th scope="col">ピッチ</th>
                  <th scope="col">状態</th>
                  <th scope="col">公開日時</th>
                  <th scope="col" className="num">
                    提出された提案
                  </th>
                  <th scope="col" className="num">
                    マッチング
                  </th>
                  <th scope="col" className="num">
                    協定締結
                  </th>
                  <th scope="col" className="num">
                    実施中
                  </th>
                  <th scope="col" className="num">
                    完了
                  </th>
                  <th scope="col" className="num">
                    KPI達成率
                  </th>
                </tr>
              </thead>
              <tbody>
                {pitches.map((p) => (
                  <tr key={p.id}>
                    <th scope="row" className="title-cell">
                      {p.isPublic ? <Link to={`/pitches/${p.id}`}>{p.title}</Link> : p.title}
                    </th>
                    <td>{pitchStatusLabels[p.status]}</td>
                    <td>{formatDateTime(p.publishedAt)}</td>
                    <td className="num">{p.funnel.proposals}</td>
                    <td className="num">{p.funnel.matches}</td>
                    <td className="num">{p.funnel.signedAgreements}</td>
                    <td className="num">{p.funnel.running}</td>
                    <CompletedCell funnel={p.funnel} />
                    <AttainmentCell attainment={p.attainment} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section className="card" aria-labelledby="pilots-heading">
        <div className="section-head">
          <h2 id="pilots-heading">それらのピッチから生まれた実証</h2>
          <a href={csv("pilots")} download>
            実証の表をCSVでダウンロード
          </a>
        </div>
        <p className="small muted">
          配分額と支払済みは、その実証へのすべての年度の予算からの累計です（実証のページの「資金」と同じ値）。
        </p>
        {pilots.length === 0 ? (
          <p className="empty">実証はまだありません。</p>
        ) : (
          <TableWrap label="実証の表">
            <table className="numbers">
              <thead>
                <tr>
                  <th scope="col">実証</th>
                  <th scope="col">企業</th>
                  <th scope="col">状態</th>
                  <th scope="col">協定</th>
                  <th scope="col">結果</th>
                  <th scope="col" className="num">
                    配分額（累計）
                  </th>
                  <th scope="col" className="num">
                    支払済み（累計）
                  </th>
                  <th scope="col" className="num">
                    KPI達成率
                  </th>
                </tr>
              </thead>
              <tbody>
                {pilots.map((p) => (
                  <tr key={p.id}>
                    <th scope="row" className="title-cell">
                      <Link to={`/bureau/monitoring/pilots/${p.id}`}>{p.title}</Link>
                      <span className="small muted block">ピッチ: {p.pitchTitle}</span>
                    </th>
                    <td>{p.companyName}</td>
                    <td>{PILOT_STATUS_LABELS[p.status]}</td>
                    <td>
                      {p.signedVersionNumber === null ? "未締結" : `第${p.signedVersionNumber}版を締結`}
                      {p.signedAt ? <span className="small muted block">{formatDateTime(p.signedAt)}</span> : null}
                    </td>
                    <td>{p.result ? PILOT_RESULT_LABELS[p.result] : p.status === "completed" ? "未記録" : "—"}</td>
                    <td className="num">{formatYenInTable(p.money.allocatedYen)}</td>
                    <td className="num">{formatYenInTable(p.money.disbursedYen)}</td>
                    <AttainmentCell attainment={p.attainment} />
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
