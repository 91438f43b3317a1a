// Pilots in the states the outcome pages need: running (agreement signed by both) and completed (closed with a reflection).
import { createPilot, type Match } from "~/seed/pilot-factory.server";
import type { Pilot } from "@db/schema";
import { closePilot } from "~/domain/outcomes/closeout.commands.server";
import { db } from "~/lib/db.server";
import { actorOf } from "./actors";

export type PilotMatch = Match & { pilot: Pilot };

/** A pilot whose first agreement version is locked and signed: status 'running'. */
export async function createRunningPilot(): Promise<PilotMatch> {
  const m = await createPilot(db());
  const version = await db()
    .selectFrom("pilot_agreement_version")
    .select("id")
    .where("pilot_id", "=", m.pilot.id)
    .executeTakeFirstOrThrow();
  await db()
    .updateTable("pilot_agreement_version")
    .set({ locked_at: new Date() })
    .where("id", "=", version.id)
    .execute();
  const pilot = await db()
    .updateTable("pilot")
    .set({ signed_version_id: version.id, status: "running", started_at: new Date() })
    .where("id", "=", m.pilot.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...m, pilot };
}

/** A complete close-out form (as the page posts it). */
export const CLOSE_FORM = {
  intent: "close",
  result: "self_sustaining",
  finalReport: "6か月で延べ412人が参加し、通いの場は3か所から7か所に増えました。",
  whatWorked: "スーパーの休憩スペースを使ったことで、男性の参加が増えた。",
  whatDidNotWork: "山間部の地区からは移動手段がなく参加しにくかった。",
  nextStep: "山間部の地区で、移動販売車と組み合わせた出張型の通いの場を試す。",
} as const;

/** A running pilot closed by its municipality's admin with CLOSE_FORM. */
export async function createCompletedPilot(): Promise<PilotMatch> {
  const m = await createRunningPilot();
  const { intent: _intent, ...input } = CLOSE_FORM;
  await closePilot(actorOf(m.municipality), m.pilot.id, input);
  const pilot = await db().selectFrom("pilot").selectAll().where("id", "=", m.pilot.id).executeTakeFirstOrThrow();
  return { ...m, pilot };
}
