// The default rubric given to a pitch on the first visit to its review settings (or the first score), and the
// templates of decline reasons. Constants: editable per pitch (criteria) or per use (reasons) in the UI.

export interface RubricCriterion {
  name: string;
  description: string;
  weight: number;
}

export const DEFAULT_RUBRIC: readonly RubricCriterion[] = [
  { name: "課題の理解", description: "地域の現状と課題を正しく理解しているか。", weight: 20 },
  { name: "解決策の有効性", description: "課題の解決につながる具体的で効果の見込める提案か。", weight: 25 },
  { name: "住民・地域の参画", description: "住民や地域の担い手が参画し、続いていく仕組みがあるか。", weight: 20 },
  { name: "実現可能性・体制", description: "計画・スケジュール・体制に無理がなく、実行できるか。", weight: 20 },
  { name: "費用の妥当性", description: "費用の内訳と負担の考え方が妥当か。", weight: 15 },
];

export const CRITERIA_MAX = 12;
export const CRITERION_NAME_MAX = 100;
export const CRITERION_DESCRIPTION_MAX = 1000;
export const WEIGHT_MIN = 1;
export const WEIGHT_MAX = 100;
export const REVIEW_TEXT_MAX = 4000;
export const SCORE_COMMENT_MAX = 1000;
export const DECISION_REASON_MAX = 4000;

/** Reasons offered when declining several proposals at once; the text stays editable before confirming. */
export const DECLINE_REASON_TEMPLATES = [
  {
    code: "other_selected",
    label: "他の提案を採択",
    text: "ご提案いただきありがとうございました。審査の結果、今回は他の提案を採択することとなりました。ご理解のほどよろしくお願いいたします。",
  },
  {
    code: "criteria_not_met",
    label: "評価基準に達しない",
    text: "ご提案いただきありがとうございました。審査の結果、評価基準に照らして今回は採択を見送ることとなりました。",
  },
  {
    code: "budget",
    label: "予算との不一致",
    text: "ご提案いただきありがとうございました。提案内容と本市の予算規模が合わないため、今回は採択を見送ることとなりました。",
  },
] as const;

/** Shown beside the decision forms: why decisions wait for the deadline. */
export const DECISION_TIMING_TEXT =
  "採否は、提案の締切を過ぎてから（または募集を締め切ってから）記録できます。締切前に採否を決めると、まだ提案を準備している企業に不公平になるためです。記録した採否は「決定を公開する」まで企業には表示されません。";

export const CRITERIA_FROZEN_MESSAGE =
  "評価が始まっているため、評価項目と重みは変更できません（採点の公平性を保つためです）。";
