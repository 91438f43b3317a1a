// A proposal factory shared by tests and the demo seed. Relative imports: resolved by vitest and the Remix bundle.
import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type { Proposal, ProposalCostItem, ProposalKpi, ProposalStatus, ProposalTable } from "@db/schema";
import type { Executor } from "@db/database.server";
import { proposalRevisionContent } from "~/domain/proposals/proposal-revision.rules";

export type ProposalOverrides = Partial<
  Omit<
    Insertable<ProposalTable>,
    "id" | "pitch_id" | "organization_id" | "pitch_organization_id" | "status" | "kpis" | "cost_items"
  >
> & { kpis?: ProposalKpi[]; costItems?: ProposalCostItem[] };

/**
 * Creates a company's proposal to a published pitch, complete enough to be submitted. A submitted (or withdrawn)
 * proposal gets revision 1, as submitting would give it, and records the pitch revision it answered.
 */
export async function createProposal(
  ex: Executor,
  options: {
    pitchId: string;
    organizationId: string;
    status?: ProposalStatus;
    createdBy?: string | null;
    now?: Date;
  } & ProposalOverrides,
): Promise<Proposal> {
  const {
    pitchId,
    organizationId,
    status = "submitted",
    createdBy = null,
    now = new Date(),
    kpis,
    costItems,
    ...overrides
  } = options;
  const pitch = await ex
    .selectFrom("pitch")
    .select(["organization_id", "revision_number", "title", "budget_ceiling_yen"])
    .where("id", "=", pitchId)
    .executeTakeFirstOrThrow();
  const items = costItems ?? [
    { label: "人件費（コーディネーター）", amountYen: 1_800_000 },
    { label: "機器・システム利用料", amountYen: 900_000 },
    { label: "広報・説明会", amountYen: 300_000 },
  ];
  const total = items.reduce((sum, item) => sum + item.amountYen, 0);
  const values = {
    title: `${pitch.title}への提案`,
    understanding: "地域の通いの場が減り、外出の機会が少なくなっていると理解しています。",
    approach: "移動支援と居場所づくりを組み合わせ、住民ボランティアとともに運営します。",
    resident_participation: "住民ボランティアが運営委員会に参加し、運行計画を決めます。",
    implementation_plan: "準備3か月、試行6か月、振り返り3か月の計画です。",
    schedule: "4月 準備開始 / 7月 試行開始 / 翌年1月 振り返り",
    team: "プロジェクト責任者1名、地域コーディネーター2名",
    total_cost_yen: total,
    requested_funding_yen: Math.min(total, Number(pitch.budget_ceiling_yen ?? total)),
    co_funding_explanation: "",
    company_contribution: "システム開発費は当社が負担します。",
    references_text: "他自治体での同種の実証1件",
    ...overrides,
  };
  const kpiList = kpis ?? [{ indicatorCode: "gathering_places", name: "通いの場の箇所数", target: "5", unit: "か所" }];
  const submitted = status !== "draft";
  const proposal = await ex
    .insertInto("proposal")
    .values({
      ...values,
      id: randomUUID(),
      pitch_id: pitchId,
      organization_id: organizationId,
      pitch_organization_id: pitch.organization_id,
      pitch_revision_number: Math.max(pitch.revision_number, 1),
      status,
      kpis: JSON.stringify(kpiList),
      cost_items: JSON.stringify(items),
      revision_number: submitted ? 1 : 0,
      eligibility_attested_at: submitted ? now : null,
      eligibility_attested_by: submitted ? createdBy : null,
      submitted_at: submitted ? (overrides.submitted_at ?? now) : null,
      withdrawn_at: status === "withdrawn" ? now : null,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (submitted) {
    await ex
      .insertInto("proposal_revision")
      .values({
        id: randomUUID(),
        proposal_id: proposal.id,
        number: 1,
        pitch_revision_number: proposal.pitch_revision_number,
        content: JSON.stringify(proposalRevisionContent(proposal)),
        created_by: createdBy,
        created_at: now,
      })
      .execute();
  }
  return proposal;
}
