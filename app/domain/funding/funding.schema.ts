// The forms of a pilot's funding page: allocations, milestones, approvals and payments (browser-safe).
// Amounts are integer yen and accept 全角 digits, commas and a trailing 円 (NFKC), like the budget form.
import { z } from "zod";
import { BUDGET_AMOUNT_MAX_YEN } from "./budgets.schema";

export const MILESTONE_TITLE_MAX = 200;
export const FUNDING_NOTE_MAX = 1000;
export const PAYMENT_REFERENCE_MAX = 200;

function yenField(label: string) {
  return z
    .string({ error: `${label}を入力してください。` })
    .transform((v) => v.normalize("NFKC").replace(/[,\s]/g, "").replace(/円$/, ""))
    .pipe(
      z
        .string()
        .min(1, { error: `${label}を入力してください。` })
        .regex(/^\d+$/, { error: `${label}は円単位の整数（半角・全角の数字、カンマ可）で入力してください。` })
        .transform((v) => Number(v))
        .pipe(
          z
            .number()
            .min(1, { error: `${label}は1円以上で入力してください。` })
            .max(BUDGET_AMOUNT_MAX_YEN, { error: `${label}が大きすぎます。` }),
        ),
    );
}

const note = z
  .string()
  .trim()
  .max(FUNDING_NOTE_MAX, { error: `メモは${FUNDING_NOTE_MAX.toLocaleString("ja-JP")}文字以内で入力してください。` })
  .default("");

const id = (message: string) => z.uuid({ error: message });

export const AllocateSchema = z
  .object({
    intent: z.literal("allocate"),
    budgetId: id("配分元の予算を選んでください。"),
    amountYen: yenField("配分額"),
    note,
  })
  .strict();

export const ChangeAllocationSchema = z
  .object({
    intent: z.literal("changeAllocation"),
    allocationId: id("配分が見つかりません。"),
    amountYen: yenField("配分額"),
  })
  .strict();

const isoDate = z
  .string({ error: "期日を入力してください。" })
  .trim()
  .min(1, { error: "期日を入力してください。" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "期日は年-月-日（例: 2027-03-31）で入力してください。" })
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      error: "存在しない日付です。",
    },
  );

export const CreateMilestoneSchema = z
  .object({
    intent: z.literal("createMilestone"),
    allocationId: id("配分を選んでください。"),
    title: z
      .string({ error: "名称を入力してください。" })
      .trim()
      .min(1, { error: "名称を入力してください。" })
      .max(MILESTONE_TITLE_MAX, { error: `名称は${MILESTONE_TITLE_MAX}文字以内で入力してください。` }),
    dueDate: isoDate,
    amountYen: yenField("金額"),
    requiresReport: z
      .enum(["on", "true", "false", ""])
      .optional()
      .transform((v) => v === "on" || v === "true"),
  })
  .strict();

export const ImportMilestonesSchema = z
  .object({ intent: z.literal("importMilestones"), allocationId: id("配分を選んでください。") })
  .strict();

export const ChangeMilestoneAmountSchema = z
  .object({
    intent: z.literal("changeMilestoneAmount"),
    milestoneId: id("支払予定が見つかりません。"),
    amountYen: yenField("金額"),
  })
  .strict();

export const ApproveMilestoneSchema = z
  .object({
    intent: z.literal("approveMilestone"),
    milestoneId: id("支払予定が見つかりません。"),
    method: z.enum(["bank_transfer", "stripe"], { error: "支払方法を選んでください。" }).default("bank_transfer"),
  })
  .strict();

export const RecordTransferSchema = z
  .object({
    intent: z.literal("recordTransfer"),
    milestoneId: id("支払予定が見つかりません。"),
    reference: z
      .string({ error: "振込の照会番号を入力してください。" })
      .trim()
      .min(1, { error: "振込の照会番号（振込番号や伝票番号）を入力してください。" })
      .max(PAYMENT_REFERENCE_MAX, { error: `照会番号は${PAYMENT_REFERENCE_MAX}文字以内で入力してください。` }),
  })
  .strict();

const reason = z
  .string({ error: "理由を入力してください。" })
  .trim()
  .min(1, { error: "理由を入力してください。" })
  .max(FUNDING_NOTE_MAX, { error: `理由は${FUNDING_NOTE_MAX.toLocaleString("ja-JP")}文字以内で入力してください。` });

export const CancelMilestoneSchema = z
  .object({ intent: z.literal("cancelMilestone"), milestoneId: id("支払予定が見つかりません。"), reason })
  .strict();

export const RecordReturnSchema = z
  .object({ intent: z.literal("recordReturn"), milestoneId: id("支払予定が見つかりません。"), reason })
  .strict();

export type AllocateInput = z.infer<typeof AllocateSchema>;
export type CreateMilestoneInput = z.infer<typeof CreateMilestoneSchema>;

export const MILESTONE_STATUS_LABELS = {
  scheduled: "予定",
  approved: "承認済み",
  paid: "支払済み",
  returned: "返還",
  cancelled: "取消",
} as const;

export const PAYMENT_METHOD_LABELS = { bank_transfer: "銀行振込（記録）", stripe: "Stripe" } as const;
export const PAYMENT_STATUS_LABELS = { pending: "処理中", paid: "支払済み", returned: "返還", failed: "失敗" } as const;
export const LEDGER_KIND_LABELS = {
  allocation: "配分",
  allocation_change: "配分額の変更",
  disbursement: "支払",
  return: "返還",
} as const;
