// Pieces shared by the monitoring pages: the summary of a scope's counters (funnel chart + table, results, funding,
// KPI attainment) and the counter columns of the prefecture and municipality tables. Figures come from the counters
// (app/domain/monitoring/counters.queries.server.ts); the words from monitoring-labels.data.ts.
import type { AttainmentCounts, Counters, FunnelCounts } from "~/domain/monitoring/counters.queries.server";
import {
  ATTAINMENT_DEFINITION,
  FUNDING_DEFINITIONS,
  FUNNEL_STEPS,
  formatShare,
  PILOT_RESULT_LABELS,
  PILOT_RESULTS,
  RESULT_UNRECORDED_LABEL,
  TERMINATED_DEFINITION,
} from "~/domain/monitoring/monitoring-labels.data";
import { formatYenInTable } from "~/lib/format";
import { BarChart } from "./bar-chart";
import { TableWrap } from "./table-wrap";

const count = (n: number) => n.toLocaleString("ja-JP");

/** 「3」 and, below it, 「自走1・本格実施1・結果未記録1」 for the results that occur. */
export function CompletedCell({ funnel }: { funnel: FunnelCounts }) {
  const parts = [
    ...PILOT_RESULTS.filter((r) => funnel.completedByResult[r] > 0).map(
      (r) => `${PILOT_RESULT_LABELS[r]}${funnel.completedByResult[r]}`,
    ),
    ...(funnel.completedByResult.unrecorded > 0
      ? [`${RESULT_UNRECORDED_LABEL}${funnel.completedByResult.unrecorded}`]
      : []),
  ];
  return (
    <td className="num">
      {count(funnel.completed)}
      {parts.length > 0 ? <span className="small muted">{parts.join("・")}</span> : null}
    </td>
  );
}

export function AttainmentCell({ attainment }: { attainment: AttainmentCounts }) {
  return (
    <td className="num">
      {formatShare(attainment.share)}
      {attainment.measured > 0 ? (
        <span className="small muted">
          {attainment.met}/{attainment.measured}
        </span>
      ) : null}
    </td>
  );
}

/** The counter columns' headers of the prefecture and municipality tables (in the order of CounterCells). */
export function CounterHeaders() {
  return (
    <>
      {FUNNEL_STEPS.map((s) => (
        <th scope="col" className="num" key={s.key}>
          {s.short}
        </th>
      ))}
      <th scope="col" className="num">
        {FUNDING_DEFINITIONS.budgetYen.label}
      </th>
      <th scope="col" className="num">
        {FUNDING_DEFINITIONS.allocatedYen.label}
      </th>
      <th scope="col" className="num">
        {FUNDING_DEFINITIONS.disbursedYen.label}
      </th>
      <th scope="col" className="num">
        KPI達成率
      </th>
    </>
  );
}

export function CounterCells({ counters }: { counters: Counters }) {
  const f = counters.funnel;
  return (
    <>
      <td className="num">{count(f.pitchesPublished)}</td>
      <td className="num">{count(f.proposals)}</td>
      <td className="num">{count(f.matches)}</td>
      <td className="num">{count(f.signedAgreements)}</td>
      <td className="num">{count(f.running)}</td>
      <CompletedCell funnel={f} />
      <td className="num">{formatYenInTable(counters.funding.budgetYen)}</td>
      <td className="num">{formatYenInTable(counters.funding.allocatedYen)}</td>
      <td className="num">{formatYenInTable(counters.funding.disbursedYen)}</td>
      <AttainmentCell attainment={counters.attainment} />
    </>
  );
}

const rate = (part: number, whole: number) =>
  whole > 0 ? `${(Math.round((part / whole) * 1000) / 10).toLocaleString("ja-JP")}%` : "—";

/**
 * The funnel (chart + table with definitions), the results of completed pilots, funding and KPI attainment of a scope.
 * `idPrefix` keeps ids unique; headings start at h2.
 */
export function CountersSummary({
  counters,
  csvHref,
  idPrefix,
  periodNote,
}: {
  counters: Counters;
  csvHref: string;
  idPrefix: string;
  periodNote: string;
}) {
  const f = counters.funnel;
  const tableId = `${idPrefix}-funnel-table`;
  return (
    <>
      <section className="card" aria-labelledby={`${idPrefix}-funnel`}>
        <div className="section-head">
          <h2 id={`${idPrefix}-funnel`}>ピッチから実証まで</h2>
          <a href={csvHref} download>
            概要をCSVでダウンロード
          </a>
        </div>
        <p className="small muted">{periodNote}</p>
        <BarChart
          caption="段階ごとの件数"
          tableId={tableId}
          series={[{ label: "件数" }]}
          rows={FUNNEL_STEPS.map((s) => ({ label: s.label, values: [f[s.key]] }))}
        />
        <TableWrap label="段階ごとの件数と定義">
          <table id={tableId} className="numbers funnel-table">
            <caption className="sr-only">段階ごとの件数と定義</caption>
            <thead>
              <tr>
                <th scope="col">段階</th>
                <th scope="col" className="num">
                  件数
                </th>
                <th scope="col">数え方</th>
              </tr>
            </thead>
            <tbody>
              {FUNNEL_STEPS.map((s) => (
                <tr key={s.key}>
                  <th scope="row">{s.label}</th>
                  <td className="num">{count(f[s.key])}</td>
                  <td className="small definition">{s.definition}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">（参考）中止</th>
                <td className="num">{count(f.terminated)}</td>
                <td className="small definition">{TERMINATED_DEFINITION}</td>
              </tr>
            </tbody>
          </table>
        </TableWrap>
        <h3 id={`${idPrefix}-results`}>完了した実証の結果</h3>
        <TableWrap label="完了した実証の結果">
          <table className="numbers">
            <thead>
              <tr>
                {PILOT_RESULTS.map((r) => (
                  <th scope="col" className="num" key={r}>
                    {PILOT_RESULT_LABELS[r]}
                  </th>
                ))}
                <th scope="col" className="num">
                  {RESULT_UNRECORDED_LABEL}
                </th>
                <th scope="col" className="num">
                  合計
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {PILOT_RESULTS.map((r) => (
                  <td className="num" key={r}>
                    {count(f.completedByResult[r])}
                  </td>
                ))}
                <td className="num">{count(f.completedByResult.unrecorded)}</td>
                <td className="num">{count(f.completed)}</td>
              </tr>
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section className="card" aria-labelledby={`${idPrefix}-funding`}>
        <h2 id={`${idPrefix}-funding`}>資金</h2>
        <dl className="key-figures">
          <div className="key-figure">
            <dt>{FUNDING_DEFINITIONS.budgetYen.label}</dt>
            <dd>{formatYenInTable(counters.funding.budgetYen)}</dd>
          </div>
          <div className="key-figure">
            <dt>{FUNDING_DEFINITIONS.allocatedYen.label}</dt>
            <dd>
              {formatYenInTable(counters.funding.allocatedYen)}
              <span className="small">予算額の{rate(counters.funding.allocatedYen, counters.funding.budgetYen)}</span>
            </dd>
          </div>
          <div className="key-figure">
            <dt>{FUNDING_DEFINITIONS.disbursedYen.label}</dt>
            <dd>
              {formatYenInTable(counters.funding.disbursedYen)}
              <span className="small">
                配分額の{rate(counters.funding.disbursedYen, counters.funding.allocatedYen)}
              </span>
            </dd>
          </div>
        </dl>
        <ul className="definitions">
          {(["budgetYen", "allocatedYen", "disbursedYen"] as const).map((k) => (
            <li key={k}>
              {FUNDING_DEFINITIONS[k].label}: {FUNDING_DEFINITIONS[k].definition}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby={`${idPrefix}-kpi`}>
        <h2 id={`${idPrefix}-kpi`}>KPIの達成状況</h2>
        <dl className="key-figures">
          <div className="key-figure">
            <dt>KPI達成率</dt>
            <dd>
              {formatShare(counters.attainment.share)}
              <span className="small">
                目標を達成したKPI {counters.attainment.met}件 ／ 測定されたKPI {counters.attainment.measured}件
              </span>
            </dd>
          </div>
          <div className="key-figure">
            <dt>KPIの総数</dt>
            <dd>
              {count(counters.attainment.kpis)}件
              <span className="small">うち未測定 {counters.attainment.kpis - counters.attainment.measured}件</span>
            </dd>
          </div>
        </dl>
        <p className="definitions definitions--text">{ATTAINMENT_DEFINITION}</p>
      </section>
    </>
  );
}
