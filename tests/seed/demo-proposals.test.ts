// The demo proposals: 東大和市's closed mobility pitch matched (one accepted and one declined decision, both published,
// scored against the rubric); 美唄市's bus pitch under review by both members; a company's draft; 茶志内 left free.
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "~/seed/demo-data.server";
import { DEMO_CRITERIA } from "~/seed/demo-proposals.server";
import { db } from "~/lib/db.server";

beforeAll(async () => {
  await seedDemoData(db());
});

async function pitch(title: string) {
  return db().selectFrom("pitch").selectAll().where("title", "=", title).executeTakeFirstOrThrow();
}

async function proposalsOf(pitchId: string) {
  return db()
    .selectFrom("proposal")
    .innerJoin("organization", "organization.id", "proposal.organization_id")
    .leftJoin("proposal_decision", "proposal_decision.proposal_id", "proposal.id")
    .select([
      "proposal.id",
      "proposal.status",
      "proposal.submitted_at",
      "organization.name",
      "proposal_decision.outcome",
      "proposal_decision.published_at",
    ])
    .where("proposal.pitch_id", "=", pitchId)
    .orderBy("organization.name")
    .execute();
}

describe("demo proposals", () => {
  it("match 東大和市's closed mobility pitch with みらい移動サービス, the other proposer declined, both published", async () => {
    const slopes = await pitch("坂の多い地域の高齢者の外出と社会参加を支える移動支援");
    expect(slopes.status).toBe("matched");
    expect(slopes.proposal_deadline!.getTime()).toBeLessThan(Date.now());
    const rows = await proposalsOf(slopes.id);
    expect(rows.map((r) => [r.name, r.status, r.outcome])).toEqual([
      ["みらい移動サービス株式会社", "submitted", "accepted"],
      ["株式会社まちなかスーパー", "submitted", "declined"],
    ]);
    expect(rows.every((r) => r.published_at !== null && r.submitted_at! < slopes.proposal_deadline!)).toBe(true);
    const scores = await db()
      .selectFrom("proposal_review_score")
      .innerJoin("proposal_review", "proposal_review.id", "proposal_review_score.review_id")
      .select("proposal_review_score.score")
      .where(
        "proposal_review.proposal_id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    expect(scores).toHaveLength(rows.length * DEMO_CRITERIA.length);
  });

  it("put 美唄市's bus pitch under review by both of its members, with a rubric whose weights sum to 100", async () => {
    const bus = await pitch("バス路線が廃止された地区の買い物と通院の足");
    expect(bus.status).toBe("published");
    expect((await proposalsOf(bus.id)).map((r) => r.status)).toEqual(["submitted", "submitted"]);
    const criteria = await db()
      .selectFrom("review_criterion")
      .select("weight")
      .where("pitch_id", "=", bus.id)
      .execute();
    expect(criteria.reduce((sum, c) => sum + c.weight, 0)).toBe(100);
    const assigned = await db()
      .selectFrom("review_assignment")
      .select("user_id")
      .where("pitch_id", "=", bus.id)
      .execute();
    expect(assigned).toHaveLength(2);
  });

  it("leave a company's draft with かすみがうら市 and no proposal on 美唄市's 茶志内 pitch", async () => {
    const oral = await pitch("白い歯キラリ：20〜30歳代の口腔ケアを習慣に");
    expect((await proposalsOf(oral.id)).map((r) => r.status)).toEqual(["draft"]);
    const chashinai = await pitch("茶志内地区に、みんなで顔を合わせる場をもう一度");
    expect(await proposalsOf(chashinai.id)).toEqual([]);
  });

  it("a second seed adds nothing", async () => {
    await seedDemoData(db());
    const row = await db()
      .selectFrom("proposal")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(row.n)).toBe(5);
  });
});
