// Demo data for the whole chain after matching, generated through the domain commands as the demo users: five pitches
// matched (one proposal accepted, one declined, decisions published) and their pilots at every step —
//   東大和市 × つながる見守りテック      agreement being drafted
//   美唄市 × まちなかスーパー            signed by the municipality, awaiting the company's signature
//   江差町 × みらい移動サービス          signed and funded (budgets of this and the previous fiscal year, an allocation,
//                                         milestones from the agreement, the first paid by recorded bank transfer)
//   かすみがうら市 × ほっかいどうヘルスケアラボ  reporting (the last two ended quarters: one approved, one returned; an
//                                         expenditure report on the first half approved, and that half paid)
//   様似町 × ほっかいどうヘルスケアラボ  closed as 本格実施 with its reflection, two adoptions (横展開) and a
//                                         published case study
// Every date is relative to `now` (Asia/Tokyo quarters): the reporting pilot's period starts two quarters before the
// current one, so that two quarters have ended; the closed pilot ran the year before that. Commands that take no
// time (budgets, allocations, milestones, payments) stamp the seeding time. Run by the start-up right after
// seedDemoData created the demo accounts (outside its transaction: each command opens its own).
import type { MemberActor } from "~/auth/permissions";
import { demoActor } from "./demo-chain-actors.server";
import { seedDemoFunding } from "./demo-chain-funding.server";
import { seedDemoMatch } from "./demo-chain-match.server";
import { seedDemoCloseout, seedDemoReport } from "./demo-chain-outcomes.server";
import { PILOT_DAYS, seedDemoPilot, signDemoAgreement } from "./demo-chain-pilot.server";
import { CHAIN_STORIES, type ChainStep, type ChainStory } from "./demo-chain-stories.server";
import {
  addMonths,
  between,
  dayBefore,
  daysAfter,
  fiscalYearOfDay,
  quarterStartOf,
  startOfDay,
  tokyoDay,
} from "./demo-chain-time.server";

export interface DemoChainResult {
  pilots: { step: ChainStep; pilotId: string; pitchId: string }[];
}

interface Placement {
  /** The agreed pilot period. */
  period: { start: string; end: string };
  /** The moment the match and the agreement are counted back from (PILOT_DAYS, MATCH_DAYS). */
  anchor: Date;
}

/** About ten in the morning, as a fraction of a day. */
const MORNING = 10.1 / 24;
/** A moment of office hours: about ten in the morning, `days` after the Tokyo day `day`. */
const morningOf = (day: string, days = 0) => daysAfter(startOfDay(day), days + MORNING);

/** Where each step's pilot sits in time: its period (whole quarters) and the anchor of its history. */
function placement(step: ChainStep, now: Date): Placement {
  const quarter = quarterStartOf(now);
  const periodFrom = (start: string) => ({ start, end: dayBefore(addMonths(start, 12)) });
  switch (step) {
    // Agreed for the next quarter: still being negotiated, the last steps a few days ago.
    case "drafting":
      return { period: periodFrom(addMonths(quarter, 3)), anchor: daysAfter(now, 30) };
    case "awaitingCompany":
      return { period: periodFrom(addMonths(quarter, 3)), anchor: daysAfter(now, 7) };
    // Runs from the first day of the current quarter: no quarter has ended yet.
    case "funded":
      return { period: periodFrom(quarter), anchor: morningOf(quarter) };
    // Two quarters before the current one: both have ended.
    case "reporting":
      return { period: periodFrom(addMonths(quarter, -6)), anchor: morningOf(addMonths(quarter, -6)) };
    // The year before the reporting pilot's: ended half a year ago at the latest.
    case "closed":
      return { period: periodFrom(addMonths(quarter, -18)), anchor: morningOf(addMonths(quarter, -18)) };
  }
}

/** The quarterly reports of the story, one per ended quarter from the start of the period, at plausible times. */
async function seedReports(
  story: ChainStory,
  actors: { municipality: MemberActor; company: MemberActor },
  pilotId: string,
  period: Placement["period"],
  now: Date,
) {
  const currentQuarter = startOfDay(quarterStartOf(now));
  for (const [i, report] of (story.reports ?? []).entries()) {
    const start = addMonths(period.start, 3 * i);
    const endedOn = addMonths(start, 3);
    const ended = startOfDay(endedOn);
    // A quarter that ended before the current one is reported in the first weeks after it; the one that ended when
    // the current quarter began, in the part of the current quarter that has passed.
    const times =
      ended.getTime() < currentQuarter.getTime()
        ? { created: morningOf(endedOn, 7), submitted: morningOf(endedOn, 10.2), reviewed: morningOf(endedOn, 18.25) }
        : {
            created: between(ended, now, 0.2),
            submitted: between(ended, now, 0.35),
            reviewed: between(ended, now, 0.5),
          };
    await seedDemoReport(actors, pilotId, report, { start, ...times });
  }
}

async function seedStory(story: ChainStory, now: Date) {
  const { period, anchor } = placement(story.step, now);
  const at = (days: number) => daysAfter(anchor, days);
  const municipality = await demoActor(story.municipality);
  const company = await demoActor(story.accepted.author);
  const declined = await demoActor(story.declined.author);
  const actors = { municipality, company };

  const match = await seedDemoMatch(story, { municipality, accepted: company, declined }, anchor, period);
  const pilotId = await seedDemoPilot(municipality, match.acceptedId, story.agreement, period, at);
  if (story.step !== "drafting") await signDemoAgreement(municipality, pilotId, at(PILOT_DAYS.municipalitySigned));
  if (story.step !== "drafting" && story.step !== "awaitingCompany")
    await signDemoAgreement(company, pilotId, at(PILOT_DAYS.companySigned));

  await seedReports(story, actors, pilotId, period, now);
  await seedDemoFunding(story, actors, pilotId, {
    pilot: fiscalYearOfDay(period.start),
    current: fiscalYearOfDay(tokyoDay(now)),
  });
  // Closed some weeks after the period ended.
  if (story.closeout) await seedDemoCloseout(story, actors, pilotId, (days) => morningOf(period.end, 20 + days));
  return { step: story.step, pilotId, pitchId: match.pitchId };
}

/** Seeds the demo chain into a database that has just received the demo accounts (seedDemoData created = true). */
export async function seedDemoChain(now = new Date()): Promise<DemoChainResult> {
  const pilots: DemoChainResult["pilots"] = [];
  for (const story of CHAIN_STORIES) pilots.push(await seedStory(story, now));
  return { pilots };
}
