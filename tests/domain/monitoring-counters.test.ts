// The monitoring counters, each asserted exactly against the hand-worked world of tests/support/monitoring-world.ts:
// the funnel of the pitches published in a fiscal year (Tokyo boundaries), funding of the year's budgets, KPI
// attainment by the latest approved value, the jurisdiction, and that totals, prefectures and pitches add up.
import { beforeAll, describe, expect, it } from "vitest";
import {
  countersByMunicipality,
  countersByPitchAndPilot,
  kpiAttainmentCounts,
  kpiStanding,
  sumCounters,
  type Counters,
  type Scope,
} from "~/domain/monitoring/counters.queries.server";
import { fiscalYearInstants } from "~/domain/monitoring/monitoring.schema";
import { pilotOverview } from "~/domain/funding/pilot-overview.queries.server";
import { db } from "~/lib/db.server";
import { buildMonitoringWorld, type MonitoringWorld } from "../support/monitoring-world";
import { pilotMoney } from "~/domain/funding/pilot-money.queries.server";

let w: MonitoringWorld;
beforeAll(async () => {
  w = await buildMonitoringWorld();
});

const TOHOKU = [2, 3, 4, 5, 6, 7];
const bureauScope = (fiscalYear = 2026, extra: Partial<Scope> = {}): Scope => ({
  prefectureCodes: TOHOKU,
  fiscalYear,
  ...extra,
});

async function total(scope: Scope): Promise<Counters> {
  return sumCounters((await countersByMunicipality(db(), scope)).map((r) => r.counters));
}

function funnel(
  pitchesPublished: number,
  proposals: number,
  matches: number,
  signedAgreements: number,
  running: number,
  completed: number,
) {
  return { pitchesPublished, proposals, matches, signedAgreements, running, completed };
}

describe("fiscalYearInstants", () => {
  it("bounds a fiscal year by 1 April 00:00 in Tokyo, half-open", () => {
    expect(fiscalYearInstants(2026)).toEqual({
      from: new Date("2026-03-31T15:00:00Z"),
      to: new Date("2027-03-31T15:00:00Z"),
    });
  });
});

describe("the funnel of a bureau's jurisdiction", () => {
  it("counts every step exactly for FY2026", async () => {
    const t = await total(bureauScope());
    expect(t.funnel).toMatchObject(funnel(4, 8, 6, 5, 1, 3));
    expect(t.funnel.completedByResult).toEqual({
      self_sustaining: 1,
      full_implementation: 1,
      under_consideration: 0,
      ended: 0,
      unrecorded: 1,
    });
    expect(t.funnel.terminated).toBe(1);
  });

  it("gives each municipality its own row, and the rows add up to the total", async () => {
    const rows = await countersByMunicipality(db(), bureauScope());
    const byCode = new Map(rows.map((r) => [r.municipalityCode, r]));
    expect(rows.map((r) => r.municipalityCode).sort()).toEqual(
      [w.a1, w.a2, w.b1].map((m) => m.organization.municipality_code!).sort(),
    );
    const a1 = byCode.get(w.a1.organization.municipality_code!)!;
    expect(a1.prefectureCode).toBe(2);
    expect(a1.counters.funnel).toMatchObject(funnel(2, 3, 1, 1, 1, 0));
    const a2 = byCode.get(w.a2.organization.municipality_code!)!.counters.funnel;
    expect(a2).toMatchObject(funnel(1, 2, 2, 2, 0, 2));
    expect(a2.completedByResult).toMatchObject({ self_sustaining: 1, unrecorded: 1 });
    const b1 = byCode.get(w.b1.organization.municipality_code!)!;
    expect(b1.prefectureCode).toBe(3);
    expect(b1.counters.funnel).toMatchObject({ ...funnel(1, 3, 3, 2, 0, 1), terminated: 1 });
    expect(b1.counters.funnel.completedByResult.full_implementation).toBe(1);
  });

  it("puts a pitch published on 31 March 23:59:59 Tokyo time in the old year and one on 1 April 00:00 in the new", async () => {
    // pA1b (2027-03-31 23:59:59 JST) is in FY2026 (counted above); pA1c (2027-04-01 00:00 JST) is FY2027's only pitch.
    const fy2027 = await total(bureauScope(2027));
    expect(fy2027.funnel).toMatchObject(funnel(1, 1, 0, 0, 0, 0));
    const byPitch = await countersByPitchAndPilot(
      db(),
      bureauScope(2027, { municipalityCode: w.a1.organization.municipality_code! }),
    );
    expect([...byPitch.pitches.keys()]).toEqual([w.pitches.pA1c.id]);
    // pA2 (2026-04-01 00:00 JST) is FY2026; pA1d (2026-03-31 23:59 JST) is FY2025.
    const fy2025 = await countersByPitchAndPilot(db(), bureauScope(2025));
    expect([...fy2025.pitches.keys()]).toEqual([w.pitches.pA1d.id]);
    const fy2026 = await countersByPitchAndPilot(db(), bureauScope(2026));
    expect([...fy2026.pitches.keys()].sort()).toEqual(
      [w.pitches.pA1a.id, w.pitches.pA1b.id, w.pitches.pA2.id, w.pitches.pB1.id].sort(),
    );
  });

  it("leaves out a municipality outside the jurisdiction, and narrows to one prefecture or municipality", async () => {
    const rows = await countersByMunicipality(db(), bureauScope());
    expect(rows.some((r) => r.municipalityCode === w.x.organization.municipality_code)).toBe(false);
    const aomori = await total(bureauScope(2026, { prefectureCode: 2 }));
    expect(aomori.funnel).toMatchObject(funnel(3, 5, 3, 3, 1, 2));
    // A prefecture outside the jurisdiction only narrows: nothing.
    expect((await total(bureauScope(2026, { prefectureCode: 13 }))).funnel.pitchesPublished).toBe(0);
    expect(
      (await total(bureauScope(2026, { municipalityCode: w.x.organization.municipality_code! }))).funnel
        .pitchesPublished,
    ).toBe(0);
    const b1 = await total(bureauScope(2026, { municipalityCode: w.b1.organization.municipality_code! }));
    expect(b1.funnel).toMatchObject(funnel(1, 3, 3, 2, 0, 1));
  });

  it("shows operators all of Japan", async () => {
    const t = await total({ prefectureCodes: "all", fiscalYear: 2026 });
    expect(t.funnel).toMatchObject(funnel(5, 9, 7, 6, 2, 3));
    expect(t.funding).toEqual({ budgetYen: 27_000_000, allocatedYen: 7_500_000, disbursedYen: 3_500_000 });
    expect(t.attainment).toEqual({ kpis: 8, measured: 6, met: 4, share: 4 / 6 });
  });

  it("per pitch, adds up to the municipality", async () => {
    const scope = bureauScope(2026, { municipalityCode: w.a1.organization.municipality_code! });
    const { pitches, pilots } = await countersByPitchAndPilot(db(), scope);
    expect(pitches.get(w.pitches.pA1a.id)!.funnel).toMatchObject(funnel(1, 2, 1, 1, 1, 0));
    expect(pitches.get(w.pitches.pA1b.id)!.funnel).toMatchObject(funnel(1, 1, 0, 0, 0, 0));
    const sum = sumCounters(
      [...pitches.values()].map((p) => ({ ...sumCounters([]), funnel: p.funnel, attainment: p.attainment })),
    );
    const municipality = await total(scope);
    expect(sum.funnel).toEqual(municipality.funnel);
    expect(sum.attainment).toEqual(municipality.attainment);
    expect(pilots.get(w.pilots.P1.id)).toEqual({ kpis: 4, measured: 2, met: 1, share: 0.5 });
  });
});

describe("funding of the fiscal year's budgets", () => {
  it("sums budgets, their allocations and what was disbursed, per municipality and in total", async () => {
    const rows = await countersByMunicipality(db(), bureauScope());
    const byCode = new Map(rows.map((r) => [r.municipalityCode, r.counters.funding]));
    expect(byCode.get(w.a1.organization.municipality_code!)).toEqual({
      budgetYen: 8_000_000,
      allocatedYen: 3_000_000,
      disbursedYen: 1_000_000,
    });
    expect(byCode.get(w.a2.organization.municipality_code!)).toEqual({
      budgetYen: 4_000_000,
      allocatedYen: 3_500_000,
      disbursedYen: 2_000_000,
    });
    expect(byCode.get(w.b1.organization.municipality_code!)).toEqual({
      budgetYen: 6_000_000,
      allocatedYen: 0,
      disbursedYen: 0,
    });
    expect((await total(bureauScope())).funding).toEqual({
      budgetYen: 18_000_000,
      allocatedYen: 6_500_000,
      disbursedYen: 3_000_000,
    });
    // FY2025: A1's budget and the allocation drawn from it, nothing else.
    expect((await total(bureauScope(2025))).funding).toEqual({
      budgetYen: 5_000_000,
      allocatedYen: 1_000_000,
      disbursedYen: 1_000_000,
    });
  });

  it("gives a pilot's money from every year, the same figures as the pilot's own page", async () => {
    const money = await pilotMoney(db(), [w.pilots.P1.id, w.pilots.P4.id]);
    expect(money.get(w.pilots.P1.id)).toEqual({
      allocatedYen: 4_000_000,
      scheduledYen: 4_000_000,
      disbursedYen: 2_000_000,
    });
    expect(money.get(w.pilots.P4.id)).toEqual({ allocatedYen: 0, scheduledYen: 0, disbursedYen: 0 });
    expect((await pilotOverview(db(), w.pilots.P1.id)).money).toEqual(money.get(w.pilots.P1.id));
  });
});

describe("KPI attainment", () => {
  it("takes the latest APPROVED value of each KPI, per municipality and in total", async () => {
    const rows = await countersByMunicipality(db(), bureauScope());
    const byCode = new Map(rows.map((r) => [r.municipalityCode, r.counters.attainment]));
    expect(byCode.get(w.a1.organization.municipality_code!)).toEqual({ kpis: 4, measured: 2, met: 1, share: 0.5 });
    expect(byCode.get(w.a2.organization.municipality_code!)).toEqual({ kpis: 2, measured: 2, met: 2, share: 1 });
    expect(byCode.get(w.b1.organization.municipality_code!)).toEqual({ kpis: 1, measured: 1, met: 0, share: 0 });
    expect((await total(bureauScope())).attainment).toEqual({ kpis: 7, measured: 5, met: 3, share: 0.6 });
    expect((await total(bureauScope(2027))).attainment).toEqual({ kpis: 0, measured: 0, met: 0, share: null });
  });

  it("is at or above target by direction; no target or no approved value is not counted", () => {
    const k = (
      direction: "increase" | "decrease" | "maintain",
      target: string | null,
      latestApprovedValue: string | null,
    ) => ({ direction, target, latestApprovedValue });
    expect(kpiStanding(k("increase", "10", "10"))).toBe("met");
    expect(kpiStanding(k("increase", "10", "9.99"))).toBe("not_met");
    expect(kpiStanding(k("decrease", "5", "5"))).toBe("met");
    expect(kpiStanding(k("decrease", "5", "5.01"))).toBe("not_met");
    expect(kpiStanding(k("maintain", "50", "50"))).toBe("met");
    expect(kpiStanding(k("maintain", "50", "49"))).toBe("not_met");
    expect(kpiStanding(k("increase", null, "3"))).toBe("unmeasured");
    expect(kpiStanding(k("increase", "3", null))).toBe("unmeasured");
    expect(kpiAttainmentCounts([k("increase", "1", "2"), k("decrease", "1", "2"), k("maintain", null, "2")])).toEqual({
      kpis: 3,
      measured: 2,
      met: 1,
      share: 0.5,
    });
    expect(kpiAttainmentCounts([])).toEqual({ kpis: 0, measured: 0, met: 0, share: null });
  });
});
