import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { AppError, defaultMessages, httpError } from "~/lib/errors";
import type { FieldErrors } from "~/lib/forms";
import { checkedArgs, isReturnedRefusal } from "./input.server";

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && CONNECTION_ERROR_CODES.has(e.code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated|The database is not open|connect ECONNREFUSED/i.test(
    e.message ?? "",
  );
}

/** What a 500 says, in any mode: no stack trace, no database message; the reference id finds the details in the log. */
export const INTERNAL_ERROR_MESSAGE =
  "申し訳ありません。サーバーで問題が発生しました。時間をおいてもう一度お試しください。お問い合わせの際は参照番号をお伝えください。";

/** A short id shared by the 500 a visitor sees and the log line that has the details. */
export function newReferenceId(): string {
  return crypto.randomUUID().replace(/-/g, "").slice(0, 12).toUpperCase();
}

/** Logs an unexpected error with its reference id, the request's method and path (never its query: it may carry a token). */
export function logUnexpectedError(referenceId: string, error: unknown, request?: Request) {
  const where = request ? ` ${request.method} ${new URL(request.url).pathname}` : "";
  console.error(
    `[app] error ${referenceId}${where}:`,
    error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
}

/** The body of every 500 we answer: JSON that a page's ErrorBoundary, an API client and a person can all read. */
export function internalErrorResponse(referenceId: string): Response {
  return json(
    { error: { code: "internal_error", message: INTERNAL_ERROR_MESSAGE, referenceId } },
    { status: 500, headers: { "Cache-Control": "no-store", "X-Reference-Id": referenceId } },
  );
}

/**
 * Maps what a loader or action threw to a Response: Responses pass, AppErrors keep their status, outages are 503,
 * anything else is a 500 with a reference id (the details go to the log under that id, never into the response).
 */
export function toResponse(error: unknown, request?: Request): Response {
  if (error instanceof Response) return error;
  if (error instanceof AppError) return httpError(error.code, error.publicMessage);
  if (isDatabaseUnavailable(error)) {
    console.error("[db] unavailable:", (error as Error).message);
    return httpError("unavailable", defaultMessages.unavailable);
  }
  const referenceId = newReferenceId();
  logUnexpectedError(referenceId, error, request);
  return internalErrorResponse(referenceId);
}

/**
 * Wraps every loader and action: the input boundary first (route parameters checked, the query string cleaned:
 * input.server.ts), then domain errors, outages and the unexpected become proper HTTP responses. A form the boundary
 * refused is returned, not thrown, so that the page shows it beside the fields with the values typed.
 */
export function handle<A extends LoaderFunctionArgs | ActionFunctionArgs, R>(fn: (args: A) => Promise<R>) {
  return async (args: A): Promise<R> => {
    try {
      return await fn(checkedArgs(args));
    } catch (error) {
      if (isReturnedRefusal(error)) return error as R;
      throw toResponse(error, args.request);
    }
  };
}

export interface FormFailure {
  fieldErrors: FieldErrors;
  formError?: string;
  values: Record<string, string>;
}

/** A form failure, status 400 (or 429 when throttled), so the page shows messages beside the fields. */
export function formFailure(failure: Partial<FormFailure> & { values: Record<string, string> }, status = 400) {
  return json<FormFailure>(
    { fieldErrors: failure.fieldErrors ?? {}, formError: failure.formError, values: failure.values },
    { status },
  );
}

/** What a form shows for an error its command raised (beside a field, or above the form), or null to rethrow it. */
export interface Refusal {
  fieldErrors: FieldErrors;
  formError?: string;
  status: number;
}

/** An AppError as a refusal shown on the form; forbidden, not found and outages are not (they stay error pages). */
export function refusalOf(error: unknown): Refusal | null {
  if (
    !(error instanceof AppError) ||
    error.code === "unavailable" ||
    error.code === "forbidden" ||
    error.code === "not_found"
  )
    return null;
  const status = error.status === 429 ? 429 : 400;
  if (error.fieldErrors) return { fieldErrors: error.fieldErrors, formError: error.publicMessage, status };
  if (error.field) return { fieldErrors: { [error.field]: error.publicMessage }, status };
  return { fieldErrors: {}, formError: error.publicMessage, status };
}

/** Turns an AppError raised by a command into a form failure beside the right field; anything else is rethrown. */
export function appErrorToFormFailure(error: unknown, values: Record<string, string>) {
  const refusal = refusalOf(error);
  if (!refusal) throw error;
  return formFailure({ ...refusal, values }, refusal.status);
}

export function appUrl(request: Request): string {
  return (process.env.APP_URL || new URL(request.url).origin).replace(/\/$/, "");
}
