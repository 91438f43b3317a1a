import { describe, expect, it } from "vitest";
import type { Actor } from "~/auth/permissions";
import { createMember, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { findProposalForActor } from "~/domain/proposals/proposals.access.server";
import { db } from "~/lib/db.server";

function actorOf(m: CreatedMember, role: "admin" | "member" = "admin"): Actor {
  return {
    userId: m.user.id,
    email: m.user.email,
    displayName: m.user.display_name,
    secondFactorVerified: true,
    membership: {
      organizationId: m.organization.id,
      organizationName: m.organization.name,
      kind: m.organization.kind,
      role,
      verificationStatus: m.organization.verification_status,
    },
  };
}

async function setUp() {
  const town = await createMember(db(), { kind: "municipality" });
  const otherTown = await createMember(db(), { kind: "municipality" });
  const company = await createMember(db(), { kind: "company" });
  const otherCompany = await createMember(db(), { kind: "company" });
  const bureau = await createMember(db(), { kind: "bureau" });
  const operator = await createMember(db(), { kind: "operator" });
  const pitch = await createPitch(db(), { organizationId: town.organization.id });
  const submitted = await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id });
  const draft = await createProposal(db(), {
    pitchId: pitch.id,
    organizationId: otherCompany.organization.id,
    status: "draft",
  });
  return { town, otherTown, company, otherCompany, bureau, operator, submitted, draft };
}

describe("findProposalForActor", () => {
  it("gives the company and the pitch owner their side, and nobody else anything", async () => {
    const s = await setUp();
    expect((await findProposalForActor(db(), actorOf(s.company), s.submitted.id))?.side).toBe("company");
    expect((await findProposalForActor(db(), actorOf(s.town, "member"), s.submitted.id))?.side).toBe("owner");
    expect(await findProposalForActor(db(), actorOf(s.otherCompany), s.submitted.id)).toBeNull();
    expect(await findProposalForActor(db(), actorOf(s.otherTown), s.submitted.id)).toBeNull();
    expect(await findProposalForActor(db(), actorOf(s.bureau), s.submitted.id)).toBeNull();
    expect(await findProposalForActor(db(), null, s.submitted.id)).toBeNull();
    expect(await findProposalForActor(db(), actorOf(s.company), "00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("keeps a draft from the pitch owner until it is submitted", async () => {
    const s = await setUp();
    expect((await findProposalForActor(db(), actorOf(s.otherCompany), s.draft.id))?.side).toBe("company");
    expect(await findProposalForActor(db(), actorOf(s.town), s.draft.id)).toBeNull();
  });

  it("lets an operator read for moderation and audits every read", async () => {
    const s = await setUp();
    const read = await findProposalForActor(db(), actorOf(s.operator), s.submitted.id);
    expect(read?.side).toBe("operator");
    await findProposalForActor(db(), actorOf(s.operator), s.submitted.id);
    const audits = await db()
      .selectFrom("audit_log")
      .select(["action", "actor_user_id"])
      .where("entity_id", "=", s.submitted.id)
      .where("action", "=", "proposal.moderation_view")
      .execute();
    expect(audits).toHaveLength(2);
    expect(audits[0]?.actor_user_id).toBe(s.operator.user.id);
  });
});
