import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { MemberActor } from "~/auth/permissions";
import { createMember, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { listCompanyHomeProposals } from "~/domain/home/company-home.queries.server";
import { getMunicipalityWaiting, listHomePitches } from "~/domain/home/municipality-home.queries.server";
import { db } from "~/lib/db.server";

function actorOf(m: CreatedMember): MemberActor {
  return {
    userId: m.user.id,
    email: m.user.email,
    displayName: m.user.display_name,
    secondFactorVerified: true,
    membership: {
      organizationId: m.organization.id,
      organizationName: m.organization.name,
      kind: m.organization.kind,
      role: "admin",
      verificationStatus: m.organization.verification_status,
    },
  };
}

async function ask(pitchId: string, company: CreatedMember, answered = false) {
  await db()
    .insertInto("pitch_question")
    .values({
      id: randomUUID(),
      pitch_id: pitchId,
      asker_user_id: company.user.id,
      asker_organization_id: company.organization.id,
      question: "対象地区はどこですか？",
      answer: answered ? "茶志内地区です。" : null,
      answered_at: answered ? new Date() : null,
    })
    .execute();
}

async function decide(proposalId: string, pitchId: string, outcome: "accepted" | "declined", published: boolean) {
  await db()
    .insertInto("proposal_decision")
    .values({
      proposal_id: proposalId,
      pitch_id: pitchId,
      outcome,
      reason: "評価の結果です。",
      decided_at: new Date(),
      published_at: published ? new Date() : null,
    })
    .execute();
}

describe("home pages' counters", () => {
  it("count, per pitch of this municipality only, submitted proposals, open questions and unpublished decisions", async () => {
    const town = await createMember(db(), { kind: "municipality" });
    const other = await createMember(db(), { kind: "municipality" });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createMember(db(), { kind: "company" })));
    const open = await createPitch(db(), { organizationId: town.organization.id, title: "募集中の課題" });
    const draft = await createPitch(db(), {
      organizationId: town.organization.id,
      status: "draft",
      title: "下書きの課題",
    });
    const archived = await createPitch(db(), {
      organizationId: town.organization.id,
      status: "archived",
      title: "アーカイブ",
    });
    const foreign = await createPitch(db(), { organizationId: other.organization.id });
    const p1 = await createProposal(db(), { pitchId: open.id, organizationId: a!.organization.id });
    await createProposal(db(), { pitchId: open.id, organizationId: b!.organization.id });
    await createProposal(db(), { pitchId: open.id, organizationId: c!.organization.id, status: "draft" });
    await createProposal(db(), { pitchId: foreign.id, organizationId: a!.organization.id });
    await ask(open.id, a!);
    await ask(open.id, b!, true);
    await ask(foreign.id, a!);
    await decide(p1.id, open.id, "accepted", false);

    const pitches = await listHomePitches(db(), town.organization.id);
    expect(pitches.map((p) => p.title)).toEqual(["募集中の課題", "下書きの課題"]);
    expect(pitches[0]).toMatchObject({ proposals: 2, unansweredQuestions: 1, unpublishedDecisions: 1 });
    expect(pitches[1]).toMatchObject({ id: draft.id, proposals: 0, unansweredQuestions: 0 });
    expect(pitches.some((p) => p.id === archived.id || p.id === foreign.id)).toBe(false);

    const waiting = await getMunicipalityWaiting(db(), actorOf(town));
    expect(waiting).toMatchObject({ unansweredQuestions: 1, unpublishedDecisions: 1, drafts: 1, reconfirmations: 0 });
  });

  it("count the published pitches that need reconfirmation (six months since publication or the last reconfirmation)", async () => {
    const town = await createMember(db(), { kind: "municipality" });
    const day = 24 * 60 * 60 * 1000;
    const now = new Date();
    await createPitch(db(), {
      organizationId: town.organization.id,
      published_at: new Date(now.getTime() - 200 * day),
    });
    await createPitch(db(), {
      organizationId: town.organization.id,
      published_at: new Date(now.getTime() - 200 * day),
      reconfirmed_at: new Date(now.getTime() - 10 * day),
    });
    await createPitch(db(), { organizationId: town.organization.id, published_at: new Date(now.getTime() - 30 * day) });
    const waiting = await getMunicipalityWaiting(db(), actorOf(town), now);
    expect(waiting.reconfirmations).toBe(1);
    const pitches = await listHomePitches(db(), town.organization.id, now);
    expect(pitches.filter((p) => p.needsReconfirmation)).toHaveLength(1);
  });

  it("list for a reviewer only the submitted proposals assigned to them and not yet scored", async () => {
    const town = await createMember(db(), { kind: "municipality" });
    const colleague = await createMember(db(), { kind: "municipality" });
    const [a, b] = await Promise.all([1, 2].map(() => createMember(db(), { kind: "company" })));
    const pitch = await createPitch(db(), { organizationId: town.organization.id });
    const unassigned = await createPitch(db(), { organizationId: town.organization.id });
    const scored = await createProposal(db(), {
      pitchId: pitch.id,
      organizationId: a!.organization.id,
      title: "採点済み",
    });
    await createProposal(db(), { pitchId: pitch.id, organizationId: b!.organization.id, title: "未採点" });
    await createProposal(db(), { pitchId: unassigned.id, organizationId: a!.organization.id, title: "担当外" });
    await db().insertInto("review_assignment").values({ pitch_id: pitch.id, user_id: town.user.id }).execute();
    await db().insertInto("review_assignment").values({ pitch_id: pitch.id, user_id: colleague.user.id }).execute();
    await db()
      .insertInto("proposal_review")
      .values({ id: randomUUID(), proposal_id: scored.id, reviewer_id: town.user.id, submitted_at: new Date() })
      .execute();

    const waiting = await getMunicipalityWaiting(db(), actorOf(town));
    expect(waiting.reviewsToDo.map((r) => r.proposalTitle)).toEqual(["未採点"]);
    expect(waiting.reviewsToDo[0]?.companyName).toBe(b!.organization.name);
  });

  it("show a company its proposals with a decision only once it is published", async () => {
    const town = await createMember(db(), { kind: "municipality" });
    const company = await createMember(db(), { kind: "company" });
    const rival = await createMember(db(), { kind: "company" });
    const first = await createPitch(db(), { organizationId: town.organization.id, title: "一つ目" });
    const second = await createPitch(db(), { organizationId: town.organization.id, title: "二つ目" });
    const published = await createProposal(db(), { pitchId: first.id, organizationId: company.organization.id });
    const unpublished = await createProposal(db(), { pitchId: second.id, organizationId: company.organization.id });
    await createProposal(db(), { pitchId: first.id, organizationId: rival.organization.id });
    await decide(published.id, first.id, "accepted", true);
    await decide(unpublished.id, second.id, "declined", false);

    const proposals = await listCompanyHomeProposals(db(), company.organization.id);
    expect(proposals).toHaveLength(2);
    const byId = new Map(proposals.map((p) => [p.id, p]));
    expect(byId.get(published.id)?.decision).toBe("accepted");
    expect(byId.get(unpublished.id)?.decision).toBeNull();
    expect(byId.get(published.id)?.pitch.title).toBe("一つ目");
  });
});
