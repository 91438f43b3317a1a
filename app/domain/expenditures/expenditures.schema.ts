// Expenditure reports: the limits, labels and form parsing shared by the page (browser) and the commands (server).
// The report form posts the items as indexed fields (items.0.description, items.0.amount, ...), so that an error can
// be shown beside its own cell and every value typed comes back; rows left entirely empty are ignored. The total is
// always computed here from the items, never taken from the form.
import { z } from "zod";
import type { ExpenditureReportStatus } from "@db/schema";
import { MAX_ATTACHMENT_BYTES } from "~/domain/pitches/pitch-limits.schema";
import { parseYen } from "~/domain/proposals/proposals.schema";

export const EXPENDITURE_NARRATIVE_MAX = 4000;
export const EXPENDITURE_ITEM_DESCRIPTION_MAX = 200;
export const MAX_EXPENDITURE_ITEMS = 50;
/** Rows the form shows at first (more can be added, up to MAX_EXPENDITURE_ITEMS). */
export const INITIAL_EXPENDITURE_ROWS = 3;
export const REVIEW_COMMENT_MAX = 2000;
export const MAX_RECEIPTS_PER_REPORT = 10;
export const MAX_RECEIPT_BYTES = MAX_ATTACHMENT_BYTES;
export const MAX_RECEIPTS_TOTAL_BYTES = 30 * 1024 * 1024;

export const EXPENDITURE_STATUS_LABELS: Record<ExpenditureReportStatus, string> = {
  submitted: "確認待ち",
  approved: "承認済み",
  returned: "差し戻し",
};

export const UNKNOWN_FIELDS =
  "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。";
export const CHECK_INPUT = "入力内容を確認してください。";
export const RECEIPT_REQUIRED = "領収書（PDF・PNG・JPEG）を1件以上添付してください。";
export const RETURN_COMMENT_REQUIRED = "差し戻す理由を入力してください。企業はこのコメントを見て報告を直します。";

export interface ExpenditureItemInput {
  description: string;
  amountYen: number;
}

export interface ExpenditureReportInput {
  milestoneId: string;
  narrative: string;
  items: ExpenditureItemInput[];
}

export type ExpenditureFormResult =
  | { ok: true; data: ExpenditureReportInput & { totalYen: number } }
  | { ok: false; fieldErrors: Record<string, string>; formError?: string };

const ITEM_FIELD = /^items\.(\d{1,2})\.(description|amount)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const itemFieldName = (row: number, cell: "description" | "amount") => `items.${row}.${cell}`;

/** The sum of the items in integer yen. */
export function totalOf(items: readonly ExpenditureItemInput[]): number {
  return items.reduce((sum, item) => sum + item.amountYen, 0);
}

/** Parses the text fields of the report form (the receipts are checked by the command). */
export function parseExpenditureForm(values: Record<string, string>): ExpenditureFormResult {
  const fieldErrors: Record<string, string> = {};
  const rows = new Map<number, { description: string; amount: string }>();
  for (const [key, value] of Object.entries(values)) {
    if (key === "intent" || key === "milestoneId" || key === "narrative") continue;
    const match = ITEM_FIELD.exec(key);
    const row = match ? Number(match[1]) : -1;
    if (!match || row >= MAX_EXPENDITURE_ITEMS || String(row) !== match[1])
      return { ok: false, fieldErrors: {}, formError: UNKNOWN_FIELDS };
    const cells = rows.get(row) ?? { description: "", amount: "" };
    cells[match[2] as "description" | "amount"] = value;
    rows.set(row, cells);
  }
  if (values.intent !== "submit") return { ok: false, fieldErrors: {}, formError: UNKNOWN_FIELDS };
  const milestoneId = values.milestoneId ?? "";
  if (!UUID.test(milestoneId))
    return {
      ok: false,
      fieldErrors: {},
      formError: "支払予定を選んでください。ページを再読み込みしてからやり直してください。",
    };

  const narrative = (values.narrative ?? "").trim();
  if (!narrative) fieldErrors.narrative = "実施内容・成果の報告を入力してください。";
  else if (narrative.length > EXPENDITURE_NARRATIVE_MAX) {
    fieldErrors.narrative = `実施内容・成果の報告は${EXPENDITURE_NARRATIVE_MAX.toLocaleString("ja-JP")}文字以内で入力してください（いま${narrative.length.toLocaleString("ja-JP")}文字）。`;
  }

  const items: ExpenditureItemInput[] = [];
  for (const row of [...rows.keys()].sort((a, b) => a - b)) {
    const cells = rows.get(row)!;
    const description = cells.description.trim();
    const rawAmount = cells.amount.trim();
    if (!description && !rawAmount) continue;
    const descriptionField = itemFieldName(row, "description");
    const amountField = itemFieldName(row, "amount");
    if (!description) fieldErrors[descriptionField] = "内容を入力してください。";
    else if (description.length > EXPENDITURE_ITEM_DESCRIPTION_MAX) {
      fieldErrors[descriptionField] = `内容は${EXPENDITURE_ITEM_DESCRIPTION_MAX}文字以内で入力してください。`;
    }
    const amount = parseYen(rawAmount);
    if (!rawAmount) fieldErrors[amountField] = "金額を入力してください。";
    else if (!amount.ok || amount.value === null)
      fieldErrors[amountField] = "金額は円単位の整数で入力してください（例: 120,000）。";
    else if (amount.value < 1) fieldErrors[amountField] = "金額は1円以上で入力してください。";
    if (fieldErrors[descriptionField] || fieldErrors[amountField]) continue;
    items.push({ description, amountYen: (amount as { value: number }).value });
  }
  if (items.length === 0 && !Object.keys(fieldErrors).some((k) => k.startsWith("items."))) {
    fieldErrors.items = "支出の明細を1行以上入力してください（内容と金額）。";
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, formError: CHECK_INPUT };
  return { ok: true, data: { milestoneId, narrative, items, totalYen: totalOf(items) } };
}

export const ReviewExpenditureSchema = z
  .strictObject({
    intent: z.enum(["approve", "return"], { error: "操作の内容が正しくありません。" }),
    reportId: z.string().regex(UUID, { error: "支出報告が見つかりません。" }),
    comment: z
      .string()
      .trim()
      .max(REVIEW_COMMENT_MAX, {
        error: `コメントは${REVIEW_COMMENT_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`,
      })
      .prefault(""),
  })
  .superRefine((value, ctx) => {
    if (value.intent === "return" && !value.comment)
      ctx.addIssue({ code: "custom", path: ["comment"], message: RETURN_COMMENT_REQUIRED });
  });

export type ReviewExpenditureInput = z.infer<typeof ReviewExpenditureSchema>;
