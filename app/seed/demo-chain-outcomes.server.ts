// The outcomes of a demo pilot, through the outcome commands: the company reports each ended quarter (values of the
// KPIs imported from the signed agreement, participants, a narrative) and the municipality approves or returns it;
// a closed pilot then gets its close-out with the reflection, the 予算化 answer, the municipalities that adopted it
// (横展開) and a case study both parties consent to, which publishes it.
import type { MemberActor } from "~/auth/permissions";
import { consentToCaseStudy, saveCaseStudy } from "~/domain/outcomes/case-study.commands.server";
import { caseStudyVersion } from "~/domain/outcomes/case-study.queries.server";
import { addAdoption, closePilot, updateBudgeted } from "~/domain/outcomes/closeout.commands.server";
import { createReport, reviewReport, saveReport } from "~/domain/outcomes/reports.commands.server";
import { db } from "~/lib/db.server";
import { municipalityCodeOf } from "./demo-chain-actors.server";
import type { ChainReport, ChainStory } from "./demo-chain-stories.server";

export interface ReportTimes {
  /** The first day of the quarter reported on. */
  start: string;
  created: Date;
  submitted: Date;
  reviewed: Date;
}

/** One quarterly report written by the company and reviewed by the municipality. */
export async function seedDemoReport(
  actors: { municipality: MemberActor; company: MemberActor },
  pilotId: string,
  report: ChainReport,
  times: ReportTimes,
): Promise<void> {
  const { municipality, company } = actors;
  const reportId = await createReport(company, pilotId, { frequency: "quarterly", start: times.start }, times.created);
  const kpis = await db()
    .selectFrom("pilot_kpi")
    .select("id")
    .where("pilot_id", "=", pilotId)
    .orderBy("position")
    .execute();
  const values = Object.fromEntries(kpis.map((k, i) => [k.id, { value: report.values[i] ?? null, note: "" }]));
  const [total, newcomers, aged75Plus] = report.participants;
  await saveReport(
    company,
    pilotId,
    reportId,
    {
      participantsTotal: total,
      participantsNew: newcomers,
      participants75Plus: aged75Plus,
      narrative: report.narrative,
      values,
    },
    { submit: true, now: times.submitted },
  );
  await reviewReport(municipality, pilotId, reportId, report.review, times.reviewed);
}

/** Closes the pilot with its result and reflection, answers 予算化, records adoptions and publishes the case study. */
export async function seedDemoCloseout(
  story: ChainStory,
  actors: { municipality: MemberActor; company: MemberActor },
  pilotId: string,
  at: (days: number) => Date,
): Promise<void> {
  const closeout = story.closeout;
  if (!closeout) return;
  const { municipality, company } = actors;
  await closePilot(
    municipality,
    pilotId,
    {
      result: closeout.result,
      finalReport: closeout.finalReport,
      whatWorked: closeout.whatWorked,
      whatDidNotWork: closeout.whatDidNotWork,
      nextStep: closeout.nextStep,
    },
    at(0),
  );
  await updateBudgeted(municipality, pilotId, { budgeted: "yes", budgetedNote: closeout.budgetedNote }, at(10));
  for (const [i, adoption] of closeout.adoptions.entries()) {
    const municipalityCode = await municipalityCodeOf(adoption.prefecture, adoption.name);
    await addAdoption(municipality, pilotId, { municipalityCode, note: adoption.note }, at(30 + 15 * i));
  }
  await saveCaseStudy(municipality, pilotId, closeout.caseStudy, at(20));
  const version = caseStudyVersion(closeout.caseStudy);
  await consentToCaseStudy(municipality, pilotId, { version }, at(22));
  await consentToCaseStudy(company, pilotId, { version }, at(25));
}
