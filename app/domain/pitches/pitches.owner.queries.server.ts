// Reads for the owning municipality: its pitches, one pitch for editing, revisions and what changed between them.
import { isUuid } from "~/lib/uuid";
import type { MemberActor } from "~/auth/permissions";
import { db } from "~/lib/db.server";
import { formatDateTime } from "~/lib/format";
import { indicatorLabel, layerLabel, targetStateLabel, themeLabel } from "./catalog.data";
import { REVISION_FIELDS, type RevisionContent } from "./pitch-revision.rules";
import { needsReconfirmation } from "./pitch.rules";
import { pitchNotFound } from "./pitches.commands.server";

export async function listOwnPitches(actor: MemberActor, now = new Date()) {
  const rows = await db()
    .selectFrom("pitch")
    .select(["id", "title", "status", "proposal_deadline", "revision_number", "published_at"])
    .select(["reconfirmed_at", "updated_at"])
    .where("organization_id", "=", actor.membership.organizationId)
    .orderBy("updated_at", "desc")
    .limit(500)
    .execute();
  return rows.map((row) => ({ ...row, needsReconfirmation: needsReconfirmation(row, now) }));
}

/** The actor's own pitch; another organisation's id is "not found", like one that does not exist. */
export async function getOwnPitch(actor: MemberActor, pitchId: string) {
  if (!isUuid(pitchId)) throw pitchNotFound();
  const pitch = await db()
    .selectFrom("pitch")
    .innerJoin("municipality", "municipality.code", "pitch.municipality_code")
    .innerJoin("prefecture", "prefecture.code", "pitch.prefecture_code")
    .selectAll("pitch")
    .select(["municipality.name as municipality_name", "prefecture.name as prefecture_name"])
    .where("pitch.id", "=", pitchId)
    .where("pitch.organization_id", "=", actor.membership.organizationId)
    .executeTakeFirst();
  if (!pitch) throw pitchNotFound();
  return pitch;
}

export async function listRevisions(actor: MemberActor, pitchId: string) {
  const pitch = await getOwnPitch(actor, pitchId);
  const revisions = await db()
    .selectFrom("pitch_revision")
    .leftJoin("app_user", "app_user.id", "pitch_revision.created_by")
    .select(["pitch_revision.number", "pitch_revision.content", "pitch_revision.change_note"])
    .select(["pitch_revision.created_at", "app_user.display_name as author"])
    .where("pitch_revision.pitch_id", "=", pitch.id)
    .orderBy("pitch_revision.number", "desc")
    .execute();
  return { pitch, revisions };
}

export const REVISION_FIELD_LABELS: Record<(typeof REVISION_FIELDS)[number], string> = {
  title: "タイトル",
  summary: "概要",
  vision: "実現したい未来",
  current_situation: "地域の現状",
  population: "人口",
  aging_rate_percent: "高齢化率（％）",
  certification_rate_percent: "認定率（％）",
  problem: "課題",
  problem_evidence: "課題の根拠",
  target_people: "対象者",
  target_states: "対象者の状態",
  themes: "テーマ",
  layer: "層",
  area_name: "日常生活圏域の名称",
  tried_so_far: "これまでの取組",
  partner_wanted: "求めるパートナー",
  solution_wanted: "求める解決策",
  resources_offered: "自治体が提供できる資源",
  budget_ceiling_yen: "予算上限（円）",
  pilot_start_on: "実証期間の開始日",
  pilot_end_on: "実証期間の終了日",
  indicators: "重視する評価指標",
  proposal_deadline: "提案の締切",
  contact_name: "担当者名",
  contact_email: "連絡先メールアドレス",
  contact_phone: "電話番号",
};

function display(field: (typeof REVISION_FIELDS)[number], value: unknown): string {
  if (value === null || value === undefined || value === "") return "（なし）";
  if (Array.isArray(value)) {
    const label =
      field === "themes"
        ? themeLabel
        : field === "target_states"
          ? targetStateLabel
          : field === "indicators"
            ? indicatorLabel
            : String;
    return value.length === 0 ? "（なし）" : value.map((v) => label(String(v))).join("、");
  }
  if (field === "layer") return layerLabel(String(value));
  if (field === "proposal_deadline") return formatDateTime(String(value));
  if (field === "budget_ceiling_yen" || field === "population") return Number(value).toLocaleString("ja-JP");
  return String(value);
}

export interface FieldChange {
  field: string;
  label: string;
  from: string;
  to: string;
}

/** Field by field, what differs between two revision snapshots (labels and values in Japanese). */
export function diffRevisions(before: Partial<RevisionContent>, after: Partial<RevisionContent>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of REVISION_FIELDS) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    const same =
      field === "proposal_deadline" && a && b
        ? new Date(String(a)).getTime() === new Date(String(b)).getTime()
        : JSON.stringify(a) === JSON.stringify(b);
    if (!same)
      changes.push({ field, label: REVISION_FIELD_LABELS[field], from: display(field, a), to: display(field, b) });
  }
  return changes;
}
