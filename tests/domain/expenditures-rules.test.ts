// The expenditure report state machine as tables: submitting for every (milestone, reporting) state, reviewing for
// every (report, milestone, action) state, with the exact outcome.
import { describe, expect, it } from "vitest";
import type { ExpenditureReportStatus, MilestoneStatus } from "@db/schema";
import {
  APPROVE_CANCELLED,
  MILESTONE_CANCELLED,
  REPORT_APPROVED,
  REPORT_UNDER_REVIEW,
  REPORTING_STATES,
  reportingState,
  REVIEW_ACTIONS,
  reviewStep,
  submissionRefusal,
  type ReportingState,
} from "~/domain/expenditures/expenditures.rules";
import { MILESTONE_STATUSES } from "~/domain/funding/funding.rules";

const REPORT_STATUSES = ["submitted", "approved", "returned"] as const satisfies readonly ExpenditureReportStatus[];

// ok = may submit; otherwise the refusal.
const SUBMIT: Record<MilestoneStatus, Record<ReportingState, string>> = {
  scheduled: { none: "ok", submitted: REPORT_UNDER_REVIEW, approved: REPORT_APPROVED, returned: "ok" },
  approved: { none: "ok", submitted: REPORT_UNDER_REVIEW, approved: REPORT_APPROVED, returned: "ok" },
  paid: { none: "ok", submitted: REPORT_UNDER_REVIEW, approved: REPORT_APPROVED, returned: "ok" },
  returned: { none: "ok", submitted: REPORT_UNDER_REVIEW, approved: REPORT_APPROVED, returned: "ok" },
  cancelled: {
    none: MILESTONE_CANCELLED,
    submitted: MILESTONE_CANCELLED,
    approved: MILESTONE_CANCELLED,
    returned: MILESTONE_CANCELLED,
  },
};

describe("submitting a report", () => {
  const pairs = MILESTONE_STATUSES.flatMap((m) => REPORTING_STATES.map((r) => [m, r] as const));
  it.each(pairs)("milestone %s, reports %s", (milestone, reporting) => {
    expect(submissionRefusal(milestone, reporting) ?? "ok").toBe(SUBMIT[milestone][reporting]);
  });

  it.each([
    [[], "none"],
    [["returned"], "returned"],
    [["returned", "returned"], "returned"],
    [["returned", "submitted"], "submitted"],
    [["submitted", "returned"], "submitted"],
    [["returned", "approved"], "approved"],
  ] as const)("reports %j stand as %s", (statuses, expected) => {
    expect(reportingState(statuses.map((status) => ({ status })))).toBe(expected);
  });
});

describe("reviewing a report", () => {
  const triples = REPORT_STATUSES.flatMap((r) =>
    MILESTONE_STATUSES.flatMap((m) => REVIEW_ACTIONS.map((a) => [r, m, a] as const)),
  );
  it("covers every report state, milestone state and action", () => {
    expect(triples).toHaveLength(3 * 5 * 2);
  });
  it.each(triples)("report %s, milestone %s: %s", (report, milestone, action) => {
    const step = reviewStep(report, milestone, action);
    const expected =
      action === "approve" && milestone === "cancelled"
        ? { kind: "refused", reason: APPROVE_CANCELLED }
        : report === "submitted"
          ? { kind: "allowed", to: action === "approve" ? "approved" : "returned" }
          : { kind: "taken" };
    expect(step).toEqual(expected);
  });
});
