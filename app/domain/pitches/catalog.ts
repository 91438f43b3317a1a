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
 * (選択肢の拡大, ポピュレーション・アプローチ, ハイリスク・アプローチ) crossed with process → output → outcome → final outcome.
 */
export const INDICATORS = [
  { code: "sc_activity", approach: "choices", stage: "process", label: "生活支援コーディネーターや協議体等による取組実績" },
  { code: "service_variety", approach: "choices", stage: "output", label: "多様なサービス・活動の種類・数" },
  { code: "conventional_plan_share", approach: "choices", stage: "outcome", label: "従前相当サービスが位置づけられたプランの割合" },
  { code: "outreach_lectures", approach: "population", stage: "process", label: "出前講座・説明会等の開催数" },
  { code: "gathering_places", approach: "population", stage: "output", label: "通いの場の箇所数" },
  { code: "fitness_checks", approach: "population", stage: "output", label: "体力測定会の開催数" },
  { code: "publicity", approach: "population", stage: "process", label: "広報活動の回数" },
  { code: "continued_participation", approach: "population", stage: "outcome", label: "多様なサービス・活動に対する継続参加率" },
  { code: "social_participation_rate", approach: "population", stage: "outcome", label: "社会参加率" },
  { code: "over75_participation", approach: "population", stage: "outcome", label: "通いの場の75歳以上高齢者の年代別参加率・継続参加率" },
  { code: "isolated_outreach", approach: "high_risk", stage: "process", label: "孤独・孤立等の状態にある高齢者へのアウトリーチ支援の実績" },
  { code: "professional_sessions", approach: "high_risk", stage: "output", label: "専門職による支援を想定するサービス・活動の開催回数・参加者数" },
  { code: "isolated_participants", approach: "high_risk", stage: "outcome", label: "孤独・孤立等の状態にあった高齢者の地域の活動の参加者数" },
  { code: "reach_rate", approach: "high_risk", stage: "outcome", label: "想定対象者に占める実際の参加者数" },
  { code: "before_after_change", approach: "high_risk", stage: "outcome", label: "参加者の参加前後の生活状況等の変化" },
  { code: "isolated_continued", approach: "high_risk", stage: "outcome", label: "孤独・孤立等の状態にあった高齢者の地域の活動の継続参加率" },
  { code: "adjusted_mild_certification", approach: "final", stage: "final_outcome", label: "調整済み軽度認定率" },
  { code: "first_certification_age", approach: "final", stage: "final_outcome", label: "初回認定者の平均年齢" },
  { code: "home_continuation", approach: "final", stage: "final_outcome", label: "在宅継続数・率" },
] as const satisfies readonly { code: string; approach: IndicatorApproach; stage: IndicatorStage; label: string }[];

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
export const layerLabel = labelOf(LAYERS);

export const pitchStatusLabels = {
  draft: "下書き",
  published: "募集中",
  closed: "募集終了",
  matched: "マッチング成立",
  not_matched: "マッチングなし",
  archived: "アーカイブ",
} as const;
