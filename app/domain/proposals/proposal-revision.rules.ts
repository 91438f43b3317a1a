import type { Proposal } from "@db/schema";

/** The fields of a proposal that a submission freezes into its revision: what the municipality evaluated. */
export const PROPOSAL_CONTENT_FIELDS = [
  "title",
  "understanding",
  "approach",
  "resident_participation",
  "implementation_plan",
  "schedule",
  "team",
  "kpis",
  "cost_items",
  "total_cost_yen",
  "requested_funding_yen",
  "co_funding_explanation",
  "company_contribution",
  "references_text",
] as const satisfies readonly (keyof Proposal)[];

export type ProposalContent = Pick<Proposal, (typeof PROPOSAL_CONTENT_FIELDS)[number]>;

export function proposalRevisionContent(proposal: ProposalContent): Record<string, unknown> {
  return Object.fromEntries(PROPOSAL_CONTENT_FIELDS.map((field) => [field, proposal[field]]));
}
