// Catalogs of the pitch form (browser-safe). Codes are stored; labels are shown.

/** Themes seen in the source documents (DOMAIN.md). */
export const THEMES = [
  { code: "mobility", label: "移動・外出支援" },
  { code: "shopping", label: "買い物支援" },
  { code: "watching", label: "見守り・安否確認" },
  { code: "gathering_place", label: "通いの場・居場所" },
  { code: "frailty_prevention", label: "介護予防・フレイル予防" },
  { code: "dementia", label: "認知症" },
  { code: "oral_care", label: "口腔ケア" },
  { code: "social_participation", label: "就労・社会参加・役割づくり" },
  { code: "housework", label: "家事・生活支援" },
  { code: "meal_delivery", label: "配食" },
  { code: "digital", label: "情報発信・デジタル活用" },
  { code: "supporters", label: "担い手の養成" },
  { code: "intergenerational", label: "多世代交流" },
] as const;

export const TARGET_STATES = [
  { code: "healthy", label: "健康" },
  { code: "prefrail", label: "プレフレイル" },
  { code: "frail", label: "フレイル（要支援）" },
  { code: "care_needed", label: "要介護" },
] as const;

export const LAYERS = [
  { code: "layer1", label: "第1層（市町村全域）" },
  { code: "layer2", label: "第2層（日常生活圏域）" },
] as const;

export type IndicatorApproach = "choices" | "population" | "high_risk" | "final";
export type IndicatorStage = "process" | "output" | "outcome" | "final_outcome";

/**
 * Evaluation indicators from the evaluation frame of seed 002 (総合事業の充実に向けた評価指標の例): three approaches
 * (選択肢の拡大, ポピュレーション・アプローチ, ハイリスク・アプローチ) crossed with process → output → outcome → final outcome;
 * the final outcomes (調整済み軽度認定率 …) are common to the three. Each indicator has a definition (what is counted,
 * in the words of the frame) and the unit it is usually measured in. Codes are stored (pitches, proposals, KPIs): never
 * rename one; add new ones at the end of their group.
 */
export const INDICATORS = [
  {
    code: "sc_activity",
    approach: "choices",
    stage: "process",
    label: "生活支援コーディネーターや協議体等による取組実績",
    definition:
      "生活支援コーディネーター（SC）や協議体が行った取組の件数。地域資源の把握、本人と地域の活動・資源とのマッチング、民間企業等の多様な主体との連携や協議の場の開催などを数える。",
    unit: "件",
  },
  {
    code: "service_variety",
    approach: "choices",
    stage: "output",
    label: "多様なサービス・活動の種類・数",
    definition:
      "高齢者が選べる多様なサービス・活動（住民主体の活動、民間企業等によるサービス、サービス・活動A・B等）の種類と数。",
    unit: "種類",
  },
  {
    code: "conventional_plan_share",
    approach: "choices",
    stage: "outcome",
    label: "従前相当サービスが位置づけられたプランの割合",
    definition:
      "介護予防ケアマネジメントのプランのうち、従前相当サービス（専門職による専門的な支援）が位置づけられたプランの割合。多様なサービス・活動の選択肢が広がるほど下がることが期待される。",
    unit: "%",
  },
  {
    code: "outreach_lectures",
    approach: "population",
    stage: "process",
    label: "出前講座・説明会等の開催数",
    definition: "介護予防や地域の活動について、地域に出向いて行う出前講座・説明会等を開催した回数。",
    unit: "回",
  },
  {
    code: "gathering_places",
    approach: "population",
    stage: "output",
    label: "通いの場の箇所数",
    definition: "住民主体の通いの場（体操、サロン、趣味活動など、高齢者が定期的に集まる場）の箇所数。",
    unit: "か所",
  },
  {
    code: "fitness_checks",
    approach: "population",
    stage: "output",
    label: "体力測定会の開催数",
    definition: "高齢者が自分の心身の状態を知るための体力測定会を開催した回数。",
    unit: "回",
  },
  {
    code: "publicity",
    approach: "population",
    stage: "process",
    label: "広報活動の回数",
    definition: "介護予防や地域の活動・サービスを住民に知らせる広報（広報紙、チラシ、説明会、SNS等）を行った回数。",
    unit: "回",
  },
  {
    code: "continued_participation",
    approach: "population",
    stage: "outcome",
    label: "多様なサービス・活動に対する継続参加率",
    definition: "多様なサービス・活動の参加者のうち、一定期間後も参加を続けている人の割合。",
    unit: "%",
  },
  {
    code: "social_participation_rate",
    approach: "population",
    stage: "outcome",
    label: "社会参加率",
    definition: "高齢者のうち、通いの場、趣味・スポーツ、ボランティア、就労などの社会活動に参加している人の割合。",
    unit: "%",
  },
  {
    code: "over75_participation",
    approach: "population",
    stage: "outcome",
    label: "通いの場の75歳以上高齢者の年代別参加率・継続参加率",
    definition: "75歳以上の高齢者のうち通いの場に参加している人の割合（年代別）と、そのうち参加を続けている人の割合。",
    unit: "%",
  },
  {
    code: "isolated_outreach",
    approach: "high_risk",
    stage: "process",
    label: "孤独・孤立等の状態にある高齢者へのアウトリーチ支援の実績",
    definition: "孤独・孤立等の状態にある高齢者に、訪問などで支援者の側から働きかけたアウトリーチ支援の件数。",
    unit: "件",
  },
  {
    code: "professional_sessions",
    approach: "high_risk",
    stage: "output",
    label: "専門職による支援を想定するサービス・活動の開催回数・参加者数",
    definition: "専門職による支援を想定するサービス・活動（短期集中予防サービス等）を開催した回数と、その参加者数。",
    unit: "回",
  },
  {
    code: "isolated_participants",
    approach: "high_risk",
    stage: "outcome",
    label: "孤独・孤立等の状態にあった高齢者の地域の活動の参加者数",
    definition: "孤独・孤立等の状態にあった高齢者のうち、地域の活動に参加するようになった人の数。",
    unit: "人",
  },
  {
    code: "reach_rate",
    approach: "high_risk",
    stage: "outcome",
    label: "想定対象者に占める実際の参加者数",
    definition: "サービス・活動が想定する対象者の数に占める、実際の参加者の数の割合。",
    unit: "%",
  },
  {
    code: "before_after_change",
    approach: "high_risk",
    stage: "outcome",
    label: "参加者の参加前後の生活状況等の変化",
    definition:
      "参加者の参加前と参加後の生活状況（外出の頻度、活動、心身の状態など）の変化。改善または維持した参加者の割合で表す。",
    unit: "%",
  },
  {
    code: "isolated_continued",
    approach: "high_risk",
    stage: "outcome",
    label: "孤独・孤立等の状態にあった高齢者の地域の活動の継続参加率",
    definition:
      "地域の活動に参加するようになった、孤独・孤立等の状態にあった高齢者のうち、一定期間後も参加を続けている人の割合。",
    unit: "%",
  },
  {
    code: "isolated_social_participation",
    approach: "high_risk",
    stage: "outcome",
    label: "孤独・孤立等の状態にあった高齢者の社会参加率",
    definition:
      "孤独・孤立等の状態にあった高齢者のうち、地域の活動をはじめとする社会活動に参加している人の割合（評価指標の例のハイリスク・アプローチの「社会参加率」）。",
    unit: "%",
  },
  {
    code: "after_period_change",
    approach: "high_risk",
    stage: "outcome",
    label: "参加者の一定期間後の生活状況等",
    definition: "参加者の、参加から一定期間（例: 6か月）後の生活状況。自立した生活を続けている参加者の割合で表す。",
    unit: "%",
  },
  {
    code: "adjusted_mild_certification",
    approach: "final",
    stage: "final_outcome",
    label: "調整済み軽度認定率",
    definition:
      "第1号被保険者に占める要支援1・2、要介護1の認定者の割合を、性・年齢構成の違いを除いて調整したもの（地域包括ケア「見える化」システムの指標）。",
    unit: "%",
  },
  {
    code: "first_certification_age",
    approach: "final",
    stage: "final_outcome",
    label: "初回認定者の平均年齢",
    definition:
      "初めて要支援・要介護の認定を受けた人の平均年齢。高いほど、介護が必要になる時期が遅くなっていることを示す。",
    unit: "歳",
  },
  {
    code: "home_continuation",
    approach: "final",
    stage: "final_outcome",
    label: "在宅継続数・率",
    definition: "要支援・要介護の認定を受けた高齢者のうち、一定期間後も住み慣れた自宅で暮らし続けている人の数と割合。",
    unit: "%",
  },
] as const satisfies readonly {
  code: string;
  approach: IndicatorApproach;
  stage: IndicatorStage;
  label: string;
  definition: string;
  unit: string;
}[];

export const approachLabels: Record<IndicatorApproach, string> = {
  choices: "高齢者の選択肢の拡大",
  population: "ポピュレーション・アプローチ",
  high_risk: "ハイリスク・アプローチ",
  final: "最終アウトカム",
};

export const stageLabels: Record<IndicatorStage, string> = {
  process: "プロセス",
  output: "アウトプット",
  outcome: "アウトカム",
  final_outcome: "最終アウトカム",
};

/** The approaches in the order of the frame (the final outcomes last), and the stages from process to final outcome. */
export const INDICATOR_APPROACHES = Object.keys(approachLabels) as IndicatorApproach[];
export const INDICATOR_STAGES = Object.keys(stageLabels) as IndicatorStage[];

export type ThemeCode = (typeof THEMES)[number]["code"];
export type TargetStateCode = (typeof TARGET_STATES)[number]["code"];
export type IndicatorCode = (typeof INDICATORS)[number]["code"];

export const THEME_CODES = THEMES.map((t) => t.code) as [ThemeCode, ...ThemeCode[]];
export const TARGET_STATE_CODES = TARGET_STATES.map((t) => t.code) as [TargetStateCode, ...TargetStateCode[]];
export const INDICATOR_CODES = INDICATORS.map((i) => i.code) as [IndicatorCode, ...IndicatorCode[]];

const labelOf = <T extends { code: string; label: string }>(list: readonly T[]) => {
  const map = new Map(list.map((item) => [item.code, item.label]));
  return (code: string) => map.get(code) ?? code;
};
export const themeLabel = labelOf(THEMES);
export const targetStateLabel = labelOf(TARGET_STATES);
export const indicatorLabel = labelOf(INDICATORS);

export type Indicator = (typeof INDICATORS)[number];
const indicatorsByCode = new Map<string, Indicator>(INDICATORS.map((i) => [i.code, i]));
/** The catalog entry of a code, or undefined for a custom KPI (or a code this version does not know). */
export function findIndicator(code: string | null | undefined): Indicator | undefined {
  return code ? indicatorsByCode.get(code) : undefined;
}
export const layerLabel = labelOf(LAYERS);

export const pitchStatusLabels = {
  draft: "下書き",
  published: "募集中",
  closed: "募集終了",
  matched: "マッチング成立",
  not_matched: "マッチングなし",
  archived: "アーカイブ",
} as const;
