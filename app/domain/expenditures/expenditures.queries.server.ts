// Expenditure reports, read side: the views of the expenditure pages (what funding asks of the reports, approved
// spend and the approval gate, is in app/domain/funding/spend.queries.server.ts). Every view is read through a pilot the caller obtained from
// findPilotForActor, and every query is scoped by that pilot's id.
import { isUuid } from "~/lib/uuid";
import type { ExpenditureReportStatus, MilestoneStatus } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import type { AccessiblePilot } from "~/domain/pilots/pilots.access.server";
import { mayReport, reportingState } from "./expenditures.rules";

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
    canSubmit:
      access.side === "company" &&
      can(actor, { action: "expenditure.submit", organizationId: access.pilot.company_id }),
    canReview:
      access.side === "municipality" &&
      can(actor, { action: "funding.manage", organizationId: access.pilot.municipality_id }),
  };
}

async function reportViews(ex: Executor, pilotId: string): Promise<ReportView[]> {
  const reports = await ex
    .selectFrom("expenditure_report as r")
    .leftJoin("app_user as s", "s.id", "r.submitted_by")
    .leftJoin("app_user as v", "v.id", "r.reviewed_by")
    .select(["r.id", "r.milestone_id", "r.status", "r.narrative", "r.total_yen", "r.submitted_at"])
    .select(["r.reviewed_at", "r.review_comment", "s.display_name as submitted_by_name"])
    .select(["v.display_name as reviewed_by_name"])
    .where("r.pilot_id", "=", pilotId)
    .orderBy("r.submitted_at", "desc")
    .orderBy("r.id", "desc")
    .execute();
  if (reports.length === 0) return [];
  const ids = reports.map((r) => r.id);
  const [items, receipts] = await Promise.all([
    ex
      .selectFrom("expenditure_item")
      .select(["report_id", "position", "description", "amount_yen"])
      .where("report_id", "in", ids)
      .orderBy("position")
      .execute(),
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
    items: items
      .filter((i) => i.report_id === r.id)
      .map((i) => ({ position: i.position, description: i.description, amountYen: Number(i.amount_yen) })),
    receipts: receipts
      .filter((f) => f.report_id === r.id)
      .map((f) => ({ id: f.id, name: f.original_name, contentType: f.content_type, sizeBytes: f.size_bytes })),
  }));
}

/** The pilot's milestones (by due date) with their reports, and what the actor may do. */
export async function expenditureOverview(
  ex: Executor,
  actor: Actor,
  access: AccessiblePilot,
): Promise<ExpenditureOverview> {
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
      open: mayReport(m.status, reportingState(own)),
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
