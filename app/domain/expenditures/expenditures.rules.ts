// The state machine of expenditure reports, as data (pure, browser-safe). A milestone's reports follow one another:
// a new one may be submitted while none is under review or approved (a returned one may be redone); the
// municipality approves or returns the one under review; an approved report is final. The commands ask these rules,
// then change the row with a guarded UPDATE (status = 'submitted'); tests/domain/expenditures-rules.test.ts tries
// every (state, action) pair.
import type { ExpenditureReportStatus, MilestoneStatus } from "@db/schema";

export const MILESTONE_CANCELLED = "取り消された支払予定には支出を報告できません。";
export const REPORT_UNDER_REVIEW =
  "この支払予定の支出報告は自治体の確認待ちです。差し戻された場合に、あらためて提出できます。";
export const REPORT_APPROVED = "この支払予定の支出報告はすでに承認されています。承認された報告は変更できません。";
export const APPROVE_CANCELLED = "支払予定が取り消されているため、この報告は承認できません。差し戻してください。";

/** Where a milestone's reporting stands: the state that decides whether a new report may be submitted. */
export type ReportingState = "none" | ExpenditureReportStatus;
export const REPORTING_STATES = [
  "none",
  "submitted",
  "approved",
  "returned",
] as const satisfies readonly ReportingState[];

/** The standing of a milestone's reports (newest first or in any order): approved wins, then under review. */
export function reportingState(reports: readonly { status: ExpenditureReportStatus }[]): ReportingState {
  if (reports.some((r) => r.status === "approved")) return "approved";
  if (reports.some((r) => r.status === "submitted")) return "submitted";
  return reports.length > 0 ? "returned" : "none";
}

/** Why the company may not submit a report for this milestone now, or null when it may. */
export function submissionRefusal(milestone: MilestoneStatus, reporting: ReportingState): string | null {
  if (milestone === "cancelled") return MILESTONE_CANCELLED;
  if (reporting === "approved") return REPORT_APPROVED;
  if (reporting === "submitted") return REPORT_UNDER_REVIEW;
  return null;
}

export type ReviewAction = "approve" | "return";
export const REVIEW_ACTIONS = ["approve", "return"] as const satisfies readonly ReviewAction[];

/** Every review transition: only a report under review changes, to approved or back to the company. */
export const REVIEW_TRANSITIONS: Record<ReviewAction, { from: ExpenditureReportStatus; to: ExpenditureReportStatus }> =
  {
    approve: { from: "submitted", to: "approved" },
    return: { from: "submitted", to: "returned" },
  };

export type ReviewStep =
  { kind: "allowed"; to: ExpenditureReportStatus } | { kind: "refused"; reason: string } | { kind: "taken" };

/**
 * What a review does to a report in this state, on a milestone in this state: allowed (and the new state), refused
 * (an approval of a cancelled milestone's report), or taken (someone else reviewed it first; the caller says who).
 */
export function reviewStep(
  report: ExpenditureReportStatus,
  milestone: MilestoneStatus,
  action: ReviewAction,
): ReviewStep {
  if (action === "approve" && milestone === "cancelled") return { kind: "refused", reason: APPROVE_CANCELLED };
  const t = REVIEW_TRANSITIONS[action];
  return report === t.from ? { kind: "allowed", to: t.to } : { kind: "taken" };
}

/** Whether a new report may be written for the milestone (the expenditure page offers the form). */
export const mayReport = (milestone: MilestoneStatus, reporting: ReportingState) =>
  submissionRefusal(milestone, reporting) === null;
