// The forms of a pilot's close-out page (browser-safe): closing with the final report, the reflection (振り返り) and the
// result; afterwards the 予算化 answer and the municipalities that adopted the solution (横展開).
import { z } from "zod";
import { BUDGETED_CHOICES, PILOT_RESULTS } from "./pilot-result.schema";

export const CLOSEOUT_LIMITS = {
  finalReport: 8000,
  whatWorked: 4000,
  whatDidNotWork: 4000,
  nextStep: 4000,
  budgetedNote: 1000,
  adoptionNote: 1000,
  search: 50,
} as const;

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください。` })
    .trim()
    .min(1, { error: `${label}を入力してください。` })
    .max(max, { error: `${label}は${max.toLocaleString("ja-JP")}文字以内で入力してください。` });

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}は${max.toLocaleString("ja-JP")}文字以内で入力してください。` })
    .prefault("");

export const ClosePilotSchema = z.strictObject({
  intent: z.literal("close"),
  result: z.enum(PILOT_RESULTS, { error: "実証の結果を選んでください。" }),
  finalReport: requiredText("最終報告", CLOSEOUT_LIMITS.finalReport),
  whatWorked: requiredText("うまくいったこと", CLOSEOUT_LIMITS.whatWorked),
  whatDidNotWork: requiredText("うまくいかなかったこと", CLOSEOUT_LIMITS.whatDidNotWork),
  nextStep: requiredText("次の一歩", CLOSEOUT_LIMITS.nextStep),
});
export type ClosePilotInput = z.infer<typeof ClosePilotSchema>;

export const BudgetedSchema = z.strictObject({
  intent: z.literal("budgeted"),
  budgeted: z.enum(BUDGETED_CHOICES, { error: "次年度の予算化の状況を選んでください。" }),
  budgetedNote: optionalText("予算化についてのメモ", CLOSEOUT_LIMITS.budgetedNote),
});
export type BudgetedInput = z.infer<typeof BudgetedSchema>;

const municipalityCode = z
  .string({ error: "自治体を選んでください。" })
  .trim()
  .regex(/^\d{6}$/, { error: "自治体を選んでください。" });

export const AddAdoptionSchema = z.strictObject({
  intent: z.literal("addAdoption"),
  municipalityCode,
  note: optionalText("メモ", CLOSEOUT_LIMITS.adoptionNote),
});
export type AddAdoptionInput = z.infer<typeof AddAdoptionSchema>;

export const RemoveAdoptionSchema = z.strictObject({ intent: z.literal("removeAdoption"), municipalityCode });
export type RemoveAdoptionInput = z.infer<typeof RemoveAdoptionSchema>;

export const NextCycleSchema = z.strictObject({ intent: z.literal("nextCycle") });

/** ?q= on the close-out page: a municipality name (kanji or kana) to add as an adopter. */
export const AdoptionSearchSchema = z.object({
  q: z
    .string()
    .transform((v) => v.normalize("NFKC").trim().slice(0, CLOSEOUT_LIMITS.search))
    .catch("")
    .prefault(""),
});
