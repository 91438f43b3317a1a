// The lifecycle and attachment forms of the pitch editor (browser-safe). Strict: an extra field is refused.
import { z } from "zod";
import { CHANGE_NOTE_MAX_LENGTH } from "./pitch-limits.schema";

const tokyoDateTime = z
  .string()
  .trim()
  .pipe(
    z.union([
      z.literal("").transform(() => null),
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "新しい提案の締切は日時で入力してください。")
        .transform((v) => new Date(`${v}:00+09:00`))
        .refine((d) => !Number.isNaN(d.getTime()), "新しい提案の締切は日時で入力してください。"),
    ]),
  )
  .prefault("");

export const PitchLifecycleSchema = z.discriminatedUnion(
  "intent",
  [
    z.strictObject({ intent: z.literal("close") }),
    z.strictObject({ intent: z.literal("reopen"), reopenDeadline: tokyoDateTime }),
    z.strictObject({ intent: z.literal("markMatched") }),
    z.strictObject({ intent: z.literal("markNotMatched") }),
    z.strictObject({ intent: z.literal("archive") }),
    z.strictObject({ intent: z.literal("reconfirm") }),
    z.strictObject({ intent: z.literal("deleteDraft") }),
    z.strictObject({ intent: z.literal("deleteAttachment"), attachmentId: z.string().trim().min(1).max(64) }),
  ],
  { error: "操作の内容が正しくありません。ページを再読み込みしてからやり直してください。" },
);

export const PITCH_EDIT_INTENTS = ["save", "publish", "revise"] as const;
export type PitchEditIntent = (typeof PITCH_EDIT_INTENTS)[number];

export const changeNoteSchema = z
  .string()
  .trim()
  .min(1, "変更内容の説明を入力してください。")
  .max(CHANGE_NOTE_MAX_LENGTH, `変更内容の説明は${CHANGE_NOTE_MAX_LENGTH}文字以内で入力してください。`);
