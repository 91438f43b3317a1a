// Every figure of the monitoring pages (the bureau dashboard, its drill-downs and their CSVs, and the bureau home),
// defined ONCE, here. The words shown beside each figure are in monitoring-labels.data.ts; keep the two in step.
//
// The funnel and KPI attainment follow a COHORT: the pitches published in the fiscal year (published_at in
// [1 April 00:00, next 1 April 00:00) in Asia/Tokyo, see fiscalYearInstants in monitoring.schema.ts and
// fiscalYearRange in app/domain/funding/fiscal-year.rules.ts), within the scope, and what became of them since (so the
// funnel narrows step by step, and a pilot stays with the year its pitch was published). Funding follows the
// BUDGETS of the fiscal year (budget.fiscal_year). Places come from the pitch (pitch.prefecture_code and
// pitch.municipality_code, copied from its municipality) and, for budgets, from the budget's municipality.
//
// Queries are grouped (GROUP BY municipality, or by pitch for a municipality's page); totals and prefectures are
// sums of the municipality rows, so a table never disagrees with its total. Indexes (migration 2026112521):
//   pitch_published_idx (published_at, prefecture_code) — the cohort filter of funnelQuery and latestApprovedKpiValues;
//   budget_fiscal_year_idx (fiscal_year, organization_id) — fundingQuery;
//   allocation_budget_idx (budget_id) — the per-budget allocation sums of fundingQuery.
// The joins from a pitch down (proposal_pitch_idx, proposal_decision and pilot by proposal, pilot_closeout by pilot,
// pilot_kpi by pilot, outcome_value_kpi_idx) use indexes that already existed.
import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { KpiFrequency, PilotResult } from "@db/schema";
import { meetsTarget } from "~/domain/outcomes/attainment.rules";
import type { Executor } from "@db/database.server";
import { PILOT_RESULTS } from "./monitoring-labels.data";
import { fiscalYearInstants } from "./monitoring.schema";
import { COUNTED_PROPOSAL_STATUS } from "~/domain/proposals/proposal.rules";

/** What a viewer looks at: a jurisdiction (or all of Japan), a fiscal year, and optionally one prefecture or municipality. */
export interface Scope {
  /** The prefectures the viewer may see: a bureau's jurisdiction, or "all" for operators. */
  prefectureCodes: readonly number[] | "all";
  fiscalYear: number;
  /** Narrows to one prefecture; it only ever narrows (a prefecture outside prefectureCodes matches nothing). */
  prefectureCode?: number;
  municipalityCode?: string;
}

export interface FunnelCounts {
  pitchesPublished: number;
  proposals: number;
  matches: number;
  signedAgreements: number;
  running: number;
  completed: number;
  completedByResult: Record<PilotResult | "unrecorded", number>;
  terminated: number;
}

export interface FundingTotals {
  budgetYen: number;
  allocatedYen: number;
  disbursedYen: number;
}

export interface AttainmentCounts {
  /** Every KPI of the pilots concerned. */
  kpis: number;
  /** KPIs with a target and an approved value: the denominator. */
  measured: number;
  met: number;
  /** met / measured, or null when nothing is measured. */
  share: number | null;
}

export interface Counters {
  funnel: FunnelCounts;
  funding: FundingTotals;
  attainment: AttainmentCounts;
}

// ---------------------------------------------------------------------------------------------------------------
// The scope and the cohort

function refIn(column: string, values: readonly (string | number)[]): RawBuilder<SqlBool> {
  return values.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`;
}

/** The scope as a condition on a row's prefecture and municipality columns (each filter only narrows). */
export function scopeCondition(
  scope: Scope,
  prefectureColumn: string,
  municipalityColumn: string,
): RawBuilder<SqlBool> {
  const conditions: RawBuilder<SqlBool>[] = [];
  if (scope.prefectureCodes !== "all") conditions.push(refIn(prefectureColumn, scope.prefectureCodes));
  if (scope.prefectureCode !== undefined)
    conditions.push(sql<SqlBool>`${sql.ref(prefectureColumn)} = ${scope.prefectureCode}`);
  if (scope.municipalityCode !== undefined)
    conditions.push(sql<SqlBool>`${sql.ref(municipalityColumn)} = ${scope.municipalityCode}`);
  return conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

/**
 * THE cohort: pitches published in the fiscal year = pitches whose published_at falls in [1 April 00:00, next
 * 1 April 00:00) Asia/Tokyo, within the scope. Drafts have no published_at; a pitch closed, matched or archived since
 * still counts in the year it was published. Every funnel counter and KPI attainment follows these pitches.
 */
export function cohortCondition(scope: Scope): RawBuilder<SqlBool> {
  const { from, to } = fiscalYearInstants(scope.fiscalYear);
  return sql<SqlBool>`(pitch.published_at >= ${from} and pitch.published_at < ${to} and ${scopeCondition(scope, "pitch.prefecture_code", "pitch.municipality_code")})`;
}

// ---------------------------------------------------------------------------------------------------------------
// The funnel: one row per proposal (or per pitch without one), pitch ⟕ proposal ⟕ decision ⟕ pilot ⟕ close-out.
// A decision and a pilot are unique per proposal, a close-out per pilot, so nothing is counted twice.

const resultCount = (result: PilotResult) =>
  sql<string>`count(pilot.id) filter (where pilot.status = 'completed' and pilot_closeout.result = ${result})`;

const FUNNEL = {
  /** pitches published in the fiscal year (the cohort). */
  pitches_published: sql<string>`count(distinct pitch.id)`,
  /** proposals = proposals to those pitches whose status is submitted (drafts and withdrawn ones excluded). */
  proposals: sql<string>`count(proposal.id) filter (where proposal.status = ${COUNTED_PROPOSAL_STATUS})`,
  /** matches = accepted decisions on those proposals that the municipality has published to the company. */
  matches: sql<string>`count(proposal_decision.proposal_id) filter (where proposal_decision.outcome = 'accepted' and proposal_decision.published_at is not null)`,
  /** signed agreements = pilots with a signed_version_id (both sides signed one version), whatever their status since. */
  signed_agreements: sql<string>`count(pilot.id) filter (where pilot.signed_version_id is not null)`,
  /** running = pilots whose status is running now. */
  running: sql<string>`count(pilot.id) filter (where pilot.status = 'running')`,
  /** completed = pilots whose status is completed; by result = their pilot_closeout.result (none yet: unrecorded). */
  completed: sql<string>`count(pilot.id) filter (where pilot.status = 'completed')`,
  result_self_sustaining: resultCount("self_sustaining"),
  result_full_implementation: resultCount("full_implementation"),
  result_under_consideration: resultCount("under_consideration"),
  result_ended: resultCount("ended"),
  result_unrecorded: sql<string>`count(pilot.id) filter (where pilot.status = 'completed' and pilot_closeout.pilot_id is null)`,
  /** terminated = pilots whose status is terminated (not counted as completed). */
  terminated: sql<string>`count(pilot.id) filter (where pilot.status = 'terminated')`,
} as const;

function funnelBase(ex: Executor, scope: Scope) {
  return ex
    .selectFrom("pitch")
    .leftJoin("proposal", "proposal.pitch_id", "pitch.id")
    .leftJoin("proposal_decision", "proposal_decision.proposal_id", "proposal.id")
    .leftJoin("pilot", "pilot.proposal_id", "proposal.id")
    .leftJoin("pilot_closeout", "pilot_closeout.pilot_id", "pilot.id")
    .select([
      FUNNEL.pitches_published.as("pitches_published"),
      FUNNEL.proposals.as("proposals"),
      FUNNEL.matches.as("matches"),
      FUNNEL.signed_agreements.as("signed_agreements"),
      FUNNEL.running.as("running"),
      FUNNEL.completed.as("completed"),
      FUNNEL.result_self_sustaining.as("result_self_sustaining"),
      FUNNEL.result_full_implementation.as("result_full_implementation"),
      FUNNEL.result_under_consideration.as("result_under_consideration"),
      FUNNEL.result_ended.as("result_ended"),
      FUNNEL.result_unrecorded.as("result_unrecorded"),
      FUNNEL.terminated.as("terminated"),
    ])
    .where(cohortCondition(scope));
}

type FunnelRow = { [K in keyof typeof FUNNEL]: string };

function toFunnel(row: FunnelRow): FunnelCounts {
  const n = (v: string | number | null | undefined) => Number(v ?? 0);
  return {
    pitchesPublished: n(row.pitches_published),
    proposals: n(row.proposals),
    matches: n(row.matches),
    signedAgreements: n(row.signed_agreements),
    running: n(row.running),
    completed: n(row.completed),
    completedByResult: {
      self_sustaining: n(row.result_self_sustaining),
      full_implementation: n(row.result_full_implementation),
      under_consideration: n(row.result_under_consideration),
      ended: n(row.result_ended),
      unrecorded: n(row.result_unrecorded),
    },
    terminated: n(row.terminated),
  };
}

async function funnelByMunicipality(ex: Executor, scope: Scope) {
  const rows = await funnelBase(ex, scope)
    .select(["pitch.prefecture_code", "pitch.municipality_code"])
    .groupBy(["pitch.prefecture_code", "pitch.municipality_code"])
    .execute();
  return rows.map((r) => ({
    prefectureCode: Number(r.prefecture_code),
    municipalityCode: r.municipality_code,
    funnel: toFunnel(r),
  }));
}

async function funnelByPitch(ex: Executor, scope: Scope) {
  const rows = await funnelBase(ex, scope).select("pitch.id as pitch_id").groupBy("pitch.id").execute();
  return new Map(rows.map((r) => [r.pitch_id, toFunnel(r)]));
}

// ---------------------------------------------------------------------------------------------------------------
// Funding: the budgets of the fiscal year, and the allocations drawn from them.

async function fundingByMunicipality(ex: Executor, scope: Scope) {
  const rows = await ex
    .selectFrom("budget")
    .innerJoin("organization", "organization.id", "budget.organization_id")
    .innerJoin("municipality", "municipality.code", "organization.municipality_code")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("allocation")
          .select([
            sql<string>`coalesce(sum(allocation.amount_yen), 0)`.as("allocated_yen"),
            sql<string>`coalesce(sum(allocation.disbursed_yen), 0)`.as("disbursed_yen"),
          ])
          .whereRef("allocation.budget_id", "=", "budget.id")
          .as("budget_allocations"),
      (join) => join.onTrue(),
    )
    .select([
      "municipality.prefecture_code",
      "municipality.code as municipality_code",
      /** budgets = sum of budget.amount_yen of the budgets whose fiscal_year is the year. */
      sql<string>`sum(budget.amount_yen)`.as("budget_yen"),
      /** allocated = sum of allocation.amount_yen of the allocations from those budgets (changes applied). */
      sql<string>`coalesce(sum(budget_allocations.allocated_yen), 0)`.as("allocated_yen"),
      /** disbursed = sum of allocation.disbursed_yen of those allocations (returns already subtracted). */
      sql<string>`coalesce(sum(budget_allocations.disbursed_yen), 0)`.as("disbursed_yen"),
    ])
    .where("budget.fiscal_year", "=", scope.fiscalYear)
    .where(scopeCondition(scope, "municipality.prefecture_code", "municipality.code"))
    .groupBy(["municipality.prefecture_code", "municipality.code"])
    .execute();
  return rows.map((r) => ({
    prefectureCode: Number(r.prefecture_code),
    municipalityCode: r.municipality_code,
    funding: {
      budgetYen: Number(r.budget_yen),
      allocatedYen: Number(r.allocated_yen),
      disbursedYen: Number(r.disbursed_yen),
    },
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// KPI attainment

export interface KpiForAttainment {
  direction: "increase" | "decrease" | "maintain";
  target: string | number | null;
  baseline?: string | number | null;
  /** The value of the latest APPROVED outcome report (by period_start), or null. */
  latestApprovedValue: string | number | null;
}

/**
 * KPI attainment counts for the dashboard, the drill-downs, the pilot summary and the CSVs. Whether one KPI is met is
 * meetsTarget (app/domain/outcomes/attainment.rules.ts), the same function the outcomes pages use, applied to its latest
 * approved value (by period_start). A KPI is measured when meetsTarget can decide; share = met / measured (null when
 * nothing is measured). Unmeasured KPIs are in `kpis` but in neither `measured` nor `met`.
 */
export function kpiAttainmentCounts(kpis: Iterable<KpiForAttainment>): AttainmentCounts {
  let total = 0;
  let measured = 0;
  let met = 0;
  for (const kpi of kpis) {
    total++;
    const outcome = meetsTarget(kpi.direction, kpi.latestApprovedValue, kpi.target, kpi.baseline ?? null);
    if (outcome === null) continue;
    measured++;
    if (outcome) met++;
  }
  return withShare({ kpis: total, measured, met });
}

/** One KPI's standing, by the definition above (not a second definition: it asks kpiAttainmentCounts). */
export function kpiStanding(kpi: KpiForAttainment): "met" | "not_met" | "unmeasured" {
  const counts = kpiAttainmentCounts([kpi]);
  return counts.measured === 0 ? "unmeasured" : counts.met === 1 ? "met" : "not_met";
}

function withShare(c: { kpis: number; measured: number; met: number }): AttainmentCounts {
  return { ...c, share: c.measured === 0 ? null : c.met / c.measured };
}

export interface KpiWithLatestValue extends KpiForAttainment {
  id: string;
  pilotId: string;
  pitchId: string;
  prefectureCode: number;
  municipalityCode: string;
  position: number;
  name: string;
  unit: string;
  baseline: string | null;
  frequency: KpiFrequency;
  latestPeriod: { start: string; end: string } | null;
}

/**
 * The KPIs of the pilots of the cohort (or of one pilot), each with its latest approved value: the outcome value of
 * the approved report with the latest period_start (reports are unique per pilot and period_start).
 */
export async function latestApprovedKpiValues(
  ex: Executor,
  where: { scope: Scope } | { pilotId: string },
): Promise<KpiWithLatestValue[]> {
  let query = ex
    .selectFrom("pilot_kpi")
    .innerJoin("pilot", "pilot.id", "pilot_kpi.pilot_id")
    .innerJoin("pitch", "pitch.id", "pilot.pitch_id")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("outcome_value")
          .innerJoin("outcome_report", "outcome_report.id", "outcome_value.report_id")
          .select(["outcome_value.value", "outcome_report.period_start", "outcome_report.period_end"])
          .whereRef("outcome_value.kpi_id", "=", "pilot_kpi.id")
          .where("outcome_report.status", "=", "approved")
          .orderBy("outcome_report.period_start", "desc")
          .limit(1)
          .as("latest"),
      (join) => join.onTrue(),
    )
    .select(["pilot_kpi.id", "pilot_kpi.pilot_id", "pilot_kpi.position", "pilot_kpi.name"])
    .select(["pilot_kpi.unit", "pilot_kpi.baseline", "pilot_kpi.target", "pilot_kpi.direction"])
    .select(["pilot_kpi.frequency", "pitch.id as pitch_id", "pitch.prefecture_code"])
    .select(["pitch.municipality_code", "latest.value", "latest.period_start", "latest.period_end"])
    .orderBy("pilot_kpi.pilot_id")
    .orderBy("pilot_kpi.position");
  query = "pilotId" in where ? query.where("pilot.id", "=", where.pilotId) : query.where(cohortCondition(where.scope));
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    pilotId: r.pilot_id,
    pitchId: r.pitch_id,
    prefectureCode: Number(r.prefecture_code),
    municipalityCode: r.municipality_code,
    position: r.position,
    name: r.name,
    unit: r.unit,
    baseline: r.baseline,
    frequency: r.frequency,
    direction: r.direction,
    target: r.target,
    latestApprovedValue: r.value ?? null,
    latestPeriod: r.period_start
      ? { start: String(r.period_start).slice(0, 10), end: String(r.period_end).slice(0, 10) }
      : null,
  }));
}

/** KPI attainment grouped by a key of each KPI (municipality, pitch or pilot). */
function attainmentBy(
  kpis: KpiWithLatestValue[],
  key: (k: KpiWithLatestValue) => string,
): Map<string, AttainmentCounts> {
  const groups = new Map<string, KpiWithLatestValue[]>();
  for (const k of kpis) {
    const list = groups.get(key(k)) ?? [];
    list.push(k);
    groups.set(key(k), list);
  }
  return new Map([...groups].map(([k, list]) => [k, kpiAttainmentCounts(list)]));
}

// ---------------------------------------------------------------------------------------------------------------
// Putting them together

export function emptyCounters(): Counters {
  return {
    funnel: {
      pitchesPublished: 0,
      proposals: 0,
      matches: 0,
      signedAgreements: 0,
      running: 0,
      completed: 0,
      completedByResult: {
        self_sustaining: 0,
        full_implementation: 0,
        under_consideration: 0,
        ended: 0,
        unrecorded: 0,
      },
      terminated: 0,
    },
    funding: { budgetYen: 0, allocatedYen: 0, disbursedYen: 0 },
    attainment: { kpis: 0, measured: 0, met: 0, share: null },
  };
}

/** The sum of several rows' counters (a prefecture, a total): counts and yen add up; the share is recomputed. */
export function sumCounters(rows: Iterable<Counters>): Counters {
  const total = emptyCounters();
  for (const c of rows) {
    const f = total.funnel;
    f.pitchesPublished += c.funnel.pitchesPublished;
    f.proposals += c.funnel.proposals;
    f.matches += c.funnel.matches;
    f.signedAgreements += c.funnel.signedAgreements;
    f.running += c.funnel.running;
    f.completed += c.funnel.completed;
    f.terminated += c.funnel.terminated;
    for (const r of [...PILOT_RESULTS, "unrecorded"] as const) f.completedByResult[r] += c.funnel.completedByResult[r];
    total.funding.budgetYen += c.funding.budgetYen;
    total.funding.allocatedYen += c.funding.allocatedYen;
    total.funding.disbursedYen += c.funding.disbursedYen;
    total.attainment.kpis += c.attainment.kpis;
    total.attainment.measured += c.attainment.measured;
    total.attainment.met += c.attainment.met;
  }
  total.attainment = withShare(total.attainment);
  return total;
}

export interface MunicipalityCounters {
  prefectureCode: number;
  municipalityCode: string;
  counters: Counters;
}

/**
 * Every counter per municipality of the scope (three grouped queries, run together): the municipalities with a pitch
 * published in the year or a budget of the year. `alsoInclude` adds rows of zeros (e.g. registered municipalities).
 */
export async function countersByMunicipality(
  ex: Executor,
  scope: Scope,
  alsoInclude: readonly { prefectureCode: number; municipalityCode: string }[] = [],
): Promise<MunicipalityCounters[]> {
  const [funnels, fundings, kpis] = await Promise.all([
    funnelByMunicipality(ex, scope),
    fundingByMunicipality(ex, scope),
    latestApprovedKpiValues(ex, { scope }),
  ]);
  const rows = new Map<string, MunicipalityCounters>();
  const row = (prefectureCode: number, municipalityCode: string) => {
    let r = rows.get(municipalityCode);
    if (!r) {
      r = { prefectureCode, municipalityCode, counters: emptyCounters() };
      rows.set(municipalityCode, r);
    }
    return r;
  };
  for (const m of alsoInclude) row(m.prefectureCode, m.municipalityCode);
  for (const f of funnels) row(f.prefectureCode, f.municipalityCode).counters.funnel = f.funnel;
  for (const f of fundings) row(f.prefectureCode, f.municipalityCode).counters.funding = f.funding;
  const kpiPlaces = new Map(kpis.map((k) => [k.municipalityCode, k.prefectureCode]));
  for (const [code, attainment] of attainmentBy(kpis, (k) => k.municipalityCode))
    row(kpiPlaces.get(code)!, code).counters.attainment = attainment;
  return [...rows.values()].sort((a, b) => a.municipalityCode.localeCompare(b.municipalityCode));
}

/**
 * A municipality's page (scope.municipalityCode set): the funnel and KPI attainment per pitch of the cohort (GROUP BY
 * pitch), and KPI attainment per pilot. Two queries.
 */
export async function countersByPitchAndPilot(
  ex: Executor,
  scope: Scope,
): Promise<{
  pitches: Map<string, { funnel: FunnelCounts; attainment: AttainmentCounts }>;
  pilots: Map<string, AttainmentCounts>;
}> {
  const [funnels, kpis] = await Promise.all([funnelByPitch(ex, scope), latestApprovedKpiValues(ex, { scope })]);
  const byPitch = attainmentBy(kpis, (k) => k.pitchId);
  const empty = emptyCounters().attainment;
  return {
    pitches: new Map(
      [...funnels].map(([pitchId, funnel]) => [pitchId, { funnel, attainment: byPitch.get(pitchId) ?? empty }]),
    ),
    pilots: attainmentBy(kpis, (k) => k.pilotId),
  };
}
