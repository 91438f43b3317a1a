// The company's home page: its proposals and their states, with the decision once the municipality publishes it.
import type { Executor } from "@db/database.server";
import { companyProposalRows } from "~/domain/proposals/proposals.company.queries.server";

export interface CompanyHomeProposal {
  id: string;
  title: string;
  status: string;
  pitch: { id: string; title: string; municipality: string; deadline: string | null };
  submittedAt: string | null;
  updatedAt: string;
  /** Only a published decision: a recorded but unpublished one stays with the municipality. */
  decision: "accepted" | "declined" | null;
}

export async function listCompanyHomeProposals(
  ex: Executor,
  organizationId: string,
  limit = 20,
): Promise<CompanyHomeProposal[]> {
  const rows = await companyProposalRows(ex, organizationId)
    .select("proposal.submitted_at")
    .orderBy("proposal.updated_at", "desc")
    .orderBy("proposal.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    pitch: {
      id: r.pitch_id,
      title: r.pitch_title,
      municipality: r.municipality_name,
      deadline: r.proposal_deadline?.toISOString() ?? null,
    },
    submittedAt: r.submitted_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
    decision: r.outcome ?? null,
  }));
}
