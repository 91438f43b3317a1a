// Expenditure reports, read side: what the funding pages ask (is there an approved report? how much approved spend?)
// and the views of the expenditure pages. Every view is read through a pilot the caller obtained from
// findPilotForActor, and every query is scoped by that pilot's id.
import { isUuid } from "~/lib/uuid";
import type { ExpenditureReportStatus, MilestoneStatus } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import type { AccessiblePilot } from "~/domain/pilots/pilot-access.server";

/** True when the milestone has an approved expenditure report (approved reports are final). */
export async function approvedReportExists(ex: Executor, milestoneId: string): Promise<boolean> {
  const row = await ex
    .selectFrom("expenditure_report")
    .select("id")
    .where("milestone_id", "=", milestoneId)
    .where("status", "=", "approved")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface ReportedSpend {
  /** The sum of the pilot's approved reports, in yen. */
  totalYen: number;
  /** The approved report's total per milestone id (milestones without one are absent). */
  byMilestoneYen: Record<string, number>;
}

/** Approved spend of several pilots, each in all and per milestone (at most one approved report per milestone). */
export async function reportedSpendByPilots(ex: Executor, pilotIds: readonly string[]): Promise<Map<string, ReportedSpend>> {
  const spend = new Map<string, ReportedSpend>(pilotIds.map((id) => [id, { totalYen: 0, byMilestoneYen: {} }]));
  if (pilotIds.length === 0) return spend;
  const rows = await ex
    .selectFrom("expenditure_report")
    .select((eb) => ["pilot_id", "milestone_id", eb.fn.sum<string>("total_yen").as("total")])
    .where("pilot_id", "in", [...pilotIds])
    .where("status", "=", "approved")
    .groupBy(["pilot_id", "milestone_id"])
    .execute();
  for (const row of rows) {
    const pilot = spend.get(row.pilot_id)!;
    pilot.byMilestoneYen[row.milestone_id] = Number(row.total);
    pilot.totalYen += Number(row.total);
  }
  return spend;
}

/** Approved spend of one pilot, in all and per milestone. */
export async function reportedSpendByPilot(ex: Executor, pilotId: string): Promise<ReportedSpend> {
  return (await reportedSpendByPilots(ex, [pilotId])).get(pilotId)!;
}

/** The status of each milestone's latest report (milestones without a report are absent), for the funding pages. */
export async function latestReportStatusByMilestone(ex: Executor, pilotId: string): Promise<Record<string, ExpenditureReportStatus>> {
  const rows = await ex
    .selectFrom("expenditure_report")
    .select(["milestone_id", "status"])
    .distinctOn("milestone_id")
    .where("pilot_id", "=", pilotId)
    .orderBy("milestone_id")
    .orderBy("submitted_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.milestone_id, r.status]));
}

export interface ReportView {
  id: string;
  milestoneId: string;
  status: ExpenditureReportStatus;
  narrative: string;
  totalYen: number;
  submittedAt: string;
  submittedByName: string | null;
  reviewedAt: string | null;
  reviewedByName: string | null;
  reviewComment: string;
  items: { position: number; description: string; amountYen: number }[];
  receipts: { id: string; name: string; contentType: string; sizeBytes: number }[];
}

export interface MilestoneView {
  id: string;
  title: string;
  dueDate: string;
  amountYen: number;
  status: MilestoneStatus;
  requiresReport: boolean;
  /** Newest first; the first one is the current report. */
  reports: ReportView[];
  /** No report under review or approved, and the milestone is not cancelled. */
  open: boolean;
}

export interface ExpenditureOverview {
  milestones: MilestoneView[];
  approvedYen: number;
  canSubmit: boolean;
  canReview: boolean;
}

/** What the actor may do on a pilot's reports: the company's members submit, the municipality's verified admins review. */
export function expenditureAbilities(actor: Actor, access: AccessiblePilot) {
  return {
    canSubmit: access.side === "company" && can(actor, { action: "expenditure.submit", organizationId: access.pilot.company_id }),
    canReview: access.side === "municipality" && can(actor, { action: "funding.manage", organizationId: access.pilot.municipality_id }),
  };
}

async function reportViews(ex: Executor, pilotId: string): Promise<ReportView[]> {
  const reports = await ex
    .selectFrom("expenditure_report as r")
    .leftJoin("app_user as s", "s.id", "r.submitted_by")
    .leftJoin("app_user as v", "v.id", "r.reviewed_by")
    .select([
      "r.id", "r.milestone_id", "r.status", "r.narrative", "r.total_yen", "r.submitted_at", "r.reviewed_at", "r.review_comment",
      "s.display_name as submitted_by_name", "v.display_name as reviewed_by_name",
    ])
    .where("r.pilot_id", "=", pilotId)
    .orderBy("r.submitted_at", "desc")
    .orderBy("r.id", "desc")
    .execute();
  if (reports.length === 0) return [];
  const ids = reports.map((r) => r.id);
  const [items, receipts] = await Promise.all([
    ex.selectFrom("expenditure_item").select(["report_id", "position", "description", "amount_yen"]).where("report_id", "in", ids).orderBy("position").execute(),
    ex
      .selectFrom("expenditure_receipt")
      .select(["id", "report_id", "original_name", "content_type", "size_bytes"])
      .where("report_id", "in", ids)
      .where("pilot_id", "=", pilotId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  ]);
  return reports.map((r) => ({
    id: r.id,
    milestoneId: r.milestone_id,
    status: r.status,
    narrative: r.narrative,
    totalYen: Number(r.total_yen),
    submittedAt: new Date(r.submitted_at).toISOString(),
    submittedByName: r.submitted_by_name ?? null,
    reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
    reviewedByName: r.reviewed_by_name ?? null,
    reviewComment: r.review_comment,
    items: items.filter((i) => i.report_id === r.id).map((i) => ({ position: i.position, description: i.description, amountYen: Number(i.amount_yen) })),
    receipts: receipts
      .filter((f) => f.report_id === r.id)
      .map((f) => ({ id: f.id, name: f.original_name, contentType: f.content_type, sizeBytes: f.size_bytes })),
  }));
}

/** The pilot's milestones (by due date) with their reports, and what the actor may do. */
export async function expenditureOverview(ex: Executor, actor: Actor, access: AccessiblePilot): Promise<ExpenditureOverview> {
  const pilotId = access.pilot.id;
  const [milestones, reports] = await Promise.all([
    ex
      .selectFrom("milestone")
      .select(["id", "title", "due_date", "amount_yen", "status", "requires_report"])
      .where("pilot_id", "=", pilotId)
      .orderBy("due_date")
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    reportViews(ex, pilotId),
  ]);
  const views = milestones.map((m): MilestoneView => {
    const own = reports.filter((r) => r.milestoneId === m.id);
    return {
      id: m.id,
      title: m.title,
      dueDate: String(m.due_date).slice(0, 10),
      amountYen: Number(m.amount_yen),
      status: m.status,
      requiresReport: m.requires_report,
      reports: own,
      open: m.status !== "cancelled" && !own.some((r) => r.status !== "returned"),
    };
  });
  const approvedYen = reports.filter((r) => r.status === "approved").reduce((sum, r) => sum + r.totalYen, 0);
  return { milestones: views, approvedYen, ...expenditureAbilities(actor, access) };
}

/** One report of the pilot with its milestone (and so its history: the milestone's other reports), or null. */
export async function findExpenditureReport(ex: Executor, actor: Actor, access: AccessiblePilot, reportId: string) {
  if (!isUuid(reportId)) return null;
  const overview = await expenditureOverview(ex, actor, access);
  const milestone = overview.milestones.find((m) => m.reports.some((r) => r.id === reportId));
  if (!milestone) return null;
  const report = milestone.reports.find((r) => r.id === reportId)!;
  return { report, milestone, canSubmit: overview.canSubmit, canReview: overview.canReview };
}
