import { describe, expect, it } from "vitest";
import { createMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { db } from "~/lib/db.server";

describe("createProposal", () => {
  it("creates a submitted proposal with revision 1 answering the pitch's current revision", async () => {
    const town = await createMember(db(), { kind: "municipality" });
    const company = await createMember(db(), { kind: "company" });
    const pitch = await createPitch(db(), { organizationId: town.organization.id });
    const proposal = await createProposal(db(), {
      pitchId: pitch.id,
      organizationId: company.organization.id,
      createdBy: company.user.id,
    });
    expect(proposal.status).toBe("submitted");
    expect(proposal.pitch_organization_id).toBe(town.organization.id);
    expect(proposal.pitch_revision_number).toBe(1);
    expect(proposal.kpis[0]?.indicatorCode).toBe("gathering_places");
    expect(Number(proposal.total_cost_yen)).toBe(3_000_000);
    const revisions = await db()
      .selectFrom("proposal_revision")
      .selectAll()
      .where("proposal_id", "=", proposal.id)
      .execute();
    expect(revisions.map((r) => r.number)).toEqual([1]);
    expect(revisions[0]?.content.title).toBe(proposal.title);
  });

  it("allows one active proposal per company per pitch, and another after a withdrawal", async () => {
    const town = await createMember(db(), { kind: "municipality" });
    const company = await createMember(db(), { kind: "company" });
    const pitch = await createPitch(db(), { organizationId: town.organization.id });
    await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id, status: "withdrawn" });
    await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id, status: "draft" });
    await expect(
      createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id }),
    ).rejects.toThrow();
  });
});
