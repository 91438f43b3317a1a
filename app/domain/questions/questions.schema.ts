import { z } from "zod";

export const QUESTION_MAX = 2000;
export const ANSWER_MAX = 4000;

export const AskQuestionSchema = z.strictObject({
  intent: z.literal("ask"),
  question: z
    .string()
    .trim()
    .min(1, "質問を入力してください。")
    .max(QUESTION_MAX, `質問は${QUESTION_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`)
    .prefault(""),
});

export const AnswerQuestionSchema = z.strictObject({
  intent: z.literal("answer"),
  questionId: z.uuid({ error: "回答する質問を選び直してください。" }),
  answer: z
    .string()
    .trim()
    .min(1, "回答を入力してください。")
    .max(ANSWER_MAX, `回答は${ANSWER_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`)
    .prefault(""),
});

export const QuestionActionSchema = z.discriminatedUnion("intent", [AskQuestionSchema, AnswerQuestionSchema], {
  error: "操作の内容が正しくありません。",
});

export type AskQuestionInput = z.output<typeof AskQuestionSchema>;
export type AnswerQuestionInput = z.output<typeof AnswerQuestionSchema>;
