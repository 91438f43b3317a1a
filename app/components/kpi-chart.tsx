// A KPI's approved values over periods as an inline SVG (no chart library): the values as a solid line with round
// markers and their numbers, the target as a dashed line, the baseline as a dotted line, each named in text at its end,
// so that nothing depends on colour. The figure has a text summary (role="img" + aria-label, and the caption), and the
// same numbers are in a table right under it.
import { useId } from "react";
import { attainmentLabel, meetsTarget } from "~/domain/outcomes/attainment.rules";
import { chartGeometry } from "~/domain/outcomes/chart.rules";
import { formatValue, type KpiDirection } from "~/domain/outcomes/outcomes.schema";
import { shortPeriodLabel } from "~/domain/outcomes/periods.rules";
import { TableWrap } from "./table-wrap";

export interface KpiChartProps {
  name: string;
  unit: string;
  direction: KpiDirection;
  baseline: string | null;
  target: string | null;
  points: { periodStart: string; periodEnd: string; label: string; value: string | null }[];
}

const num = (v: string | null) => (v === null || v === "" ? null : Number(v));
const withUnit = (v: string | number | null, unit: string) => (v === null ? "—" : `${formatValue(v)}${unit}`);

/** One sentence that says what the chart shows, for screen readers and as the caption. */
export function chartSummary({ name, unit, direction, baseline, target, points }: KpiChartProps): string {
  const known = points.filter((p) => p.value !== null);
  if (known.length === 0) return `${name}: 承認された値はまだありません。目標は${withUnit(target, unit)}です。`;
  const last = known[known.length - 1]!;
  const first = known[0]!;
  const met = meetsTarget(direction, last.value, target, baseline);
  const trend = known.length > 1 ? `${first.label}の${withUnit(first.value, unit)}から、` : "";
  return `${name}: 承認済みの値は${known.length}期間分です。${trend}最新の${last.label}は${withUnit(last.value, unit)}。目標${withUnit(target, unit)}、基準値${withUnit(baseline, unit)}に対して「${attainmentLabel(met)}」です。`;
}

export function KpiChart(props: KpiChartProps) {
  const { name, unit, direction, baseline, target, points } = props;
  const id = useId();
  const summary = chartSummary(props);
  const known = points.filter((p) => p.value !== null);
  const geometry = chartGeometry({
    points: points.map((p) => ({
      label: shortPeriodLabel({ start: p.periodStart, end: p.periodEnd }),
      value: num(p.value),
    })),
    target: num(target),
    baseline: num(baseline),
    width: 340,
    height: 210,
  });
  const { plot } = geometry;
  return (
    <figure className="kpi-chart" aria-labelledby={`${id}-caption`}>
      {known.length > 0 ? (
        <svg
          viewBox={`0 0 ${geometry.width} ${geometry.height}`}
          role="img"
          aria-label={summary}
          className="kpi-chart__svg"
          focusable="false"
        >
          {geometry.yTicks.map((t) => (
            <g key={t.value}>
              <line x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} className="kpi-chart__grid" />
              <text x={plot.left - 6} y={t.y + 4} textAnchor="end" className="kpi-chart__tick">
                {formatValue(t.value)}
              </text>
            </g>
          ))}
          <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} className="kpi-chart__axis" />
          <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} className="kpi-chart__axis" />
          {geometry.xLabels.map((l, i) =>
            l.shown ? (
              // The last label ends at the plot's right edge instead of being cut off by the frame.
              <text
                key={i}
                x={l.x}
                y={plot.bottom + 17}
                textAnchor={i > 0 && i === geometry.xLabels.length - 1 ? "end" : "middle"}
                className="kpi-chart__tick"
              >
                {l.label}
              </text>
            ) : null,
          )}
          {geometry.baselineY !== null ? (
            <ReferenceLine
              plot={plot}
              y={geometry.baselineY}
              labelY={geometry.baselineLabelY!}
              kind="baseline"
              label={`基準 ${withUnit(baseline, unit)}`}
            />
          ) : null}
          {geometry.targetY !== null ? (
            <ReferenceLine
              plot={plot}
              y={geometry.targetY}
              labelY={geometry.targetLabelY!}
              kind="target"
              label={`目標 ${withUnit(target, unit)}`}
            />
          ) : null}
          {geometry.linePath ? <path d={geometry.linePath} className="kpi-chart__line" /> : null}
          {geometry.points.map((p, i) => (
            <g key={i}>
              <circle cx={p.x} cy={p.y} r={4.5} className="kpi-chart__point" />
              <text x={p.x} y={p.y - 9} textAnchor="middle" className="kpi-chart__value">
                {formatValue(p.value)}
              </text>
            </g>
          ))}
        </svg>
      ) : null}
      <figcaption id={`${id}-caption`} className="small">
        {summary}
        {known.length > 0 ? (
          <span className="kpi-chart__legend" aria-hidden="true">
            <span className="kpi-chart__key kpi-chart__key--line">実績（承認済み）</span>
            {target !== null ? <span className="kpi-chart__key kpi-chart__key--target">目標（破線）</span> : null}
            {baseline !== null ? <span className="kpi-chart__key kpi-chart__key--baseline">基準値（点線）</span> : null}
          </span>
        ) : null}
      </figcaption>
      {known.length > 0 ? (
        <details className="kpi-chart__table">
          <summary>数値を表で見る（{known.length}期間）</summary>
          <TableWrap label={`${name}の承認済みの値`}>
            <table className="compact-table">
              <caption className="sr-only">{name}の期間ごとの承認済みの値と目標</caption>
              <thead>
                <tr>
                  <th scope="col">期間</th>
                  <th scope="col" className="num">
                    値{unit ? `（${unit}）` : ""}
                  </th>
                  <th scope="col" className="num">
                    目標
                  </th>
                  <th scope="col">判定</th>
                </tr>
              </thead>
              <tbody>
                {known.map((p) => (
                  <tr key={p.periodStart}>
                    <th scope="row">{p.label}</th>
                    <td className="num">{formatValue(p.value)}</td>
                    <td className="num">{formatValue(target)}</td>
                    <td className="nowrap">{attainmentLabel(meetsTarget(direction, p.value, target, baseline))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
      ) : null}
    </figure>
  );
}

/** A horizontal line across the plot (the baseline or the target) with its label at the right end. */
function ReferenceLine({
  plot,
  y,
  labelY,
  kind,
  label,
}: {
  plot: { left: number; right: number };
  y: number;
  labelY: number;
  kind: "baseline" | "target";
  label: string;
}) {
  return (
    <g>
      <line x1={plot.left} x2={plot.right} y1={y} y2={y} className={`kpi-chart__${kind}`} />
      <text x={plot.right} y={labelY} textAnchor="end" className="kpi-chart__label">
        {label}
      </text>
    </g>
  );
}
