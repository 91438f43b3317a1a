// The proposal form: strict shapes at the boundary. Saving a draft checks shapes and lengths only; submitting adds
// the requirements of proposal.rules.ts (submissionProblems). Repeated rows (KPIs, cost items) are posted as
// parallel lists (kpiIndicator[i], kpiName[i] ...); rows left entirely empty are dropped.
import { z } from "zod";
import type { ProposalCostItem, ProposalKpi } from "@db/schema";
import { INDICATOR_CODES, indicatorLabel } from "~/domain/pitches/catalog.data";

export const MAX_KPIS = 20;
export const MAX_COST_ITEMS = 30;
export const LONG_TEXT_MAX = 8000;
export const WITHDRAWAL_REASON_MAX = 1000;

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}は${max.toLocaleString("ja-JP")}文字以内で入力してください。`)
    .prefault("");

const list = (max: number) => z.array(z.string().max(1000)).max(max, "行が多すぎます。").prefault([]);

/** Integer yen: 全角 digits, commas, "円" and spaces are accepted (NFKC), nothing else; "" is null. */
export function parseYen(raw: string): { ok: true; value: number | null } | { ok: false } {
  const cleaned = raw.normalize("NFKC").replace(/[,，円\s]/g, "");
  if (cleaned === "") return { ok: true, value: null };
  if (!/^\d{1,12}$/.test(cleaned)) return { ok: false };
  return { ok: true, value: Number(cleaned) };
}

export const YEN_MESSAGE = "金額は0以上の円単位の整数で入力してください（例: 4000000）。";

const optionalYen = z
  .string()
  .prefault("")
  .transform((v, ctx) => {
    const parsed = parseYen(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: YEN_MESSAGE });
      return z.NEVER;
    }
    return parsed.value;
  });

/** The text fields of a proposal, with their labels (the order of the editor's sections). */
export const PROPOSAL_TEXT_FIELDS = {
  title: { column: "title", label: "提案の概要（タイトル）", max: 200 },
  understanding: { column: "understanding", label: "課題の理解", max: LONG_TEXT_MAX },
  approach: { column: "approach", label: "解決の方法", max: LONG_TEXT_MAX },
  residentParticipation: { column: "resident_participation", label: "住民・地域の参画", max: LONG_TEXT_MAX },
  implementationPlan: { column: "implementation_plan", label: "実施計画", max: LONG_TEXT_MAX },
  schedule: { column: "schedule", label: "スケジュール", max: LONG_TEXT_MAX },
  team: { column: "team", label: "体制", max: LONG_TEXT_MAX },
  coFundingExplanation: { column: "co_funding_explanation", label: "共同負担の説明", max: LONG_TEXT_MAX },
  companyContribution: { column: "company_contribution", label: "自社の負担・貢献", max: LONG_TEXT_MAX },
  referencesText: { column: "references_text", label: "実績・参考", max: LONG_TEXT_MAX },
} as const;

export type ProposalTextField = keyof typeof PROPOSAL_TEXT_FIELDS;

export const ProposalFieldsSchema = z.strictObject({
  title: text(200, PROPOSAL_TEXT_FIELDS.title.label),
  understanding: text(LONG_TEXT_MAX, "課題の理解"),
  approach: text(LONG_TEXT_MAX, "解決の方法"),
  residentParticipation: text(LONG_TEXT_MAX, "住民・地域の参画"),
  implementationPlan: text(LONG_TEXT_MAX, "実施計画"),
  schedule: text(LONG_TEXT_MAX, "スケジュール"),
  team: text(LONG_TEXT_MAX, "体制"),
  kpiIndicator: list(MAX_KPIS),
  kpiName: list(MAX_KPIS),
  kpiTarget: list(MAX_KPIS),
  kpiUnit: list(MAX_KPIS),
  costLabel: list(MAX_COST_ITEMS),
  costAmount: list(MAX_COST_ITEMS),
  requestedFundingYen: optionalYen,
  coFundingExplanation: text(LONG_TEXT_MAX, "共同負担の説明"),
  companyContribution: text(LONG_TEXT_MAX, "自社の負担・貢献"),
  referencesText: text(LONG_TEXT_MAX, "実績・参考"),
});

export type ProposalFields = z.output<typeof ProposalFieldsSchema>;

export const LIST_FIELDS = ["kpiIndicator", "kpiName", "kpiTarget", "kpiUnit", "costLabel", "costAmount"] as const;
export const FIELD_NAMES = Object.keys(ProposalFieldsSchema.shape);

/** What a proposal holds once the form has been read: the columns, with the total computed here (server-side). */
export interface ProposalDraftContent {
  title: string;
  understanding: string;
  approach: string;
  resident_participation: string;
  implementation_plan: string;
  schedule: string;
  team: string;
  kpis: ProposalKpi[];
  cost_items: ProposalCostItem[];
  total_cost_yen: number | null;
  requested_funding_yen: number | null;
  co_funding_explanation: string;
  company_contribution: string;
  references_text: string;
}

/** The form as an object for the schema: lists for the repeated rows, strings for the rest. */
export function proposalFormObject(formData: FormData, omit: readonly string[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (omit.includes(key)) continue;
    const values = formData.getAll(key);
    if (values.some((v) => typeof v !== "string")) {
      object[key] = values;
      continue;
    }
    // A single field posted twice is passed on as a list, which the schema refuses (never a silent pick of one).
    object[key] = (LIST_FIELDS as readonly string[]).includes(key) || values.length > 1 ? values : values[0];
  }
  return object;
}

const cell = (values: string[], i: number) => (values[i] ?? "").trim();

/**
 * Turns parsed fields into the proposal's columns. Row errors are keyed "kpis" and "costItems" and name the row.
 * Only shapes are checked here (same for drafts and submissions).
 */
export function fieldsToContent(fields: ProposalFields): {
  content: ProposalDraftContent;
  fieldErrors: Record<string, string>;
} {
  const fieldErrors: Record<string, string> = {};
  const kpis: ProposalKpi[] = [];
  const kpiRows = Math.max(
    fields.kpiIndicator.length,
    fields.kpiName.length,
    fields.kpiTarget.length,
    fields.kpiUnit.length,
  );
  for (let i = 0; i < kpiRows; i++) {
    const code = cell(fields.kpiIndicator, i);
    const name = cell(fields.kpiName, i);
    const target = cell(fields.kpiTarget, i);
    const unit = cell(fields.kpiUnit, i);
    if (!code && !name && !target && !unit) continue;
    if (code && !(INDICATOR_CODES as readonly string[]).includes(code)) {
      fieldErrors.kpis ??= `KPIの${i + 1}行目: 指標を一覧から選んでください。`;
      continue;
    }
    if (!code && !name) {
      fieldErrors.kpis ??= `KPIの${i + 1}行目: 指標を選ぶか、指標名を入力してください。`;
      continue;
    }
    if (name.length > 200 || target.length > 200 || unit.length > 50) {
      fieldErrors.kpis ??= `KPIの${i + 1}行目: 入力が長すぎます（指標名・目標は200文字、単位は50文字まで）。`;
      continue;
    }
    kpis.push({ indicatorCode: code || null, name: code ? indicatorLabel(code) : name, target, unit });
  }
  const costItems: ProposalCostItem[] = [];
  const costRows = Math.max(fields.costLabel.length, fields.costAmount.length);
  for (let i = 0; i < costRows; i++) {
    const label = cell(fields.costLabel, i);
    const rawAmount = cell(fields.costAmount, i);
    if (!label && !rawAmount) continue;
    const amount = parseYen(rawAmount);
    if (!label) {
      fieldErrors.costItems ??= `費用内訳の${i + 1}行目: 費目を入力してください。`;
      continue;
    }
    if (label.length > 200) {
      fieldErrors.costItems ??= `費用内訳の${i + 1}行目: 費目は200文字以内で入力してください。`;
      continue;
    }
    if (!amount.ok || amount.value === null) {
      fieldErrors.costItems ??= `費用内訳の${i + 1}行目: ${YEN_MESSAGE}`;
      continue;
    }
    costItems.push({ label, amountYen: amount.value });
  }
  const total = costItems.length > 0 ? costItems.reduce((sum, item) => sum + item.amountYen, 0) : null;
  return {
    fieldErrors,
    content: {
      title: fields.title,
      understanding: fields.understanding,
      approach: fields.approach,
      resident_participation: fields.residentParticipation,
      implementation_plan: fields.implementationPlan,
      schedule: fields.schedule,
      team: fields.team,
      kpis,
      cost_items: costItems,
      total_cost_yen: total,
      requested_funding_yen: fields.requestedFundingYen,
      co_funding_explanation: fields.coFundingExplanation,
      company_contribution: fields.companyContribution,
      references_text: fields.referencesText,
    },
  };
}

/** The lifecycle intents that carry no proposal fields. */
export const WithdrawSchema = z.strictObject({
  intent: z.literal("withdraw"),
  reason: text(WITHDRAWAL_REASON_MAX, "取り下げの理由"),
});

export const DeleteAttachmentSchema = z.strictObject({
  intent: z.literal("deleteAttachment"),
  attachmentId: z.uuid({ error: "添付ファイルが見つかりません。" }),
});

export const FIELD_INTENTS = ["save", "submit", "revise"] as const;
export type FieldIntent = (typeof FIELD_INTENTS)[number];
