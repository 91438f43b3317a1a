// How KPI figures are shown (browser-safe): numeric columns arrive as strings ("12.50"); shown as 12.5 with the unit.
const number = new Intl.NumberFormat("ja-JP", { maximumFractionDigits: 4 });

export function formatMeasure(value: string | null, unit: string): string {
  if (value === null || value === "") return "—";
  const n = Number(value);
  const text = Number.isFinite(n) ? number.format(n) : value;
  return unit ? `${text}${unit}` : text;
}

export const KPI_DIRECTION_LABELS = { increase: "増やす", decrease: "減らす", maintain: "維持する" } as const;
