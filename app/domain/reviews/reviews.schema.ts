// Strict schemas of every review form: extra fields are refused, messages are Japanese.
import { z } from "zod";
import {
  CRITERIA_MAX,
  CRITERION_DESCRIPTION_MAX,
  SCORE_COMMENT_MAX,
  CRITERION_NAME_MAX,
  DECISION_REASON_MAX,
  REVIEW_TEXT_MAX,
  WEIGHT_MAX,
  WEIGHT_MIN,
} from "./rubric.data";
import { SCORE_MAX, SCORE_MIN } from "./scoring.rules";

const uuid = (message: string) => z.uuid({ error: message });

const weight = z.coerce
  .number({ error: `重みは${WEIGHT_MIN}〜${WEIGHT_MAX}の整数で入力してください。` })
  .int(`重みは${WEIGHT_MIN}〜${WEIGHT_MAX}の整数で入力してください。`)
  .min(WEIGHT_MIN, `重みは${WEIGHT_MIN}〜${WEIGHT_MAX}の整数で入力してください。`)
  .max(WEIGHT_MAX, `重みは${WEIGHT_MIN}〜${WEIGHT_MAX}の整数で入力してください。`);

const criterionName = z
  .string()
  .trim()
  .min(1, "評価項目の名前を入力してください。")
  .max(CRITERION_NAME_MAX, `評価項目の名前は${CRITERION_NAME_MAX}文字以内で入力してください。`);

const criterionDescription = z
  .string()
  .trim()
  .max(CRITERION_DESCRIPTION_MAX, `説明は${CRITERION_DESCRIPTION_MAX}文字以内で入力してください。`)
  .prefault("");

/** The criteria form: rows name.N / description.N / weight.N (N = 0..count-1), rows with an empty name are dropped. */
export function parseCriteriaForm(
  form: Record<string, string>,
):
  | { ok: true; criteria: { name: string; description: string; weight: number }[] }
  | { ok: false; fieldErrors: Record<string, string>; formError?: string } {
  const allowed = /^(intent|count|(name|description|weight)\.\d{1,2})$/;
  if (Object.keys(form).some((k) => !allowed.test(k))) {
    return {
      ok: false,
      fieldErrors: {},
      formError: "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。",
    };
  }
  const count = Number(form.count ?? "0");
  if (!Number.isInteger(count) || count < 0 || count > CRITERIA_MAX + 1)
    return { ok: false, fieldErrors: {}, formError: "操作の内容が正しくありません。" };
  const fieldErrors: Record<string, string> = {};
  const criteria: { name: string; description: string; weight: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const rawName = (form[`name.${i}`] ?? "").trim();
    if (!rawName && !(form[`weight.${i}`] ?? "").trim()) continue;
    const name = criterionName.safeParse(rawName);
    const description = criterionDescription.safeParse(form[`description.${i}`] ?? "");
    const w = weight.safeParse((form[`weight.${i}`] ?? "").trim() || undefined);
    if (!name.success) fieldErrors[`name.${i}`] = name.error.issues[0]!.message;
    if (!description.success) fieldErrors[`description.${i}`] = description.error.issues[0]!.message;
    if (!w.success) fieldErrors[`weight.${i}`] = `重みは${WEIGHT_MIN}〜${WEIGHT_MAX}の整数で入力してください。`;
    if (name.success && description.success && w.success)
      criteria.push({ name: name.data, description: description.data, weight: w.data });
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, formError: "評価項目を確認してください。" };
  if (criteria.length === 0) return { ok: false, fieldErrors: {}, formError: "評価項目を1つ以上設定してください。" };
  if (criteria.length > CRITERIA_MAX)
    return { ok: false, fieldErrors: {}, formError: `評価項目は${CRITERIA_MAX}個までです。` };
  return { ok: true, criteria };
}

export const MultipleMatchesSchema = z.strictObject({
  intent: z.literal("multiple"),
  allowsMultipleMatches: z.enum(["on"]).optional(),
});

export const AssignSchema = z.strictObject({
  intent: z.enum(["assign", "unassign"]),
  userId: uuid("担当者を選んでください。"),
});

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}は${max.toLocaleString("ja-JP")}文字以内で入力してください。`)
    .prefault("");

/** The scoring form for the given criteria: score.<criterionId> for each, comment, privateNote, intent. */
export function scoreFormSchema(criterionIds: readonly string[]) {
  const scores: Record<string, z.ZodType> = {};
  for (const id of criterionIds) {
    scores[`score.${id}`] = z
      .string()
      .regex(/^[1-5]$/, `${SCORE_MIN}〜${SCORE_MAX}の点数を選んでください。`)
      .transform(Number)
      .optional();
    scores[`comment.${id}`] = text("評価項目へのコメント", SCORE_COMMENT_MAX);
  }
  return z.strictObject({
    intent: z.enum(["saveReview", "submitReview"]),
    comment: text("総評", REVIEW_TEXT_MAX),
    privateNote: text("自分用のメモ", REVIEW_TEXT_MAX),
    ...scores,
  });
}

export const ShortlistSchema = z.strictObject({
  intent: z.literal("shortlist"),
  shortlisted: z.enum(["true", "false"], { error: "操作の内容が正しくありません。" }),
});

const reason = z
  .string()
  .trim()
  .min(1, "理由を入力してください。")
  .max(DECISION_REASON_MAX, `理由は${DECISION_REASON_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`)
  .prefault("");

export const DecisionSchema = z.strictObject({
  intent: z.literal("decide"),
  outcome: z.enum(["accepted", "declined"], { error: "採択か不採択かを選んでください。" }),
  reason,
});

/** Bulk actions on the proposals list; proposalIds is every checked box (FormData.getAll). */
export const BulkSchema = z.strictObject({
  intent: z.enum(["bulkShortlist", "bulkUnshortlist", "bulkDecline"]),
  proposalIds: z.array(uuid("提案を選び直してください。")).min(1, "提案を1件以上選んでください。").max(200),
  template: z.string().max(50).optional(),
  reason: z
    .string()
    .trim()
    .max(DECISION_REASON_MAX, `理由は${DECISION_REASON_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`)
    .prefault(""),
});

export const PublishSchema = z.strictObject({ intent: z.literal("publish") });

export type DecisionInput = z.output<typeof DecisionSchema>;
export type BulkInput = z.output<typeof BulkSchema>;
