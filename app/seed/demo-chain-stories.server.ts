// The texts of the demo chain: five pitches of the demo municipalities, each matched with one demo company (another
// company declined, with the reasons published), and what each pilot then says: its agreement, its reports, its
// close-out and case study. Dates are not here: demo-chain.server.ts places every step relative to the seeding time.
// Figures beyond the seed documents are illustrative.
import type { AgreementKpi } from "~/domain/pilots/agreement-content.schema";
import type { PilotResult, ProposalCostItem, ProposalKpi } from "@db/schema";
import chainStories from "./content/demo-chain-stories.json";
import type { DemoPitch } from "./demo-pitches.server";

/** The step each demo pilot has reached. */
export type ChainStep = "drafting" | "awaitingCompany" | "funded" | "reporting" | "closed";

/** A demo chain pitch: the fields of a demo pitch, without the timing and the municipality's figures (added from
 * the municipality's facts when it is written). */
export type ChainPitch = Omit<
  DemoPitch,
  | "municipality"
  | "status"
  | "deadlineInDays"
  | "publishedDaysAgo"
  | "pilot"
  | "population"
  | "agingRatePercent"
  | "certificationRatePercent"
>;

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

/** The stories themselves live in content/demo-chain-stories.json (the types above say what each field is). */
export const CHAIN_STORIES = chainStories as unknown as readonly ChainStory[];
