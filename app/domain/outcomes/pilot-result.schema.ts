// How a pilot ended (seeds 000, 002: the 起承転結 / PDCA cycle ends in a reflection and one of four results).
// Browser-safe: the close-out page, the public case pages and the bureau dashboard import these labels.
import type { PilotResult } from "@db/schema";

export const PILOT_RESULT_LABELS: Record<PilotResult, string> = {
  self_sustaining: "自走",
  full_implementation: "本格実施",
  under_consideration: "継続検討",
  ended: "終了",
};

/** The results in the order of the close-out form. */
export const PILOT_RESULTS = Object.keys(PILOT_RESULT_LABELS) as [PilotResult, ...PilotResult[]];

/** One line each, shown beside the choice (seed 002: 「総合事業としての全地域での本格実施まで…事業が自走するまで」). */
export const PILOT_RESULT_DESCRIPTIONS: Record<PilotResult, string> = {
  self_sustaining: "企業と住民の協働により、補助がなくても事業が続いていく。",
  full_implementation: "総合事業として、市町村の事業に位置づけて本格的に実施する。",
  under_consideration: "結果を踏まえ、続けるかどうか・形を変えるかを引き続き検討する。",
  ended: "実証を終え、この形での事業は続けない。",
};

/** The answer to 「次年度に予算化したか」 after a pilot: yes / no / not decided yet (null in the database). */
export const BUDGETED_CHOICES = ["yes", "no", "undecided"] as const;
export type BudgetedChoice = (typeof BUDGETED_CHOICES)[number];

export const BUDGETED_LABELS: Record<BudgetedChoice, string> = {
  yes: "予算化した",
  no: "予算化しなかった",
  undecided: "未定",
};

export function budgetedChoice(value: boolean | null): BudgetedChoice {
  return value === null ? "undecided" : value ? "yes" : "no";
}
