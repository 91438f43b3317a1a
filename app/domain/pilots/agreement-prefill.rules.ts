// The first version of an agreement, drafted from the match: what the pitch asked for and what the proposal offered.
// Both parties then edit it; nothing here is binding until both sign.
import type { ProposalKpi } from "@db/schema";
import type { AgreementContent } from "./agreement-content.schema";

export interface PrefillPitch {
  title: string;
  area_name: string;
  pilot_start_on: string | Date | null;
  pilot_end_on: string | Date | null;
  resources_offered: string;
  target_people: string;
}

export interface PrefillProposal {
  approach: string;
  implementation_plan: string;
  resident_participation: string;
  company_contribution: string;
  schedule: string;
  kpis: ProposalKpi[];
  requested_funding_yen: string | number | null;
}

function isoDate(value: string | Date | null): string {
  if (!value) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : "";
}

const joinParagraphs = (...parts: string[]) =>
  parts
    .map((p) => p.trim())
    .filter(Boolean)
    .join("\n\n");

export function prefillAgreement(
  pitch: PrefillPitch,
  proposal: PrefillProposal,
  names: { municipality: string; company: string },
): AgreementContent {
  const funding = proposal.requested_funding_yen === null ? null : Number(proposal.requested_funding_yen);
  return {
    scope: joinParagraphs(
      `「${pitch.title}」の解決に向けた試行的実施。`,
      proposal.approach,
      proposal.implementation_plan,
    ),
    periodStart: isoDate(pitch.pilot_start_on),
    periodEnd: isoDate(pitch.pilot_end_on),
    area: pitch.area_name,
    roles: {
      municipality: joinParagraphs(
        pitch.resources_offered,
        `${names.municipality}は、対象者への周知、関係機関との調整、実施状況の確認を行う。`,
      ),
      company: joinParagraphs(
        proposal.company_contribution,
        `${names.company}は、提案に基づくサービスの提供、運営、実績の報告を行う。`,
      ),
      residents: joinParagraphs(
        proposal.resident_participation,
        pitch.target_people ? `対象: ${pitch.target_people}` : "",
      ),
    },
    personalData: {
      purpose: "本実証の実施および効果検証のため",
      items: "",
      holder: names.company,
      retention: "実証期間終了後1年間",
      deletion: "保存期間の経過後、復元できない方法で速やかに削除し、削除した旨を自治体に報告する。",
    },
    kpis: proposal.kpis.map((k) => ({
      name: k.name,
      unit: k.unit,
      baseline: "",
      target: k.target,
      direction: "increase" as const,
    })),
    fundingAmountYen: Number.isFinite(funding) ? funding : null,
    milestones: [],
    ipAndPublicity:
      "本実証で新たに生じた知的財産権は、これを創作した者に帰属する。実証の成果は、個人が特定されない形で、双方が協議のうえ公表できる。",
    termination:
      "いずれかの当事者が本協定に違反し、相当の期間を定めた催告後も是正しないときは、相手方は本協定を解除できる。天災その他やむを得ない事由があるときは、双方協議のうえ終了できる。",
  };
}
