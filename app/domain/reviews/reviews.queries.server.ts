// Reads of the review of one pitch, for the members of the pitch's municipality. Every query is scoped by the actor's
// organisation (pitch.organization_id / proposal.pitch_organization_id); another organisation's ids answer 404.
import { isUuid } from "~/lib/uuid";
import { assertCan, type MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { findProposalForActor } from "~/domain/proposals/proposals.access.server";
import { getOwnPitch } from "~/domain/pitches/pitches.owner.queries.server";
import { AppError } from "~/lib/errors";
import { randomUUID } from "node:crypto";
import { DEFAULT_RUBRIC } from "./rubric.data";
import { proposalScore, type ScoreEntry } from "./scoring.rules";
import { COUNTED_PROPOSAL_STATUS } from "~/domain/proposals/proposal.rules";

export const proposalNotFound = () => new AppError("not_found", "提案が見つかりません。");

/** The actor's own pitch, for a member of its municipality (proposal.viewAsOwner); others 403, other ids 404. */
export async function getReviewPitch(actor: MemberActor, pitchId: string) {
  assertCan(actor, { action: "proposal.viewAsOwner", organizationId: actor.membership.organizationId });
  return getOwnPitch(actor, pitchId);
}

/** Gives the pitch the default rubric when it has no criteria yet (first visit or first use); idempotent. */
export async function ensureDefaultRubric(ex: Executor, pitchId: string): Promise<void> {
  const existing = await ex
    .selectFrom("review_criterion")
    .select("id")
    .where("pitch_id", "=", pitchId)
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  await ex
    .insertInto("review_criterion")
    .values(
      DEFAULT_RUBRIC.map((c, position) => ({
        id: randomUUID(),
        pitch_id: pitchId,
        position,
        name: c.name,
        description: c.description,
        weight: c.weight,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function listCriteria(ex: Executor, pitchId: string) {
  return ex
    .selectFrom("review_criterion")
    .select(["id", "position", "name", "description", "weight"])
    .where("pitch_id", "=", pitchId)
    .orderBy("position")
    .execute();
}
export type CriterionView = Awaited<ReturnType<typeof listCriteria>>[number];

/**
 * For pages (GET never writes): the pitch's criteria, or the default rubric, not yet stored (ids "default-N"), when it
 * has none. The default is stored on first use: assigning a reviewer, scoring, or saving the criteria.
 */
export async function listCriteriaOrDefault(
  ex: Executor,
  pitchId: string,
): Promise<{ criteria: CriterionView[]; isDefault: boolean }> {
  const criteria = await listCriteria(ex, pitchId);
  if (criteria.length > 0) return { criteria, isDefault: false };
  return {
    criteria: DEFAULT_RUBRIC.map((c, position) => ({
      id: `default-${position}`,
      position,
      name: c.name,
      description: c.description,
      weight: c.weight,
    })),
    isDefault: true,
  };
}

/** Whether any reviewer has scored any proposal of the pitch (criteria are then frozen). */
export async function hasAnyScore(ex: Executor, pitchId: string): Promise<boolean> {
  const row = await ex
    .selectFrom("proposal_review_score")
    .innerJoin("review_criterion", "review_criterion.id", "proposal_review_score.criterion_id")
    .select("proposal_review_score.review_id")
    .where("review_criterion.pitch_id", "=", pitchId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listReviewers(ex: Executor, pitchId: string) {
  return ex
    .selectFrom("review_assignment")
    .innerJoin("app_user", "app_user.id", "review_assignment.user_id")
    .select(["app_user.id", "app_user.display_name", "app_user.email", "review_assignment.created_at"])
    .where("review_assignment.pitch_id", "=", pitchId)
    .orderBy("review_assignment.created_at")
    .execute();
}

export async function listOrganizationMembers(ex: Executor, organizationId: string) {
  return ex
    .selectFrom("membership")
    .innerJoin("app_user", "app_user.id", "membership.user_id")
    .select(["app_user.id", "app_user.display_name", "app_user.email", "membership.role"])
    .where("membership.organization_id", "=", organizationId)
    .orderBy("app_user.display_name")
    .limit(500)
    .execute();
}

export async function isAssigned(ex: Executor, pitchId: string, userId: string): Promise<boolean> {
  const row = await ex
    .selectFrom("review_assignment")
    .select("user_id")
    .where("pitch_id", "=", pitchId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The counters of a pitch's proposals, defined once (pitch page, lists, selection record). */
export async function proposalCounts(ex: Executor, organizationId: string, pitchId: string) {
  const row = await ex
    .selectFrom("proposal")
    .leftJoin("proposal_decision", "proposal_decision.proposal_id", "proposal.id")
    .select((eb) => [
      // The proposals the bureau's counters count too (one definition: COUNTED_PROPOSAL_STATUS in proposal.rules.ts).
      eb.fn.count<string>("proposal.id").filterWhere("proposal.status", "=", COUNTED_PROPOSAL_STATUS).as("submitted"),
      eb.fn.count<string>("proposal.id").filterWhere("proposal.status", "=", "withdrawn").as("withdrawn"),
      eb.fn
        .count<string>("proposal.id")
        .filterWhere((w) =>
          w.and([w("proposal.status", "=", "submitted"), w("proposal.shortlisted_at", "is not", null)]),
        )
        .as("shortlisted"),
      eb.fn.count<string>("proposal_decision.proposal_id").as("decided"),
      eb.fn
        .count<string>("proposal_decision.proposal_id")
        .filterWhere("proposal_decision.published_at", "is", null)
        .as("unpublished"),
      eb.fn
        .count<string>("proposal_decision.proposal_id")
        .filterWhere("proposal_decision.outcome", "=", "accepted")
        .as("accepted"),
    ])
    .where("proposal.pitch_id", "=", pitchId)
    .where("proposal.pitch_organization_id", "=", organizationId)
    .where("proposal.status", "<>", "draft")
    .executeTakeFirstOrThrow();
  return {
    submitted: Number(row.submitted),
    withdrawn: Number(row.withdrawn),
    shortlisted: Number(row.shortlisted),
    decided: Number(row.decided),
    unpublished: Number(row.unpublished),
    accepted: Number(row.accepted),
  };
}
export type ProposalCounts = Awaited<ReturnType<typeof proposalCounts>>;

/** Scores of the submitted reviews of the pitch's proposals (drafts of reviews never count). */
export async function submittedScores(ex: Executor, organizationId: string, pitchId: string) {
  const rows = await ex
    .selectFrom("proposal_review_score")
    .innerJoin("proposal_review", "proposal_review.id", "proposal_review_score.review_id")
    .innerJoin("proposal", "proposal.id", "proposal_review.proposal_id")
    .innerJoin("review_criterion", "review_criterion.id", "proposal_review_score.criterion_id")
    .select(["proposal.id as proposal_id", "proposal_review.reviewer_id"])
    .select(["proposal_review_score.criterion_id", "proposal_review_score.score"])
    .where("proposal.pitch_id", "=", pitchId)
    .where("proposal.pitch_organization_id", "=", organizationId)
    .where("review_criterion.pitch_id", "=", pitchId)
    .where("proposal_review.submitted_at", "is not", null)
    .execute();
  const byProposal = new Map<string, ScoreEntry[]>();
  for (const r of rows) {
    const list = byProposal.get(r.proposal_id) ?? [];
    list.push({ reviewerId: r.reviewer_id, criterionId: r.criterion_id, score: r.score });
    byProposal.set(r.proposal_id, list);
  }
  return byProposal;
}

/** The submitted and withdrawn proposals of the pitch (never drafts), with what the comparison needs. */
export async function listProposalsForOwner(
  ex: Executor,
  actor: MemberActor,
  pitchId: string,
  criteria: readonly CriterionView[],
) {
  const organizationId = actor.membership.organizationId;
  const rows = await ex
    .selectFrom("proposal")
    .innerJoin("organization", "organization.id", "proposal.organization_id")
    .leftJoin("proposal_decision", "proposal_decision.proposal_id", "proposal.id")
    .leftJoin("proposal_review as mine", (join) =>
      join.onRef("mine.proposal_id", "=", "proposal.id").on("mine.reviewer_id", "=", actor.userId),
    )
    .select(["proposal.id", "proposal.title", "proposal.status", "proposal.organization_id"])
    .select(["organization.name as company_name", "proposal.requested_funding_yen"])
    .select(["proposal.submitted_at", "proposal.withdrawn_at", "proposal.shortlisted_at"])
    .select(["proposal.revision_number", "proposal_decision.outcome"])
    .select(["proposal_decision.published_at as decision_published_at"])
    .select(["mine.submitted_at as my_submitted_at", "mine.id as my_review_id"])
    .where("proposal.pitch_id", "=", pitchId)
    .where("proposal.pitch_organization_id", "=", organizationId)
    .where("proposal.status", "in", ["submitted", "withdrawn"])
    .orderBy("proposal.submitted_at")
    .limit(500)
    .execute();
  const scores = await submittedScores(ex, organizationId, pitchId);
  return rows.map((r) => {
    const score = proposalScore(criteria, scores.get(r.id) ?? []);
    return {
      id: r.id,
      title: r.title,
      status: r.status,
      organizationId: r.organization_id,
      companyName: r.company_name,
      requestedFundingYen: r.requested_funding_yen === null ? null : Number(r.requested_funding_yen),
      submittedAt: r.submitted_at,
      withdrawnAt: r.withdrawn_at,
      shortlisted: r.shortlisted_at !== null,
      revisionNumber: r.revision_number,
      decision: r.outcome ? { outcome: r.outcome, published: r.decision_published_at !== null } : null,
      myReview: r.my_submitted_at ? ("submitted" as const) : r.my_review_id ? ("draft" as const) : ("none" as const),
      reviewCount: score.reviewers,
      averages: score.averages,
      total: score.total,
    };
  });
}
export type OwnerProposalRow = Awaited<ReturnType<typeof listProposalsForOwner>>[number];

/** A proposal of this pitch, read through the one proposal gate, from the owner's side only; else 404. */
export async function getOwnerProposal(ex: Executor, actor: MemberActor, pitchId: string, proposalId: string) {
  if (!isUuid(proposalId)) throw proposalNotFound();
  const access = await findProposalForActor(ex, actor, proposalId);
  if (!access || access.side !== "owner" || access.proposal.pitch_id !== pitchId) throw proposalNotFound();
  return access.proposal;
}

/** Everything of the proposal page that depends on the reviewer: my review (with my private note) and the others'. */
export async function reviewsForViewer(ex: Executor, actor: MemberActor, proposalId: string) {
  const reviews = await ex
    .selectFrom("proposal_review")
    .innerJoin("app_user", "app_user.id", "proposal_review.reviewer_id")
    .select(["proposal_review.id", "proposal_review.reviewer_id"])
    .select(["app_user.display_name", "proposal_review.comment", "proposal_review.submitted_at"])
    .where("proposal_review.proposal_id", "=", proposalId)
    .execute();
  const mine = reviews.find((r) => r.reviewer_id === actor.userId) ?? null;
  const ids = reviews.map((r) => r.id);
  const scores = ids.length
    ? await ex
        .selectFrom("proposal_review_score")
        .select(["review_id", "criterion_id", "score", "comment"])
        .where("review_id", "in", ids)
        .execute()
    : [];
  const scoresOf = (reviewId: string) =>
    Object.fromEntries(scores.filter((s) => s.review_id === reviewId).map((s) => [s.criterion_id, s.score]));
  const commentsOf = (reviewId: string) =>
    Object.fromEntries(
      scores.filter((s) => s.review_id === reviewId && s.comment !== "").map((s) => [s.criterion_id, s.comment]),
    );
  // The private note is read for its author alone, by a query filtered on the author.
  const note = mine
    ? await ex
        .selectFrom("proposal_review")
        .select("private_note")
        .where("id", "=", mine.id)
        .where("reviewer_id", "=", actor.userId)
        .executeTakeFirst()
    : undefined;
  // Independent scoring: the others' submitted scores appear once mine is submitted.
  const others = mine?.submitted_at
    ? reviews
        .filter((r) => r.reviewer_id !== actor.userId && r.submitted_at !== null)
        .map((r) => ({
          reviewerName: r.display_name,
          comment: r.comment,
          submittedAt: r.submitted_at,
          scores: scoresOf(r.id),
          scoreComments: commentsOf(r.id),
        }))
    : [];
  return {
    mine: mine
      ? {
          comment: mine.comment,
          privateNote: note?.private_note ?? "",
          submittedAt: mine.submitted_at,
          scores: scoresOf(mine.id),
          scoreComments: commentsOf(mine.id),
        }
      : null,
    others,
    submittedCount: reviews.filter((r) => r.submitted_at !== null).length,
  };
}

export async function listProposalAttachments(ex: Executor, proposalId: string, organizationId: string) {
  return ex
    .selectFrom("proposal_attachment")
    .select(["id", "original_name", "size_bytes", "content_type", "created_at"])
    .where("proposal_id", "=", proposalId)
    .where("organization_id", "=", organizationId)
    .where("message_id", "is", null)
    .orderBy("created_at")
    .execute();
}

export async function companyName(ex: Executor, organizationId: string) {
  const row = await ex.selectFrom("organization").select("name").where("id", "=", organizationId).executeTakeFirst();
  return row?.name ?? "";
}

export async function decisionOf(ex: Executor, pitchId: string, proposalId: string) {
  return ex
    .selectFrom("proposal_decision")
    .leftJoin("app_user", "app_user.id", "proposal_decision.decided_by")
    .select(["proposal_decision.outcome", "proposal_decision.reason"])
    .select(["proposal_decision.decided_at", "proposal_decision.published_at"])
    .select(["app_user.display_name as decided_by_name"])
    .where("proposal_decision.pitch_id", "=", pitchId)
    .where("proposal_decision.proposal_id", "=", proposalId)
    .executeTakeFirst();
}
