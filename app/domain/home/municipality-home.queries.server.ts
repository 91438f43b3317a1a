// The municipality's home page: its pitches with their counts and what waits for the signed-in member.
import { sql } from "kysely";
import type { MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { needsReconfirmation, RECONFIRM_AFTER_MS } from "~/domain/pitches/pitch.rules";
import { COUNTED_PROPOSAL_STATUS } from "~/domain/proposals/proposal.rules";

const HOME_PITCH_LIMIT = 20;

export interface MunicipalityHomePitch {
  id: string;
  title: string;
  status: string;
  deadline: string | null;
  needsReconfirmation: boolean;
  proposals: number;
  unansweredQuestions: number;
  unpublishedDecisions: number;
}

export interface MunicipalityWaiting {
  unansweredQuestions: number;
  reviewsToDo: {
    proposalId: string;
    pitchId: string;
    pitchTitle: string;
    proposalTitle: string;
    companyName: string;
  }[];
  unpublishedDecisions: number;
  reconfirmations: number;
  drafts: number;
}

/** The pitches still in play (not archived), most urgent first, each with its counters in one query. */
export async function listHomePitches(
  ex: Executor,
  organizationId: string,
  now = new Date(),
): Promise<MunicipalityHomePitch[]> {
  const rows = await ex
    .selectFrom("pitch")
    .select((eb) => [
      "pitch.id",
      "pitch.title",
      "pitch.status",
      "pitch.proposal_deadline",
      "pitch.published_at",
      "pitch.reconfirmed_at",
      eb
        .selectFrom("proposal")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("proposal.pitch_id", "=", "pitch.id")
        .where("proposal.pitch_organization_id", "=", organizationId)
        // The same proposals the bureau's counters count (one definition: counters.queries.server.ts).
        .where("proposal.status", "=", COUNTED_PROPOSAL_STATUS)
        .as("proposals"),
      eb
        .selectFrom("pitch_question")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("pitch_question.pitch_id", "=", "pitch.id")
        .where("pitch_question.answered_at", "is", null)
        .as("unanswered_questions"),
      eb
        .selectFrom("proposal_decision")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("proposal_decision.pitch_id", "=", "pitch.id")
        .where("proposal_decision.published_at", "is", null)
        .as("unpublished_decisions"),
    ])
    .where("pitch.organization_id", "=", organizationId)
    .where("pitch.status", "!=", "archived")
    .orderBy(sql`case pitch.status when 'published' then 0 when 'closed' then 1 when 'draft' then 2 else 3 end`)
    .orderBy("pitch.proposal_deadline", (ob) => ob.asc().nullsLast())
    .orderBy("pitch.id")
    .limit(HOME_PITCH_LIMIT)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    deadline: r.proposal_deadline?.toISOString() ?? null,
    needsReconfirmation: needsReconfirmation(r, now),
    proposals: Number(r.proposals ?? 0),
    unansweredQuestions: Number(r.unanswered_questions ?? 0),
    unpublishedDecisions: Number(r.unpublished_decisions ?? 0),
  }));
}

/** What waits for this member: questions to answer, proposals assigned to them not yet scored, decisions to publish. */
export async function getMunicipalityWaiting(
  ex: Executor,
  actor: MemberActor,
  now = new Date(),
): Promise<MunicipalityWaiting> {
  const organizationId = actor.membership.organizationId;
  const reconfirmBefore = new Date(now.getTime() - RECONFIRM_AFTER_MS);
  // One round trip for the counters (each an indexed scalar subquery), one for the reviews to do.
  const [counts, reviews] = await Promise.all([
    ex
      .selectNoFrom((eb) => [
        eb
          .selectFrom("pitch_question")
          .innerJoin("pitch", "pitch.id", "pitch_question.pitch_id")
          .select(eb.fn.countAll<string>().as("n"))
          .where("pitch.organization_id", "=", organizationId)
          .where("pitch_question.answered_at", "is", null)
          .as("questions"),
        eb
          .selectFrom("proposal_decision")
          .innerJoin("pitch", "pitch.id", "proposal_decision.pitch_id")
          .select(eb.fn.countAll<string>().as("n"))
          .where("pitch.organization_id", "=", organizationId)
          .where("proposal_decision.published_at", "is", null)
          .as("decisions"),
        eb
          .selectFrom("pitch")
          .select(eb.fn.countAll<string>().as("n"))
          .where("organization_id", "=", organizationId)
          .where("status", "=", "draft")
          .as("drafts"),
        eb
          .selectFrom("pitch")
          .select(eb.fn.countAll<string>().as("n"))
          .where("organization_id", "=", organizationId)
          .where("status", "=", "published")
          .where(sql<Date>`coalesce(reconfirmed_at, published_at)`, "<", reconfirmBefore)
          .as("reconfirmations"),
      ])
      .executeTakeFirst(),
    ex
      .selectFrom("review_assignment")
      .innerJoin("proposal", "proposal.pitch_id", "review_assignment.pitch_id")
      .innerJoin("pitch", "pitch.id", "proposal.pitch_id")
      .innerJoin("organization as company", "company.id", "proposal.organization_id")
      .leftJoin("proposal_review", (join) =>
        join
          .onRef("proposal_review.proposal_id", "=", "proposal.id")
          .on("proposal_review.reviewer_id", "=", actor.userId),
      )
      .select(["proposal.id as proposal_id", "proposal.title as proposal_title"])
      .select(["pitch.id as pitch_id", "pitch.title as pitch_title"])
      .select(["company.name as company_name"])
      .where("review_assignment.user_id", "=", actor.userId)
      .where("proposal.pitch_organization_id", "=", organizationId)
      .where("proposal.status", "=", "submitted")
      .where("proposal_review.submitted_at", "is", null)
      .orderBy("proposal.submitted_at")
      .limit(20)
      .execute(),
  ]);
  return {
    unansweredQuestions: Number(counts?.questions ?? 0),
    reviewsToDo: reviews.map((r) => ({
      proposalId: r.proposal_id,
      pitchId: r.pitch_id,
      pitchTitle: r.pitch_title,
      proposalTitle: r.proposal_title,
      companyName: r.company_name,
    })),
    unpublishedDecisions: Number(counts?.decisions ?? 0),
    reconfirmations: Number(counts?.reconfirmations ?? 0),
    drafts: Number(counts?.drafts ?? 0),
  };
}
