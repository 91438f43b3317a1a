import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { AppError, defaultMessages, httpError } from "~/lib/errors";
import type { FieldErrors } from "~/lib/forms";

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

/** Maps what a loader or action threw to a Response: Responses pass, AppErrors keep their status, outages are 503. */
export function toResponse(error: unknown): Response {
  if (error instanceof Response) return error;
  if (error instanceof AppError) return httpError(error.code, error.publicMessage);
  if (isDatabaseUnavailable(error)) {
    console.error("[db] unavailable:", (error as Error).message);
    return httpError("unavailable", defaultMessages.unavailable);
  }
  throw error;
}

/** Wraps a loader or action so that domain errors and database outages become proper HTTP responses. */
export function handle<A extends LoaderFunctionArgs | ActionFunctionArgs, R>(fn: (args: A) => Promise<R>) {
  return async (args: A): Promise<R> => {
    try {
      return await fn(args);
    } catch (error) {
      throw toResponse(error);
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
