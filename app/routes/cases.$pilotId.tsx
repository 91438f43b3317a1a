import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";
import { TableWrap } from "~/components/table-wrap";
import { getPublishedCaseStudy } from "~/domain/outcomes/case-study.queries.server";
import { formatMeasure, KPI_DIRECTION_LABELS } from "~/domain/outcomes/kpi-format.rules";
import { PILOT_RESULT_DESCRIPTIONS, PILOT_RESULT_LABELS } from "~/domain/outcomes/pilot-result.schema";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.title} | 実証の事例 | ガバメントピッチ・マッチング` },
        {
          name: "description",
          content: `${data.municipalityName} × ${data.companyName}: ${data.problem.slice(0, 100)}`,
        },
        { property: "og:title", content: data.title },
      ]
    : [{ title: "実証の事例 | ガバメントピッチ・マッチング" }];

/** Public: one published case study. Unpublished, withdrawn or unknown: 404 alike. */
export const loader = /* @__PURE__ */ handle(async ({ params }: LoaderFunctionArgs) => {
  const found = await getPublishedCaseStudy(db(), params.pilotId ?? "");
  if (!found) throw notFound("事例が見つかりません。");
  return json(found);
});

const day = (iso: string | null) => (iso ? formatDateTime(iso).slice(0, 10) : "—");

export default function CaseStudyPage() {
  const c = useLoaderData<typeof loader>();
  return (
    <article aria-labelledby="case-title">
      <Breadcrumbs trail={[{ to: "/cases", label: "実証の事例" }]} current={c.title} />
      <h1 id="case-title">{c.title}</h1>
      <p className="muted">
        {c.prefectureName ? `${c.prefectureName} ` : ""}
        {c.municipalityName} × {c.companyName}
        {c.result ? <span className="badge badge--ok">{PILOT_RESULT_LABELS[c.result]}</span> : null}
      </p>
      <dl className="facts card">
        <dt>自治体</dt>
        <dd>
          {c.prefectureName ? `${c.prefectureName} ` : ""}
          {c.municipalityName}
        </dd>
        <dt>企業</dt>
        <dd>{c.companyName}</dd>
        <dt>実証期間</dt>
        <dd>
          {/* The period the agreement states; the sign-off and close-out days only when it states none. */}
          {c.agreementPeriod
            ? `${c.agreementPeriod.start.replaceAll("-", "/")} 〜 ${c.agreementPeriod.end.replaceAll("-", "/")}`
            : `${day(c.startedAt)} 〜 ${day(c.endedAt)}`}
        </dd>
        <dt>結果</dt>
        <dd>{c.result ? `${PILOT_RESULT_LABELS[c.result]}（${PILOT_RESULT_DESCRIPTIONS[c.result]}）` : "—"}</dd>
        <dt>公開日</dt>
        <dd>{day(c.publishedAt)}</dd>
      </dl>
      <section aria-labelledby="problem-heading">
        <h2 id="problem-heading">課題</h2>
        <p className="pitch-text">{c.problem}</p>
      </section>
      <section aria-labelledby="solution-heading">
        <h2 id="solution-heading">解決策</h2>
        <p className="pitch-text">{c.solution}</p>
      </section>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">成果</h2>
        <p className="pitch-text">{c.results}</p>
      </section>
      <section aria-labelledby="kpi-heading">
        <h2 id="kpi-heading">KPI（評価指標）</h2>
        {c.kpis.length === 0 ? (
          <p className="empty">この実証のKPIは登録されていません。</p>
        ) : (
          <>
            <TableWrap label="KPIの基準値・目標値・実績">
              <table className="compact-table">
                <thead>
                  <tr>
                    <th scope="col">指標</th>
                    <th scope="col">基準値</th>
                    <th scope="col">目標値</th>
                    <th scope="col">最新の実績（承認済み）</th>
                  </tr>
                </thead>
                <tbody>
                  {c.kpis.map((k, i) => (
                    <tr key={i}>
                      <th scope="row">
                        {k.name}
                        <span className="block small muted">
                          {KPI_DIRECTION_LABELS[k.direction]}
                          {k.definition ? `｜${k.definition}` : ""}
                        </span>
                      </th>
                      <td>{formatMeasure(k.baseline, k.unit)}</td>
                      <td>{formatMeasure(k.target, k.unit)}</td>
                      <td>
                        {formatMeasure(k.latestValue, k.unit)}
                        {k.latestPeriodEnd ? (
                          <span className="block small muted">{k.latestPeriodEnd.replace(/-/g, "/")} までの報告</span>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <p className="small muted">
              実績は、自治体が承認した成果報告の値のうち最新のものです。集計値のみで、個人の情報は含みません。
            </p>
          </>
        )}
      </section>
    </article>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
