import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { SelectField } from "~/components/form-field";
import { CounterCells, CounterHeaders, CountersSummary } from "~/components/monitoring";
import { TableWrap } from "~/components/table-wrap";
import { fiscalYearLabel, fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { scopeFor } from "~/domain/monitoring/monitoring.access.server";
import { requireMonitoringViewer } from "~/web/monitoring-viewer.server";
import { monitoringDashboard } from "~/domain/monitoring/monitoring.queries.server";
import { fiscalYearOptions, MonitoringQuerySchema } from "~/domain/monitoring/monitoring.schema";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `モニタリング${data ? `（${fiscalYearLabel(data.fiscalYear)}）` : ""} | ガバメントピッチ・マッチング` },
];

/** GET /bureau/monitoring?fy=2026&pref=2: a verified bureau's jurisdiction, or all of Japan for an operator. */
export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const { viewer } = await requireMonitoringViewer(request);
  const query = MonitoringQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const scope = scopeFor(viewer, query);
  const dashboard = await monitoringDashboard(db(), viewer, scope);
  return json({
    viewer: { kind: viewer.kind, organizationName: viewer.organizationName, prefectures: viewer.prefectures },
    fiscalYear: scope.fiscalYear,
    prefectureCode: scope.prefectureCode ?? null,
    years: fiscalYearOptions(fiscalYearOf(new Date())),
    ...dashboard,
  });
});

export default function MonitoringDashboardPage() {
  const data = useLoaderData<typeof loader>();
  const { viewer, fiscalYear, prefectureCode, total, prefectures, municipalities } = data;
  const year = fiscalYearLabel(fiscalYear);
  const query = new URLSearchParams({
    fy: String(fiscalYear),
    ...(prefectureCode ? { pref: String(prefectureCode) } : {}),
  });
  const csv = (table: string) => `/bureau/monitoring/export.csv?${query}&table=${table}`;
  const area = prefectureCode
    ? (viewer.prefectures.find((p) => p.code === prefectureCode)?.name ?? "")
    : viewer.kind === "operator"
      ? "全国"
      : "管轄区域のすべて";
  const activePrefectures =
    viewer.kind === "operator" && !prefectureCode
      ? prefectures.filter((p) => p.counters.funnel.pitchesPublished > 0 || p.counters.funding.budgetYen > 0)
      : prefectures;
  return (
    <>
      <h1>モニタリング</h1>
      <p>
        {viewer.kind === "operator"
          ? "全国"
          : `${viewer.organizationName}の管轄区域（${viewer.prefectures.map((p) => p.name).join("、")}）`}
        のピッチ、マッチング、協定、実証、資金、成果を年度ごとに確認できます。
      </p>
      <section className="card" aria-labelledby="filter-heading">
        <h2 id="filter-heading" className="sr-only">
          表示する年度と地域
        </h2>
        <Form method="get" className="filter-bar" key={query.toString()}>
          <SelectField name="fy" label="年度" defaultValue={String(fiscalYear)}>
            {data.years.map((y) => (
              <option key={y} value={y}>
                {fiscalYearLabel(y)}（{y}年4月〜{y + 1}年3月）
              </option>
            ))}
          </SelectField>
          <SelectField name="pref" label="都道府県" defaultValue={prefectureCode ? String(prefectureCode) : ""}>
            <option value="">{viewer.kind === "operator" ? "全国" : "管轄区域のすべて"}</option>
            {viewer.prefectures.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            表示する
          </button>
        </Form>
        <p className="small muted">
          表示中: {year}・{area}
        </p>
      </section>

      <CountersSummary
        counters={total}
        csvHref={csv("summary")}
        idPrefix="total"
        periodNote={`ピッチから実証までとKPIは、${year}に公開されたピッチとその後の経過です（実証は、もとのピッチが公開された年度に数えます）。資金は${year}の予算です。`}
      />

      <section className="card" aria-labelledby="prefectures-heading">
        <div className="section-head">
          <h2 id="prefectures-heading">都道府県別</h2>
          <a href={csv("prefectures")} download>
            都道府県別の表をCSVでダウンロード
          </a>
        </div>
        {activePrefectures.length > 0 ? (
          <BarChart
            caption={
              viewer.kind === "operator" && !prefectureCode
                ? "都道府県別の件数（ピッチか予算がある都道府県）"
                : "都道府県別の件数"
            }
            tableId="prefectures-table"
            series={[{ label: "公開されたピッチ" }, { label: "マッチング" }, { label: "協定締結" }]}
            rows={activePrefectures.map((p) => ({
              label: p.name,
              values: [
                p.counters.funnel.pitchesPublished,
                p.counters.funnel.matches,
                p.counters.funnel.signedAgreements,
              ],
            }))}
          />
        ) : (
          <p className="empty">{year}に公開されたピッチと予算はまだありません。</p>
        )}
        <TableWrap label="都道府県別の表">
          <table id="prefectures-table" className="numbers">
            <caption className="sr-only">都道府県別の件数・資金・KPI達成率（{year}）</caption>
            <thead>
              <tr>
                <th scope="col">都道府県</th>
                <CounterHeaders />
              </tr>
            </thead>
            <tbody>
              {prefectures.map((p) => (
                <tr key={p.code}>
                  <th scope="row">
                    <Link to={`/bureau/monitoring?fy=${fiscalYear}&pref=${p.code}`}>{p.name}</Link>
                  </th>
                  <CounterCells counters={p.counters} />
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <section className="card" aria-labelledby="municipalities-heading">
        <div className="section-head">
          <h2 id="municipalities-heading">市区町村別</h2>
          <a href={csv("municipalities")} download>
            市区町村別の表をCSVでダウンロード
          </a>
        </div>
        <p className="small muted">
          登録済みの自治体を表示します（{year}
          にピッチも予算もない自治体は0件です）。自治体名から、ピッチと実証の一覧を開けます。
        </p>
        {municipalities.length === 0 ? (
          <p className="empty">表示できる自治体はまだありません。</p>
        ) : (
          <TableWrap label="市区町村別の表">
            <table className="numbers">
              <caption className="sr-only">市区町村別の件数・資金・KPI達成率（{year}）</caption>
              <thead>
                <tr>
                  <th scope="col">市区町村</th>
                  <th scope="col">都道府県</th>
                  <CounterHeaders />
                </tr>
              </thead>
              <tbody>
                {municipalities.map((m) => (
                  <tr key={m.code}>
                    <th scope="row">
                      <Link to={`/bureau/monitoring/municipalities/${m.code}?fy=${fiscalYear}`}>{m.name}</Link>
                    </th>
                    <td>{m.prefectureName}</td>
                    <CounterCells counters={m.counters} />
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
