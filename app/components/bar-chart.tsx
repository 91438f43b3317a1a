import { useId } from "react";

export interface BarSeries {
  label: string;
}

export interface BarRow {
  label: string;
  /** One value per series. */
  values: number[];
}

/**
 * A horizontal bar chart drawn with CSS. The bars are hidden from assistive technology because the same figures are
 * in the table that the caption points to (`tableId`): the table is the accessible form of the chart. Each bar also
 * prints its value, so the chart never relies on length or colour alone.
 */
export function BarChart({
  caption,
  tableId,
  series,
  rows,
}: {
  caption: string;
  tableId: string;
  series: BarSeries[];
  rows: BarRow[];
}) {
  const captionId = useId();
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  return (
    <figure className="bar-chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="bar-chart__caption">
        {caption}
        <span className="small muted">
          （同じ数値を<a href={`#${tableId}`}>表</a>にも示します）
        </span>
      </figcaption>
      {series.length > 1 ? (
        <ul className="bar-chart__legend" aria-hidden="true">
          {series.map((s, i) => (
            <li key={s.label}>
              <span className={`bar-chart__swatch bar-chart__bar--${i}`} />
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="bar-chart__rows" aria-hidden="true">
        {rows.map((row) => (
          <div className="bar-chart__row" key={row.label}>
            <span className="bar-chart__label">{row.label}</span>
            <span className="bar-chart__bars">
              {row.values.map((value, i) => (
                <span className="bar-chart__line" key={series[i]?.label ?? i}>
                  <span
                    className={`bar-chart__bar bar-chart__bar--${i}${value > 0 ? " bar-chart__bar--some" : ""}`}
                    style={{ width: `${(value / max) * 100}%` }}
                  />
                  <span className="bar-chart__value">{value.toLocaleString("ja-JP")}</span>
                </span>
              ))}
            </span>
          </div>
        ))}
      </div>
    </figure>
  );
}
