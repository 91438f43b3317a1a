// The annual self-evaluation of the 実施要綱 (browser-safe): one four-level rating with written reasons per indicator of
// the evaluation frame of seed 002 (INDICATORS), per fiscal year. The seeds give no official wording for the four
// levels; these follow the usual 達成度 scale of municipal self-evaluations.
import { z } from "zod";
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from "~/domain/funding/fiscal-year.rules";
import {
  INDICATORS,
  type IndicatorApproach,
  type IndicatorCode,
  type IndicatorStage,
} from "~/domain/pitches/catalog.data";

export const SELF_EVALUATION_REASONS_MAX = 4000;

export const SELF_EVALUATION_RATINGS = [
  { value: 4, label: "達成できた", description: "目標どおり、またはそれ以上に取り組めた。" },
  { value: 3, label: "おおむね達成できた", description: "一部に課題は残るが、目標の大部分に取り組めた。" },
  { value: 2, label: "あまり達成できなかった", description: "取り組みはしたが、目標に届かない部分が大きかった。" },
  { value: 1, label: "達成できなかった", description: "取り組めなかった、または目標にほとんど届かなかった。" },
] as const;

export type SelfEvaluationRating = (typeof SELF_EVALUATION_RATINGS)[number]["value"];

export const RATING_LABELS: Record<number, string> = Object.fromEntries(
  SELF_EVALUATION_RATINGS.map((r) => [r.value, r.label]),
);

export const ratingField = (code: string) => `rating_${code}`;
export const reasonsField = (code: string) => `reasons_${code}`;

const APPROACH_ORDER: IndicatorApproach[] = ["choices", "population", "high_risk", "final"];
const STAGE_ORDER: IndicatorStage[] = ["process", "output", "outcome", "final_outcome"];

/** The catalog grouped by approach, each group in stage order (process → output → outcome → final outcome). */
export function indicatorsByApproach() {
  return APPROACH_ORDER.map((approach) => ({
    approach,
    indicators: INDICATORS.filter((i) => i.approach === approach).sort(
      (a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage),
    ),
  }));
}

const fiscalYear = z
  .string({ error: "年度を選んでください。" })
  .transform((v) => v.normalize("NFKC").trim())
  .pipe(
    z
      .string()
      .regex(/^\d{4}$/, { error: "年度を選んでください。" })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(MIN_FISCAL_YEAR, { error: "年度が正しくありません。" })
          .max(MAX_FISCAL_YEAR, { error: "年度が正しくありません。" }),
      ),
  );

const shape: Record<string, z.ZodType> = { intent: z.literal("save"), fiscalYear };
for (const indicator of INDICATORS) {
  shape[ratingField(indicator.code)] = z
    .enum(["", "1", "2", "3", "4"], { error: "評価は4段階から選んでください。" })
    .prefault("");
  shape[reasonsField(indicator.code)] = z
    .string()
    .trim()
    .max(SELF_EVALUATION_REASONS_MAX, {
      error: `理由は${SELF_EVALUATION_REASONS_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`,
    })
    .prefault("");
}

export interface SelfEvaluationEntry {
  indicatorCode: IndicatorCode;
  /** null: not rated (a stored rating is removed). */
  rating: SelfEvaluationRating | null;
  reasons: string;
}

export interface SelfEvaluationInput {
  fiscalYear: number;
  entries: SelfEvaluationEntry[];
}

/**
 * The whole form: for every indicator, a rating (or none) and its reasons. A rating needs its reasons; reasons need a
 * rating (the database keeps only rated rows). Fields are rating_<code> and reasons_<code>; anything else is refused.
 */
export const SelfEvaluationSchema = z
  .strictObject(shape)
  .superRefine((data, ctx) => {
    for (const { code } of INDICATORS) {
      const rating = data[ratingField(code)] as string;
      const reasons = data[reasonsField(code)] as string;
      if (rating && !reasons)
        ctx.addIssue({ code: "custom", path: [reasonsField(code)], message: "評価の理由を入力してください。" });
      if (!rating && reasons)
        ctx.addIssue({
          code: "custom",
          path: [ratingField(code)],
          message: "理由を書いた指標は、評価も選んでください。",
        });
    }
  })
  .transform((data): SelfEvaluationInput => ({
    fiscalYear: data.fiscalYear as number,
    entries: INDICATORS.map(({ code }) => {
      const rating = data[ratingField(code)] as string;
      return {
        indicatorCode: code,
        rating: rating ? (Number(rating) as SelfEvaluationRating) : null,
        reasons: data[reasonsField(code)] as string,
      };
    }),
  }));

/** ?fy= on the page and the CSV: a fiscal year, or the current one when missing or malformed. */
export function parseFiscalYearQuery(value: string | null, current: number): number {
  const n = Number((value ?? "").normalize("NFKC").trim());
  return Number.isInteger(n) && n >= MIN_FISCAL_YEAR && n <= current + 1 ? n : current;
}
