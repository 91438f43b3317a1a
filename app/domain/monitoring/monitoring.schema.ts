// The GET parameters of the monitoring pages and their CSVs (browser-safe). Filters are lenient: a malformed year or
// prefecture falls back to the default (the select shows what is applied); a prefecture outside the viewer's
// jurisdiction is refused by the page (404), not here.
import { z } from "zod";
import { fiscalYearRange, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from "~/domain/funding/fiscal-year.rules";

const fiscalYear = z
  .string()
  .trim()
  .regex(/^\d{4}$/)
  .transform(Number)
  .pipe(z.number().int().min(MIN_FISCAL_YEAR).max(MAX_FISCAL_YEAR))
  .optional()
  .catch(undefined);

const prefecture = z
  .string()
  .trim()
  .regex(/^\d{1,2}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(47))
  .optional()
  .catch(undefined);

/** ?fy=2026&pref=1 on the dashboard (pref empty = every prefecture the viewer may see). */
export const MonitoringQuerySchema = z.object({ fy: fiscalYear, pref: prefecture });
export type MonitoringQuery = z.infer<typeof MonitoringQuerySchema>;

/** The tables of each page that have a CSV (an unknown table is a 404). */
export const DASHBOARD_TABLES = ["summary", "prefectures", "municipalities"] as const;
export const MUNICIPALITY_TABLES = ["summary", "pitches", "pilots"] as const;
export const PILOT_TABLES = ["milestones", "kpis"] as const;

export const DashboardExportSchema = MonitoringQuerySchema.extend({ table: z.enum(DASHBOARD_TABLES) });
export const MunicipalityExportSchema = z.object({ fy: fiscalYear, table: z.enum(MUNICIPALITY_TABLES) });
export const PilotExportSchema = z.object({ table: z.enum(PILOT_TABLES) });

/** A municipality code of the URL: 6 digits (全国地方公共団体コード). */
export const MunicipalityCodeSchema = z.string().regex(/^\d{6}$/);

/**
 * The instants that bound a fiscal year in Asia/Tokyo, half-open: [1 April 00:00 JST, next 1 April 00:00 JST).
 * The calendar days are fiscalYearRange's (app/domain/funding/fiscal-year.rules.ts); Japan has no daylight saving time.
 */
export function fiscalYearInstants(fiscalYear: number): { from: Date; to: Date } {
  return {
    from: new Date(`${fiscalYearRange(fiscalYear).start}T00:00:00+09:00`),
    to: new Date(`${fiscalYearRange(fiscalYear + 1).start}T00:00:00+09:00`),
  };
}

/** The years a viewer can pick: from the first fiscal year the platform knows to next year, newest first. */
export function fiscalYearOptions(current: number): number[] {
  const years: number[] = [];
  for (let y = Math.min(current + 1, MAX_FISCAL_YEAR); y >= MIN_FISCAL_YEAR; y--) years.push(y);
  return years;
}
