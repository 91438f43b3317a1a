// Demo proposals, reviews and a match. 東大和市's mobility pitch has closed and matched みらい移動サービス (its other
// proposer was declined, with the reason published); 美唄市's bus pitch is under review by both of its members;
// ほっかいどうヘルスケアラボ is drafting a proposal to かすみがうら市. 美唄市's 茶志内 pitch is left without proposals for the
// browser journey to propose to. Called by seedDemoData in its transaction.
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB } from "@db/schema";
import { DEFAULT_RUBRIC } from "~/domain/reviews/rubric.data";
import { createProposal } from "./proposal-factory.server";

const DAY = 24 * 60 * 60 * 1000;

/** The demo pitches are reviewed against the default rubric a new pitch gets. */
export const DEMO_CRITERIA = DEFAULT_RUBRIC;

type Trx = Transaction<DB>;

async function organizationByName(trx: Trx, name: string) {
  return trx.selectFrom("organization").select("id").where("name", "=", name).executeTakeFirst();
}

async function membersOf(trx: Trx, organizationId: string) {
  return trx
    .selectFrom("membership")
    .select(["user_id", "role"])
    .where("organization_id", "=", organizationId)
    .orderBy("role")
    .orderBy("created_at")
    .execute();
}

async function pitchByTitle(trx: Trx, organizationId: string, title: string) {
  return trx
    .selectFrom("pitch")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("title", "=", title)
    .executeTakeFirst();
}

async function addCriteria(trx: Trx, pitchId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [position, c] of DEMO_CRITERIA.entries()) {
    const id = randomUUID();
    await trx
      .insertInto("review_criterion")
      .values({ id, pitch_id: pitchId, position, name: c.name, description: c.description, weight: c.weight })
      .execute();
    ids.push(id);
  }
  return ids;
}

async function score(
  trx: Trx,
  proposalId: string,
  reviewerId: string,
  criteria: string[],
  scores: number[],
  comment: string,
  at: Date,
) {
  const reviewId = randomUUID();
  await trx
    .insertInto("proposal_review")
    .values({
      id: reviewId,
      proposal_id: proposalId,
      reviewer_id: reviewerId,
      comment,
      submitted_at: at,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await trx
    .insertInto("proposal_review_score")
    .values(criteria.map((criterionId, i) => ({ review_id: reviewId, criterion_id: criterionId, score: scores[i]! })))
    .execute();
}

async function message(
  trx: Trx,
  proposalId: string,
  organizationId: string,
  senderId: string | null,
  body: string,
  at: Date,
) {
  await trx
    .insertInto("proposal_message")
    .values({
      id: randomUUID(),
      proposal_id: proposalId,
      organization_id: organizationId,
      sender_id: senderId,
      body,
      created_at: at,
    })
    .execute();
}

export async function seedDemoProposals(trx: Trx, now = new Date()): Promise<{ proposals: number; matches: number }> {
  const [higashiyamato, bibai, kasumigaura, mirai, machinaka, mimamori, healthcare] = await Promise.all(
    [
      "東大和市",
      "美唄市",
      "かすみがうら市",
      "みらい移動サービス株式会社",
      "株式会社まちなかスーパー",
      "株式会社つながる見守りテック",
      "株式会社ほっかいどうヘルスケアラボ",
    ].map((name) => organizationByName(trx, name)),
  );
  if (!higashiyamato || !bibai || !kasumigaura || !mirai || !machinaka || !mimamori || !healthcare)
    return { proposals: 0, matches: 0 };
  const [miraiAdmin] = await membersOf(trx, mirai.id);
  const [machinakaAdmin] = await membersOf(trx, machinaka.id);
  const [mimamoriAdmin] = await membersOf(trx, mimamori.id);
  const [healthcareAdmin] = await membersOf(trx, healthcare.id);
  const [higashiyamatoAdmin] = await membersOf(trx, higashiyamato.id);
  const bibaiMembers = await membersOf(trx, bibai.id);
  let proposals = 0;
  let matches = 0;

  // 東大和市: closed three weeks ago, reviewed, matched.
  const slopes = await pitchByTitle(trx, higashiyamato.id, "坂の多い地域の高齢者の外出と社会参加を支える移動支援");
  if (slopes && higashiyamatoAdmin) {
    const deadline = new Date(now.getTime() - 21 * DAY);
    await trx
      .updateTable("pitch")
      // Published well before its proposals arrived (the pilot's history reads in order on the monitoring pages).
      .set({
        status: "matched",
        proposal_deadline: deadline,
        closed_at: deadline,
        published_at: new Date(now.getTime() - 75 * DAY),
        updated_at: now,
      })
      .where("id", "=", slopes.id)
      .execute();
    const criteria = await addCriteria(trx, slopes.id);
    await trx
      .insertInto("review_assignment")
      .values({ pitch_id: slopes.id, user_id: higashiyamatoAdmin.user_id, assigned_by: higashiyamatoAdmin.user_id })
      .execute();
    const accepted = await createProposal(trx, {
      pitchId: slopes.id,
      organizationId: mirai.id,
      createdBy: miraiAdmin?.user_id ?? null,
      now: new Date(deadline.getTime() - 10 * DAY),
      title: "坂道の多い地区を回る予約型の乗合送迎と、行き先づくりの一体提案",
      understanding:
        "坂の多い地区では、買い物や通いの場への外出が体力的な負担となり、外出頻度の低下がフレイルにつながっていると理解しています。",
      approach:
        "スマートフォンと電話の両方で予約できる乗合送迎を、通いの場・商店・診療所を結ぶ循環ルートで運行します。",
      resident_participation:
        "自治会と第2層協議体が運行ルートと停留所を決め、地域の有償ボランティアが乗降を手伝います。",
      implementation_plan: "4〜6月に協議体とルートを設計し、7月から9か月間試行、翌年3月に振り返りを行います。",
      schedule: "4月 協議体と設計／7月 試行開始／12月 中間評価／3月 振り返りと次年度の検討",
      team: "自治体連携室 2名、運行管理 1名、地域コーディネーター 1名（市内在住）",
      total_cost_yen: 3_600_000,
      requested_funding_yen: 3_000_000,
      company_contribution: "予約システムの利用料と車両1台を当社が負担します。",
      references_text: "近隣市での乗合送迎の実証（令和6年度）",
      kpis: [
        { indicatorCode: "continued_participation", name: "通いの場の継続参加率", target: "80", unit: "%" },
        { indicatorCode: null, name: "月あたりの外出回数（利用者平均）", target: "8", unit: "回" },
      ],
      costItems: [
        { label: "運行人件費", amountYen: 2_100_000 },
        { label: "車両・燃料費", amountYen: 900_000 },
        { label: "予約システム", amountYen: 400_000 },
        { label: "説明会・広報", amountYen: 200_000 },
      ],
    });
    const declined = await createProposal(trx, {
      pitchId: slopes.id,
      organizationId: machinaka.id,
      createdBy: machinakaAdmin?.user_id ?? null,
      now: new Date(deadline.getTime() - 5 * DAY),
      title: "移動販売車による坂の上の地区への巡回と、店舗への送迎",
      understanding: "買い物の困難が外出の減少につながっていると理解しています。",
      approach: "週2回の移動販売と、月1回の店舗への無料送迎を組み合わせます。",
      resident_participation: "販売場所を自治会の集会所とし、住民の集いの場にします。",
      implementation_plan: "6月から6か月の試行を行います。",
      schedule: "6月 開始／11月 評価",
      team: "地域貢献推進部 2名、販売スタッフ 2名",
      total_cost_yen: 2_400_000,
      requested_funding_yen: 2_000_000,
      company_contribution: "商品の仕入れと販売車両を当社が負担します。",
    });
    proposals += 2;
    const reviewedAt = new Date(deadline.getTime() + 5 * DAY);
    await score(
      trx,
      accepted.id,
      higashiyamatoAdmin.user_id,
      criteria,
      [5, 4, 5, 4, 4],
      "住民の関わり方が具体的で、通いの場の参加にもつながる提案です。",
      reviewedAt,
    );
    await score(
      trx,
      declined.id,
      higashiyamatoAdmin.user_id,
      criteria,
      [4, 3, 3, 4, 4],
      "買い物支援として有効ですが、外出の機会づくりは限定的です。",
      reviewedAt,
    );
    await trx.updateTable("proposal").set({ shortlisted_at: reviewedAt }).where("id", "=", accepted.id).execute();
    await message(
      trx,
      accepted.id,
      higashiyamato.id,
      higashiyamatoAdmin.user_id,
      "停留所の候補について、自治会との打合せの日程をご相談させてください。",
      new Date(reviewedAt.getTime() + DAY),
    );
    await message(
      trx,
      accepted.id,
      mirai.id,
      miraiAdmin?.user_id ?? null,
      "承知しました。来週の平日午後でしたら、いつでも伺えます。",
      new Date(reviewedAt.getTime() + 2 * DAY),
    );
    const decidedAt = new Date(deadline.getTime() + 10 * DAY);
    await trx
      .insertInto("proposal_decision")
      .values([
        {
          proposal_id: accepted.id,
          pitch_id: slopes.id,
          outcome: "accepted",
          reason:
            "住民が運行に関わる仕組みと、通いの場への外出を増やす計画が具体的で、実現可能性も高いと評価しました。",
          decided_by: higashiyamatoAdmin.user_id,
          decided_at: decidedAt,
          published_at: decidedAt,
          published_by: higashiyamatoAdmin.user_id,
        },
        {
          proposal_id: declined.id,
          pitch_id: slopes.id,
          outcome: "declined",
          reason: "買い物支援として有効な提案でしたが、今回は外出と社会参加の機会づくりをより重視して選定しました。",
          decided_by: higashiyamatoAdmin.user_id,
          decided_at: decidedAt,
          published_at: decidedAt,
          published_by: higashiyamatoAdmin.user_id,
        },
      ])
      .execute();
    matches += 1;
  }

  // 美唄市: open, two proposals, reviewers assigned, one review done.
  const bus = await pitchByTitle(trx, bibai.id, "バス路線が廃止された地区の買い物と通院の足");
  if (bus && bibaiMembers.length > 0) {
    const criteria = await addCriteria(trx, bus.id);
    for (const m of bibaiMembers) {
      await trx
        .insertInto("review_assignment")
        .values({ pitch_id: bus.id, user_id: m.user_id, assigned_by: bibaiMembers[0]!.user_id })
        .execute();
    }
    const first = await createProposal(trx, {
      pitchId: bus.id,
      organizationId: mirai.id,
      createdBy: miraiAdmin?.user_id ?? null,
      now: new Date(now.getTime() - 3 * DAY),
      title: "通院と買い物をまとめて予約できる、地区単位の乗合タクシー",
      requested_funding_yen: 2_800_000,
      total_cost_yen: 3_200_000,
      costItems: [
        { label: "運行委託費", amountYen: 2_400_000 },
        { label: "予約受付（電話・アプリ）", amountYen: 600_000 },
        { label: "説明会", amountYen: 200_000 },
      ],
    });
    await createProposal(trx, {
      pitchId: bus.id,
      organizationId: mimamori.id,
      createdBy: mimamoriAdmin?.user_id ?? null,
      now: new Date(now.getTime() - 2 * DAY),
      title: "見守り端末と連動した、外出支援の予約と安否確認",
    });
    proposals += 2;
    const member = bibaiMembers.find((m) => m.role === "member") ?? bibaiMembers[0]!;
    await score(
      trx,
      first.id,
      member.user_id,
      criteria,
      [4, 4, 3, 4, 3],
      "地区の実情に合った提案です。運転手の確保について確認したい。",
      new Date(now.getTime() - DAY),
    );
    await message(
      trx,
      first.id,
      bibai.id,
      member.user_id,
      "運転手はどのように確保される予定ですか。市内の事業者との連携の予定があれば教えてください。",
      new Date(now.getTime() - DAY),
    );
  }

  // かすみがうら市: a draft the company is still writing.
  const oral = await pitchByTitle(trx, kasumigaura.id, "白い歯キラリ：20〜30歳代の口腔ケアを習慣に");
  if (oral) {
    await createProposal(trx, {
      pitchId: oral.id,
      organizationId: healthcare.id,
      status: "draft",
      createdBy: healthcareAdmin?.user_id ?? null,
      now,
      title: "LINEで続けるセルフチェックと、歯科健診への橋渡し",
      understanding: "若い世代は歯科健診の受診率が低く、口腔ケアの習慣づくりが課題と理解しています。",
    });
    proposals += 1;
  }
  return { proposals, matches };
}
