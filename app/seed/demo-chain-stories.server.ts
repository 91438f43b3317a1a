// The texts of the demo chain: five pitches of the demo municipalities, each matched with one demo company (another
// company declined, with the reasons published), and what each pilot then says: its agreement, its reports, its
// close-out and case study. Dates are not here: demo-chain.server.ts places every step relative to the seeding time.
// Figures beyond the seed documents are illustrative.
import type { AgreementKpi } from "~/domain/pilots/agreement-content.schema";
import type { PilotResult, ProposalCostItem, ProposalKpi } from "@db/schema";
import type { IndicatorCode, TargetStateCode, ThemeCode } from "~/domain/pitches/catalog.data";

/** The step each demo pilot has reached. */
export type ChainStep = "drafting" | "awaitingCompany" | "funded" | "reporting" | "closed";

export interface ChainPitch {
  title: string;
  summary: string;
  vision: string;
  currentSituation: string;
  problem: string;
  problemEvidence: string;
  targetPeople: string;
  targetStates: TargetStateCode[];
  themes: ThemeCode[];
  layer: "layer1" | "layer2";
  areaName?: string;
  triedSoFar: string;
  partnerWanted: string;
  solutionWanted: string;
  resourcesOffered: string;
  budgetCeilingYen: number;
  indicators: IndicatorCode[];
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

export interface ChainProposal {
  /** The demo account (local part) of the company's admin who writes it. */
  author: string;
  title: string;
  understanding: string;
  approach: string;
  residentParticipation: string;
  implementationPlan: string;
  schedule: string;
  team: string;
  kpis: ProposalKpi[];
  costItems: ProposalCostItem[];
  requestedFundingYen: number;
  companyContribution: string;
  references: string;
  /** The reviewer's comment and scores (1-5, one per criterion of the default rubric). */
  review: { comment: string; scores: number[] };
  /** The published reason of the decision. */
  reason: string;
}

export interface ChainAgreement {
  /** A paragraph added to 第1条 (実施内容・範囲) after what was drafted from the proposal. */
  scopeNote?: string;
  area: string;
  personalDataItems: string;
  /** Baselines and directions of the proposal's KPIs, in their order. */
  kpis: Pick<AgreementKpi, "baseline" | "direction">[];
  fundingAmountYen: number | null;
  /** Payment plan: due at the end of the given month of the period (1 = its first month). */
  milestones: { title: string; dueMonth: number; amountYen: number }[];
}

export interface ChainReport {
  /** One value per KPI (null: not measured in this period). */
  values: (string | null)[];
  participants: [total: number, newcomers: number, aged75Plus: number];
  narrative: string;
  review: { decision: "approve" | "return"; comment: string };
}

export interface ChainStory {
  step: ChainStep;
  /** The demo account (local part) of the municipality's admin. */
  municipality: string;
  pitch: ChainPitch;
  accepted: ChainProposal;
  declined: ChainProposal;
  agreement: ChainAgreement;
  /** Budgets, allocation, payments (the funded and reporting pilots). */
  funding?: {
    budgetNote: string;
    otherYearNote: string;
    amountYen: number;
    allocationNote: string;
    /** How many milestones of the plan are approved and paid by bank transfer, with the references' prefix. */
    paid: number;
    reference: string;
    expenditure?: { milestone: number; narrative: string; items: { description: string; amountYen: number }[] };
  };
  /** Quarterly reports, oldest first, of the quarters that have ended. */
  reports?: ChainReport[];
  closeout?: {
    result: PilotResult;
    finalReport: string;
    whatWorked: string;
    whatDidNotWork: string;
    nextStep: string;
    budgetedNote: string;
    adoptions: { prefecture: string; name: string; note: string }[];
    caseStudy: { title: string; problem: string; solution: string; results: string };
  };
}

const REVIEW = {
  good: [5, 4, 5, 4, 4],
  fair: [3, 3, 4, 3, 3],
};

export const CHAIN_STORIES: readonly ChainStory[] = [
  {
    step: "drafting",
    municipality: "higashiyamato-admin",
    pitch: {
      title: "認知症の方が安心して歩ける、商店と住民の見守りの輪",
      summary:
        "認知症の方が住み慣れた地域で外出を続けられるよう、商店や住民が無理なく見守りに加われる仕組みを一緒につくる企業を募集します。",
      vision:
        "認知症になっても、散歩や買い物をあきらめずに暮らせる東大和市。道に迷っても、近くの誰かが気づいて声をかけられるまち。",
      currentSituation:
        "人口83,150人、高齢化率27.4%、認定率19.8%。認知症高齢者の日常生活自立度Ⅱ以上の方は約2,600人と推計され、行方不明の届出は年々増えています。",
      problem:
        "行方不明になった方の早期発見は家族と警察に頼っており、商店や住民が気づいても、どこに知らせればよいか分かりません。家族は外出を止めがちになり、本人の閉じこもりにつながっています。",
      problemEvidence:
        "令和6年度の地域ケア会議で扱った認知症の事例18件のうち11件で、家族が本人の外出を制限していました。徘徊高齢者SOSネットワークの事前登録者は42人にとどまっています。",
      targetPeople: "認知症の診断を受けた方・その疑いのある方と、その家族",
      targetStates: ["frail", "care_needed"],
      themes: ["dementia", "watching", "digital"],
      layer: "layer1",
      triedSoFar: "認知症サポーター養成講座（受講者は累計1万人超）と、SOSネットワークへの事前登録を進めてきました。",
      partnerWanted: "見守り機器やアプリを持ち、商店・住民と一緒に運用を設計できる企業",
      solutionWanted: "本人の尊厳を守りながら、外出中の異変に地域が気づき、家族へ速やかにつなぐ仕組み",
      resourcesOffered: "認知症サポーターへの周知、商工会との調整、地域包括支援センター（4か所）との連携",
      budgetCeilingYen: 3_000_000,
      indicators: ["isolated_outreach", "home_continuation", "sc_activity"],
      contactName: "東大和市 介護保険課 加藤",
      contactEmail: "kaigo-hoken@city.higashiyamato.example.jp",
      contactPhone: "042-000-0001",
    },
    accepted: {
      author: "mimamori-tech-admin",
      title: "小型の見守りタグと協力店のスマートフォンで気づく、認知症の方の外出見守りネットワーク",
      understanding:
        "家族が外出を止めてしまう背景には、道に迷ったときに誰も気づけないという不安があると理解しています。地域の目を増やすことが、本人の外出を続けることにつながると考えます。",
      approach:
        "本人の靴や鞄に付ける小型の見守りタグと、協力店・協力者のスマートフォンのアプリで、近くを通ったことを家族に知らせます。位置の記録は家族だけが見られるようにします。",
      residentParticipation:
        "認知症サポーターと商店が協力者として登録し、声かけの練習会に参加します。本人と家族の会が、使い方と声かけの方法を一緒に決めます。",
      implementationPlan:
        "最初の3か月で協力店と協力者を募り、残りの9か月で利用者60人を目標に運用します。四半期ごとに家族と協力者の意見を聞いて改善します。",
      schedule:
        "開始前 協力店の募集と説明会／1〜3か月目 タグの配布と声かけ練習会／4〜12か月目 運用と四半期ごとの振り返り",
      team: "公共事業部 2名、カスタマーサポート 1名、地域コーディネーター 1名",
      kpis: [
        { indicatorCode: null, name: "見守り協力店・協力者の登録数", target: "300", unit: "件" },
        { indicatorCode: null, name: "見守りタグの利用者数", target: "60", unit: "人" },
      ],
      costItems: [
        { label: "見守りタグ・通信費", amountYen: 1_200_000 },
        { label: "アプリの運用費", amountYen: 800_000 },
        { label: "説明会・声かけ練習会", amountYen: 400_000 },
        { label: "事務局の人件費", amountYen: 600_000 },
      ],
      requestedFundingYen: 2_800_000,
      companyContribution: "アプリの開発費と、協力者向けの研修教材は当社が負担します。",
      references: "首都圏の2市での見守りタグの導入支援",
      review: { comment: "本人と家族の会が使い方を決める点が、市の目指す見守りに合っています。", scores: REVIEW.good },
      reason:
        "本人と家族の会が使い方を決める点と、商店・認知症サポーターが見守りに加わる仕組みが、市の目指す地域の見守りに合っていると評価しました。",
    },
    declined: {
      author: "healthcare-lab-admin",
      title: "GPS端末の貸与と家族向けアプリによる見守り",
      understanding: "家族が本人の居場所を確かめられないことが、外出の制限につながっていると理解しています。",
      approach: "GPS端末を貸与し、家族のスマートフォンで居場所を確かめられるようにします。",
      residentParticipation: "地域包括支援センターが利用希望者を紹介します。",
      implementationPlan: "3か月で端末を配布し、9か月間運用します。",
      schedule: "1〜3か月目 配布／4〜12か月目 運用",
      team: "事業開発部 2名",
      kpis: [{ indicatorCode: null, name: "GPS端末の利用者数", target: "50", unit: "人" }],
      costItems: [
        { label: "GPS端末・通信費", amountYen: 1_800_000 },
        { label: "サポート窓口", amountYen: 700_000 },
      ],
      requestedFundingYen: 2_500_000,
      companyContribution: "家族向けアプリの利用料は当社が負担します。",
      references: "道内の町での端末貸与の実績",
      review: { comment: "家族の安心にはつながりますが、地域の関わりが見えにくい提案です。", scores: REVIEW.fair },
      reason: "家族の安心につながる提案でしたが、今回は地域の住民や商店が見守りに加わる仕組みを重視して選定しました。",
    },
    agreement: {
      area: "東大和市全域（第1層）",
      // Still being discussed with the families' association: the draft cannot be signed yet.
      personalDataItems: "",
      kpis: [
        { baseline: "0", direction: "increase" },
        { baseline: "", direction: "increase" },
      ],
      fundingAmountYen: 2_800_000,
      milestones: [
        { title: "第1回 運用開始時", dueMonth: 3, amountYen: 1_400_000 },
        { title: "第2回 実証終了時", dueMonth: 12, amountYen: 1_400_000 },
      ],
    },
  },
  {
    step: "awaitingCompany",
    municipality: "bibai-admin",
    pitch: {
      title: "雪の季節も買い物をあきらめない、東明・我路地区の暮らし",
      summary:
        "冬期間に外出が難しくなる東明・我路地区で、食料品の買い物と、店先での顔なじみの見守りを続けられる仕組みを提案してくれる企業を募集します。",
      vision: "雪の季節でも、自分で選んだ食材で食事をつくり、顔なじみと言葉を交わせる暮らしが続く地区。",
      currentSituation:
        "人口19,870人、高齢化率42.6%、認定率21.4%。東明・我路地区では最寄りの食料品店が閉店し、冬期間は路線バスの減便で市街地への買い物が難しくなっています。",
      problem:
        "冬になると買い物を家族や近所に頼る高齢者が増え、自分で選ぶ楽しみや外出の機会が失われています。近所の助け合いも、担い手の高齢化で続けにくくなっています。",
      problemEvidence:
        "生活支援コーディネーターによる地区の高齢者120人への聞き取りで、冬期間に週1回以上買い物に出られる人は38%にとどまりました。",
      targetPeople: "東明・我路地区に住む65歳以上の方（特に一人暮らし・高齢者のみの世帯）",
      targetStates: ["healthy", "prefrail", "frail"],
      themes: ["shopping", "watching"],
      layer: "layer2",
      areaName: "東明・我路地区",
      triedSoFar: "社会福祉協議会の買い物ボランティアを試行しましたが、冬期間の担い手を確保できませんでした。",
      partnerWanted: "移動販売や宅配の仕組みを持つ小売事業者",
      solutionWanted: "冬期間も定期的に地区を回り、買い物と見守りを兼ねられる仕組み",
      resourcesOffered: "町内会館の駐車場の利用、民生委員・生活支援コーディネーターとの連携、市広報での周知",
      budgetCeilingYen: 3_500_000,
      indicators: ["service_variety", "reach_rate", "isolated_outreach"],
      contactName: "美唄市 地域包括ケア推進課 佐藤",
      contactEmail: "houkatsu@city.bibai.example.jp",
      contactPhone: "0126-00-0002",
    },
    accepted: {
      author: "machinaka-super-admin",
      title: "移動販売車の冬期巡回と、販売員の声かけによるゆるやかな見守り",
      understanding:
        "冬期間の買い物の難しさが、食生活の偏りと外出の減少の両方につながっていると理解しています。買い物の場そのものを、顔を合わせる機会にしたいと考えます。",
      approach:
        "除雪の状況に合わせて巡回する移動販売車を週2回、町内会館の駐車場に停めます。販売員が常連の方の様子に気を配り、気になることがあれば生活支援コーディネーターに伝えます。",
      residentParticipation: "町内会が停車場所と時間を決め、民生委員が販売日に声をかけ合って来られない方を把握します。",
      implementationPlan: "準備1か月ののち、冬期間を含む11か月間巡回し、四半期ごとに町内会と振り返ります。",
      schedule: "1か月目 停車場所の決定と周知／2〜12か月目 週2回の巡回／四半期ごとに町内会と振り返り",
      team: "地域貢献推進部 2名、販売スタッフ 3名",
      kpis: [
        { indicatorCode: null, name: "移動販売の利用者数（月あたり）", target: "90", unit: "人" },
        { indicatorCode: null, name: "見守りで関係機関につないだ件数", target: "12", unit: "件" },
      ],
      costItems: [
        { label: "車両・燃料費", amountYen: 1_400_000 },
        { label: "販売スタッフの人件費", amountYen: 1_300_000 },
        { label: "停車場所の除雪・整備", amountYen: 300_000 },
        { label: "周知・チラシ", amountYen: 200_000 },
      ],
      requestedFundingYen: 3_000_000,
      companyContribution: "商品の仕入れと販売車両1台は当社が負担します。",
      references: "空知管内の2町での移動販売の実績",
      review: { comment: "冬期間の運行計画が具体的で、見守りへのつなぎ方も明確です。", scores: REVIEW.good },
      reason:
        "冬期間の巡回計画が具体的で、販売員の声かけから生活支援コーディネーターへつなぐ流れが地区の見守りを補うと評価しました。",
    },
    declined: {
      author: "mirai-mobility-admin",
      title: "冬期間の買い物送迎（予約制の乗合ワゴン）",
      understanding: "冬期間に市街地の店舗まで行けないことが課題と理解しています。",
      approach: "週2回、地区と市街地のスーパーを結ぶ予約制の乗合ワゴンを運行します。",
      residentParticipation: "町内会が予約の取りまとめを手伝います。",
      implementationPlan: "準備1か月、運行11か月。",
      schedule: "1か月目 準備／2〜12か月目 運行",
      team: "自治体連携室 1名、運転手 2名",
      kpis: [{ indicatorCode: null, name: "送迎の延べ利用回数", target: "900", unit: "回" }],
      costItems: [
        { label: "運行人件費", amountYen: 2_200_000 },
        { label: "車両・燃料費", amountYen: 1_000_000 },
      ],
      requestedFundingYen: 3_200_000,
      companyContribution: "予約システムの利用料は当社が負担します。",
      references: "近隣市での乗合送迎の実証",
      review: { comment: "外出の機会にはなりますが、冬道での運行と見守りの面に課題があります。", scores: REVIEW.fair },
      reason:
        "外出の機会をつくる提案でしたが、今回は地区の中で買い物と見守りを続けられる仕組みを重視して選定しました。",
    },
    agreement: {
      area: "美唄市 東明・我路地区（第2層）",
      personalDataItems: "利用者の氏名、住所、連絡先、見守りで気づいた様子の記録",
      kpis: [
        { baseline: "0", direction: "increase" },
        { baseline: "0", direction: "increase" },
      ],
      fundingAmountYen: 3_000_000,
      milestones: [
        { title: "第1回 巡回開始時", dueMonth: 2, amountYen: 1_000_000 },
        { title: "第2回 中間報告時", dueMonth: 6, amountYen: 1_000_000 },
        { title: "第3回 実証終了時", dueMonth: 12, amountYen: 1_000_000 },
      ],
    },
  },
  {
    step: "funded",
    municipality: "esashi-admin",
    pitch: {
      title: "通院と買い物に使える、予約制の乗合送迎を町内全域へ",
      summary:
        "路線バスのない地区から町立病院やスーパーへ予約して乗れる乗合送迎を試し、高齢者が自分で出かけられる足を町内全域に広げてくれる企業を募集します。",
      vision: "車を手放しても、通院や買い物、友人との集まりに自分で出かけられる江差町。",
      currentSituation:
        "人口7,010人、高齢化率40.8%、認定率20.1%。路線バスは国道沿いに限られ、山あいの地区からは家族の送迎かタクシーに頼っています。",
      problem: "運転免許を返納した高齢者が、通院と買い物のたびに家族に頼らざるを得ず、外出を控えるようになっています。",
      problemEvidence:
        "令和6年度の介護予防・日常生活圏域ニーズ調査で、外出を控えている理由に「移動手段がない」を挙げた人が31%でした。運転免許の自主返納は年40件前後あります。",
      targetPeople: "運転免許を持たない・返納した65歳以上の町民と、その家族",
      targetStates: ["healthy", "prefrail", "frail"],
      themes: ["mobility", "shopping"],
      layer: "layer1",
      triedSoFar: "「バス簡単乗り方ガイド」を作り、路線バスの乗り方教室を開いてきました。",
      partnerWanted: "予約型の乗合交通を運行・管理できる交通事業者",
      solutionWanted: "電話でも予約でき、病院・商店・通いの場を結ぶ乗合送迎",
      resourcesOffered: "町有車両1台の貸与、町立病院・商店との調整、広報えさしでの周知",
      budgetCeilingYen: 3_000_000,
      indicators: ["service_variety", "social_participation_rate", "home_continuation"],
      contactName: "江差町 健康福祉課 伊藤",
      contactEmail: "kenko-fukushi@town.esashi.example.jp",
      contactPhone: "0139-00-0003",
    },
    accepted: {
      author: "mirai-mobility-admin",
      title: "通院・買い物の時間に合わせた予約型の乗合送迎（電話・アプリ予約）",
      understanding:
        "移動手段がないために外出を控えることが、通院の中断やフレイルにつながっていると理解しています。家族に頼らず自分で予約できることが大切だと考えます。",
      approach:
        "電話とアプリで前日までに予約でき、町立病院・スーパー・通いの場を結ぶ乗合送迎を平日に運行します。町有車両と当社の車両の2台で、予約に合わせて経路を組みます。",
      residentParticipation:
        "自治会が乗降場所を決め、乗り方教室の参加者が近所の方の予約を手伝います。利用者の会で運行時間を見直します。",
      implementationPlan: "開始前に乗降場所と運行時間を決め、1年間運行します。半年ごとに利用状況を町と確認します。",
      schedule: "開始前 乗降場所の決定と乗り方教室／1〜12か月目 運行／6か月目 中間の見直し",
      team: "自治体連携室 2名、運行管理 1名、運転手 2名（町内在住）",
      kpis: [
        { indicatorCode: null, name: "乗合送迎の延べ利用回数", target: "2400", unit: "回" },
        { indicatorCode: null, name: "外出が週2回以上の利用者の割合", target: "70", unit: "%" },
      ],
      costItems: [
        { label: "運行人件費", amountYen: 1_500_000 },
        { label: "予約システム", amountYen: 600_000 },
        { label: "燃料・保険", amountYen: 500_000 },
        { label: "乗り方教室・周知", amountYen: 400_000 },
      ],
      requestedFundingYen: 3_000_000,
      companyContribution: "当社の車両1台と予約システムの初期設定は当社が負担します。",
      references: "近隣市での乗合送迎の実証",
      review: { comment: "電話予約と乗り方教室の組み合わせが、町の高齢者に合っています。", scores: REVIEW.good },
      reason:
        "電話でも予約できる運行計画と、乗り方教室の参加者が近所の予約を手伝う仕組みが、町の実情に合っていると評価しました。",
    },
    declined: {
      author: "machinaka-super-admin",
      title: "移動販売と店舗への送迎の組み合わせ",
      understanding: "買い物の困難が外出の減少につながっていると理解しています。",
      approach: "週2回の移動販売と、月1回の店舗への無料送迎を組み合わせます。",
      residentParticipation: "販売場所を自治会館とし、集いの場にします。",
      implementationPlan: "6か月の試行を行います。",
      schedule: "1か月目 準備／2〜7か月目 試行",
      team: "地域貢献推進部 2名、販売スタッフ 2名",
      kpis: [{ indicatorCode: null, name: "移動販売の利用者数（月あたり）", target: "60", unit: "人" }],
      costItems: [
        { label: "車両・燃料費", amountYen: 1_500_000 },
        { label: "販売スタッフの人件費", amountYen: 1_100_000 },
      ],
      requestedFundingYen: 2_600_000,
      companyContribution: "商品の仕入れと販売車両は当社が負担します。",
      references: "空知管内の2町での移動販売の実績",
      review: { comment: "買い物の支援には有効ですが、通院の足にはなりません。", scores: REVIEW.fair },
      reason: "買い物支援として有効な提案でしたが、今回は通院にも使える移動手段を重視して選定しました。",
    },
    agreement: {
      area: "江差町全域（第1層）",
      personalDataItems: "利用者の氏名、住所、電話番号、乗降場所、利用日時",
      kpis: [
        { baseline: "0", direction: "increase" },
        { baseline: "45", direction: "increase" },
      ],
      fundingAmountYen: 3_000_000,
      milestones: [
        { title: "第1回 運行開始時", dueMonth: 1, amountYen: 1_200_000 },
        { title: "第2回 中間報告時", dueMonth: 6, amountYen: 900_000 },
        { title: "第3回 実証終了時", dueMonth: 12, amountYen: 900_000 },
      ],
    },
    funding: {
      budgetNote: "住民参画・官民連携推進事業（試行的実施に係る支援）",
      otherYearNote: "住民参画・官民連携推進事業（タウンミーティング・ワークショップの開催）",
      amountYen: 6_000_000,
      allocationNote: "乗合送迎の実証（協定書第7条の支払総額）",
      paid: 1,
      reference: "江差-振込",
    },
  },
  {
    step: "reporting",
    municipality: "kasumigaura-admin",
    pitch: {
      title: "通いの場から始めるオーラルフレイル予防",
      summary:
        "かむ・飲み込む力の衰え（オーラルフレイル）に早く気づけるよう、通いの場でのセルフチェックと歯科受診へのつなぎを一緒に試してくれる企業を募集します。",
      vision: "いくつになってもおいしく食べて、よく話し、よく笑える。口の健康から元気が続くかすみがうら市。",
      currentSituation:
        "人口40,120人、高齢化率33.9%、認定率15.2%。市内の通いの場は約60か所あり、後期高齢者歯科健診の受診率は1割台にとどまっています。",
      problem:
        "口の衰えは本人が気づきにくく、歯科の受診は痛みが出てからになりがちです。通いの場の世話役も、口のことはどう声をかけてよいか分からないと話しています。",
      problemEvidence:
        "通いの場の参加者を対象にした令和6年度のアンケート（回答312人）で「固いものが食べにくくなった」と答えた人が34%いた一方、この1年に歯科健診を受けた人は22%でした。",
      targetPeople: "通いの場に参加する65歳以上の市民と、その世話役",
      targetStates: ["healthy", "prefrail"],
      themes: ["oral_care", "frailty_prevention", "gathering_place"],
      layer: "layer1",
      triedSoFar: "歯科衛生士による出前講座を年に数回開いてきましたが、継続的な確認にはつながっていません。",
      partnerWanted: "口腔機能のセルフチェックや、歯科との連携の仕組みを持つ企業",
      solutionWanted: "世話役でも使えるチェックの仕組みと、結果に応じて歯科受診や口の体操につなぐ流れ",
      resourcesOffered: "通いの場（約60か所）での実施、歯科医師会との調整、市の歯科衛生士の同行",
      budgetCeilingYen: 4_000_000,
      indicators: ["reach_rate", "continued_participation", "before_after_change"],
      contactName: "かすみがうら市 健康づくり増進課 小林",
      contactEmail: "kenko-zukuri@city.kasumigaura.example.jp",
      contactPhone: "029-000-0004",
    },
    accepted: {
      author: "healthcare-lab-admin",
      title: "タブレットで続けるオーラルフレイルチェックと、かかりつけ歯科へのつなぎ",
      understanding:
        "口の衰えは自覚しにくく、気づいたときには食べられるものが減っていることが多いと理解しています。通いの場で定期的に確かめる習慣をつくることが近道だと考えます。",
      approach:
        "世話役がタブレットで使える口腔機能のセルフチェック（かむ力・舌の動き・飲み込み）を通いの場で行い、結果に応じて口の体操の紹介や、かかりつけ歯科の受診を勧めます。",
      residentParticipation:
        "通いの場の世話役がチェックの進め方を学び、参加者どうしで口の体操を続けます。歯科医師会が受診の受け皿となります。",
      implementationPlan:
        "最初の3か月で12か所の通いの場で始め、半年で24か所に広げます。四半期ごとに結果を集計し、市と振り返ります。",
      schedule: "1〜3か月目 12か所で開始と世話役研修／4〜6か月目 24か所に拡大／7〜12か月目 継続と効果の確認",
      team: "事業開発部 2名、歯科衛生士 3名（業務委託）",
      kpis: [
        { indicatorCode: null, name: "オーラルフレイルチェックの受検者数（累計）", target: "300", unit: "人" },
        { indicatorCode: "continued_participation", name: "通いの場の継続参加率", target: "80", unit: "%" },
        { indicatorCode: null, name: "歯科受診につながった人数（累計）", target: "60", unit: "人" },
      ],
      costItems: [
        { label: "タブレット・アプリの利用料", amountYen: 1_200_000 },
        { label: "歯科衛生士の派遣", amountYen: 1_400_000 },
        { label: "世話役研修", amountYen: 400_000 },
        { label: "集計・報告", amountYen: 400_000 },
      ],
      requestedFundingYen: 3_200_000,
      companyContribution: "チェック用アプリの開発費と、世話役向けの教材は当社が負担します。",
      references: "道内3町の通いの場での口腔機能チェックの導入",
      review: { comment: "世話役が続けられる仕組みと、歯科医師会へのつなぎが具体的です。", scores: REVIEW.good },
      reason:
        "通いの場の世話役が続けられるチェックの仕組みと、歯科医師会と連携した受診へのつなぎが具体的で、実現可能性が高いと評価しました。",
    },
    declined: {
      author: "mimamori-tech-admin",
      title: "見守りタブレットを使った、歯科衛生士へのオンライン口腔相談",
      understanding: "口の悩みを気軽に相談できる場がないことが課題と理解しています。",
      approach: "自宅の見守りタブレットから、歯科衛生士にオンラインで相談できるようにします。",
      residentParticipation: "民生委員が利用を希望する方を紹介します。",
      implementationPlan: "3か月で端末を配布し、9か月間運用します。",
      schedule: "1〜3か月目 配布／4〜12か月目 運用",
      team: "公共事業部 2名",
      kpis: [{ indicatorCode: null, name: "オンライン相談の件数", target: "200", unit: "件" }],
      costItems: [
        { label: "タブレット・通信費", amountYen: 1_600_000 },
        { label: "歯科衛生士の相談対応", amountYen: 1_200_000 },
      ],
      requestedFundingYen: 2_800_000,
      companyContribution: "相談アプリの利用料は当社が負担します。",
      references: "首都圏の市でのオンライン健康相談",
      review: { comment: "自宅で相談できる点はよいのですが、通いの場との関わりが薄い提案です。", scores: REVIEW.fair },
      reason: "相談しやすさを高める提案でしたが、今回は通いの場で住民どうしが続けられる仕組みを重視して選定しました。",
    },
    agreement: {
      area: "かすみがうら市全域（市内の通いの場）",
      personalDataItems: "参加者の年代・性別とチェックの結果（氏名は通いの場ごとの番号で管理し、企業は保持しない）",
      kpis: [
        { baseline: "0", direction: "increase" },
        { baseline: "65", direction: "increase" },
        { baseline: "0", direction: "increase" },
      ],
      fundingAmountYen: 3_200_000,
      // Paid after each half year, on the expenditure report of that half.
      milestones: [
        { title: "第1回 上半期終了時", dueMonth: 6, amountYen: 1_600_000 },
        { title: "第2回 実証終了時", dueMonth: 12, amountYen: 1_600_000 },
      ],
    },
    funding: {
      budgetNote: "住民参画・官民連携推進事業（試行的実施に係る支援）",
      otherYearNote: "住民参画・官民連携推進事業（歯科医師会との協議・出前講座）",
      amountYen: 4_000_000,
      allocationNote: "オーラルフレイル予防の実証（協定書第7条の支払総額）",
      paid: 1,
      reference: "かすみがうら-振込",
      expenditure: {
        milestone: 1,
        narrative:
          "上半期の実施経費を報告します。通いの場24か所でのチェックに使ったタブレットとアプリの利用料、歯科衛生士の派遣（延べ36回）、世話役研修（2回）と、結果の集計・報告の経費です。",
        items: [
          { description: "タブレット・アプリの利用料（上半期分）", amountYen: 600_000 },
          { description: "歯科衛生士の派遣（延べ36回）", amountYen: 700_000 },
          { description: "世話役研修（2回・会場費と教材）", amountYen: 180_000 },
          { description: "結果の集計と報告（第1・第2四半期）", amountYen: 120_000 },
        ],
      },
    },
    reports: [
      {
        values: ["85", "68", "9"],
        participants: [210, 85, 96],
        narrative:
          "市内12か所の通いの場でチェックを始め、85人が受検しました。口の機能の低下が疑われた23人に歯科の受診を勧め、9人が受診しました。世話役向けの研修を2回開きました。",
        review: { decision: "approve", comment: "世話役研修の様子も分かり、次の四半期の進め方が見える報告でした。" },
      },
      {
        values: ["170", "72", "21"],
        participants: [380, 85, 171],
        narrative:
          "実施する通いの場を24か所に広げ、受検者は累計170人になりました。受診を勧めた人のうち、累計21人が歯科を受診しました。",
        review: {
          decision: "return",
          comment:
            "歯科受診の人数について、歯科医院からの連絡によるものと本人の申告によるものを分けて記載し、再提出してください。",
        },
      },
    ],
  },
  {
    step: "closed",
    municipality: "samani-admin",
    pitch: {
      title: "通いの場の体力測定をデジタルで記録し、フレイルの兆しに早く気づきたい",
      summary:
        "紙で記録している通いの場の体力測定をデジタル化し、結果を本人と専門職が一緒に見て、フレイルの兆しに早く気づける仕組みを試してくれる企業を募集します。",
      vision: "測定の結果を励みに、町民が自分の体の変化に気づき、通いの場に通い続けられる様似町。",
      currentSituation:
        "人口3,777人、高齢化率43.7%、認定率19.6%。町内14か所の通いの場で年2回の体力測定を行っていますが、記録は紙で、経年の変化を本人に返せていません。",
      problem:
        "専門職が少なく、測定の結果を一人ひとりに説明する時間がとれません。測定が年中行事になり、結果が日頃の運動や相談につながっていません。",
      problemEvidence:
        "過去3年の測定記録（紙）を確かめたところ、握力や歩行速度が大きく下がった人の多くが、翌年には通いの場に来なくなっていました。",
      targetPeople: "通いの場に参加する65歳以上の町民",
      targetStates: ["healthy", "prefrail"],
      themes: ["frailty_prevention", "digital", "gathering_place"],
      layer: "layer1",
      triedSoFar: "保健師と作業療法士が測定会を回り、結果を紙で返してきました。",
      partnerWanted: "体力測定の記録・分析ツールと、運動指導のノウハウを持つ企業",
      solutionWanted: "少ない専門職でも測定を続けられ、結果が本人の励みと早めの相談につながる仕組み",
      resourcesOffered: "町の作業療法士・保健師の同行、通いの場の世話役との調整、過去の測定記録（個人を特定しない形）",
      budgetCeilingYen: 2_500_000,
      indicators: ["fitness_checks", "continued_participation", "before_after_change"],
      contactName: "様似町 保健福祉課 田中",
      contactEmail: "hoken-fukushi@town.samani.example.jp",
      contactPhone: "0146-00-0005",
    },
    accepted: {
      author: "healthcare-lab-admin",
      title: "タブレットで記録する体力測定会と、結果に合わせた運動メニューの提案",
      understanding:
        "測定の結果が本人に返らないため、体の変化に気づく機会が失われていると理解しています。結果をその場で分かりやすく返すことが、通い続ける励みになると考えます。",
      approach:
        "握力・歩行速度・片脚立ちなどをタブレットに記録し、前回との比較をその場でグラフにして本人に渡します。結果に合わせた運動メニューを紹介し、大きく下がった人は保健師につなぎます。",
      residentParticipation:
        "通いの場の世話役が記録の方法を学び、専門職がいない回も測定を続けます。参加者どうしで運動メニューに取り組みます。",
      implementationPlan: "1年間、14か所の通いの場で四半期に2回ずつ測定会を開き、四半期ごとに町と結果を振り返ります。",
      schedule: "1か月目 世話役研修／2〜12か月目 測定会（四半期に2回）／四半期ごとに振り返り",
      team: "事業開発部 2名、運動指導員 2名",
      kpis: [
        { indicatorCode: "fitness_checks", name: "体力測定会の開催回数（累計）", target: "28", unit: "回" },
        { indicatorCode: "continued_participation", name: "通いの場の継続参加率", target: "80", unit: "%" },
        { indicatorCode: null, name: "握力・歩行速度を維持・改善した人の割合", target: "70", unit: "%" },
      ],
      costItems: [
        { label: "タブレット・記録アプリ", amountYen: 700_000 },
        { label: "運動指導員の派遣", amountYen: 1_100_000 },
        { label: "結果説明会", amountYen: 300_000 },
        { label: "集計・報告", amountYen: 300_000 },
      ],
      requestedFundingYen: 2_400_000,
      companyContribution: "記録アプリの開発費と運動メニューの教材は当社が負担します。",
      references: "道内2町での体力測定のデジタル化",
      review: { comment: "世話役が測定を続けられる工夫があり、専門職の少ない町に合っています。", scores: REVIEW.good },
      reason:
        "専門職がいない回も世話役が測定を続けられる仕組みと、結果をその場で本人に返す工夫が、町の課題に合っていると評価しました。",
    },
    declined: {
      author: "mimamori-tech-admin",
      title: "自宅のセンサーで活動量を見守るフレイル予防",
      understanding: "自宅での活動量の低下に早く気づくことが課題と理解しています。",
      approach: "自宅に人感センサーを置き、活動量が下がったときに家族と町に知らせます。",
      residentParticipation: "民生委員が設置を希望する方を紹介します。",
      implementationPlan: "3か月で設置し、9か月間運用します。",
      schedule: "1〜3か月目 設置／4〜12か月目 運用",
      team: "公共事業部 2名",
      kpis: [{ indicatorCode: null, name: "センサーの設置世帯数", target: "40", unit: "世帯" }],
      costItems: [
        { label: "センサー・通信費", amountYen: 1_700_000 },
        { label: "見守りセンターの運営", amountYen: 800_000 },
      ],
      requestedFundingYen: 2_500_000,
      companyContribution: "見守りセンターの運営費の一部は当社が負担します。",
      references: "首都圏の市での見守りセンサーの導入",
      review: { comment: "早期発見には役立ちますが、通いの場の測定とはつながりません。", scores: REVIEW.fair },
      reason: "自宅での変化に気づける提案でしたが、今回は通いの場の体力測定を生かす仕組みを重視して選定しました。",
    },
    agreement: {
      area: "様似町全域（町内14か所の通いの場）",
      personalDataItems: "参加者の氏名、年齢、性別、体力測定の結果",
      kpis: [
        { baseline: "0", direction: "increase" },
        { baseline: "68", direction: "increase" },
        { baseline: "55", direction: "increase" },
      ],
      // Paid under the town's own commission contract, outside the platform (第7条 has no payment plan).
      scopeNote:
        "本実証の費用は、町と企業が別に締結する業務委託契約により支払うものとし、本協定書には支払予定を定めない。",
      fundingAmountYen: null,
      milestones: [],
    },
    reports: [
      {
        values: ["7", "70", null],
        participants: [96, 96, 41],
        narrative:
          "世話役研修を開いたのち、7か所の通いの場で測定会を7回開き、96人が参加しました。前回との比較をグラフで返し、大きく下がった5人を保健師につなぎました。",
        review: { decision: "approve", comment: "保健師へのつなぎまで記録されており、分かりやすい報告でした。" },
      },
      {
        values: ["14", "74", null],
        participants: [118, 22, 50],
        narrative: "14か所すべての通いの場で測定会を開きました。世話役だけで記録できた回が3回ありました。",
        review: { decision: "approve", comment: "世話役だけで測定できた回があったことを評価します。" },
      },
      {
        values: ["21", "77", null],
        participants: [104, 9, 47],
        narrative: "冬期間に入り、山側の地区では参加者が減りました。集会所での出張測定を2回試しました。",
        review: { decision: "approve", comment: "冬期間の工夫を次年度の計画に生かしてください。" },
      },
      {
        values: ["29", "81", "72"],
        participants: [131, 15, 58],
        narrative:
          "測定会は累計29回になりました。1年間の結果をまとめ、握力・歩行速度を維持・改善した人は72%でした。継続参加率は81%に上がりました。",
        review: { decision: "approve", comment: "1年間の成果がよくまとまっています。" },
      },
    ],
    closeout: {
      result: "full_implementation",
      finalReport:
        "町内14か所の通いの場で体力測定会を29回開き、延べ449人が参加しました。継続参加率は68%から81%に上がり、握力・歩行速度を維持・改善した人は72%でした。測定の結果をその場で返せるようになり、保健師への相談も増えました。",
      whatWorked:
        "結果をグラフで本人に返したことで、次の測定を目標にする人が増えました。世話役がタブレットでの記録を覚え、専門職がいない回も測定を続けられました。",
      whatDidNotWork:
        "冬期間は会場までの移動が難しく、山側の地区では参加者が減りました。タブレットの操作に不安のある世話役もいました。",
      nextStep: "次年度から一般介護予防事業として町の事業に位置づけ、冬期間は地区の集会所での出張測定を加えます。",
      budgetedNote: "次年度の一般介護予防事業に、体力測定会とタブレットの経費を計上しました。",
      adoptions: [
        {
          prefecture: "北海道",
          name: "浦河町",
          note: "日高管内の介護予防担当者会議で紹介し、次年度から同じ方法で測定会を始めることになりました。",
        },
        {
          prefecture: "北海道",
          name: "えりも町",
          note: "世話役研修の教材を共有し、2か所の通いの場で試行を始めました。",
        },
      ],
      caseStudy: {
        title: "紙の体力測定をタブレットに：結果を返すことで通い続ける人が増えた様似町",
        problem:
          "高齢化率43.7%の様似町では、通いの場の体力測定を紙で記録しており、結果を本人に返せていませんでした。専門職が少なく、体力が大きく落ちた人に気づくのが遅れていました。",
        solution:
          "ほっかいどうヘルスケアラボが、タブレットで記録し前回との比較をその場でグラフにする仕組みを提供しました。通いの場の世話役が記録の方法を学び、専門職のいない回も測定を続けました。",
        results:
          "1年間で測定会を29回開き、延べ449人が参加しました。継続参加率は68%から81%に上がり、握力・歩行速度を維持・改善した人は72%でした。町は次年度から一般介護予防事業として本格実施し、近隣の町にも広がっています。",
      },
    },
  },
];
