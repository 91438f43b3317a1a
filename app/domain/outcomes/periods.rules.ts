// Reporting periods of outcome reports (browser-safe, pure). A monthly period is a calendar month; a quarterly period is
// a quarter of the Japanese fiscal year: 第1四半期 April–June, 第2 July–September, 第3 October–December, 第4
// January–March (of the next calendar year). Dates are ISO "YYYY-MM-DD" strings, days are Tokyo days.
import { fiscalYearLabel } from "~/domain/funding/fiscal-year.rules";

export const KPI_FREQUENCIES = ["monthly", "quarterly"] as const;
export type Frequency = (typeof KPI_FREQUENCIES)[number];
export const FREQUENCY_LABELS: Record<Frequency, string> = { monthly: "毎月", quarterly: "四半期ごと" };

export interface Period {
  frequency: Frequency;
  /** First day, "YYYY-MM-DD". */
  start: string;
  /** Last day, "YYYY-MM-DD". */
  end: string;
}

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

function parts(date: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Is it a real calendar day in "YYYY-MM-DD" form? */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The day of a moment in Tokyo: 2026-03-31T15:30Z is 2026-04-01. */
export function tokyoDate(moment: Date): string {
  return new Date(moment.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The period of `frequency` that contains the day `date`. */
export function periodOf(frequency: Frequency, date: string): Period {
  const { year, month } = parts(date);
  const startMonth = frequency === "monthly" ? month : Math.floor((month - 1) / 3) * 3 + 1;
  const endMonth = frequency === "monthly" ? month : startMonth + 2;
  return { frequency, start: iso(year, startMonth, 1), end: iso(year, endMonth, lastDayOfMonth(year, endMonth)) };
}

/** Is `start` the first day of a period of this frequency? */
export function isPeriodStart(frequency: Frequency, start: string): boolean {
  return isIsoDate(start) && periodOf(frequency, start).start === start;
}

export function previousPeriod(period: Period): Period {
  const { year, month } = parts(period.start);
  const back = period.frequency === "monthly" ? 1 : 3;
  const m = month - back;
  return periodOf(period.frequency, m >= 1 ? iso(year, m, 1) : iso(year - 1, m + 12, 1));
}

export function nextPeriod(period: Period): Period {
  const { year, month } = parts(period.end);
  return periodOf(period.frequency, month === 12 ? iso(year + 1, 1, 1) : iso(year, month + 1, 1));
}

/** The moment a period is over: 00:00 in Tokyo of the day after its last day. */
export function periodEndsAt(period: Period): Date {
  return new Date(Date.parse(`${period.end}T00:00:00+09:00`) + DAY_MS);
}

/** Whether a period is over at `now` (Tokyo): only then may its report be final (submitted, approved). */
export function periodHasEnded(period: Pick<Period, "start" | "end">, now: Date): boolean {
  return now.getTime() >= periodEndsAt(period as Period).getTime();
}

/** The last period that has ended at `now` (the one before the period containing today in Tokyo). */
export function lastEndedPeriod(frequency: Frequency, now: Date): Period {
  return previousPeriod(periodOf(frequency, tokyoDate(now)));
}

/** 「2026年4月」 or 「令和8年度 第1四半期（4〜6月）」. */
export function periodLabel(period: Pick<Period, "start" | "end">): string {
  const s = parts(period.start);
  const e = parts(period.end);
  if (s.year === e.year && s.month === e.month) return `${s.year}年${s.month}月`;
  const fiscalYear = s.month >= 4 ? s.year : s.year - 1;
  const quarter = ((s.month - 4 + 12) % 12) / 3 + 1;
  if (Number.isInteger(quarter) && e.month === ((s.month + 1) % 12) + 1) {
    return `${fiscalYearLabel(fiscalYear)} 第${quarter}四半期（${s.month}〜${e.month}月）`;
  }
  return `${period.start}〜${period.end}`;
}

/** A short label for chart axes: 「4月」, 「2027年1月」 (a year shown at January), 「R8 1Q」. */
export function shortPeriodLabel(period: Pick<Period, "start" | "end">): string {
  const s = parts(period.start);
  const e = parts(period.end);
  if (s.year === e.year && s.month === e.month) return s.month === 1 ? `${s.year}年1月` : `${s.month}月`;
  const fiscalYear = s.month >= 4 ? s.year : s.year - 1;
  const quarter = ((s.month - 4 + 12) % 12) / 3 + 1;
  return `R${fiscalYear - 2018} ${quarter}Q`;
}

/** The frequency the reports of a pilot follow: the most frequent among its KPIs (a tie: monthly; none: quarterly). */
export function reportingFrequency(frequencies: readonly Frequency[]): Frequency {
  const monthly = frequencies.filter((f) => f === "monthly").length;
  const quarterly = frequencies.length - monthly;
  if (frequencies.length === 0) return "quarterly";
  return monthly >= quarterly ? "monthly" : "quarterly";
}

export const MAX_CANDIDATE_PERIODS = 60;

/**
 * The periods a report may be written for, newest first: from the period containing the pilot's first day to the one
 * containing today (the current period may be drafted before it ends).
 */
export function candidatePeriods(frequency: Frequency, firstDay: string, today: string): Period[] {
  const first = periodOf(frequency, firstDay <= today ? firstDay : today);
  const periods: Period[] = [];
  for (
    let p = periodOf(frequency, today);
    p.start >= first.start && periods.length < MAX_CANDIDATE_PERIODS;
    p = previousPeriod(p)
  ) {
    periods.push(p);
  }
  return periods;
}

/** Do two periods share a day? */
export function overlaps(a: Pick<Period, "start" | "end">, b: Pick<Period, "start" | "end">): boolean {
  return a.start <= b.end && b.start <= a.end;
}
