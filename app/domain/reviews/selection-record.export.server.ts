// The selection record (選定経緯) of a pitch, for the mayor and the council: criteria and weights, reviewers, every
// submitted score per reviewer and criterion, weighted totals, the shortlist and the decisions. Private notes are
// never part of it. Printed from the page (A4) or downloaded as CSV (UTF-8 with a BOM, like the open-data export).
import type { MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { formatDateTime } from "~/lib/format";
import { csvLine } from "~/domain/pitches/pitches.export.server";
import { listDecisions } from "./decisions.queries.server";
import { listCriteria, listProposalsForOwner, listReviewers, proposalCounts } from "./reviews.queries.server";
import { normalisedShares, sortByTotal, weightedTotal } from "./scoring.rules";

export async function buildSelectionRecord(
  ex: Executor,
  actor: MemberActor,
  pitch: {
    id: string;
    title: string;
    proposal_deadline: Date | null;
    status: string;
    allows_multiple_matches: boolean;
  },
) {
  const organizationId = actor.membership.organizationId;
  const criteria = await listCriteria(ex, pitch.id);
  const [reviewers, proposals, decisions, counts] = await Promise.all([
    listReviewers(ex, pitch.id),
    listProposalsForOwner(ex, actor, pitch.id, criteria),
    listDecisions(ex, organizationId, pitch.id),
    proposalCounts(ex, organizationId, pitch.id),
  ]);
  const ids = proposals.map((p) => p.id);
  const reviewRows = ids.length
    ? await ex
        .selectFrom("proposal_review")
        .innerJoin("app_user", "app_user.id", "proposal_review.reviewer_id")
        .innerJoin("proposal", "proposal.id", "proposal_review.proposal_id")
        .select(["proposal_review.id", "proposal_review.proposal_id"])
        .select(["proposal_review.reviewer_id", "app_user.display_name"])
        .select(["proposal_review.comment", "proposal_review.submitted_at"])
        .where("proposal_review.proposal_id", "in", ids)
        .where("proposal.pitch_organization_id", "=", organizationId)
        .where("proposal_review.submitted_at", "is not", null)
        .orderBy("proposal_review.submitted_at")
        .execute()
    : [];
  const scoreRows = reviewRows.length
    ? await ex
        .selectFrom("proposal_review_score")
        .select(["review_id", "criterion_id", "score", "comment"])
        .where(
          "review_id",
          "in",
          reviewRows.map((r) => r.id),
        )
        .execute()
    : [];
  const shares = normalisedShares(criteria);
  const decisionByProposal = new Map(decisions.map((d) => [d.proposal_id, d]));
  const rows = sortByTotal(proposals).map((p) => {
    const reviews = reviewRows
      .filter((r) => r.proposal_id === p.id)
      .map((r) => {
        const scores = Object.fromEntries(
          scoreRows.filter((s) => s.review_id === r.id).map((s) => [s.criterion_id, s.score]),
        );
        const scoreComments = Object.fromEntries(
          scoreRows.filter((s) => s.review_id === r.id && s.comment !== "").map((s) => [s.criterion_id, s.comment]),
        );
        return {
          reviewerName: r.display_name,
          comment: r.comment,
          submittedAt: r.submitted_at,
          scores,
          scoreComments,
          total: weightedTotal(criteria, scores),
        };
      });
    const d = decisionByProposal.get(p.id);
    return {
      ...p,
      reviews,
      decision: d
        ? {
            outcome: d.outcome,
            reason: d.reason,
            decidedAt: d.decided_at,
            decidedBy: d.decided_by_name,
            publishedAt: d.published_at,
          }
        : null,
    };
  });
  const publishedAt =
    decisions
      .map((d) => d.published_at)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  return {
    pitch: {
      id: pitch.id,
      title: pitch.title,
      proposalDeadline: pitch.proposal_deadline,
      status: pitch.status,
      allowsMultipleMatches: pitch.allows_multiple_matches,
    },
    criteria: criteria.map((c) => ({ ...c, share: shares[c.id] ?? 0 })),
    reviewers: reviewers.map((r) => ({ id: r.id, name: r.display_name })),
    proposals: rows,
    counts,
    publishedAt,
  };
}
export type SelectionRecord = Awaited<ReturnType<typeof buildSelectionRecord>>;

const outcomeLabel = { accepted: "採択", declined: "不採択" } as const;

/** The record as CSV lines: one line per (proposal, reviewer) with the scores per criterion, then the averages line. */
export function selectionRecordCsv(record: SelectionRecord): string {
  const criteriaHeaders = record.criteria.map((c) => `${c.name}（重み${c.weight}）`);
  const parts: string[] = [
    "\uFEFF",
    csvLine(["ピッチ", record.pitch.title]),
    csvLine(["提案の締切", formatDateTime(record.pitch.proposalDeadline)]),
    csvLine(["審査担当", record.reviewers.map((r) => r.name).join("、")]),
    csvLine(["決定の公開日時", formatDateTime(record.publishedAt)]),
    csvLine(["評価項目", ...record.criteria.map((c) => `${c.name}: 重み${c.weight}（${c.share}%）`)]),
    csvLine([]),
    csvLine([
      "提案ID",
      "企業",
      "提案名",
      "状態",
      "希望する負担額（円）",
      "提出日時",
      "候補",
      "審査担当",
      ...criteriaHeaders,
      "加重合計（100点満点）",
      "総評・コメント",
      "採否",
      "採否の理由",
      "採否の記録日時",
      "公開日時",
    ]),
  ];
  for (const p of record.proposals) {
    const common = [
      p.id,
      p.companyName,
      p.title,
      p.status === "withdrawn" ? "取り下げ" : "提出済み",
      p.requestedFundingYen,
      formatDateTime(p.submittedAt),
      p.shortlisted ? "候補" : "",
    ];
    const decision = p.decision
      ? [
          outcomeLabel[p.decision.outcome],
          p.decision.reason,
          formatDateTime(p.decision.decidedAt),
          formatDateTime(p.decision.publishedAt),
        ]
      : ["", "", "", ""];
    for (const r of p.reviews) {
      const notes = [
        r.comment,
        ...record.criteria.filter((c) => r.scoreComments[c.id]).map((c) => `${c.name}: ${r.scoreComments[c.id]}`),
      ]
        .filter(Boolean)
        .join(" / ");
      parts.push(
        csvLine([
          ...common,
          r.reviewerName,
          ...record.criteria.map((c) => r.scores[c.id] ?? ""),
          r.total ?? "",
          notes,
          ...decision,
        ]),
      );
    }
    parts.push(
      csvLine([
        ...common,
        "平均",
        ...record.criteria.map((c) => p.averages[c.id] ?? ""),
        p.total ?? "",
        "",
        ...decision,
      ]),
    );
  }
  return parts.join("");
}
