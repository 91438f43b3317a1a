// Outcome reports, read side: the list by period, one report with its values and photos, the approved values per KPI
// for the charts, and the periods a new report may be written for. Call only after the pilot gate let the actor in.
import type { Pilot } from "@db/schema";
import type { Executor } from "@db/database.server";
import { readAgreementContent } from "~/domain/pilots/agreement-content.schema";
import { meetsTarget } from "./attainment.rules";
import type { KpiView } from "./kpis.queries.server";
import type { ReportStatus } from "./outcomes.schema";
import {
  candidatePeriods,
  lastEndedPeriod,
  overlaps,
  periodEndsAt,
  periodLabel,
  reportingFrequency,
  tokyoDate,
  type Frequency,
  type Period,
} from "./periods.rules";

export { outcomesPath, photoPath, reportPath } from "./outcomes-paths.rules";
import { isUuid } from "./outcomes-paths.rules";

/** Reports are overdue this many days after their period ended (the reminder says so once). */
export const OVERDUE_AFTER_DAYS = 14;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export interface ReportListItem {
  id: string;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  status: ReportStatus;
  authorSide: "company" | "municipality";
  submittedAt: string | null;
  reviewedAt: string | null;
  values: number;
}

export async function listReports(ex: Executor, pilotId: string): Promise<ReportListItem[]> {
  const rows = await ex
    .selectFrom("outcome_report as r")
    .select(["r.id", "r.period_start as periodStart", "r.period_end as periodEnd", "r.status"])
    .select(["r.author_side as authorSide", "r.submitted_at", "r.reviewed_at"])
    .select((eb) =>
      eb
        .selectFrom("outcome_value as v")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("v.report_id", "=", "r.id")
        .as("values"),
    )
    .where("r.pilot_id", "=", pilotId)
    .orderBy("r.period_start", "desc")
    .execute();
  return rows.map(({ submitted_at, reviewed_at, ...r }) => ({
    ...r,
    periodLabel: periodLabel({ start: r.periodStart, end: r.periodEnd }),
    submittedAt: iso(submitted_at),
    reviewedAt: iso(reviewed_at),
    values: Number(r.values ?? 0),
  }));
}

/** The pilot's first day: the signed agreement's 開始日, else the day it started, else the day it was created (Tokyo). */
export async function pilotFirstDay(
  ex: Executor,
  pilot: Pick<Pilot, "id" | "signed_version_id" | "started_at" | "created_at">,
): Promise<string> {
  if (pilot.signed_version_id) {
    const version = await ex
      .selectFrom("pilot_agreement_version")
      .select("content")
      .where("id", "=", pilot.signed_version_id)
      .executeTakeFirst();
    return firstDayFrom(pilot, version?.content);
  }
  return firstDayFrom(pilot, undefined);
}

/** pilotFirstDay with the signed version's content already read (a list reads them in its own query). */
export function firstDayFrom(pilot: Pick<Pilot, "started_at" | "created_at">, signedContent: unknown): string {
  const start = signedContent === undefined ? null : readAgreementContent(signedContent).periodStart;
  return start || tokyoDate(new Date(pilot.started_at ?? pilot.created_at));
}

export interface ReportingPlan {
  frequency: Frequency;
  /** Periods without a report (and overlapping none), newest first: what the 「報告を作成」 form offers. */
  openPeriods: (Period & { label: string })[];
  /**
   * The last period that has ended, and whether a report for it was submitted or approved; null before any ended and
   * unless the pilot is running with KPIs (like the reminders: the KPIs set the duty to report).
   */
  lastEnded: (Period & { label: string; reported: boolean; overdue: boolean }) | null;
}

export async function reportingPlan(
  ex: Executor,
  pilot: Pilot,
  kpis: readonly Pick<KpiView, "frequency">[],
  reports: readonly ReportListItem[],
  now = new Date(),
): Promise<ReportingPlan> {
  const frequency = reportingFrequency(kpis.map((k) => k.frequency));
  const firstDay = await pilotFirstDay(ex, pilot);
  const today = tokyoDate(now);
  const taken = reports.map((r) => ({ start: r.periodStart, end: r.periodEnd }));
  const openPeriods = candidatePeriods(frequency, firstDay, today)
    .filter((p) => !taken.some((t) => overlaps(t, p)))
    .map((p) => ({ ...p, label: periodLabel(p) }));
  const ended = lastEndedPeriod(frequency, now);
  let lastEnded: ReportingPlan["lastEnded"] = null;
  if (kpis.length > 0 && pilot.status === "running" && ended.end >= firstDay) {
    const reported = reports.some(
      (r) =>
        overlaps({ start: r.periodStart, end: r.periodEnd }, ended) &&
        (r.status === "submitted" || r.status === "approved"),
    );
    const overdue = !reported && now.getTime() >= periodEndsAt(ended).getTime() + OVERDUE_AFTER_DAYS * 86_400_000;
    lastEnded = { ...ended, label: periodLabel(ended), reported, overdue };
  }
  return { frequency, openPeriods, lastEnded };
}

export interface ReportDetail {
  id: string;
  pilotId: string;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  status: ReportStatus;
  authorSide: "company" | "municipality";
  participantsTotal: number | null;
  participantsNew: number | null;
  participants75Plus: number | null;
  narrative: string;
  createdBy: string | null;
  submittedBy: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string;
  updatedAt: string;
  values: Record<string, { value: string; note: string }>;
  photos: {
    id: string;
    originalName: string;
    caption: string;
    sizeBytes: number;
    contentType: string;
    createdAt: string;
  }[];
}

/** One report of the pilot with its values and photos, or null (another pilot's report is the same as none). */
export async function findReport(ex: Executor, pilotId: string, reportId: string): Promise<ReportDetail | null> {
  if (!isUuid(reportId)) return null;
  const r = await ex
    .selectFrom("outcome_report as r")
    .leftJoin("app_user as c", "c.id", "r.created_by")
    .leftJoin("app_user as s", "s.id", "r.submitted_by")
    .leftJoin("app_user as v", "v.id", "r.reviewed_by")
    .select(["r.id", "r.pilot_id", "r.period_start", "r.period_end", "r.status", "r.author_side"])
    .select(["r.participants_total", "r.participants_new", "r.participants_75_plus", "r.narrative"])
    .select(["r.submitted_at", "r.reviewed_at", "r.review_comment", "r.updated_at"])
    .select(["c.display_name as created_by_name", "s.display_name as submitted_by_name"])
    .select(["v.display_name as reviewed_by_name"])
    .where("r.id", "=", reportId)
    .where("r.pilot_id", "=", pilotId)
    .executeTakeFirst();
  if (!r) return null;
  const [values, photos] = await Promise.all([
    ex.selectFrom("outcome_value").select(["kpi_id", "value", "note"]).where("report_id", "=", r.id).execute(),
    ex
      .selectFrom("outcome_photo")
      .select(["id", "original_name", "caption", "size_bytes", "content_type", "created_at"])
      .where("report_id", "=", r.id)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  ]);
  return {
    id: r.id,
    pilotId: r.pilot_id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    periodLabel: periodLabel({ start: r.period_start, end: r.period_end }),
    status: r.status,
    authorSide: r.author_side,
    participantsTotal: r.participants_total,
    participantsNew: r.participants_new,
    participants75Plus: r.participants_75_plus,
    narrative: r.narrative,
    createdBy: r.created_by_name,
    submittedBy: r.submitted_by_name,
    submittedAt: iso(r.submitted_at),
    reviewedBy: r.reviewed_by_name,
    reviewedAt: iso(r.reviewed_at),
    reviewComment: r.review_comment,
    updatedAt: new Date(r.updated_at).toISOString(),
    values: Object.fromEntries(values.map((v) => [v.kpi_id, { value: v.value, note: v.note }])),
    photos: photos.map((p) => ({
      id: p.id,
      originalName: p.original_name,
      caption: p.caption,
      sizeBytes: p.size_bytes,
      contentType: p.content_type,
      createdAt: new Date(p.created_at).toISOString(),
    })),
  };
}

export interface KpiSeries {
  kpiId: string;
  /** One entry per approved report of the pilot, oldest first; value null when that report has none for this KPI. */
  points: { periodStart: string; periodEnd: string; label: string; value: string | null }[];
  latest: { periodStart: string; periodEnd: string; value: string } | null;
  met: boolean | null;
}

/** Approved values per KPI over the pilot's approved reports, with whether the latest meets the target. */
export async function kpiSeries(ex: Executor, pilotId: string, kpis: readonly KpiView[]): Promise<KpiSeries[]> {
  const [reports, values] = await Promise.all([
    ex
      .selectFrom("outcome_report")
      .select(["id", "period_start", "period_end"])
      .where("pilot_id", "=", pilotId)
      .where("status", "=", "approved")
      .orderBy("period_start")
      .execute(),
    ex
      .selectFrom("outcome_value as v")
      .innerJoin("outcome_report as r", "r.id", "v.report_id")
      .select(["v.report_id", "v.kpi_id", "v.value"])
      .where("r.pilot_id", "=", pilotId)
      .where("r.status", "=", "approved")
      .execute(),
  ]);
  const byKey = new Map(values.map((v) => [`${v.report_id}:${v.kpi_id}`, v.value]));
  return kpis.map((kpi) => {
    const points = reports.map((r) => ({
      periodStart: r.period_start,
      periodEnd: r.period_end,
      label: periodLabel({ start: r.period_start, end: r.period_end }),
      value: byKey.get(`${r.id}:${kpi.id}`) ?? null,
    }));
    const last = [...points].reverse().find((p) => p.value !== null);
    const latest = last ? { periodStart: last.periodStart, periodEnd: last.periodEnd, value: last.value! } : null;
    return {
      kpiId: kpi.id,
      points,
      latest,
      met: latest ? meetsTarget(kpi.direction, latest.value, kpi.target, kpi.baseline) : null,
    };
  });
}
