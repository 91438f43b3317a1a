// Japanese fiscal years (年度): April to March, decided in Asia/Tokyo. Pure, browser-safe.

export const MIN_FISCAL_YEAR = 2019;
export const MAX_FISCAL_YEAR = 2100;

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000; // Japan has no daylight saving time.

/** The fiscal year a moment belongs to, in Tokyo time: 2027-03-31T15:30Z is 2027-04-01 00:30 in Tokyo, so FY2027. */
export function fiscalYearOf(date: Date | string): number {
  const d = typeof date === "string" ? new Date(date) : date;
  const tokyo = new Date(d.getTime() + TOKYO_OFFSET_MS);
  const year = tokyo.getUTCFullYear();
  return tokyo.getUTCMonth() >= 3 ? year : year - 1;
}

/** 「令和8年度」 for 2026; 「令和元年度」 for 2019 (the first year of Reiwa). */
export function fiscalYearLabel(fiscalYear: number): string {
  const reiwa = fiscalYear - 2018;
  if (reiwa < 1) return `${fiscalYear}年度`;
  return `令和${reiwa === 1 ? "元" : reiwa}年度`;
}

/** The first and last day of a fiscal year, as ISO dates. */
export function fiscalYearRange(fiscalYear: number): { start: string; end: string } {
  return { start: `${fiscalYear}-04-01`, end: `${fiscalYear + 1}-03-31` };
}
