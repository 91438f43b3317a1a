// Pure rules of a proposal: when it may change, and what a submission requires. No I/O.
import type { PitchStatus, ProposalStatus } from "@db/schema";
import { isOpenForProposals } from "~/domain/pitches/pitch.rules";
import { PROPOSAL_TEXT_FIELDS, type ProposalDraftContent } from "./proposals.schema";

/** A proposal counts once submitted and while it stays so: drafts are the company's own, withdrawn ones no longer stand. */
export const COUNTED_PROPOSAL_STATUS = "submitted" as const;

export const DEADLINE_PASSED = "提案の締切を過ぎているため、提案の作成・提出・再提出・取り下げはできません。";
export const NOT_OPEN = "このピッチは提案を受け付けていません。";
export const WITHDRAWN_READ_ONLY = "取り下げた提案は変更できません。";
export const DECIDED = "選考結果が出た提案は、再提出・取り下げできません。";
export const ATTESTATION_REQUIRED =
  "提出するには、反社会的勢力ではないこと・税の滞納がないことの確認にチェックしてください。";

export interface PitchForProposal {
  status: PitchStatus;
  proposal_deadline: Date | string | null;
}

/** Why the company may not change this proposal now, or null. The deadline is an instant (stored UTC, shown JST). */
export function changeRefusal(
  proposal: { status: ProposalStatus },
  pitch: PitchForProposal,
  options: { hasDecision: boolean; now?: Date },
): string | null {
  if (proposal.status === "withdrawn") return WITHDRAWN_READ_ONLY;
  if (options.hasDecision) return DECIDED;
  if (!isOpenForProposals(pitch, options.now)) {
    return pitch.status === "published" && pitch.proposal_deadline !== null ? DEADLINE_PASSED : NOT_OPEN;
  }
  return null;
}

const required = (label: string) => `${label}を入力してください。`;

/** What a submission (or a revision) requires beyond the shapes of a draft; field -> message. */
export function submissionProblems(
  content: ProposalDraftContent,
  pitch: { budget_ceiling_yen: string | number | null },
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const key of [
    "title",
    "understanding",
    "approach",
    "residentParticipation",
    "implementationPlan",
    "schedule",
    "team",
  ] as const) {
    const { column, label } = PROPOSAL_TEXT_FIELDS[key];
    if (!content[column]) problems[key] = required(label);
  }
  if (content.kpis.length === 0) problems.kpis = "KPIを1つ以上入力してください。";
  else {
    const missing = content.kpis.findIndex((k) => !k.target);
    if (missing >= 0) problems.kpis = `KPIの${missing + 1}行目: 目標値を入力してください。`;
  }
  if (content.cost_items.length === 0) problems.costItems = "費用内訳を1行以上入力してください。";
  const requested = content.requested_funding_yen;
  if (requested === null) problems.requestedFundingYen = required("希望する試行資金");
  else {
    if (content.total_cost_yen !== null && requested > content.total_cost_yen) {
      problems.requestedFundingYen = `希望する試行資金は費用の合計（${content.total_cost_yen.toLocaleString("ja-JP")}円）以下にしてください。`;
    }
    const ceiling = pitch.budget_ceiling_yen === null ? null : Number(pitch.budget_ceiling_yen);
    if (ceiling !== null && requested > ceiling && !content.co_funding_explanation) {
      problems.coFundingExplanation = `希望する試行資金が予算上限（${ceiling.toLocaleString("ja-JP")}円）を超えています。超える分の負担方法（共同負担の説明）を入力してください。`;
    }
  }
  return problems;
}
