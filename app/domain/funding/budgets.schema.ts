// The budget form: strict schemas at the boundary (browser-safe). Amounts accept 全角 digits and commas (NFKC).
import { z } from "zod";
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from "./fiscal-year.rules";

export const BUDGET_NOTE_MAX = 1000;
/** A ceiling well inside PostgreSQL bigint and JavaScript's safe integers: 1兆円. */
export const BUDGET_AMOUNT_MAX_YEN = 1_000_000_000_000;

const amountYen = z
  .string({ error: "予算額を入力してください。" })
  .transform((v) => v.normalize("NFKC").replace(/[,\s]/g, "").replace(/円$/, ""))
  .pipe(
    z
      .string()
      .min(1, { error: "予算額を入力してください。" })
      .regex(/^\d+$/, { error: "予算額は円単位の整数（半角・全角の数字、カンマ可）で入力してください。" })
      .transform((v) => Number(v))
      .pipe(z.number().max(BUDGET_AMOUNT_MAX_YEN, { error: "予算額が大きすぎます。1兆円以下で入力してください。" })),
  );

const note = z
  .string()
  .trim()
  .max(BUDGET_NOTE_MAX, { error: `メモは${BUDGET_NOTE_MAX.toLocaleString("ja-JP")}文字以内で入力してください。` })
  .default("");

const fiscalYear = z
  .string({ error: "年度を選んでください。" })
  .transform((v) => v.normalize("NFKC").trim())
  .pipe(
    z
      .string()
      .regex(/^\d{4}$/, { error: "年度を選んでください。" })
      .transform((v) => Number(v))
      .pipe(
        z
          .number()
          .min(MIN_FISCAL_YEAR, { error: "年度は令和元年度（2019年度）以降を選んでください。" })
          .max(MAX_FISCAL_YEAR, { error: "年度が正しくありません。" }),
      ),
  );

export const CreateBudgetSchema = z
  .object({ intent: z.literal("create", { error: "操作の内容が正しくありません。" }), fiscalYear, amountYen, note })
  .strict();

export const UpdateBudgetSchema = z
  .object({
    intent: z.literal("update", { error: "操作の内容が正しくありません。" }),
    budgetId: z.uuid({ error: "予算が見つかりません。" }),
    amountYen,
    note,
  })
  .strict();

export type CreateBudgetInput = z.infer<typeof CreateBudgetSchema>;
export type UpdateBudgetInput = z.infer<typeof UpdateBudgetSchema>;

/** ?members=N on the page: the member municipalities of a 一部事務組合 or 広域連合 (not in our reference data). */
export const BudgetPageQuerySchema = z.object({
  members: z
    .string()
    .transform((v) => v.normalize("NFKC").trim())
    .pipe(
      z
        .string()
        .regex(/^\d{1,4}$/)
        .transform(Number)
        .pipe(z.number().int().min(1).max(2000)),
    )
    .optional()
    .catch(undefined),
});
