// Case studies, read side: the parties' working copy with its consents, the prefill, and the public list and page (published, not withdrawn).
import { kpiAttainment } from "./attainment.queries.server";
import { isUuid } from "~/lib/uuid";
import { createHash } from "node:crypto";
import type { Selectable } from "kysely";
import type { CaseStudyTable, Pilot } from "@db/schema";
import { type Actor, can } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { type AccessiblePilot } from "~/domain/pilots/pilots.access.server";
import { readAgreementContent } from "~/domain/pilots/agreement-content.schema";
import { CASE_STUDY_LIMITS, type CaseStudyState, type CaseStudyText } from "./case-study.schema";
import { clip } from "./closeout.rules";
import type { PILOT_RESULT_LABELS } from "./pilot-result.schema";

type CaseStudy = Selectable<CaseStudyTable>;

export const TEXT_FIELDS = ["title", "problem", "solution", "results"] as const;

export type Party = "municipality" | "company";

/** A hash of the text: what a consent refers to. */
export function caseStudyVersion(text: Pick<CaseStudy, (typeof TEXT_FIELDS)[number]>): string {
  return createHash("sha256")
    .update(JSON.stringify(TEXT_FIELDS.map((f) => text[f])))
    .digest("hex");
}

export function caseStudyState(
  row: Pick<CaseStudy, "municipality_consent_at" | "company_consent_at" | "published_at" | "withdrawn_at"> | null,
): CaseStudyState {
  if (!row) return "none";
  if (row.published_at && !row.withdrawn_at) return "published";
  if (row.municipality_consent_at || row.company_consent_at) return "consenting";
  return "draft";
}

/** Either party may draft; only a party's verified admin consents or withdraws. Operators only read. */
export function mayConsentToCaseStudy(actor: Actor, access: AccessiblePilot): boolean {
  if (access.side === "operator") return false;
  const organizationId = access.side === "municipality" ? access.pilot.municipality_id : access.pilot.company_id;
  return can(actor, { action: "caseStudy.consent", organizationId });
}

/** The text a new case study starts from: the pitch's problem, the proposal's approach, the close-out's report. */
export async function caseStudyPrefill(ex: Executor, pilot: Pilot): Promise<CaseStudyText> {
  const row = await ex
    .selectFrom("pilot as p")
    .innerJoin("pitch", "pitch.id", "p.pitch_id")
    .innerJoin("proposal", "proposal.id", "p.proposal_id")
    .leftJoin("pilot_closeout as c", "c.pilot_id", "p.id")
    .select(["pitch.problem", "pitch.summary", "proposal.title as proposal_title"])
    .select(["proposal.approach", "c.final_report", "c.what_worked"])
    .where("p.id", "=", pilot.id)
    .executeTakeFirstOrThrow();
  const results = [row.final_report ?? "", row.what_worked ? `\n■ うまくいったこと\n${row.what_worked}` : ""]
    .join("\n")
    .trim();
  return {
    title: clip(pilot.title, CASE_STUDY_LIMITS.title),
    problem: clip(row.problem || row.summary, CASE_STUDY_LIMITS.problem),
    solution: clip(row.approach || row.proposal_title, CASE_STUDY_LIMITS.solution),
    results: clip(results, CASE_STUDY_LIMITS.results),
  };
}

export interface ConsentView {
  at: string;
  byName: string | null;
}

export interface CaseStudyPartyView {
  state: CaseStudyState;
  /** The stored text, or the prefill while nothing is stored. */
  text: CaseStudyText;
  stored: boolean;
  version: string | null;
  consents: Record<Party, ConsentView | null>;
  publishedAt: string | null;
  withdrawnAt: string | null;
  updatedAt: string | null;
  updatedByName: string | null;
}

export async function getCaseStudyForParty(ex: Executor, pilot: Pilot): Promise<CaseStudyPartyView> {
  const row = await ex
    .selectFrom("case_study as c")
    .leftJoin("app_user as mu", "mu.id", "c.municipality_consent_by")
    .leftJoin("app_user as cu", "cu.id", "c.company_consent_by")
    .leftJoin("app_user as uu", "uu.id", "c.updated_by")
    .selectAll("c")
    .select([
      "mu.display_name as municipality_consent_name",
      "cu.display_name as company_consent_name",
      "uu.display_name as updated_by_name",
    ])
    .where("c.pilot_id", "=", pilot.id)
    .executeTakeFirst();
  const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);
  if (!row) {
    return {
      state: "none",
      text:
        pilot.status === "completed"
          ? await caseStudyPrefill(ex, pilot)
          : { title: "", problem: "", solution: "", results: "" },
      stored: false,
      version: null,
      consents: { municipality: null, company: null },
      publishedAt: null,
      withdrawnAt: null,
      updatedAt: null,
      updatedByName: null,
    };
  }
  return {
    state: caseStudyState(row),
    text: { title: row.title, problem: row.problem, solution: row.solution, results: row.results },
    stored: true,
    version: caseStudyVersion(row),
    consents: {
      municipality: row.municipality_consent_at
        ? { at: iso(row.municipality_consent_at)!, byName: row.municipality_consent_name }
        : null,
      company: row.company_consent_at ? { at: iso(row.company_consent_at)!, byName: row.company_consent_name } : null,
    },
    publishedAt: row.withdrawn_at ? null : iso(row.published_at),
    withdrawnAt: iso(row.withdrawn_at),
    updatedAt: iso(row.updated_at),
    updatedByName: row.updated_by_name,
  };
}

// -------------------------------------------------------------------------------------------------------- commands

export interface PublicCaseSummary {
  pilotId: string;
  title: string;
  problem: string;
  municipalityName: string;
  prefectureName: string | null;
  companyName: string;
  result: keyof typeof PILOT_RESULT_LABELS | null;
  publishedAt: string;
}

function publishedCases(ex: Executor) {
  return ex
    .selectFrom("case_study as c")
    .innerJoin("pilot as p", "p.id", "c.pilot_id")
    .innerJoin("organization as mo", "mo.id", "p.municipality_id")
    .innerJoin("organization as co", "co.id", "p.company_id")
    .leftJoin("municipality as m", "m.code", "mo.municipality_code")
    .leftJoin("prefecture as pref", "pref.code", "m.prefecture_code")
    .leftJoin("pilot_closeout as cl", "cl.pilot_id", "p.id")
    .where("c.published_at", "is not", null)
    .where("c.withdrawn_at", "is", null)
    .where("p.status", "=", "completed");
}

/** Published cases, newest first. */
export async function listPublishedCaseStudies(
  ex: Executor,
  page = 1,
  pageSize = 12,
): Promise<{ items: PublicCaseSummary[]; total: number }> {
  const [rows, count] = await Promise.all([
    publishedCases(ex)
      .select(["c.pilot_id", "c.title", "c.problem", "c.published_at"])
      .select(["mo.name as municipality_name", "co.name as company_name"])
      .select(["pref.name as prefecture_name", "cl.result"])
      .orderBy("c.published_at", "desc")
      .orderBy("c.pilot_id")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    publishedCases(ex)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      pilotId: r.pilot_id,
      title: r.title,
      problem: clip(r.problem, 140),
      municipalityName: r.municipality_name,
      prefectureName: r.prefecture_name,
      companyName: r.company_name,
      result: r.result,
      publishedAt: new Date(r.published_at!).toISOString(),
    })),
  };
}

export interface PublicKpi {
  name: string;
  definition: string;
  unit: string;
  baseline: string | null;
  target: string | null;
  direction: "increase" | "decrease" | "maintain";
  latestValue: string | null;
  latestPeriodEnd: string | null;
}

export interface PublicCase extends PublicCaseSummary {
  solution: string;
  results: string;
  startedAt: string | null;
  endedAt: string | null;
  /** The signed agreement's period (ISO dates), which the case shows; null when the agreement states none. */
  agreementPeriod: { start: string; end: string } | null;
  kpis: PublicKpi[];
}

/** The period the signed agreement states (実証期間), when both ends are dates. */
function agreementPeriodOf(content: unknown): { start: string; end: string } | null {
  if (!content) return null;
  const { periodStart, periodEnd } = readAgreementContent(content);
  const date = /^\d{4}-\d{2}-\d{2}$/;
  return date.test(periodStart) && date.test(periodEnd) ? { start: periodStart, end: periodEnd } : null;
}

/** One published case with its KPIs (baseline, target, the latest approved value); null when not (or no longer) published. */
export async function getPublishedCaseStudy(ex: Executor, pilotId: string): Promise<PublicCase | null> {
  if (!isUuid(pilotId)) return null;
  const row = await publishedCases(ex)
    .select(["c.pilot_id", "c.title", "c.problem", "c.solution", "c.results", "c.published_at"])
    .select(["mo.name as municipality_name", "co.name as company_name"])
    .select(["pref.name as prefecture_name", "cl.result", "p.started_at", "p.ended_at"])
    .select((eb) =>
      eb
        .selectFrom("pilot_agreement_version as sv")
        .select("sv.content")
        .whereRef("sv.id", "=", "p.signed_version_id")
        .as("signed_content"),
    )
    .where("c.pilot_id", "=", pilotId)
    .executeTakeFirst();
  if (!row) return null;
  // The latest approved value of each KPI is the one attainment uses (kpiAttainment), not a second definition.
  const [kpis, attainment] = await Promise.all([
    ex
      .selectFrom("pilot_kpi as k")
      .select(["k.id", "k.name", "k.definition", "k.unit", "k.baseline", "k.target", "k.direction"])
      .where("k.pilot_id", "=", row.pilot_id)
      .orderBy("k.position")
      .execute(),
    kpiAttainment(ex, { pilotIds: [row.pilot_id] }),
  ]);
  const latestByKpi = new Map(attainment.map((a) => [a.kpiId, a.latest]));
  const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);
  const dateOnly = (v: unknown) =>
    v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
  return {
    pilotId: row.pilot_id,
    title: row.title,
    problem: row.problem,
    solution: row.solution,
    results: row.results,
    municipalityName: row.municipality_name,
    prefectureName: row.prefecture_name,
    companyName: row.company_name,
    result: row.result,
    publishedAt: iso(row.published_at)!,
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
    agreementPeriod: agreementPeriodOf(row.signed_content),
    kpis: kpis.map((k) => ({
      name: k.name,
      definition: k.definition,
      unit: k.unit,
      baseline: k.baseline === null ? null : String(k.baseline),
      target: k.target === null ? null : String(k.target),
      direction: k.direction,
      latestValue: latestByKpi.get(k.id)?.value ?? null,
      latestPeriodEnd: dateOnly(latestByKpi.get(k.id)?.periodEnd ?? null),
    })),
  };
}
