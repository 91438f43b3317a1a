/** "¥4,000,000（400万円）": integer yen, with 万円 when it divides evenly; "—" when there is none. */
export function formatYen(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = Number(value);
  const man = n >= 10_000 && n % 10_000 === 0 ? `（${(n / 10_000).toLocaleString("ja-JP")}万円）` : "";
  return `¥${n.toLocaleString("ja-JP")}${man}`;
}
