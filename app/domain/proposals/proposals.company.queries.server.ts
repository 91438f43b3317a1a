// What the proposing company reads: its list of proposals and one proposal's editor. Every query is scoped by the
// actor's organisation; the editor goes through findProposalForActor and answers 404 unless the actor is the company.
import type { Executor } from "@db/database.server";
import type { MemberActor } from "~/auth/permissions";
import { isOpenForProposals } from "~/domain/pitches/pitch.rules";
import { db } from "~/lib/db.server";
import { changeRefusal } from "./proposal.rules";
import { findProposalForActor } from "./proposals.access.server";
import { proposalNotFound } from "./proposals.commands.server";
import { listProposalAttachments } from "./proposal-attachments.files.server";

export const PROPOSALS_PAGE_SIZE = 20;

/**
 * A company's proposals with their pitch, its municipality and the decision once the municipality publishes it (a
 * recorded but unpublished decision stays with the municipality). The list page and the company's home add columns.
 */
export function companyProposalRows(ex: Executor, organizationId: string) {
  return ex
    .selectFrom("proposal")
    .innerJoin("pitch", "pitch.id", "proposal.pitch_id")
    .innerJoin("municipality", "municipality.code", "pitch.municipality_code")
    .leftJoin("proposal_decision", (join) =>
      join
        .onRef("proposal_decision.proposal_id", "=", "proposal.id")
        .on("proposal_decision.published_at", "is not", null),
    )
    .select(["proposal.id", "proposal.title", "proposal.status", "proposal.updated_at"])
    .select(["pitch.id as pitch_id", "pitch.title as pitch_title", "pitch.proposal_deadline"])
    .select(["municipality.name as municipality_name", "proposal_decision.outcome"])
    .where("proposal.organization_id", "=", organizationId);
}

export async function listCompanyProposals(actor: MemberActor, page: number) {
  const organizationId = actor.membership.organizationId;
  const [rows, count] = await Promise.all([
    companyProposalRows(db(), organizationId)
      .select("proposal.revision_number")
      .orderBy("proposal.updated_at", "desc")
      .orderBy("proposal.id", "desc")
      .limit(PROPOSALS_PAGE_SIZE)
      .offset((page - 1) * PROPOSALS_PAGE_SIZE)
      .execute(),
    db()
      .selectFrom("proposal")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("organization_id", "=", organizationId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    proposals: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      revisionNumber: r.revision_number,
      updatedAt: r.updated_at.toISOString(),
      pitch: {
        id: r.pitch_id,
        title: r.pitch_title,
        municipalityName: r.municipality_name,
        proposalDeadline: r.proposal_deadline?.toISOString() ?? null,
      },
      decision: r.outcome ?? null,
    })),
    page,
    pageSize: PROPOSALS_PAGE_SIZE,
    total: Number(count.n),
  };
}

/** The company's own proposal with what its editor shows; another organisation's (or a missing) id is 404. */
export async function getCompanyProposal(actor: MemberActor, proposalId: string, now = new Date()) {
  const access = await findProposalForActor(db(), actor, proposalId);
  if (!access || access.side !== "company") throw proposalNotFound();
  const { proposal } = access;
  const [pitch, decision, attachments, revisions] = await Promise.all([
    db()
      .selectFrom("pitch")
      .innerJoin("municipality", "municipality.code", "pitch.municipality_code")
      .select(["pitch.id", "pitch.title", "pitch.status", "pitch.revision_number"])
      .select(["pitch.proposal_deadline", "pitch.budget_ceiling_yen"])
      .select(["municipality.name as municipality_name"])
      .where("pitch.id", "=", proposal.pitch_id)
      .executeTakeFirstOrThrow(),
    db().selectFrom("proposal_decision").selectAll().where("proposal_id", "=", proposal.id).executeTakeFirst(),
    listProposalAttachments(proposal.id),
    db()
      .selectFrom("proposal_revision")
      .select(["number", "pitch_revision_number", "created_at"])
      .where("proposal_id", "=", proposal.id)
      .orderBy("number", "desc")
      .execute(),
  ]);
  const refusal = changeRefusal(proposal, pitch, { hasDecision: decision !== undefined, now });
  return {
    proposal,
    pitch: {
      id: pitch.id,
      title: pitch.title,
      status: pitch.status,
      revisionNumber: pitch.revision_number,
      proposalDeadline: pitch.proposal_deadline?.toISOString() ?? null,
      budgetCeilingYen: pitch.budget_ceiling_yen === null ? null : Number(pitch.budget_ceiling_yen),
      municipalityName: pitch.municipality_name,
      open: isOpenForProposals(pitch, now),
    },
    // Only a published decision is shown to the company.
    decision:
      decision && decision.published_at
        ? { outcome: decision.outcome, reason: decision.reason, publishedAt: decision.published_at.toISOString() }
        : null,
    attachments,
    revisions: revisions.map((r) => ({
      number: r.number,
      pitchRevisionNumber: r.pitch_revision_number,
      createdAt: r.created_at.toISOString(),
    })),
    refusal,
  };
}
