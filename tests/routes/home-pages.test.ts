// The home pages through their loaders: a company sees its own proposals (a decision only once published) and its
// recommendations; a municipality sees its own pitches with counts and the proposals waiting for its review.
import { describe, expect, it } from "vitest";
import { createMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { db } from "~/lib/db.server";
import * as companyHome from "~/routes/company";
import * as municipalityHome from "~/routes/municipality";
import { getRequest, run, signedInCookie } from "../support/http";

describe("home pages", () => {
  it("show a company its proposals and recommendations, and nothing of another company", async () => {
    const town = await createMember(db(), { kind: "municipality" });
    const company = await createMember(db(), { kind: "company" });
    const other = await createMember(db(), { kind: "company" });
    const pitch = await createPitch(db(), { organizationId: town.organization.id, themes: ["mobility"] });
    const another = await createPitch(db(), {
      organizationId: town.organization.id,
      themes: ["mobility"],
      title: "まだ提案していない課題",
    });
    const mine = await createProposal(db(), {
      pitchId: pitch.id,
      organizationId: company.organization.id,
      title: "自社の提案",
    });
    await createProposal(db(), { pitchId: pitch.id, organizationId: other.organization.id, title: "他社の提案" });
    await db()
      .insertInto("proposal_decision")
      .values({
        proposal_id: mine.id,
        pitch_id: pitch.id,
        outcome: "accepted",
        reason: "評価しました。",
        decided_at: new Date(),
      })
      .execute();
    await db()
      .insertInto("company_profile")
      .values({ organization_id: company.organization.id, themes: ["mobility"], serves_nationwide: true })
      .execute();

    const result = await run(
      companyHome.loader,
      getRequest("/company", { cookie: await signedInCookie(company.user.id) }),
    );
    expect(result.status).toBe(200);
    expect(result.body.proposals.map((p: { title: string }) => p.title)).toEqual(["自社の提案"]);
    // Recorded but not published: the company does not see it yet.
    expect(result.body.proposals[0].decision).toBeNull();
    expect(result.body.recommended.profileReady).toBe(true);
    // Recommended: the matching pitch it has not answered yet, not the one it already proposed to.
    expect(result.body.recommended.items.map((r: { id: string }) => r.id)).toEqual([another.id]);
  });

  it("show a municipality its pitches with proposal counts and the proposals assigned to the member", async () => {
    const town = await createMember(db(), { kind: "municipality" });
    const other = await createMember(db(), { kind: "municipality" });
    const company = await createMember(db(), { kind: "company" });
    const pitch = await createPitch(db(), { organizationId: town.organization.id, title: "自分のピッチ" });
    await createPitch(db(), { organizationId: other.organization.id, title: "他の自治体のピッチ" });
    const proposal = await createProposal(db(), {
      pitchId: pitch.id,
      organizationId: company.organization.id,
      title: "届いた提案",
    });
    await db().insertInto("review_assignment").values({ pitch_id: pitch.id, user_id: town.user.id }).execute();

    const result = await run(
      municipalityHome.loader,
      getRequest("/municipality", { cookie: await signedInCookie(town.user.id) }),
    );
    expect(result.status).toBe(200);
    expect(result.body.pitches.map((p: { title: string }) => p.title)).toEqual(["自分のピッチ"]);
    expect(result.body.pitches[0].proposals).toBe(1);
    expect(result.body.waiting.reviewsToDo.map((r: { proposalId: string }) => r.proposalId)).toEqual([proposal.id]);

    const otherResult = await run(
      municipalityHome.loader,
      getRequest("/municipality", { cookie: await signedInCookie(other.user.id) }),
    );
    expect(otherResult.body.waiting.reviewsToDo).toEqual([]);
    expect(JSON.stringify(otherResult.body)).not.toContain("届いた提案");
  });
});
