// The form that applies an uploaded municipality master: the day it takes effect and, per abolished code, the
// successor code(s) ticked (fields `successor_<code>`). Browser-safe; parsed strictly (no other fields).
import { z } from "zod";

const CODE = /^\d{6}$/;
const SUCCESSOR_FIELD = /^successor_(\d{6})$/;

export const EffectiveOnSchema = z.iso.date({ error: "適用日を YYYY-MM-DD の日付で入力してください。" });

type Parsed =
  | { ok: true; data: { effectiveOn: string; successors: Record<string, string[]> } }
  | { ok: false; fieldErrors: Record<string, string>; formError?: string };

/** The parsed form (`result`) and what to show again when it is refused (`echo`). */
export function parseApplyForm(form: FormData): {
  result: Parsed;
  echo: { effectiveOn: string; chosen: Record<string, string[]> };
} {
  const successors: Record<string, string[]> = {};
  let unknown = false;
  let badValue = false;
  for (const [key, value] of form.entries()) {
    if (key === "intent" || key === "effectiveOn") continue;
    const match = SUCCESSOR_FIELD.exec(key);
    if (!match || typeof value !== "string") {
      unknown = true;
      continue;
    }
    if (!CODE.test(value)) badValue = true;
    else (successors[match[1]] ??= []).push(value);
  }
  const rawDate = form.get("effectiveOn");
  const effectiveOn = typeof rawDate === "string" ? rawDate.slice(0, 10) : "";
  const echo = { effectiveOn, chosen: successors };
  if (unknown || badValue)
    return {
      result: {
        ok: false,
        fieldErrors: {},
        formError: "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。",
      },
      echo,
    };
  const date = EffectiveOnSchema.safeParse(typeof rawDate === "string" ? rawDate : "");
  if (!date.success) return { result: { ok: false, fieldErrors: { effectiveOn: date.error.issues[0].message } }, echo };
  return { result: { ok: true, data: { effectiveOn: date.data, successors } }, echo };
}
