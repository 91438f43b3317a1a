// Helpers for route tests: build requests (optionally signed in), call a loader or action directly, and turn
// whatever it returned or threw into one plain result. Loaders and actions run against the test database.
import { startSession } from "~/auth/session.server";
import { enrolSecondFactor } from "./second-factor";

export const BASE_URL = "http://localhost:3000";
export const TEST_IP = "203.0.113.1";

type RouteFunction = (args: any) => unknown;

export interface RouteResult {
  status: number;
  /** The Location header of a redirect, else null. */
  location: string | null;
  setCookie: string | null;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text. */
  body: any;
  /** True when the loader or action threw the Response (redirects, 403, 404 ...). */
  thrown: boolean;
}

/** "name=value; Path=/; HttpOnly ..." -> "name=value" (what a browser sends back). */
export function cookieFromSetCookie(setCookie: string): string {
  return setCookie.split(";")[0]!.trim();
}

/** The token in a Set-Cookie (or Cookie) string: the value after the first "=". */
export function tokenFromCookie(cookie: string): string {
  const pair = cookie.split(";")[0]!;
  return pair.slice(pair.indexOf("=") + 1);
}

/** A brand-new session for the user, as a Cookie header value. */
export async function signedInCookie(userId: string, options: { secondFactor?: boolean } = {}): Promise<string> {
  // By default the user has a second factor and this session proved it (what signing and paying require), as after
  // /login/two-factor; `{ secondFactor: false }` is a user who has none.
  if (options.secondFactor === false) return cookieFromSetCookie(await startSession(userId));
  await enrolSecondFactor(userId);
  return cookieFromSetCookie(await startSession(userId, null, "verified"));
}

export interface RequestOptions {
  cookie?: string | null;
  headers?: Record<string, string>;
}

export function getRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  return new Request(new URL(path, BASE_URL), { method: "GET", headers });
}

export function postRequest(
  path: string,
  fields: Record<string, string> | URLSearchParams = {},
  options: RequestOptions = {},
): Request {
  const headers = new Headers({ Origin: BASE_URL, ...options.headers });
  if (options.cookie) headers.set("Cookie", options.cookie);
  const body = fields instanceof URLSearchParams ? fields : new URLSearchParams(fields);
  return new Request(new URL(path, BASE_URL), { method: "POST", headers, body });
}

export async function toResult(value: unknown, thrown: boolean): Promise<RouteResult> {
  if (!(value instanceof Response)) {
    if (thrown) throw value;
    // A loader may return plain data; Remix would serialise it with status 200.
    return { status: 200, location: null, setCookie: null, headers: new Headers(), body: value, thrown };
  }
  const text = await value.text();
  let body: unknown = text;
  if ((value.headers.get("Content-Type") ?? "").includes("json")) body = text ? JSON.parse(text) : null;
  return {
    status: value.status,
    location: value.headers.get("Location"),
    setCookie: value.headers.get("Set-Cookie"),
    headers: value.headers,
    body,
    thrown,
  };
}

/** Runs a loader or an action as Remix would; thrown Responses become results, other errors propagate. */
export async function run(
  fn: RouteFunction,
  request: Request,
  options: { params?: Record<string, string>; ip?: string } = {},
): Promise<RouteResult> {
  let value: unknown;
  try {
    value = await fn({ request, params: options.params ?? {}, context: { clientIp: options.ip ?? TEST_IP } });
  } catch (error) {
    return toResult(error, true);
  }
  return toResult(value, false);
}

/** Matches the Japanese scripts: a message shown to users is in Japanese. */
export const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
