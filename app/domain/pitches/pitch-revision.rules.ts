import type { Pitch } from "@db/schema";

/** The fields a revision keeps: what companies saw (contacts included, for the record). */
export const REVISION_FIELDS = [
  "title",
  "summary",
  "vision",
  "current_situation",
  "population",
  "aging_rate_percent",
  "certification_rate_percent",
  "problem",
  "problem_evidence",
  "target_people",
  "target_states",
  "themes",
  "layer",
  "area_name",
  "tried_so_far",
  "partner_wanted",
  "solution_wanted",
  "resources_offered",
  "budget_ceiling_yen",
  "pilot_start_on",
  "pilot_end_on",
  "indicators",
  "proposal_deadline",
  "contact_name",
  "contact_email",
  "contact_phone",
] as const satisfies readonly (keyof Pitch)[];

export type RevisionContent = { [K in (typeof REVISION_FIELDS)[number]]: unknown };

export function pitchRevisionContent(pitch: Pick<Pitch, (typeof REVISION_FIELDS)[number]>): RevisionContent {
  return Object.fromEntries(REVISION_FIELDS.map((field) => [field, pitch[field] ?? null])) as RevisionContent;
}
