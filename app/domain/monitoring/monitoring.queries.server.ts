// What the monitoring pages show, built from the counters (counters.queries.server.ts) plus names and lists. Read-only.
import type { MilestoneStatus, PilotResult, PilotStatus, PitchStatus } from "@db/schema";
import type { Executor } from "@db/database.server";
import { pilotFunding } from "~/domain/funding/funding.queries.server";
import { pilotOverview } from "~/domain/funding/pilot-overview.queries.server";
import { PUBLIC_STATUSES } from "~/domain/pitches/pitch.rules";
import {
  cohortCondition,
  countersByMunicipality,
  countersByPitchAndPilot,
  emptyCounters,
  kpiAttainmentCounts,
  kpiStanding,
  latestApprovedKpiValues,
  scopeCondition,
  sumCounters,
  type AttainmentCounts,
  type Counters,
  type FunnelCounts,
  type Scope,
} from "./counters.queries.server";
import type { MonitoredMunicipality, MonitoringViewer } from "./monitoring.access.server";
import type { LifeStepKey } from "./monitoring-labels.data";
import { pilotMoney, type PilotMoney } from "~/domain/funding/pilot-money.queries.server";

export interface PrefectureRow {
  code: number;
  name: string;
  counters: Counters;
}

export interface MunicipalityRow {
  code: string;
  name: string;
  prefectureCode: number;
  prefectureName: string;
  counters: Counters;
}

export interface MonitoringDashboard {
  total: Counters;
  prefectures: PrefectureRow[];
  municipalities: MunicipalityRow[];
}

/**
 * The dashboard: the total, one row per prefecture of the scope (zeros included) and one per registered municipality
 * (a pitch or a budget needs one, so every figure has its row). Totals are sums of the rows.
 */
export async function monitoringDashboard(
  ex: Executor,
  viewer: MonitoringViewer,
  scope: Scope,
): Promise<MonitoringDashboard> {
  const registered = await ex
    .selectFrom("organization")
    .innerJoin("municipality", "municipality.code", "organization.municipality_code")
    .select(["municipality.code", "municipality.prefecture_code"])
    .where("organization.kind", "=", "municipality")
    .where(scopeCondition(scope, "municipality.prefecture_code", "municipality.code"))
    .execute();
  const rows = await countersByMunicipality(
    ex,
    scope,
    registered.map((r) => ({ prefectureCode: r.prefecture_code, municipalityCode: r.code })),
  );
  const names = rows.length
    ? await ex
        .selectFrom("municipality")
        .select(["code", "name"])
        .where(
          "code",
          "in",
          rows.map((r) => r.municipalityCode),
        )
        .execute()
    : [];
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  const prefectureNameOf = new Map(viewer.prefectures.map((p) => [p.code, p.name]));
  const prefectures = viewer.prefectures
    .filter((p) => scope.prefectureCode === undefined || p.code === scope.prefectureCode)
    .map((p) => ({
      code: p.code,
      name: p.name,
      counters: sumCounters(rows.filter((r) => r.prefectureCode === p.code).map((r) => r.counters)),
    }));
  return {
    total: sumCounters(rows.map((r) => r.counters)),
    prefectures,
    municipalities: rows.map((r) => ({
      code: r.municipalityCode,
      name: nameOf.get(r.municipalityCode) ?? r.municipalityCode,
      prefectureCode: r.prefectureCode,
      prefectureName: prefectureNameOf.get(r.prefectureCode) ?? "",
      counters: r.counters,
    })),
  };
}

/** The viewer's whole scope for one fiscal year (the bureau home's summary): the dashboard's total, same counters. */
export async function scopeTotal(ex: Executor, scope: Scope): Promise<Counters> {
  return sumCounters((await countersByMunicipality(ex, scope)).map((r) => r.counters));
}

export interface MunicipalityPitchRow {
  id: string;
  title: string;
  status: PitchStatus;
  /** The public page exists (published and later, not archived). */
  isPublic: boolean;
  publishedAt: string;
  funnel: FunnelCounts;
  attainment: AttainmentCounts;
}

export interface MunicipalityPilotRow {
  id: string;
  title: string;
  pitchId: string;
  pitchTitle: string;
  companyName: string;
  status: PilotStatus;
  signedVersionNumber: number | null;
  signedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  result: PilotResult | null;
  money: PilotMoney;
  attainment: AttainmentCounts;
}

/** A municipality's page for a fiscal year: its counters, its pitches of the year and the pilots they led to. */
export async function monitoringMunicipality(
  ex: Executor,
  viewer: MonitoringViewer,
  municipality: MonitoredMunicipality,
  fiscalYear: number,
) {
  const scope: Scope = { prefectureCodes: viewer.prefectureCodes, fiscalYear, municipalityCode: municipality.code };
  const [rows, breakdown, pitches, pilots] = await Promise.all([
    countersByMunicipality(ex, scope),
    countersByPitchAndPilot(ex, scope),
    ex
      .selectFrom("pitch")
      .select(["pitch.id", "pitch.title", "pitch.status", "pitch.published_at"])
      .where(cohortCondition(scope))
      .orderBy("pitch.published_at")
      .orderBy("pitch.id")
      .execute(),
    ex
      .selectFrom("pilot")
      .innerJoin("pitch", "pitch.id", "pilot.pitch_id")
      .innerJoin("organization as company", "company.id", "pilot.company_id")
      .leftJoin("pilot_agreement_version as signed", "signed.id", "pilot.signed_version_id")
      .leftJoin("pilot_closeout", "pilot_closeout.pilot_id", "pilot.id")
      .select((eb) => [
        "pilot.id",
        "pilot.title",
        "pilot.status",
        "pilot.started_at",
        "pilot.ended_at",
        "pitch.id as pitch_id",
        "pitch.title as pitch_title",
        "company.name as company_name",
        "signed.version_number as signed_version_number",
        "pilot_closeout.result",
        eb
          .selectFrom("pilot_agreement_signature as s")
          .select((s) => s.fn.max("s.signed_at").as("at"))
          .whereRef("s.version_id", "=", "pilot.signed_version_id")
          .as("signed_at"),
      ])
      .where(cohortCondition(scope))
      .orderBy("pitch.published_at")
      .orderBy("pilot.created_at")
      .orderBy("pilot.id")
      .execute(),
  ]);
  const money = await pilotMoney(
    ex,
    pilots.map((p) => p.id),
  );
  const emptyAttainment = emptyCounters().attainment;
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    municipality,
    fiscalYear,
    counters: rows[0]?.counters ?? emptyCounters(),
    pitches: pitches.map((p): MunicipalityPitchRow => ({
      id: p.id,
      title: p.title,
      status: p.status,
      isPublic: PUBLIC_STATUSES.includes(p.status),
      publishedAt: new Date(p.published_at!).toISOString(),
      funnel: breakdown.pitches.get(p.id)?.funnel ?? emptyCounters().funnel,
      attainment: breakdown.pitches.get(p.id)?.attainment ?? emptyAttainment,
    })),
    pilots: pilots.map((p): MunicipalityPilotRow => ({
      id: p.id,
      title: p.title,
      pitchId: p.pitch_id,
      pitchTitle: p.pitch_title,
      companyName: p.company_name,
      status: p.status,
      signedVersionNumber: p.signed_version_number ?? null,
      signedAt: iso(p.signed_at as Date | null),
      startedAt: iso(p.started_at),
      endedAt: iso(p.ended_at),
      result: p.result ?? null,
      money: money.get(p.id)!,
      attainment: breakdown.pilots.get(p.id) ?? emptyAttainment,
    })),
  };
}
export type MonitoringMunicipality = Awaited<ReturnType<typeof monitoringMunicipality>>;

/** A read-only summary of one pilot for its bureau: no confidential proposal text, only facts, dates and figures. */
export async function monitoringPilot(ex: Executor, pilot: { id: string; municipality_id: string }) {
  const [facts, overview, funding, kpis] = await Promise.all([
    ex
      .selectFrom("pilot")
      .innerJoin("pitch", "pitch.id", "pilot.pitch_id")
      .innerJoin("proposal", "proposal.id", "pilot.proposal_id")
      .leftJoin("proposal_decision", "proposal_decision.proposal_id", "pilot.proposal_id")
      .innerJoin("organization as municipality_org", "municipality_org.id", "pilot.municipality_id")
      .innerJoin("organization as company", "company.id", "pilot.company_id")
      .innerJoin("municipality", "municipality.code", "pitch.municipality_code")
      .innerJoin("prefecture", "prefecture.code", "pitch.prefecture_code")
      .leftJoin("pilot_agreement_version as signed", "signed.id", "pilot.signed_version_id")
      .leftJoin("pilot_closeout", "pilot_closeout.pilot_id", "pilot.id")
      .select(["pilot.id", "pilot.title", "pilot.status", "pilot.created_at", "pilot.started_at"])
      .select(["pilot.ended_at", "pitch.id as pitch_id", "pitch.title as pitch_title"])
      .select(["pitch.status as pitch_status", "pitch.published_at as pitch_published_at"])
      .select(["pitch.municipality_code", "municipality.name as municipality_name"])
      .select(["prefecture.name as prefecture_name"])
      .select(["municipality_org.name as municipality_org_name"])
      .select(["company.name as company_name", "proposal.submitted_at"])
      .select(["proposal_decision.outcome"])
      .select(["proposal_decision.published_at as decision_published_at"])
      .select(["signed.version_number as signed_version_number"])
      .select(["signed.locked_at as signed_locked_at", "pilot_closeout.result"])
      .select(["pilot_closeout.closed_at"])
      .where("pilot.id", "=", pilot.id)
      .executeTakeFirstOrThrow(),
    pilotOverview(ex, pilot.id),
    pilotFunding(ex, pilot, { withBudgets: false }),
    latestApprovedKpiValues(ex, { pilotId: pilot.id }),
  ]);
  const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
  const signedSignatures =
    facts.signed_version_number === null
      ? []
      : overview.signatures.filter((s) => s.versionNumber === facts.signed_version_number);
  const signedAt =
    signedSignatures
      .map((s) => s.signedAt)
      .sort()
      .at(-1) ?? null;
  const matchedAt = facts.outcome === "accepted" ? iso(facts.decision_published_at) : null;
  const finished = facts.status === "completed" || facts.status === "terminated";
  const steps: { key: LifeStepKey; at: string | null; done: boolean }[] = [
    { key: "pitchPublished", at: iso(facts.pitch_published_at), done: facts.pitch_published_at !== null },
    { key: "proposalSubmitted", at: iso(facts.submitted_at), done: facts.submitted_at !== null },
    { key: "matched", at: matchedAt, done: matchedAt !== null },
    { key: "pilotStarted", at: iso(facts.created_at), done: true },
    { key: "agreementSigned", at: signedAt, done: facts.signed_version_number !== null },
    {
      key: "running",
      at: iso(facts.started_at),
      done: facts.started_at !== null || facts.status === "running" || facts.status === "completed",
    },
    { key: "finished", at: iso(facts.ended_at), done: finished },
  ];
  return {
    pilot: {
      id: facts.id,
      title: facts.title,
      status: facts.status,
      startedAt: iso(facts.started_at),
      endedAt: iso(facts.ended_at),
    },
    pitch: {
      id: facts.pitch_id,
      title: facts.pitch_title,
      isPublic: PUBLIC_STATUSES.includes(facts.pitch_status),
      publishedAt: iso(facts.pitch_published_at),
    },
    place: {
      municipalityCode: facts.municipality_code,
      municipalityName: facts.municipality_name,
      prefectureName: facts.prefecture_name,
    },
    parties: { municipality: facts.municipality_org_name, company: facts.company_name },
    agreement: {
      signedVersionNumber: facts.signed_version_number ?? null,
      signedAt,
      signatures: signedSignatures,
      latestVersion: overview.latestVersion,
    },
    steps,
    money: overview.money,
    milestones: funding.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueDate: m.dueDate,
      amountYen: m.amountYen,
      status: m.status as MilestoneStatus,
      paidAt: m.payment?.paidAt ?? null,
    })),
    kpis: kpis.map((k) => ({
      id: k.id,
      name: k.name,
      unit: k.unit,
      baseline: k.baseline,
      target: k.target,
      direction: k.direction,
      latestApprovedValue: k.latestApprovedValue === null ? null : String(k.latestApprovedValue),
      latestPeriod: k.latestPeriod,
      standing: kpiStanding(k),
    })),
    attainment: kpiAttainmentCounts(kpis),
    closeout: facts.result ? { result: facts.result, closedAt: iso(facts.closed_at) } : null,
  };
}
export type MonitoringPilot = Awaited<ReturnType<typeof monitoringPilot>>;
