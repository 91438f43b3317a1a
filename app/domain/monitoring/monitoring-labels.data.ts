// What the monitoring pages call each counter, and what each one counts in words (browser-safe: pages and CSVs use
// it). The counting itself is in counters.queries.server.ts; keep the two in step.
// How a pilot ended: one definition, shared with the close-out and case pages.
export { PILOT_RESULT_LABELS, PILOT_RESULTS } from "~/domain/outcomes/pilot-result.schema";

/** A completed pilot whose close-out (and so its result) has not been recorded. */
export const RESULT_UNRECORDED_LABEL = "結果未記録";

export type FunnelStepKey = "pitchesPublished" | "proposals" | "matches" | "signedAgreements" | "running" | "completed";

/** The funnel, in the order of a pilot's life, with the definition shown beside every figure. */
export const FUNNEL_STEPS: readonly { key: FunnelStepKey; label: string; short: string; definition: string }[] = [
  {
    key: "pitchesPublished",
    label: "公開されたピッチ",
    short: "公開ピッチ",
    definition: "公開日が年度内（4月1日〜翌年3月31日、日本時間）のピッチ。その後に締め切られたものも数えます。",
  },
  {
    key: "proposals",
    label: "提出された提案",
    short: "提案",
    definition: "それらのピッチへの提出済みの提案（下書きと取り下げを除く）。",
  },
  { key: "matches", label: "マッチング", short: "マッチング", definition: "採択の決定が企業に公開された提案。" },
  {
    key: "signedAgreements",
    label: "協定締結",
    short: "協定締結",
    definition: "双方の署名で協定書が締結された実証（その後に完了・中止したものを含む）。",
  },
  { key: "running", label: "実施中", short: "実施中", definition: "いま実施中の実証。" },
  {
    key: "completed",
    label: "完了",
    short: "完了",
    definition: "完了した実証。振り返りで記録された結果（自走・本格実施・継続検討・終了）別の内訳があります。",
  },
];

export const TERMINATED_DEFINITION = "中止された実証（完了には含めません）。";

export const FUNDING_DEFINITIONS = {
  budgetYen: { label: "予算額", definition: "対象の自治体の、その年度の予算額の合計。" },
  allocatedYen: { label: "配分額", definition: "それらの予算から実証へ配分された額の合計（配分額の変更を反映）。" },
  disbursedYen: { label: "支払済み", definition: "それらの配分から支払われた額の合計（返還を差し引いた額）。" },
} as const;

export const ATTAINMENT_DEFINITION =
  "それらのピッチから生まれた実証のKPIのうち、承認済みの最新の値（対象期間の開始日が最も新しい報告）が目標に達しているものの割合。" +
  "「増やす」「維持する」は目標以上、「減らす」は目標以下で達成。目標または承認済みの値がないKPIは数えません。";

/** One KPI's standing (kpiStanding in counters.queries.server.ts). */
export const KPI_STANDING_LABELS = {
  met: "達成",
  not_met: "未達",
  unmeasured: "対象外（目標または承認済みの値なし）",
} as const;

/** The per-pilot money (its allocations from every fiscal year), as on the pilot's own page. */
export const PILOT_MONEY_DEFINITION =
  "その実証への配分と支払（すべての年度の予算から）。実証のページの「資金」と同じ値です。";

/** 「62.5%」; 「—」 when nothing is measured. */
export function formatShare(share: number | null): string {
  if (share === null) return "—";
  return `${(Math.round(share * 1000) / 10).toLocaleString("ja-JP")}%`;
}

export type LifeStepKey =
  "pitchPublished" | "proposalSubmitted" | "matched" | "pilotStarted" | "agreementSigned" | "running" | "finished";

/** The steps of a pilot's life, as the bureau's pilot page lists them. */
export const LIFE_STEP_LABELS: Record<LifeStepKey, string> = {
  pitchPublished: "ピッチの公開",
  proposalSubmitted: "提案の提出",
  matched: "マッチング（採択の公開）",
  pilotStarted: "協定の協議開始",
  agreementSigned: "協定の締結（双方の署名）",
  running: "実施開始",
  finished: "完了",
};
