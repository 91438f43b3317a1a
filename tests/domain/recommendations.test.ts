// Recommendations: the pure scoring (reasons as Japanese chips, weights, total order) and the queries on fixed
// fixtures (only open published pitches, deterministic order, published profiles only, similar track record).
import { beforeAll, describe, expect, it } from "vitest";
import { createMember, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { compareRecommendations, countSimilar, scorePitch, WEIGHTS } from "~/domain/recommendations/scoring.rules";
import {
  recommendCompaniesForPitch,
  recommendPitchesForCompany,
} from "~/domain/recommendations/recommendations.queries.server";
import { db } from "~/lib/db.server";
import * as recommendationsRoute from "~/routes/company_.recommendations";
import { getRequest, run, signedInCookie } from "../support/http";

const DAY = 86_400_000;

describe("scorePitch (pure)", () => {
  const pitch = {
    id: "p1",
    themes: ["shopping", "mobility"],
    prefectureCode: 1,
    prefectureName: "北海道",
    budgetCeilingYen: 4_000_000,
    proposalDeadline: "2027-01-01T00:00:00Z",
    targetStates: ["prefrail"],
  };

  it("explains every point: shared themes in catalog order, the prefecture, similar matches, the budget", () => {
    const scored = scorePitch(
      { themes: ["shopping", "mobility", "dementia"], prefectureCodes: [1, 13], servesNationwide: false },
      pitch,
      2,
    );
    expect(scored.reasons).toEqual([
      "テーマ一致: 移動・外出支援",
      "テーマ一致: 買い物支援",
      "対応地域: 北海道",
      "類似実績: 2件",
      "試行予算: 上限400万円",
      "対象: プレフレイル",
    ]);
    expect(scored.score).toBe(2 * WEIGHTS.theme + WEIGHTS.prefecture + 2 * WEIGHTS.similar + WEIGHTS.budget);
    expect(scored.relevant).toBe(true);
  });

  it("nationwide scores less than naming the prefecture; region alone by nationwide is not relevant", () => {
    const nationwide = scorePitch(
      { themes: ["dementia"], prefectureCodes: [], servesNationwide: true },
      { ...pitch, budgetCeilingYen: null },
      0,
    );
    expect(nationwide).toEqual({ score: WEIGHTS.nationwide, reasons: ["対応地域: 全国"], relevant: false });
    const named = scorePitch(
      { themes: [], prefectureCodes: [1], servesNationwide: false },
      { ...pitch, budgetCeilingYen: null },
      0,
    );
    expect(named).toEqual({ score: WEIGHTS.prefecture, reasons: ["対応地域: 北海道"], relevant: true });
  });

  it("caps the similar track record in the score but shows the real count", () => {
    const scored = scorePitch(
      { themes: ["shopping"], prefectureCodes: [], servesNationwide: false },
      { ...pitch, budgetCeilingYen: null, targetStates: [] },
      7,
    );
    expect(scored.score).toBe(WEIGHTS.theme + 3 * WEIGHTS.similar);
    expect(scored.reasons).toContain("類似実績: 7件");
  });

  it("orders by score, then the earlier deadline, then id", () => {
    const items = [
      { id: "b", score: 50, proposalDeadline: "2027-01-02T00:00:00Z" },
      { id: "a", score: 50, proposalDeadline: "2027-01-02T00:00:00Z" },
      { id: "c", score: 50, proposalDeadline: "2027-01-01T00:00:00Z" },
      { id: "d", score: 80, proposalDeadline: null },
    ];
    expect([...items].sort(compareRecommendations).map((i) => i.id)).toEqual(["d", "c", "a", "b"]);
  });

  it("counts accepted pitches sharing at least one theme", () => {
    expect(countSimilar([["mobility"], ["shopping", "digital"], ["oral_care"]], ["digital", "mobility"])).toBe(2);
  });
});

describe("recommendation queries", () => {
  let company: CreatedMember, hokkaido: CreatedMember, tokyo: CreatedMember, other: CreatedMember;
  const pitchIds: Record<string, string> = {};
  const now = new Date();

  beforeAll(async () => {
    company = await createMember(db(), { kind: "company" });
    other = await createMember(db(), { kind: "company" });
    hokkaido = await createMember(db(), { kind: "municipality", municipalityCode: "011002" }); // 札幌市
    tokyo = await createMember(db(), { kind: "municipality", municipalityCode: "131016" }); // 千代田区
    await db()
      .insertInto("company_profile")
      .values([
        {
          organization_id: company.organization.id,
          summary: "移動支援",
          themes: ["mobility", "shopping"],
          prefecture_codes: [1],
          published: true,
        },
        {
          organization_id: other.organization.id,
          summary: "非公開",
          themes: ["mobility"],
          prefecture_codes: [1],
          published: false,
        },
      ])
      .execute();
    const make = async (
      key: string,
      org: CreatedMember,
      overrides: Parameters<typeof createPitch>[1] extends infer O ? Partial<O & object> : never,
    ) => {
      const p = await createPitch(db(), { organizationId: org.organization.id, ...(overrides as object) });
      pitchIds[key] = p.id;
      return p;
    };
    const deadline = (days: number) => new Date(now.getTime() + days * DAY);
    // Two themes + region + budget.
    await make("best", hokkaido, { themes: ["mobility", "shopping"], proposal_deadline: deadline(20) });
    // Equal scores: the earlier deadline first.
    await make("tieLate", tokyo, { themes: ["shopping"], budget_ceiling_yen: null, proposal_deadline: deadline(15) });
    await make("tieEarly", tokyo, { themes: ["shopping"], budget_ceiling_yen: null, proposal_deadline: deadline(10) });
    // Region only.
    await make("regionOnly", hokkaido, {
      themes: ["dementia"],
      budget_ceiling_yen: null,
      proposal_deadline: deadline(5),
    });
    // Not recommended: no theme and another region; closed by deadline; a draft.
    await make("unrelated", tokyo, { themes: ["dementia"], proposal_deadline: deadline(5) });
    await make("expired", hokkaido, { themes: ["mobility"], proposal_deadline: new Date(now.getTime() - DAY) });
    await make("draft", hokkaido, { status: "draft", themes: ["mobility"] });
    // A published accepted decision on a mobility pitch (closed), and an unpublished one: only the first counts.
    const past = await make("past", tokyo, { status: "matched", themes: ["mobility"] });
    const pastProposal = await createProposal(db(), { pitchId: past.id, organizationId: company.organization.id });
    await db()
      .insertInto("proposal_decision")
      .values({
        proposal_id: pastProposal.id,
        pitch_id: past.id,
        outcome: "accepted",
        reason: "採択",
        decided_at: now,
        published_at: now,
      })
      .execute();
    const secret = await make("secret", tokyo, { status: "matched", themes: ["shopping"] });
    const secretProposal = await createProposal(db(), { pitchId: secret.id, organizationId: company.organization.id });
    await db()
      .insertInto("proposal_decision")
      .values({
        proposal_id: secretProposal.id,
        pitch_id: secret.id,
        outcome: "accepted",
        reason: "採択",
        decided_at: now,
        published_at: null,
      })
      .execute();
  });

  it("recommends only open published pitches, scored with reasons, in a stable order", async () => {
    const { profileReady, items } = await recommendPitchesForCompany(db(), company.organization.id, 20, now);
    expect(profileReady).toBe(true);
    expect(items.map((i) => i.id)).toEqual([pitchIds.best, pitchIds.tieEarly, pitchIds.tieLate, pitchIds.regionOnly]);
    expect(items[0]).toMatchObject({
      score: 2 * WEIGHTS.theme + WEIGHTS.prefecture + WEIGHTS.similar + WEIGHTS.budget,
      municipalityName: "札幌市",
      prefectureName: "北海道",
    });
    expect(items[0]!.reasons).toEqual([
      "テーマ一致: 移動・外出支援",
      "テーマ一致: 買い物支援",
      "対応地域: 北海道",
      "類似実績: 1件",
      "試行予算: 上限400万円",
      "対象: プレフレイル・フレイル（要支援）",
    ]);
    // Only the published accepted mobility match counts; the unpublished shopping one does not.
    expect(items.find((i) => i.id === pitchIds.tieEarly)!.reasons).toEqual([
      "テーマ一致: 買い物支援",
      "対象: プレフレイル・フレイル（要支援）",
    ]);
    expect(items.find((i) => i.id === pitchIds.tieLate)!.score).toBe(WEIGHTS.theme);
    expect(items.find((i) => i.id === pitchIds.regionOnly)!.reasons).toEqual(["対応地域: 北海道"]);
    const again = await recommendPitchesForCompany(db(), company.organization.id, 2, now);
    expect(again.items.map((i) => i.id)).toEqual([pitchIds.best, pitchIds.tieEarly]);
  });

  it("leaves out a pitch the company already answers, and offers it again after a withdrawal", async () => {
    const proposal = await createProposal(db(), {
      pitchId: pitchIds.tieLate!,
      organizationId: company.organization.id,
      status: "draft",
    });
    const withDraft = await recommendPitchesForCompany(db(), company.organization.id, 20, now);
    expect(withDraft.items.map((i) => i.id)).not.toContain(pitchIds.tieLate);
    await db().updateTable("proposal").set({ status: "withdrawn" }).where("id", "=", proposal.id).execute();
    const afterWithdrawal = await recommendPitchesForCompany(db(), company.organization.id, 20, now);
    expect(afterWithdrawal.items.map((i) => i.id)).toContain(pitchIds.tieLate);
  });

  it("a company without a profile gets the empty state", async () => {
    const bare = await createMember(db(), { kind: "company" });
    expect(await recommendPitchesForCompany(db(), bare.organization.id, 20, now)).toEqual({
      profileReady: false,
      items: [],
    });
    const page = await run(
      recommendationsRoute.loader,
      getRequest("/company/recommendations", { cookie: await signedInCookie(bare.user.id) }),
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ profileReady: false, items: [] });
    const mine = await run(
      recommendationsRoute.loader,
      getRequest("/company/recommendations", { cookie: await signedInCookie(company.user.id) }),
    );
    expect(mine.body.items).toHaveLength(4);
    const municipalityPage = await run(
      recommendationsRoute.loader,
      getRequest("/company/recommendations", { cookie: await signedInCookie(hokkaido.user.id) }),
    );
    expect(municipalityPage.status).toBe(403);
  });

  it("for a pitch, lists only companies with a published profile, with their reasons", async () => {
    const pitch = await db()
      .selectFrom("pitch")
      .innerJoin("prefecture", "prefecture.code", "pitch.prefecture_code")
      .selectAll("pitch")
      .select("prefecture.name as prefecture_name")
      .where("pitch.id", "=", pitchIds.best!)
      .executeTakeFirstOrThrow();
    const companies = await recommendCompaniesForPitch(db(), pitch);
    expect(companies).toEqual([
      {
        organizationId: company.organization.id,
        name: company.organization.name,
        summary: "移動支援",
        hasLogo: false,
        score: 2 * WEIGHTS.theme + WEIGHTS.prefecture + WEIGHTS.similar,
        reasons: ["テーマ一致: 移動・外出支援", "テーマ一致: 買い物支援", "対応地域: 北海道", "類似実績: 1件"],
      },
    ]);
  });
});
