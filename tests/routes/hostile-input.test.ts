// Every route of app/routes (the list policy.test.ts checks; a new route file is walked without a line here), on the
// demo world (accounts, pitches, proposals, pilots with reports and receipts), signed in as the demo account that can
// see it, with hostile values in every route parameter, every query parameter and every form field that the route's
// code names (its own source and the components, web actions and schemas it imports), and bodies that are not forms.
// Not one response may be >= 500 (a thrown error that is not a Response counts as one), and no console.error either.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { setStorageRootForTests } from "~/lib/storage.server";
import { seedDemoChain } from "~/seed/demo-chain.server";
import { seedDemoData } from "~/seed/demo-data.server";
import { createUser } from "~/seed/factories.server";
import { importsOf } from "../support/imports";
import { BASE_URL, getRequest, postRequest, run, signedInCookie, type RouteResult } from "../support/http";

const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");
const MB = "x".repeat(1024 * 1024);

/** Values for query parameters and form fields: control characters, sizes, wrong types, injections. */
const HOSTILE_VALUES = [
  "\u0000",
  "\u0001\u0007\u0008\u000b\u001b\u007f",
  "\ud800",
  MB,
  "-1",
  "9".repeat(400),
  "[object Object]",
  "not-a-uuid",
  "../../../../etc/passwd",
  "' OR '1'='1' --",
  "2026-02-30",
];
/** Fewer for query parameters of each GET (every parameter gets each of them). */
const HOSTILE_QUERY_VALUES = ["\u0000", MB, "\u001b[31m", "-1", "' OR 1=1 --", "\ud800", "9".repeat(400)];
/** Route parameters: the same, plus ids that are not UUIDs. */
const HOSTILE_PARAM_VALUES = [
  "\u0000",
  "not-a-uuid",
  "0".repeat(36),
  "\ud800",
  MB,
  "../../etc/passwd",
  "' OR '1'='1",
  "%00",
  "\r\n",
];

type Role = string;
const DEMO_ROLES = [
  "operator@demo.example.jp",
  "bibai-admin@demo.example.jp",
  "kasumigaura-admin@demo.example.jp",
  "esashi-admin@demo.example.jp",
  "samani-admin@demo.example.jp",
  "higashiyamato-admin@demo.example.jp",
  "ikeda-admin@demo.example.jp",
  "healthcare-lab-admin@demo.example.jp",
  "mirai-mobility-admin@demo.example.jp",
  "machinaka-super-admin@demo.example.jp",
  "mimamori-tech-admin@demo.example.jp",
  "hokkaido-meti-admin@demo.example.jp",
  "kanto-meti-admin@demo.example.jp",
];
const userIds = new Map<Role, string>();

let uploads = "";
let requests = 0;
const failures: string[] = [];
let values: Record<string, string> = {};

beforeAll(async () => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-input-"));
  setStorageRootForTests(uploads);
  await seedDemoData(db());
  await seedDemoChain();
  for (const email of DEMO_ROLES) {
    const user = await db().selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    userIds.set(email, user.id);
  }
  userIds.set("no-organization", (await createUser(db())).id);
  values = await realParams();
}, 120_000);

afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(uploads, { recursive: true, force: true });
});

async function firstId(query: ReturnType<typeof sql<{ id: string }>>): Promise<string> {
  const rows = (await query.execute(db())).rows;
  return rows[0]?.id ?? "5b0a4f8e-8a4e-4c55-9d7e-2f1a3c1d0e99";
}

/** Real values for every route parameter: the demo pilot with the most reports, and what belongs to it. */
async function realParams(): Promise<Record<string, string>> {
  const pilot = (
    await sql<{ id: string; pitch_id: string; proposal_id: string; municipality_id: string; company_id: string }>`
      select p.id, p.pitch_id, p.proposal_id, p.municipality_id, p.company_id from pilot p
      order by (select count(*) from expenditure_report e where e.pilot_id = p.id)
             + (select count(*) from outcome_report o where o.pilot_id = p.id) desc, p.id limit 1`.execute(db())
  ).rows[0]!;
  const code = (
    await sql<{
      code: string;
    }>`select municipality_code as code from organization where id = ${pilot.municipality_id}`.execute(db())
  ).rows[0]!.code;
  return {
    pilotId: pilot.id,
    pitchId: pilot.pitch_id,
    proposalId: pilot.proposal_id,
    organizationId: pilot.company_id,
    code,
    expenditureReportId: await firstId(sql`select id from expenditure_report where pilot_id = ${pilot.id} limit 1`),
    outcomeReportId: await firstId(sql`select id from outcome_report where pilot_id = ${pilot.id} limit 1`),
    receiptId: await firstId(sql`select id from expenditure_receipt where pilot_id = ${pilot.id} limit 1`),
    photoId: await firstId(sql`select id from outcome_photo where pilot_id = ${pilot.id} limit 1`),
    pitchAttachmentId: await firstId(sql`select id from pitch_attachment where pitch_id = ${pilot.pitch_id} limit 1`),
    proposalAttachmentId: await firstId(
      sql`select id from proposal_attachment where proposal_id = ${pilot.proposal_id} limit 1`,
    ),
    budgetId: await firstId(sql`select id from budget where organization_id = ${pilot.municipality_id} limit 1`),
    eventId: await firstId(sql`select id from pitch_event order by created_at limit 1`),
    importId: await firstId(sql`select id from reference_import limit 1`),
    token: "not-a-real-token",
    "*": "no/such/page",
  };
}

interface RouteShape {
  file: string;
  /** URL segments: literal text, or a parameter name (":name"). */
  segments: string[];
  params: string[];
  queryKeys: string[];
  fieldKeys: string[];
  intents: string[];
}

/** The URL of a route module from its file name (Remix v2 flat routes: dots are slashes, `$x` a parameter ...). */
function segmentsOf(file: string): string[] {
  const name = file.replace(/\.(tsx?|jsx?)$/, "");
  const parts: string[] = [];
  let current = "";
  let bracket = false;
  for (const ch of name) {
    if (ch === "[") bracket = true;
    else if (ch === "]") bracket = false;
    else if (ch === "." && !bracket) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts
    .filter((p) => p !== "_index" && !p.startsWith("_"))
    .map((p) => p.replace(/_$/, ""))
    .map((p) => (p === "$" ? ":*" : p.startsWith("$") ? `:${p.slice(1)}` : p));
}

/** The files a route's form and query names live in: itself, and the components, actions and schemas it imports. */
function sourcesOf(file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string, depth: number) => {
    if (seen.has(f)) return;
    seen.add(f);
    if (depth === 0) return;
    for (const edge of importsOf(f)) {
      if (edge.external) continue;
      if (/^app\/(components|web)\//.test(edge.to) || /\.schema\.ts$/.test(edge.to)) visit(edge.to, depth - 1);
    }
  };
  visit(`app/routes/${file}`, 3);
  return [...seen];
}

function matches(texts: string[], pattern: RegExp): string[] {
  const found = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(pattern)) found.add(m[1]!);
  return [...found];
}

function shapeOf(file: string): RouteShape {
  const segments = segmentsOf(file);
  const texts = sourcesOf(file).map((f) => fs.readFileSync(path.resolve(__dirname, "../..", f), "utf8"));
  const own = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
  const fieldKeys = [
    ...new Set([
      ...matches(texts, /\bname=(?:\{\s*)?"([A-Za-z][\w.[\]-]*)"/g),
      ...matches(texts, /\bname:\s*"([A-Za-z][\w-]*)"/g),
      ...matches(
        texts.filter((t) => /z\.(strictObject|object)\(/.test(t)),
        /^\s+([a-z][A-Za-z0-9]*)\s*:\s*(?:z\.|text\(|list\(|optional|yen|date|[a-zA-Z]+Schema\b)/gm,
      ),
    ]),
  ].filter((k) => k !== "intent");
  const queryKeys = [
    ...new Set([
      ...matches([own, ...texts], /searchParams\.get\(\s*"([\w-]+)"/g),
      ...matches([own], /[?&]([a-z][\w-]*)=/g),
      "q",
      "page",
      "fy",
      "sort",
      "status",
    ]),
  ];
  const intents = [
    ...new Set([
      ...matches(texts, /name="intent"\s+value="([\w-]+)"/g),
      ...matches(texts, /value="([\w-]+)"\s+name="intent"/g),
      ...matches(texts, /^\s+"?([a-zA-Z][\w-]*)"?:\s*intent\(/gm),
      ...matches(texts, /intent\s*===\s*"([\w-]+)"/g),
      ...matches(texts, /intent:\s*"([\w-]+)"/g),
    ]),
  ];
  return {
    file,
    segments,
    params: segments.filter((s) => s.startsWith(":")).map((s) => s.slice(1)),
    queryKeys,
    fieldKeys,
    intents,
  };
}

/** The real value of a parameter for this route (ids depend on what the route is about). */
function paramValue(shape: RouteShape, name: string): string {
  if (name === "reportId")
    return shape.file.includes("expenditures") ? values.expenditureReportId! : values.outcomeReportId!;
  if (name === "attachmentId")
    return shape.file.startsWith("pitches") ? values.pitchAttachmentId! : values.proposalAttachmentId!;
  return values[name] ?? "5b0a4f8e-8a4e-4c55-9d7e-2f1a3c1d0e99";
}

function urlOf(shape: RouteShape, params: Record<string, string>): string {
  return (
    "/" +
    shape.segments
      .map((s) =>
        s.startsWith(":")
          ? encodeURIComponent(params[s.slice(1)]!.replace(/[\ud800-\udfff]/g, "\ufffd")).slice(0, 2000)
          : s,
      )
      .join("/")
      .replace(/\/\.csv$/, ".csv")
  );
}

/** A value the field could well hold (guessed from its name), so that only the NUL added to one field is wrong. */
function plausible(key: string): string {
  const k = key.toLowerCase();
  if (values[key]) return values[key]!;
  if (k.includes("email")) return "hostile-walk@example.test";
  if (k.includes("password")) return "hostile-walk-pass-2026";
  if (k.endsWith("id")) return "5b0a4f8e-8a4e-4c55-9d7e-2f1a3c1d0e99";
  if (/percent|rate/.test(k)) return "10";
  if (/yen|amount|count|population|number|score|weight|quantity|value|target|baseline/.test(k)) return "1000";
  if (/date|deadline|(on|at)$/.test(k)) return "2027-04-01";
  if (/fiscalyear|^fy$/.test(k)) return "2026";
  if (/prefecture/.test(k)) return "1";
  if (k === "organizationkind" || k === "kind") return "municipality";
  if (k.includes("municipalityname")) return "夕張市";
  if (k.includes("phone")) return "0123-45-6789";
  if (/url|website/.test(k)) return "https://example.jp";
  if (k === "role") return "member";
  return "テスト入力";
}

interface RouteModule {
  loader?: (args: unknown) => unknown;
  action?: (args: unknown) => unknown;
}

const show = (value: string) =>
  value.length > 40 ? `${JSON.stringify(value.slice(0, 12))}…(${value.length})` : JSON.stringify(value);

/** Calls a loader or action; a status >= 500, or a throw that is not a Response, is recorded as a failure. */
async function call(
  fn: (args: unknown) => unknown,
  request: Request,
  params: Record<string, string>,
  what: string,
): Promise<RouteResult | null> {
  requests += 1;
  try {
    const result = await run(fn, request, { params, ip: `198.18.${(requests >> 8) & 255}.${requests & 255}` });
    if (result.status >= 500) failures.push(`${what}: ${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
    return result;
  } catch (error) {
    failures.push(`${what}: threw ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
    return null;
  }
}

async function cookieOf(role: Role): Promise<string | null> {
  return role === "anonymous" ? null : signedInCookie(userIds.get(role)!);
}

/** The demo account that gets furthest on a route: a 200 page (or a form refused as a form, for an action). */
async function roleFor(
  shape: RouteShape,
  mod: RouteModule,
  params: Record<string, string>,
): Promise<{ role: Role; ms: number }> {
  const candidates: Role[] = ["anonymous", ...DEMO_ROLES, "no-organization"];
  const rank = (status: number) => (status === 200 ? 0 : status === 400 ? 1 : status === 302 ? 3 : 2);
  let best: { role: Role; rank: number; ms: number } = { role: "anonymous", rank: 9, ms: 0 };
  for (const role of candidates) {
    const cookie = await cookieOf(role);
    const started = performance.now();
    const result = mod.loader
      ? await call(mod.loader, getRequest(urlOf(shape, params), { cookie }), params, `probe GET ${shape.file} ${role}`)
      : await call(mod.action!, postRequest(urlOf(shape, params), {}, { cookie }), params, `probe POST ${shape.file}`);
    const r = result ? rank(result.status) : 9;
    if (r < best.rank) best = { role, rank: r, ms: performance.now() - started };
    if (r === 0) break;
  }
  return best;
}

function rawPost(url: string, contentType: string | null, body: string, cookie: string | null): Request {
  const headers = new Headers({ Origin: BASE_URL });
  if (contentType) headers.set("Content-Type", contentType);
  if (cookie) headers.set("Cookie", cookie);
  return new Request(new URL(url, BASE_URL), { method: "POST", headers, body });
}

const NON_FORM_BODIES: [string | null, string][] = [
  ["text/plain", "intent=save&title=x"],
  ["application/json", JSON.stringify({ intent: "save", title: "x\u0000" })],
  ["application/json", "{not json"],
  ["multipart/form-data; boundary=hostile", '--hostile\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave'],
  ["multipart/form-data", "garbage"],
  [
    "multipart/form-data; boundary=hostile",
    '--hostile\r\nContent-Disposition: form-data; name="title"\r\n\r\na\u0000b\r\n--hostile--\r\n',
  ],
  [
    "multipart/form-data; boundary=hostile",
    '--hostile\r\nContent-Disposition: form-data; name="file"; filename="\u0000.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--hostile--\r\n',
  ],
  ["application/x-www-form-urlencoded", "intent=%ZZ&title=%E0%A4%A&%00=%00"],
  ["application/xml", "<a/>"],
  [null, "intent=save"],
];

async function walk(file: string) {
  const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
  if (!mod.loader && !mod.action) return;
  const shape = shapeOf(file);
  const params = Object.fromEntries(shape.params.map((p) => [p, paramValue(shape, p)]));
  const { role, ms } = await roleFor(shape, mod, params);
  // A page that takes long to make (the agreement PDF): every query parameter at once per hostile value, not one by one.
  const slow = ms > 150;
  const url = urlOf(shape, params);

  if (mod.loader) {
    const cookie = await cookieOf(role);
    for (const param of shape.params)
      for (const bad of HOSTILE_PARAM_VALUES) {
        const hostile = { ...params, [param]: bad };
        await call(
          mod.loader,
          getRequest(urlOf(shape, hostile), { cookie }),
          hostile,
          `GET ${file} :${param}=${show(bad)}`,
        );
      }
    for (const bad of slow ? HOSTILE_QUERY_VALUES.slice(0, 3) : []) {
      const query = new URLSearchParams(shape.queryKeys.map((key) => [key, bad]));
      await call(mod.loader, getRequest(`${url}?${query}`, { cookie }), params, `GET ${file} every key=${show(bad)}`);
    }
    for (const [index, key] of slow ? [] : shape.queryKeys.entries())
      for (const bad of HOSTILE_QUERY_VALUES) {
        // A megabyte once per route is enough (it is cut to MAX_QUERY_VALUE_CHARS like any long value).
        if (bad === MB && index > 0) continue;
        const query = new URLSearchParams({ [key]: bad });
        await call(mod.loader, getRequest(`${url}?${query}`, { cookie }), params, `GET ${file} ?${key}=${show(bad)}`);
      }
    // Every parameter at once, twice each (a list where one value is expected), then a query of a thousand keys.
    const all = new URLSearchParams();
    for (const key of shape.queryKeys) {
      all.append(key, "\u0000");
      all.append(key, "[]");
    }
    await call(mod.loader, getRequest(`${url}?${all}`, { cookie }), params, `GET ${file} every key twice`);
    const many = Array.from({ length: 1000 }, (_, i) => `k${i}=%00`).join("&");
    await call(mod.loader, getRequest(`${url}?${many}`, { cookie }), params, `GET ${file} 1000 keys`);
  }

  if (mod.action) {
    // One session for the route's posts (a new one after sign-out or a role change is not needed: refusals are 4xx).
    const cookie = await cookieOf(role);
    for (const param of shape.params)
      for (const bad of HOSTILE_PARAM_VALUES.slice(0, 4)) {
        const hostile = { ...params, [param]: bad };
        await call(mod.action, postRequest(urlOf(shape, hostile), {}, { cookie }), hostile, `POST ${file} :${param}`);
      }
    for (const [round, intent] of [...shape.intents, "", "no-such-intent"].entries()) {
      for (const bad of HOSTILE_VALUES) {
        const form = new URLSearchParams();
        if (intent) form.set("intent", intent);
        // A megabyte in the first field (the body is then over the limit: 413), the others a short text.
        for (const [index, key] of shape.fieldKeys.entries()) form.append(key, bad === MB && index > 0 ? "x" : bad);
        await call(
          mod.action,
          postRequest(url, form, { cookie }),
          params,
          `POST ${file} intent=${intent} all fields=${show(bad)}`,
        );
      }
      // Each field with a NUL while the others hold plausible values, so that the form gets as far as the database.
      if (round > 0) continue;
      for (const key of shape.fieldKeys.slice(0, 40)) {
        const form = new URLSearchParams(intent ? { intent } : {});
        for (const other of shape.fieldKeys) form.set(other, plausible(other));
        form.set(key, `${plausible(key)}\u0000`);
        await call(mod.action, postRequest(url, form, { cookie }), params, `POST ${file} intent=${intent} ${key}=NUL`);
        // And alone, the others absent (a field read before the schema, or a form whose plausible guess was wrong).
        if (shape.fieldKeys.indexOf(key) >= 12) continue;
        const alone = new URLSearchParams(intent ? { intent } : {});
        alone.set(key, "x\u0000");
        await call(
          mod.action,
          postRequest(url, alone, { cookie }),
          params,
          `POST ${file} intent=${intent} ${key}=NUL alone`,
        );
      }
    }
    for (const [type, body] of NON_FORM_BODIES)
      await call(mod.action, rawPost(url, type, body, cookie), params, `POST ${file} body ${type}`);
  }
}

describe("hostile input on every route", () => {
  it("never answers >= 500, on any route, parameter, query parameter, form field or body", async () => {
    const files = fs
      .readdirSync(ROUTES_DIR, { recursive: true })
      .map(String)
      .filter((f) => /\.(tsx?|jsx?)$/.test(f))
      .sort();
    expect(files.length).toBeGreaterThan(80);
    const started = Date.now();
    for (const file of files) await walk(file);
    console.info(`[hostile-input] ${requests} requests over ${files.length} routes in ${Date.now() - started} ms`);
    expect(failures).toEqual([]);
    // The walk is only worth something if it is big: every route, many values each.
    expect(requests).toBeGreaterThan(5_000);
  }, 600_000);
});
