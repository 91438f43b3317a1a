// The money of a demo pilot, through the funding and expenditure commands: the municipality's budgets for the current
// and the previous fiscal year, an allocation to the pilot, its milestones imported from the signed agreement, an
// expenditure report submitted by the company and approved, and the first milestones approved and paid by recorded
// bank transfer. These commands stamp their rows at the seeding time (the expenditure report too, so that it follows
// the milestone it reports on).
import type { MemberActor } from "~/auth/permissions";
import { submitExpenditureReport, reviewExpenditureReport } from "~/domain/expenditures/expenditures.commands.server";
import { allocateFromBudget } from "~/domain/funding/allocations.commands.server";
import { createBudget } from "~/domain/funding/budgets.commands.server";
import { approveMilestone, importMilestonesFromAgreement } from "~/domain/funding/milestones.commands.server";
import { recordBankTransfer } from "~/domain/funding/payments.commands.server";
import { db } from "~/lib/db.server";
import type { ChainStory } from "./demo-chain-stories.server";
import { demoReceiptPdf } from "./demo-chain-receipt.server";

export interface DemoFiscalYears {
  /** The fiscal year the pilot's period starts in (its allocation's budget), and the seeding time's. */
  pilot: number;
  current: number;
}

/** Budgets of the pilot's fiscal year, the current one and the one before it; the pilot's share allocated. */
export async function seedDemoFunding(
  story: ChainStory,
  actors: { municipality: MemberActor; company: MemberActor },
  pilotId: string,
  years: DemoFiscalYears,
): Promise<void> {
  const funding = story.funding;
  const total = story.agreement.fundingAmountYen;
  if (!funding || total === null) return;
  const { municipality, company } = actors;
  const fiscalYears = [...new Set([years.current - 1, years.current, years.pilot])].sort((a, b) => a - b);
  let budgetId = "";
  for (const fiscalYear of fiscalYears) {
    const forPilot = fiscalYear === years.pilot;
    const created = await createBudget(municipality, {
      intent: "create",
      fiscalYear,
      amountYen: forPilot ? funding.amountYen : 2_000_000,
      note: forPilot ? funding.budgetNote : funding.otherYearNote,
    });
    if (forPilot) budgetId = created.id;
  }
  const { allocationId } = await allocateFromBudget(municipality, pilotId, {
    budgetId,
    amountYen: total,
    note: funding.allocationNote,
  });
  await importMilestonesFromAgreement(municipality, pilotId, { allocationId });
  const milestones = await db()
    .selectFrom("milestone")
    .select(["id", "title"])
    .where("pilot_id", "=", pilotId)
    .orderBy("due_date")
    .execute();

  if (funding.expenditure) {
    const milestone = milestones[funding.expenditure.milestone - 1];
    if (!milestone)
      throw new Error(`Demo chain: no milestone ${funding.expenditure.milestone} for the expenditure report`);
    const totalYen = funding.expenditure.items.reduce((sum, i) => sum + i.amountYen, 0);
    const receipt = demoReceiptPdf([
      "Receipt (demo data)",
      `Expenditure report: ${totalYen.toLocaleString("en-US")} JPY`,
      ...funding.expenditure.items.map((i, n) => `Item ${n + 1}: ${i.amountYen.toLocaleString("en-US")} JPY`),
    ]);
    const { reportId } = await submitExpenditureReport(
      company,
      pilotId,
      { milestoneId: milestone.id, narrative: funding.expenditure.narrative, items: funding.expenditure.items },
      [{ name: "領収書_上半期.pdf", bytes: receipt }],
    );
    await reviewExpenditureReport(municipality, pilotId, {
      reportId,
      decision: "approve",
      comment: "明細と領収書を確認しました。",
    });
  }

  for (const [i, milestone] of milestones.slice(0, funding.paid).entries()) {
    await approveMilestone(municipality, pilotId, { milestoneId: milestone.id, method: "bank_transfer" });
    await recordBankTransfer(municipality, pilotId, {
      milestoneId: milestone.id,
      reference: `${funding.reference}-${String(i + 1).padStart(4, "0")}`,
    });
  }
}
