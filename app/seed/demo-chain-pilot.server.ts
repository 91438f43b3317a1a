// The pilot of a demo match and its agreement, through the pilot commands: the municipality starts it (the first
// version is drafted from the pitch and the proposal), completes and saves the draft, and the parties sign it in turn.
import type { MemberActor } from "~/auth/permissions";
import { readAgreementContent, type AgreementContent } from "~/domain/pilots/agreement-content.schema";
import { saveAgreementDraft, signAgreementVersion } from "~/domain/pilots/agreements.commands.server";
import { startPilotFromMatch } from "~/domain/pilots/pilots.commands.server";
import { importKpis } from "~/domain/outcomes/kpis.commands.server";
import { db } from "~/lib/db.server";
import type { ChainAgreement } from "./demo-chain-stories.server";
import { addMonths, dayBefore } from "./demo-chain-time.server";

/** Days before the anchor at which the pilot is started, its agreement saved and signed by each party. */
export const PILOT_DAYS = { started: -100, saved: -40, municipalitySigned: -14, companySigned: -9 } as const;

async function latestVersion(pilotId: string) {
  const row = await db()
    .selectFrom("pilot_agreement_version")
    .select(["id", "content", "updated_at"])
    .where("pilot_id", "=", pilotId)
    .orderBy("version_number", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return { id: row.id, content: readAgreementContent(row.content), token: new Date(row.updated_at).toISOString() };
}

/** The drafted agreement completed with the story's articles and the period the parties agreed on. */
function completed(
  drafted: AgreementContent,
  agreement: ChainAgreement,
  period: { start: string; end: string },
): AgreementContent {
  return {
    ...drafted,
    scope: agreement.scopeNote ? `${drafted.scope}\n\n${agreement.scopeNote}` : drafted.scope,
    periodStart: period.start,
    periodEnd: period.end,
    area: agreement.area,
    personalData: { ...drafted.personalData, items: agreement.personalDataItems },
    kpis: drafted.kpis.map((k, i) => ({ ...k, ...agreement.kpis[i] })),
    fundingAmountYen: agreement.fundingAmountYen,
    milestones: agreement.milestones.map((m) => ({
      title: m.title,
      dueDate: dayBefore(addMonths(period.start, m.dueMonth)),
      amountYen: m.amountYen,
    })),
    ipAndPublicity: "実証の成果は、双方の同意を得たうえで、事例として公表できる。",
    termination: "双方の協議により、実証を中止または終了できる。中止の場合は、実施済みの分を精算する。",
  };
}

/** Starts the pilot of the accepted proposal and saves its completed agreement draft (not yet signed). */
export async function seedDemoPilot(
  municipality: MemberActor,
  proposalId: string,
  agreement: ChainAgreement,
  period: { start: string; end: string },
  at: (days: number) => Date,
): Promise<string> {
  const { pilotId } = await startPilotFromMatch(municipality, proposalId, at(PILOT_DAYS.started));
  const drafted = await latestVersion(pilotId);
  await saveAgreementDraft(
    municipality,
    pilotId,
    {
      versionId: drafted.id,
      expectedUpdatedAt: drafted.token,
      changeNote: "",
      content: completed(drafted.content, agreement, period),
    },
    at(PILOT_DAYS.saved),
  );
  return pilotId;
}

/** The latest version signed by `signer`'s side at `at`; the second side's signature starts the pilot. */
export async function signDemoAgreement(signer: MemberActor, pilotId: string, at: Date): Promise<boolean> {
  const latest = await latestVersion(pilotId);
  const result = await signAgreementVersion(
    signer,
    pilotId,
    { versionId: latest.id, expectedUpdatedAt: latest.token },
    at,
  );
  // The KPIs come from the concluded agreement (the outcomes area's hook); import them if no hook was wired.
  if (result.completed) {
    const kpi = await db().selectFrom("pilot_kpi").select("id").where("pilot_id", "=", pilotId).executeTakeFirst();
    if (!kpi) await importKpis(signer, pilotId, at);
  }
  return result.completed;
}
