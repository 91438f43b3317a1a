// The one input boundary. Every route parameter and query string passes through `checkedArgs` (called by `handle`, the
// wrapper of every loader and action), every form body through `readForm` (or parseUploadForm for uploads, which checks
// its text fields with `checkedForm` too). Nothing that PostgreSQL would refuse (NUL, a lone surrogate in JSON) and no
// other control character gets past it, sizes are capped, an id in the URL that is not a UUID is a 404 before any
// query, and a body that is not a form is a 400, 413 or 415 with a Japanese message: never a 500.
//
// - Route parameters: a control character, a lone surrogate or an over-long value is a 404 (no such page); a parameter
//   named `…Id` must be a UUID, else 404.
// - Query strings: cleaned, not refused (a search box is no place for an error page): control characters and lone
//   surrogates are dropped, values cut to MAX_QUERY_VALUE_CHARS, at most MAX_QUERY_PARAMS parameters.
// - Forms: urlencoded or multipart only (else 415), at most MAX_FORM_BYTES (else 413); CRLF becomes LF; a value with a
//   control character other than tab and newline, a lone surrogate, or longer than MAX_FIELD_CHARS is refused with 400,
//   the message beside its field and the values shown again without the offending characters (passwords never).
import { json } from "@remix-run/node";
import { notFound } from "~/lib/errors";
import { formValues, type FieldErrors } from "~/lib/forms";
import {
  isOneLineText,
  normaliseLineBreaks,
  oneLineText,
  textProblem,
  TEXT_PROBLEM_MESSAGES,
  withoutForbiddenText,
} from "~/lib/text-input";
import { isUuid } from "~/lib/uuid";

export const MAX_FORM_BYTES = 1024 * 1024;
export const MAX_FIELD_CHARS = 100_000;
export const MAX_FIELDS = 1_000;
export const MAX_FIELD_NAME_CHARS = 200;
export const MAX_QUERY_VALUE_CHARS = 1_000;
export const MAX_QUERY_PARAMS = 100;
export const MAX_ROUTE_PARAM_CHARS = 200;

export const BODY_MESSAGES = {
  unsupported:
    "送信された内容の形式に対応していません。ページを再読み込みしてから、画面のフォームから送信してください。",
  tooLarge: "送信された内容が大きすぎます。入力を短くしてから、もう一度お試しください。",
  unreadable: "送信された内容を読み取れませんでした。ページを再読み込みしてから、もう一度お試しください。",
  tooManyFields: "送信された項目が多すぎます。ページを再読み込みしてから、もう一度お試しください。",
  badText: "使用できない文字が含まれている項目があります。該当する項目を直してから送信してください。",
  badFieldName: "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。",
} as const;

/** A refusal that `handle` returns as the action's data (so the form shows it with the values) instead of throwing. */
const returnedRefusals = new WeakSet<Response>();

export function isReturnedRefusal(value: unknown): value is Response {
  return value instanceof Response && returnedRefusals.has(value);
}

function bodyRefusal(status: 400 | 413 | 415, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

function fieldRefusal(
  fieldErrors: FieldErrors,
  formError: string,
  values: Record<string, string | string[]>,
): Response {
  const response = json({ fieldErrors, formError, values }, { status: 400 });
  returnedRefusals.add(response);
  return response;
}

/** The media type of the body, lower-case, without parameters ("" when none). */
export function mediaTypeOf(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** The body's bytes, at most maxBytes (the declared length is checked first, the stream counted as it comes). */
async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw bodyRefusal(413, BODY_MESSAGES.tooLarge);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw bodyRefusal(413, BODY_MESSAGES.tooLarge);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    // The client went away or the body was already read.
    throw bodyRefusal(400, BODY_MESSAGES.unreadable);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export interface FormLimits {
  /** The size limit of the whole body (default MAX_FORM_BYTES). */
  maxBytes?: number;
  /** The size limit of one text value, in characters (default MAX_FIELD_CHARS). */
  maxFieldChars?: number;
}

/**
 * The one way an action reads a form (app/routes and app/web never call request.formData() themselves). Throws a
 * Response for a body that is not a form (415), too large (413) or broken (400), and a 400 with the field messages and
 * the values for text it refuses; `handle` gives that one back as the action's data so that the form keeps its values.
 */
export async function readForm(request: Request, limits: FormLimits = {}): Promise<FormData> {
  const type = mediaTypeOf(request);
  const bytes = await readCapped(request, limits.maxBytes ?? MAX_FORM_BYTES);
  // A form of no fields sent without a type (a bare fetch POST): an empty form, as a browser would send.
  if (type === "" && bytes.byteLength === 0) return new FormData();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data")
    throw bodyRefusal(415, BODY_MESSAGES.unsupported);
  let formData: FormData;
  try {
    formData = await new Response(bytes as BlobPart, {
      headers: { "Content-Type": request.headers.get("Content-Type")! },
    }).formData();
  } catch {
    throw bodyRefusal(400, BODY_MESSAGES.unreadable);
  }
  return checkedForm(formData, limits);
}

/**
 * A form's fields checked and normalised (line breaks as LF, file names as one clean line); throws the refusals
 * described above. parseUploadForm calls it on what it read.
 */
export function checkedForm(formData: FormData, limits: Pick<FormLimits, "maxFieldChars"> = {}): FormData {
  const maxChars = limits.maxFieldChars ?? MAX_FIELD_CHARS;
  const clean = new FormData();
  const fieldErrors: FieldErrors = {};
  let badName = false;
  let count = 0;
  for (const [key, value] of formData.entries()) {
    if (++count > MAX_FIELDS) throw bodyRefusal(413, BODY_MESSAGES.tooManyFields);
    if (key.length > MAX_FIELD_NAME_CHARS || !isOneLineText(key)) {
      badName = true;
      continue;
    }
    if (typeof value !== "string") {
      const file = value as File;
      const name = oneLineText(file.name ?? "").slice(0, 255);
      clean.append(key, name === file.name ? file : new File([file], name, { type: oneLineText(file.type) }));
      continue;
    }
    const text = normaliseLineBreaks(value);
    const problem = textProblem(text, maxChars);
    if (problem) fieldErrors[key] ??= TEXT_PROBLEM_MESSAGES[problem];
    clean.append(key, text);
  }
  if (badName || Object.keys(fieldErrors).length > 0) {
    throw fieldRefusal(
      fieldErrors,
      Object.keys(fieldErrors).length > 0 ? BODY_MESSAGES.badText : BODY_MESSAGES.badFieldName,
      shownValues(clean, maxChars),
    );
  }
  return clean;
}

/**
 * What a refused form shows again: the text values without the offending characters, a list where a field came more
 * than once (ticked boxes), never a password (formValues' rule).
 */
function shownValues(form: FormData, maxChars: number): Record<string, string | string[]> {
  const kept = new Set(Object.keys(formValues(form)));
  const shown: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || !kept.has(key)) continue;
    const text = withoutForbiddenText(value).slice(0, maxChars);
    const before = shown[key];
    shown[key] = before === undefined ? text : [...(Array.isArray(before) ? before : [before]), text];
  }
  return shown;
}

/** The query string cleaned as described above, or null when it is clean already. */
export function cleanedQuery(params: URLSearchParams): URLSearchParams | null {
  const clean = new URLSearchParams();
  let changed = false;
  let count = 0;
  for (const [key, value] of params) {
    if (++count > MAX_QUERY_PARAMS) {
      changed = true;
      break;
    }
    const cleanKey = oneLineText(key).slice(0, MAX_FIELD_NAME_CHARS);
    // Cut first, clean second: a cut through a surrogate pair leaves a lone half, which the cleaning drops.
    const cleanValue = oneLineText(value.slice(0, MAX_QUERY_VALUE_CHARS));
    if (cleanKey !== key || cleanValue !== value) changed = true;
    if (cleanKey) clean.append(cleanKey, cleanValue);
    else changed = true;
  }
  return changed ? clean : null;
}

/** The same request at another URL (its body, not yet read, carried over). */
function withUrl(request: Request, url: URL): Request {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? request.body : undefined,
    signal: request.signal,
    // Node's fetch needs this to pass a stream body on.
    duplex: "half",
  } as RequestInit);
}

interface RouteArgs {
  request: Request;
  params?: Record<string, string | undefined>;
}

/** Route parameters checked (404 before any query) and the query string cleaned; the args otherwise unchanged. */
export function checkedArgs<A extends RouteArgs>(args: A): A {
  for (const [name, value] of Object.entries(args.params ?? {})) {
    if (value === undefined) continue;
    if (value.length > MAX_ROUTE_PARAM_CHARS || !isOneLineText(value)) throw notFound();
    if (name.endsWith("Id") && !isUuid(value)) throw notFound();
  }
  const url = new URL(args.request.url);
  if (!url.search) return args;
  const query = cleanedQuery(url.searchParams);
  if (!query) return args;
  url.search = query.toString();
  return { ...args, request: withUrl(args.request, url) };
}
