// The geometry of a KPI chart (browser-safe, pure): approved values over periods as a line with markers, the target as
// a dashed line and the baseline as a dotted one. The component (app/components/kpi-chart.tsx) only draws what this
// returns, so that the numbers can be tested without a browser.

export interface ChartPointInput {
  /** The period's short label (x axis). */
  label: string;
  /** The approved value of the period, or null when there is none (the line is broken there). */
  value: number | null;
}

export interface ChartInput {
  points: readonly ChartPointInput[];
  target: number | null;
  baseline: number | null;
  width?: number;
  height?: number;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  yMin: number;
  yMax: number;
  yTicks: { value: number; y: number }[];
  xLabels: { label: string; x: number; shown: boolean }[];
  points: { label: string; value: number; x: number; y: number }[];
  /** SVG path data of the value line; a period without a value starts a new segment. Empty without two neighbours. */
  linePath: string;
  targetY: number | null;
  baselineY: number | null;
  /** Where the texts 「目標 …」 and 「基準 …」 go (right-aligned at plot.right): above or below their lines, apart. */
  targetLabelY: number | null;
  baselineLabelY: number | null;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** 1, 2 or 5 times a power of ten, at least `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** The y range: every value, the target and the baseline fit; it starts at 0 for non-negative data not far above 0. */
export function yRange(values: readonly number[]): { min: number; max: number; step: number } {
  if (values.length === 0) return { min: 0, max: 1, step: 0.25 };
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min >= 0 && min <= max * 0.5) min = 0;
  if (max === min) {
    // One level only: a positive one is shown from 0, zero up to 1, a negative one with a margin around it.
    if (min > 0) min = 0;
    else if (min === 0) max = 1;
    else {
      const pad = Math.abs(min) * 0.1;
      min -= pad;
      max += pad;
    }
  }
  const step = niceStep((max - min) / 4);
  return { min: Math.floor(min / step) * step, max: Math.ceil(max / step) * step, step };
}

export function chartGeometry(input: ChartInput): ChartGeometry {
  const width = input.width ?? 640;
  const height = input.height ?? 260;
  const plot = { left: 44, right: width - 12, top: 18, bottom: height - 30 };
  const known = input.points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const references = [input.target, input.baseline].filter((v): v is number => v !== null && Number.isFinite(v));
  const { min, max, step } = yRange([...known, ...references]);
  const y = (value: number) => round(plot.bottom - ((value - min) / (max - min)) * (plot.bottom - plot.top));
  const n = input.points.length;
  const x = (i: number) =>
    round(n <= 1 ? (plot.left + plot.right) / 2 : plot.left + (i * (plot.right - plot.left)) / (n - 1));

  const yTicks: ChartGeometry["yTicks"] = [];
  for (let v = min, i = 0; v <= max + step / 1000 && i < 50; v = min + ++i * step) {
    const value = Number(v.toPrecision(12));
    yTicks.push({ value, y: y(value) });
  }
  // At most about 8 labels on the x axis; the last period is always labelled.
  const every = Math.max(1, Math.ceil(n / 8));
  const xLabels = input.points.map((p, i) => ({ label: p.label, x: x(i), shown: i % every === 0 || i === n - 1 }));

  const points: ChartGeometry["points"] = [];
  let linePath = "";
  let previousKnown = false;
  input.points.forEach((p, i) => {
    if (p.value === null) {
      previousKnown = false;
      return;
    }
    const point = { label: p.label, value: p.value, x: x(i), y: y(p.value) };
    points.push(point);
    linePath += `${previousKnown ? "L" : "M"}${point.x} ${point.y} `;
    previousKnown = true;
  });
  // A path of lone "M" commands draws nothing; keep it empty so that the component can skip it.
  linePath = linePath.includes("L") ? linePath.trim() : "";

  const targetY = input.target !== null && Number.isFinite(input.target) ? y(input.target) : null;
  const baselineY = input.baseline !== null && Number.isFinite(input.baseline) ? y(input.baseline) : null;
  const LINE = 13; // a label's height in user units
  const above = (lineY: number) => (lineY - 5 - LINE >= 0 ? lineY - 5 : lineY + LINE + 2);
  const below = (lineY: number) => (lineY + LINE + 2 <= plot.bottom ? lineY + LINE + 2 : lineY - 5);
  let targetLabelY = targetY === null ? null : above(targetY);
  let baselineLabelY = baselineY === null ? null : below(baselineY);
  // Two labels that would collide: the higher line's label above it, the lower one's below it.
  if (targetLabelY !== null && baselineLabelY !== null && Math.abs(targetLabelY - baselineLabelY) < LINE) {
    if (targetY! <= baselineY!) {
      targetLabelY = targetY! - 5;
      baselineLabelY = baselineY! + LINE + 2;
    } else {
      baselineLabelY = baselineY! - 5;
      targetLabelY = targetY! + LINE + 2;
    }
  }

  return {
    width,
    height,
    plot,
    yMin: min,
    yMax: max,
    yTicks,
    xLabels,
    points,
    linePath,
    targetY,
    baselineY,
    targetLabelY: targetLabelY === null ? null : round(targetLabelY),
    baselineLabelY: baselineLabelY === null ? null : round(baselineLabelY),
  };
}
