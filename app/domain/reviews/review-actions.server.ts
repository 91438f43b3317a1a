// Shared plumbing of the review routes' actions: parse a strict form, run the command, answer a redirect with a
// notice or a form failure beside the field (forbidden and not-found errors become 403 / 404 responses).
import { redirect } from "@remix-run/node";
import type { z } from "zod";
import { withNotice, type NoticeCode } from "~/web/notices";
import { formValues, parseForm } from "~/lib/forms";
import { appErrorToFormFailure, formFailure } from "~/web/http.server";

export async function runForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  command: (data: z.infer<S>) => Promise<unknown>,
  success: { path: string; notice: NoticeCode },
  input: Record<string, unknown> | null = null,
) {
  const parsed = input ? parseObject(schema, input, formData) : parseForm(schema, formData);
  if (!parsed.ok) {
    const hasField = Object.keys(parsed.fieldErrors).length > 0;
    return formFailure({ ...parsed, formError: parsed.formError ?? (hasField ? "入力内容を確認してください。" : "操作の内容が正しくありません。") });
  }
  try {
    await command(parsed.data);
  } catch (error) {
    return appErrorToFormFailure(error, formValues(formData));
  }
  return redirect(withNotice(success.path, success.notice));
}

function parseObject<S extends z.ZodType>(schema: S, input: Record<string, unknown>, formData: FormData) {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true as const, data: parsed.data as z.infer<S> };
  const fieldErrors: Record<string, string> = {};
  let formError: string | undefined;
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      formError = "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。";
      continue;
    }
    const field = String(issue.path[0] ?? "");
    if (!field) formError ??= issue.message;
    else fieldErrors[field] ??= issue.message;
  }
  return { ok: false as const, fieldErrors, formError, values: formValues(formData) };
}

/** The form as an object where `arrayKeys` keep every value (checkboxes), the rest their last value. */
export function formWithArrays(formData: FormData, arrayKeys: readonly string[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    if (arrayKeys.includes(key)) object[key] = [...((object[key] as string[] | undefined) ?? []), value];
    else object[key] = value;
  }
  for (const key of arrayKeys) object[key] ??= [];
  return object;
}

export function intentOf(formData: FormData): string {
  const intent = formData.get("intent");
  return typeof intent === "string" ? intent : "";
}
