// One match of the demo chain, through the commands a municipality and two companies use: the pitch is drafted and
// published, both companies propose before the deadline, the municipality closes it, scores both proposals, accepts
// one, declines the other and publishes the decisions with their reasons. Every step at its own moment before `anchor`.
import type { MemberActor } from "~/auth/permissions";
import { createDraft, closePitch, publishPitch } from "~/domain/pitches/pitches.commands.server";
import { PitchFieldsSchema } from "~/domain/pitches/pitch.schema";
import { createProposalDraft, submitProposal } from "~/domain/proposals/proposals.commands.server";
import type { ProposalDraftContent } from "~/domain/proposals/proposals.schema";
import { publishDecisions, recordDecision } from "~/domain/reviews/decisions.commands.server";
import { assignReviewer, saveReview } from "~/domain/reviews/reviews.commands.server";
import { listCriteria } from "~/domain/reviews/reviews.queries.server";
import { db } from "~/lib/db.server";
import { siteUrl } from "~/lib/site-url.server";
import type { ChainProposal, ChainStory } from "./demo-chain-stories.server";
import { daysAfter, tokyoDay } from "./demo-chain-time.server";
import demoPitchContent from "./content/demo-pitches.json";

/** Days before the anchor (the start of the pilot's preparation) at which each step of the match happens. */
export const MATCH_DAYS = {
  published: -170,
  proposed: -155,
  deadline: -120,
  reviewed: -115,
  decided: -110,
  announced: -108,
} as const;

export interface DemoMatch {
  pitchId: string;
  acceptedId: string;
  declinedId: string;
}

const facts = (demoPitchContent as { municipalityFacts: Record<string, Record<string, number | string>> })
  .municipalityFacts;

function proposalContent(p: ChainProposal): ProposalDraftContent {
  return {
    title: p.title,
    understanding: p.understanding,
    approach: p.approach,
    resident_participation: p.residentParticipation,
    implementation_plan: p.implementationPlan,
    schedule: p.schedule,
    team: p.team,
    kpis: p.kpis,
    cost_items: p.costItems,
    total_cost_yen: p.costItems.reduce((sum, item) => sum + item.amountYen, 0),
    requested_funding_yen: p.requestedFundingYen,
    co_funding_explanation: "",
    company_contribution: p.companyContribution,
    references_text: p.references,
  };
}

async function propose(actor: MemberActor, pitchId: string, p: ChainProposal, at: Date): Promise<string> {
  const { proposalId } = await createProposalDraft(actor, pitchId, at);
  await submitProposal(actor, proposalId, proposalContent(p), { attested: true }, daysAfter(at, 2));
  return proposalId;
}

/**
 * Publishes the story's pitch (pilot period `period`) and matches it: returns the pitch and the two proposals. The
 * municipality's admin is the only reviewer.
 */
export async function seedDemoMatch(
  story: ChainStory,
  actors: { municipality: MemberActor; accepted: MemberActor; declined: MemberActor },
  anchor: Date,
  period: { start: string; end: string },
): Promise<DemoMatch> {
  const { municipality } = actors;
  const at = (days: number) => daysAfter(anchor, days);
  const deadlineDay = tokyoDay(at(MATCH_DAYS.deadline));
  const figures = facts[municipality.membership.organizationName] ?? {};
  const fields = PitchFieldsSchema.parse({
    ...story.pitch,
    areaName: story.pitch.areaName ?? "",
    population: String(figures.population ?? ""),
    agingRatePercent: String(figures.agingRatePercent ?? ""),
    certificationRatePercent: String(figures.certificationRatePercent ?? ""),
    budgetCeilingYen: String(story.pitch.budgetCeilingYen),
    pilotStartOn: period.start,
    pilotEndOn: period.end,
    proposalDeadline: `${deadlineDay}T17:00`,
  });
  const draft = await createDraft(municipality, fields);
  await publishPitch(municipality, draft.id, fields, at(MATCH_DAYS.published));

  const acceptedId = await propose(actors.accepted, draft.id, story.accepted, at(MATCH_DAYS.proposed));
  const declinedId = await propose(actors.declined, draft.id, story.declined, at(MATCH_DAYS.proposed + 10));
  await closePitch(municipality, draft.id, new Date(`${deadlineDay}T17:00:00+09:00`));

  await assignReviewer(municipality, draft.id, municipality.userId, siteUrl());
  for (const [id, p] of [
    [acceptedId, story.accepted],
    [declinedId, story.declined],
  ] as const) {
    const reviewedAt = at(MATCH_DAYS.reviewed);
    // The first save gives the pitch its default rubric; the second scores every criterion and submits.
    const empty = { scores: {}, comment: "", privateNote: "", submit: false };
    await saveReview(municipality, draft.id, id, empty, reviewedAt);
    const criteria = await listCriteria(db(), draft.id);
    const scores = Object.fromEntries(criteria.map((c, i) => [c.id, p.review.scores[i] ?? 3]));
    await saveReview(
      municipality,
      draft.id,
      id,
      { scores, comment: p.review.comment, privateNote: "", submit: true },
      reviewedAt,
    );
  }
  await recordDecision(
    municipality,
    draft.id,
    acceptedId,
    { outcome: "accepted", reason: story.accepted.reason },
    at(MATCH_DAYS.decided),
  );
  await recordDecision(
    municipality,
    draft.id,
    declinedId,
    { outcome: "declined", reason: story.declined.reason },
    at(MATCH_DAYS.decided),
  );
  await publishDecisions(municipality, draft.id, siteUrl(), at(MATCH_DAYS.announced));
  return { pitchId: draft.id, acceptedId, declinedId };
}
