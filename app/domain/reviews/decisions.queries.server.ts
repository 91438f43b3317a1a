// Decisions on a pitch's proposals, read side.
import type { Executor } from "@db/database.server";

export async function listDecisions(ex: Executor, organizationId: string, pitchId: string) {
  return ex
    .selectFrom("proposal_decision")
    .innerJoin("proposal", "proposal.id", "proposal_decision.proposal_id")
    .innerJoin("organization", "organization.id", "proposal.organization_id")
    .leftJoin("app_user as decider", "decider.id", "proposal_decision.decided_by")
    .leftJoin("app_user as publisher", "publisher.id", "proposal_decision.published_by")
    .select(["proposal.id as proposal_id", "proposal.title", "organization.name as company_name"])
    .select(["proposal_decision.outcome", "proposal_decision.reason"])
    .select(["proposal_decision.decided_at", "proposal_decision.published_at"])
    .select(["decider.display_name as decided_by_name"])
    .select(["publisher.display_name as published_by_name"])
    .where("proposal_decision.pitch_id", "=", pitchId)
    .where("proposal.pitch_id", "=", pitchId)
    .where("proposal.pitch_organization_id", "=", organizationId)
    .orderBy("proposal_decision.decided_at")
    .execute();
}
