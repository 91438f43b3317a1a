// The sections of the pitch form as a municipality thinks in them, in order, with the fields each holds: the editor's
// index, its per-section save and the form itself read them from here (browser-safe).
/** The sections of the pitch form, in order, with the fields each holds (for the index and the per-section save). */
export const PITCH_SECTIONS = [
  { id: "summary", title: "概要", fields: ["title", "summary", "vision"] },
  {
    id: "situation",
    title: "地域の現状",
    fields: ["currentSituation", "population", "agingRatePercent", "certificationRatePercent"],
  },
  { id: "problem", title: "課題", fields: ["problem", "problemEvidence", "triedSoFar"] },
  { id: "target", title: "対象者", fields: ["targetPeople", "targetStates"] },
  { id: "scope", title: "テーマと範囲", fields: ["themes", "layer", "areaName"] },
  { id: "wanted", title: "求める提案", fields: ["partnerWanted", "solutionWanted", "resourcesOffered"] },
  { id: "budget", title: "予算と期間", fields: ["budgetCeilingYen", "pilotStartOn", "pilotEndOn"] },
  { id: "indicators", title: "評価指標", fields: ["indicators"] },
  { id: "contact", title: "締切と連絡先", fields: ["proposalDeadline", "contactName", "contactEmail", "contactPhone"] },
] as const;

export type PitchSectionId = (typeof PITCH_SECTIONS)[number]["id"];

export const PITCH_SECTION_IDS: readonly string[] = PITCH_SECTIONS.map((s) => s.id);
