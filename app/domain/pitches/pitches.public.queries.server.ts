// The public pitch page: public statuses only, public fields only (contacts never leave this module), the
// revision history with change notes, and a field-level diff of the last change.
import { isUuid } from "~/lib/uuid";
import type { PitchStatus } from "@db/schema";
import type { Executor } from "@db/database.server";
import { formatDateTime, formatYen } from "~/lib/format";
import { AppError } from "~/lib/errors";
import { indicatorLabel, layerLabel, targetStateLabel, themeLabel } from "./catalog.data";
import { isOpenForProposals, PUBLIC_STATUSES } from "./pitch.rules";
import { type REVISION_FIELDS } from "./pitch-revision.rules";
import { currentSuccessors, type Successor } from "~/domain/reference/municipality-master.queries.server";

/** Labels of the public fields, for the change list ("what changed"). */
export const publicFieldLabels = {
  title: "タイトル",
  summary: "概要",
  vision: "実現したい未来",
  current_situation: "地域の現状",
  population: "人口",
  aging_rate_percent: "高齢化率",
  certification_rate_percent: "認定率",
  problem: "課題",
  problem_evidence: "課題の根拠",
  target_people: "対象者",
  target_states: "対象者の状態",
  themes: "テーマ",
  layer: "対象の層",
  area_name: "日常生活圏域",
  tried_so_far: "これまでの取組",
  partner_wanted: "求めるパートナー",
  solution_wanted: "求める解決策",
  resources_offered: "自治体が提供できる資源",
  budget_ceiling_yen: "試行的実施の予算上限",
  pilot_start_on: "実証期間（開始）",
  pilot_end_on: "実証期間（終了）",
  indicators: "重視する評価指標",
  proposal_deadline: "提案の締切",
} as const satisfies Partial<Record<(typeof REVISION_FIELDS)[number], string>>;

type PublicField = keyof typeof publicFieldLabels;
const PUBLIC_FIELDS = Object.keys(publicFieldLabels) as PublicField[];

function displayValue(field: PublicField, value: unknown): string {
  if (value === null || value === undefined || value === "") return "（なし）";
  if (Array.isArray(value)) {
    if (value.length === 0) return "（なし）";
    const label =
      field === "themes"
        ? themeLabel
        : field === "target_states"
          ? targetStateLabel
          : field === "indicators"
            ? indicatorLabel
            : String;
    return value.map((v) => label(String(v))).join("、");
  }
  if (field === "budget_ceiling_yen") return formatYen(value as string);
  if (field === "proposal_deadline") return formatDateTime(String(value));
  if (field === "layer") return layerLabel(String(value));
  if (field === "aging_rate_percent" || field === "certification_rate_percent") return `${value}%`;
  if (field === "population") return `${Number(value).toLocaleString("ja-JP")}人`;
  return String(value);
}

export interface FieldChange {
  field: PublicField;
  label: string;
  from: string;
  to: string;
}

/** The public fields that differ between two revisions, in form order. */
export function diffRevisions(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of PUBLIC_FIELDS) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    const same =
      field === "proposal_deadline" && from && to
        ? new Date(String(from)).getTime() === new Date(String(to)).getTime()
        : JSON.stringify(from) === JSON.stringify(to) || (from !== null && to !== null && String(from) === String(to));
    if (!same)
      changes.push({
        field,
        label: publicFieldLabels[field],
        from: displayValue(field, from),
        to: displayValue(field, to),
      });
  }
  return changes;
}

export interface PublicPitch {
  id: string;
  organizationId: string;
  status: PitchStatus;
  openForProposals: boolean;
  revisionNumber: number;
  title: string;
  summary: string;
  vision: string;
  currentSituation: string;
  population: number | null;
  agingRatePercent: string | null;
  certificationRatePercent: string | null;
  problem: string;
  problemEvidence: string;
  targetPeople: string;
  targetStates: string[];
  themes: string[];
  layer: "layer1" | "layer2" | null;
  areaName: string;
  triedSoFar: string;
  partnerWanted: string;
  solutionWanted: string;
  resourcesOffered: string;
  budgetCeilingYen: number | null;
  pilotStartOn: string | null;
  pilotEndOn: string | null;
  indicators: string[];
  proposalDeadline: string | null;
  publishedAt: string | null;
  updatedAt: string;
  /** The pitch keeps the code it was made under; an abolished one (廃置分合) names its current successors. */
  municipality: { code: string; name: string; url: string | null; abolishedOn: string | null; successors: Successor[] };
  prefecture: { code: number; name: string };
  bureaus: { id: string; name: string }[];
  revisions: { number: number; changeNote: string; createdAt: string }[];
  lastChange: { number: number; changes: FieldChange[] } | null;
}

/** A public pitch, or 404 (drafts, archived and unknown ids look the same). */
export async function getPublicPitch(ex: Executor, pitchId: string, now = new Date()): Promise<PublicPitch> {
  if (!isUuid(pitchId)) throw new AppError("not_found");
  const row = await ex
    .selectFrom("pitch")
    .innerJoin("municipality", "municipality.code", "pitch.municipality_code")
    .innerJoin("prefecture", "prefecture.code", "pitch.prefecture_code")
    .select(["pitch.id", "pitch.organization_id", "pitch.status", "pitch.revision_number"])
    .select(["pitch.title", "pitch.summary", "pitch.vision", "pitch.current_situation"])
    .select(["pitch.population", "pitch.aging_rate_percent", "pitch.certification_rate_percent"])
    .select(["pitch.problem", "pitch.problem_evidence", "pitch.target_people"])
    .select(["pitch.target_states", "pitch.themes", "pitch.layer", "pitch.area_name"])
    .select(["pitch.tried_so_far", "pitch.partner_wanted", "pitch.solution_wanted"])
    .select(["pitch.resources_offered", "pitch.budget_ceiling_yen", "pitch.pilot_start_on"])
    .select(["pitch.pilot_end_on", "pitch.indicators", "pitch.proposal_deadline"])
    .select(["pitch.published_at", "pitch.updated_at", "pitch.municipality_code"])
    .select(["municipality.name as municipality_name", "municipality.url as municipality_url"])
    .select(["municipality.abolished_on", "pitch.prefecture_code", "prefecture.name as prefecture_name"])
    .where("pitch.id", "=", pitchId)
    .where("pitch.status", "in", PUBLIC_STATUSES)
    .executeTakeFirst();
  if (!row) throw new AppError("not_found");
  const [bureaus, revisions, successors] = await Promise.all([
    ex
      .selectFrom("regional_bureau")
      .innerJoin("regional_bureau_prefecture", "regional_bureau_prefecture.bureau_id", "regional_bureau.id")
      .select(["regional_bureau.id", "regional_bureau.name"])
      .where("regional_bureau_prefecture.prefecture_code", "=", row.prefecture_code)
      .orderBy("regional_bureau.sort_order")
      .execute(),
    ex
      .selectFrom("pitch_revision")
      .select(["number", "change_note", "created_at", "content"])
      .where("pitch_id", "=", row.id)
      .orderBy("number", "desc")
      .execute(),
    row.abolished_on ? currentSuccessors(ex, [row.municipality_code]) : new Map<string, Successor[]>(),
  ]);
  const [latest, previous] = revisions;
  return {
    id: row.id,
    organizationId: row.organization_id,
    status: row.status,
    openForProposals: isOpenForProposals(row, now),
    revisionNumber: row.revision_number,
    title: row.title,
    summary: row.summary,
    vision: row.vision,
    currentSituation: row.current_situation,
    population: row.population,
    agingRatePercent: row.aging_rate_percent,
    certificationRatePercent: row.certification_rate_percent,
    problem: row.problem,
    problemEvidence: row.problem_evidence,
    targetPeople: row.target_people,
    targetStates: row.target_states,
    themes: row.themes,
    layer: row.layer,
    areaName: row.area_name,
    triedSoFar: row.tried_so_far,
    partnerWanted: row.partner_wanted,
    solutionWanted: row.solution_wanted,
    resourcesOffered: row.resources_offered,
    budgetCeilingYen: row.budget_ceiling_yen === null ? null : Number(row.budget_ceiling_yen),
    pilotStartOn: row.pilot_start_on,
    pilotEndOn: row.pilot_end_on,
    indicators: row.indicators,
    proposalDeadline: row.proposal_deadline?.toISOString() ?? null,
    publishedAt: row.published_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
    municipality: {
      code: row.municipality_code,
      name: row.municipality_name,
      url: row.municipality_url,
      abolishedOn: row.abolished_on,
      successors: successors.get(row.municipality_code) ?? [],
    },
    prefecture: { code: row.prefecture_code, name: row.prefecture_name },
    bureaus,
    // Change notes and dates only: the stored snapshots also hold contacts, which stay private.
    revisions: revisions.map((r) => ({
      number: r.number,
      changeNote: r.change_note,
      createdAt: r.created_at.toISOString(),
    })),
    lastChange:
      latest && previous ? { number: latest.number, changes: diffRevisions(previous.content, latest.content) } : null,
  };
}
