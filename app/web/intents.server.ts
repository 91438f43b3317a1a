// The one way an action runs a form: pick the intent, parse it with its zod schema, run one command, then redirect
// with a notice, or answer 400 with the messages beside the fields and the values typed (a form refused by the
// domain, an AppError with a field, lands beside that field too; forbidden and not-found stay 403 / 404).
import { redirect } from "@remix-run/node";
import type { z } from "zod";
import { formValues, parseForm, parseFormInput, type FieldErrors } from "~/lib/forms";
import { withNotice, type NoticeCode } from "~/web/notices";
import { AppError } from "~/lib/errors";
import { formFailure, refusalOf, type Refusal } from "./http.server";

/** A form whose intent this action does not know: a stale page or a crafted request. */
export const UNKNOWN_INTENT = "操作の内容が正しくありません。ページを再読み込みしてからやり直してください。";
/** A form with a field to correct. */
export const CHECK_INPUT = "入力内容を確認してください。";
/** A form whose hidden fields are wrong (no visible field to correct). */
export const BAD_OPERATION = "操作の内容が正しくありません。";

/** Where a successful action goes: a path, the notice shown there (none for a quiet return), a #fragment. */
export type Done = { path: string; notice?: NoticeCode; hash?: string };

interface IntentSteps<T, R> {
  /** The message above the form when parsing fails (default: CHECK_INPUT when a field is named, else BAD_OPERATION). */
  invalid?: string;
  /** The one command, with the parsed data. */
  run: (data: T) => Promise<R>;
  /** Where to go afterwards; a function when the result decides (a new id, "nothing changed"). */
  done: Done | ((result: R) => Done);
}

/** An intent parsed by a zod schema (from the form's text fields, or from the object `input` builds). */
export interface SchemaIntent<T, R> extends IntentSteps<T, R> {
  schema: z.ZodType<T>;
  input?: (formData: FormData) => Record<string, unknown>;
}

/** What a parser gives: the data, or the messages (the values shown again are taken from the form by `refuse`). */
export type ParseResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; formError?: string };

/** An intent whose form has a shape zod does not describe well (numbered rows): its own parser. */
export interface ParsedIntent<T, R> extends IntentSteps<T, R> {
  parse: (formData: FormData) => ParseResult<T>;
}

export type FormIntent<T, R> = SchemaIntent<T, R> | ParsedIntent<T, R>;

/** Declares one intent with its types inferred (what the schema or parser gives is what `run` receives). */
export function intent<T, R>(definition: FormIntent<T, R>): FormIntent<T, R> {
  return definition;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of intents of different schemas
type AnyIntent = FormIntent<any, any>;

/** The intent a form names in its `intent` field ("" when none). */
export function intentOf(formData: FormData): string {
  const value = formData.get("intent");
  return typeof value === "string" ? value : "";
}

export interface RunOptions {
  /** How a refusal is answered (default: formFailure with the form's text values); for forms with list values. */
  refuse?: (refusal: Refusal, formData: FormData) => Response;
  /** A status for a domain error that this form shows above itself instead of an error page (a 403 with a way on). */
  showOnForm?: (error: AppError) => number | undefined;
  /** What an intent not in the table answers (default: UNKNOWN_INTENT). */
  unknown?: string;
}

const defaultRefuse = (refusal: Refusal, formData: FormData) =>
  formFailure({ ...refusal, values: formValues(formData) }, refusal.status);

/** Runs the intent the form names; an intent not in the table answers 400 with UNKNOWN_INTENT. */
export async function runIntent(
  formData: FormData,
  intents: Record<string, AnyIntent>,
  options: RunOptions = {},
): Promise<Response> {
  const name = intentOf(formData);
  const definition = Object.hasOwn(intents, name) ? intents[name] : undefined;
  if (!definition)
    return (options.refuse ?? defaultRefuse)(
      { fieldErrors: {}, formError: options.unknown ?? UNKNOWN_INTENT, status: 400 },
      formData,
    );
  return runForm(formData, definition, options);
}

/** Runs a form that has one action (no table of intents). */
export async function runForm<T, R>(
  formData: FormData,
  definition: FormIntent<T, R>,
  options: RunOptions = {},
): Promise<Response> {
  const refuse = options.refuse ?? defaultRefuse;
  const parsed: ParseResult<T> =
    "parse" in definition
      ? definition.parse(formData)
      : definition.input
        ? parseFormInput(definition.schema, definition.input(formData), formData)
        : parseForm(definition.schema, formData);
  if (!parsed.ok) {
    const hasField = Object.keys(parsed.fieldErrors).length > 0;
    return refuse(
      {
        fieldErrors: parsed.fieldErrors,
        formError: parsed.formError ?? definition.invalid ?? (hasField ? CHECK_INPUT : BAD_OPERATION),
        status: 400,
      },
      formData,
    );
  }
  let result: R;
  try {
    result = await definition.run(parsed.data);
  } catch (error) {
    const shownStatus = error instanceof AppError ? options.showOnForm?.(error) : undefined;
    if (shownStatus !== undefined)
      return refuse({ fieldErrors: {}, formError: (error as AppError).publicMessage, status: shownStatus }, formData);
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return refuse(refusal, formData);
  }
  const done = typeof definition.done === "function" ? definition.done(result) : definition.done;
  return redirect((done.notice ? withNotice(done.path, done.notice) : done.path) + (done.hash ? `#${done.hash}` : ""));
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
