import { z } from "zod";

// Messages we did not write ourselves (a crafted request missing a field, say) are Japanese too.
z.config(z.locales.ja());

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; formError?: string; values: Record<string, string> };

/** Form values as strings, without secrets, so a form can be shown again with what the user typed. */
export function formValues(formData: FormData, omit: readonly string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !omit.includes(key) && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

export function formObject(formData: FormData): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string") object[key] = value;
  return object;
}

/** Parses a form with a zod schema; on failure returns one Japanese message per field. */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  return parseInput(schema, formObject(formData), formData, (path) => path.join("."));
}

/**
 * Parses an object built from a form (checkbox arrays, see formWithArrays) with the same messages as parseForm;
 * an error inside a list is shown beside the list's field.
 */
export function parseFormInput<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  formData: FormData,
): FormResult<z.infer<S>> {
  return parseInput(schema, input, formData, (path) => String(path[0] ?? ""));
}

function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  formData: FormData,
  fieldOf: (path: readonly PropertyKey[]) => string,
): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: FieldErrors = {};
  let formError: string | undefined;
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      formError = "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。";
      continue;
    }
    const field = fieldOf(issue.path);
    if (!field) formError ??= issue.message;
    else fieldErrors[field] ??= issue.message;
  }
  return { ok: false, fieldErrors, formError, values: formValues(formData) };
}
