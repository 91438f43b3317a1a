// Dates of the demo chain, relative to the seeding time and read in Asia/Tokyo: the first day of a fiscal quarter, whole
// months from it, the fiscal year (April-March) a day falls in, and moments some days before or after an anchor.
const DAY = 24 * 60 * 60 * 1000;
const JST_OFFSET = 9 * 60 * 60 * 1000;

/** "YYYY-MM-DD" of the day `at` falls on in Tokyo. */
export function tokyoDay(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET).toISOString().slice(0, 10);
}

/** The first day ("YYYY-MM-01") of the quarter (Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar) that `at` falls in, in Tokyo. */
export function quarterStartOf(at: Date): string {
  const [year, month] = tokyoDay(at).split("-").map(Number) as [number, number];
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${year}-${String(first).padStart(2, "0")}-01`;
}

/** `day` moved by whole months (the day of the month is kept; the demo uses the first of a month). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-${String(date).padStart(2, "0")}`;
}

/** The day before `day`. */
export function dayBefore(day: string): string {
  return tokyoDay(new Date(startOfDay(day).getTime() - DAY));
}

/** 00:00 Tokyo time of `day`. */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00+09:00`);
}

/** `days` (fractional allowed, negative for before) after `at`. */
export function daysAfter(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY);
}

/** The moment a fraction of the way from `from` to `to`: for steps between the start of the quarter and now. */
export function between(from: Date, to: Date, fraction: number): Date {
  return new Date(from.getTime() + (to.getTime() - from.getTime()) * fraction);
}

/** The fiscal year (by its starting calendar year) a Tokyo day falls in. */
export function fiscalYearOfDay(day: string): number {
  const [year, month] = day.split("-").map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}
