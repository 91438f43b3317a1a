// Between the form's fields (camelCase, parsed by PitchFieldsSchema) and the pitch row (snake_case). Browser-safe.
import type { Pitch } from "@db/schema";
import type { PitchFields } from "./pitch.schema";

/** The columns a pitch form writes, in form order. */
export const FORM_COLUMNS = {
  title: "title",
  summary: "summary",
  vision: "vision",
  currentSituation: "current_situation",
  population: "population",
  agingRatePercent: "aging_rate_percent",
  certificationRatePercent: "certification_rate_percent",
  problem: "problem",
  problemEvidence: "problem_evidence",
  targetPeople: "target_people",
  targetStates: "target_states",
  themes: "themes",
  layer: "layer",
  areaName: "area_name",
  triedSoFar: "tried_so_far",
  partnerWanted: "partner_wanted",
  solutionWanted: "solution_wanted",
  resourcesOffered: "resources_offered",
  budgetCeilingYen: "budget_ceiling_yen",
  pilotStartOn: "pilot_start_on",
  pilotEndOn: "pilot_end_on",
  indicators: "indicators",
  proposalDeadline: "proposal_deadline",
  contactName: "contact_name",
  contactEmail: "contact_email",
  contactPhone: "contact_phone",
} as const satisfies Record<keyof PitchFields, keyof Pitch>;

export type PitchColumn = (typeof FORM_COLUMNS)[keyof typeof FORM_COLUMNS];
export const PITCH_COLUMNS = Object.values(FORM_COLUMNS) as PitchColumn[];

/** Parsed form fields as column values (numbers kept as the strings the database returns, for comparisons). */
export function fieldsToColumns(fields: PitchFields) {
  return {
    title: fields.title,
    summary: fields.summary,
    vision: fields.vision,
    current_situation: fields.currentSituation,
    population: fields.population,
    aging_rate_percent: fields.agingRatePercent === null ? null : fields.agingRatePercent.toFixed(1),
    certification_rate_percent:
      fields.certificationRatePercent === null ? null : fields.certificationRatePercent.toFixed(1),
    problem: fields.problem,
    problem_evidence: fields.problemEvidence,
    target_people: fields.targetPeople,
    target_states: [...fields.targetStates],
    themes: [...fields.themes],
    layer: fields.layer,
    area_name: fields.areaName,
    tried_so_far: fields.triedSoFar,
    partner_wanted: fields.partnerWanted,
    solution_wanted: fields.solutionWanted,
    resources_offered: fields.resourcesOffered,
    budget_ceiling_yen: fields.budgetCeilingYen === null ? null : String(fields.budgetCeilingYen),
    pilot_start_on: fields.pilotStartOn,
    pilot_end_on: fields.pilotEndOn,
    indicators: [...fields.indicators],
    proposal_deadline: fields.proposalDeadline,
    contact_name: fields.contactName,
    contact_email: fields.contactEmail,
    contact_phone: fields.contactPhone,
  } satisfies Record<PitchColumn, unknown>;
}

/** "YYYY-MM-DDTHH:mm" in Asia/Tokyo, for a datetime-local input. */
export function toTokyoInput(value: Date | string | null): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return new Date(date.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 16);
}

export type PitchFormValues = Record<string, string | string[]>;

/** A stored pitch as the values of its edit form. */
export function pitchToFormValues(pitch: Pick<Pitch, PitchColumn>): PitchFormValues {
  const values: PitchFormValues = {};
  for (const [field, column] of Object.entries(FORM_COLUMNS)) {
    const value = pitch[column];
    if (Array.isArray(value)) values[field] = value.map(String);
    else if (column === "proposal_deadline") values[field] = toTokyoInput(value as Date | null);
    else values[field] = value === null || value === undefined ? "" : String(value);
  }
  return values;
}
