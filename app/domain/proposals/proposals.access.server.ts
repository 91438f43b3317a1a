import type { Proposal } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";

/** Which side of a proposal the actor reads it from. */
export type ProposalSide = "company" | "owner" | "operator";

export interface AccessibleProposal {
  proposal: Proposal;
  side: ProposalSide;
}

/**
 * The one gate to a proposal and everything under it (attachments, messages, reviews): the proposing company's
 * members, the pitch owner's members, or an operator moderating (audited, every time). Anyone else, and an id that
 * does not exist, get null, so that callers answer 404 alike. The query itself is scoped by the actor's organisation.
 */
export async function findProposalForActor(
  ex: Executor,
  actor: Actor | null,
  proposalId: string,
): Promise<AccessibleProposal | null> {
  const membership = actor?.membership;
  if (!actor || !membership) return null;
  if (can(actor, { action: "proposal.moderate" })) {
    const proposal = await ex.selectFrom("proposal").selectAll().where("id", "=", proposalId).executeTakeFirst();
    return proposal ? moderationView(ex, actor, proposal) : null;
  }
  const proposal = await ex
    .selectFrom("proposal")
    .selectAll()
    .where("id", "=", proposalId)
    .where((eb) =>
      eb.or([
        eb("organization_id", "=", membership.organizationId),
        eb("pitch_organization_id", "=", membership.organizationId),
      ]),
    )
    .executeTakeFirst();
  if (!proposal) return null;
  if (
    proposal.organization_id === membership.organizationId &&
    can(actor, { action: "proposal.author", organizationId: proposal.organization_id })
  ) {
    return { proposal, side: "company" };
  }
  if (
    proposal.pitch_organization_id === membership.organizationId &&
    proposal.status !== "draft" &&
    can(actor, { action: "proposal.viewAsOwner", organizationId: proposal.pitch_organization_id })
  ) {
    return { proposal, side: "owner" };
  }
  return null;
}

/** An operator reads a proposal for moderation: allowed, and audited every time. */
async function moderationView(ex: Executor, actor: Actor, proposal: Proposal): Promise<AccessibleProposal> {
  const entry = { organizationId: proposal.organization_id, entityType: "proposal", entityId: proposal.id };
  await recordAudit(ex, { actor, action: "proposal.moderation_view", ...entry });
  return { proposal, side: "operator" };
}
