// A small world for the monitoring counters: 東北経済産業局 (meti-tohoku: 青森 2 … 山形 6, 福島 7) sees two
// municipalities of 青森県 and one of 岩手県; one municipality of 東京都 lies outside. Every figure the tests expect is
// worked out by hand in the comments below, so a changed definition fails loudly.
//
// Fiscal year 2026 = [2026-04-01 00:00, 2027-04-01 00:00) Asia/Tokyo = [2026-03-31T15:00Z, 2027-03-31T15:00Z).
//
//   A1 (青森): pA1a  FY2026  c1 submitted+accepted+published → P1 running, signed; c2 submitted+declined+published;
//                            c3 draft; c3 withdrawn (neither counted)
//              pA1b  2027-03-31 23:59:59 JST (FY2026)  c1 submitted, accepted but NOT published (no match)
//              pA1c  2027-04-01 00:00 JST (FY2027)     c2 submitted
//              pA1d  2026-03-31 23:59 JST (FY2025)     no proposal
//              draft pitch (never published)
//   A2 (青森): pA2   2026-04-01 00:00 JST (FY2026)     c2 accepted → P2 completed, signed, 自走;
//                                                        c1 accepted → P7 completed, signed, no close-out yet
//   B1 (岩手): pB1   FY2026  c1 accepted → P4 agreement (unsigned); c2 accepted → P5 terminated (signed);
//                            c3 accepted → P6 completed, signed, 本格実施
//   X  (東京): pX    FY2026  c1 accepted → PX running, signed (outside the bureau's jurisdiction)
//
// Budgets: A1 FY2026 8,000,000 (P1 3,000,000, disbursed 1,000,000), A1 FY2025 5,000,000 (P1 1,000,000, disbursed
// 1,000,000); A2 FY2026 4,000,000 (P2 2,000,000 all disbursed; P7 1,500,000, none disbursed); B1 FY2026 6,000,000 (no
// allocation); X FY2026 9,000,000 (PX 1,000,000, disbursed 500,000).
//
// KPIs (approved values only count; the latest by period_start):
//   P1: K1 increase 10: 8 (Jul) then 12 (Oct) approved, 5 (Jan) submitted → 12 met
//       K2 decrease 5: 4 (Jul) then 7 (Oct) approved → 7 not met
//       K3 maintain 100: only a submitted value → unmeasured
//       K4 increase, no target, approved 3 → unmeasured
//   P2: K5 decrease 5: 5 → met; K6 maintain 50: 50 → met
//   P6: K7 increase 3: 2 → not met
//   PX: K8 increase 1: 1 → met
import { randomUUID } from "node:crypto";
import type { Pitch, PilotResult, PilotStatus, Proposal } from "@db/schema";
import { createMember, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { db } from "~/lib/db.server";

export const TOHOKU_BUREAU = "meti-tohoku";

async function freeMunicipality(prefectureCode: number, skip = 0): Promise<string> {
  const row = await db()
    .selectFrom("municipality as m")
    .select("m.code")
    .where("m.prefecture_code", "=", prefectureCode)
    .where("m.kind", "=", "municipality")
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom("organization as o").select("o.id").whereRef("o.municipality_code", "=", "m.code")),
      ),
    )
    .orderBy("m.code")
    .offset(skip)
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.code;
}

async function pitchOf(org: CreatedMember, publishedAt: string | null, status: Pitch["status"] = "published") {
  return createPitch(db(), {
    organizationId: org.organization.id,
    status: publishedAt === null ? "draft" : status,
    published_at: publishedAt ?? undefined,
    allows_multiple_matches: true,
  });
}

async function proposalOf(pitch: Pitch, company: CreatedMember, status: Proposal["status"] = "submitted") {
  return createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id, status });
}

async function decide(proposal: Proposal, outcome: "accepted" | "declined", published: boolean) {
  await db()
    .insertInto("proposal_decision")
    .values({
      proposal_id: proposal.id,
      pitch_id: proposal.pitch_id,
      outcome,
      reason: outcome === "accepted" ? "地域に合った提案でした。" : "今回は見送ります。",
      decided_by: null,
      decided_at: "2026-06-01T00:00:00Z",
      published_at: published ? "2026-06-02T00:00:00Z" : null,
    })
    .execute();
}

interface PilotSpec {
  status: PilotStatus;
  signed: boolean;
  result?: PilotResult;
  startedAt?: string;
  endedAt?: string;
}

async function pilotOf(proposal: Proposal, municipality: CreatedMember, company: CreatedMember, spec: PilotSpec) {
  await decide(proposal, "accepted", true);
  const pilot = await db()
    .insertInto("pilot")
    .values({
      proposal_id: proposal.id,
      pitch_id: proposal.pitch_id,
      municipality_id: municipality.organization.id,
      company_id: company.organization.id,
      title: `${proposal.title}の実証`,
      status: spec.status,
      started_at: spec.startedAt ?? null,
      ended_at: spec.endedAt ?? null,
      created_at: "2026-06-10T00:00:00Z",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const version = await db()
    .insertInto("pilot_agreement_version")
    .values({
      pilot_id: pilot.id,
      version_number: 1,
      content: JSON.stringify({ scope: "試行" }),
      locked_at: spec.signed ? "2026-07-01T03:00:00Z" : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (spec.signed) {
    await db()
      .insertInto("pilot_agreement_signature")
      .values([
        {
          version_id: version.id,
          pilot_id: pilot.id,
          side: "municipality",
          organization_id: municipality.organization.id,
          signer_name: "市長 署名",
          signed_at: "2026-06-30T01:00:00Z",
        },
        {
          version_id: version.id,
          pilot_id: pilot.id,
          side: "company",
          organization_id: company.organization.id,
          signer_name: "社長 署名",
          signed_at: "2026-07-01T03:00:00Z",
        },
      ])
      .execute();
    await db().updateTable("pilot").set({ signed_version_id: version.id }).where("id", "=", pilot.id).execute();
  }
  if (spec.result) {
    await db()
      .insertInto("pilot_closeout")
      .values({
        pilot_id: pilot.id,
        result: spec.result,
        final_report: "最終報告（非公開の本文）",
        what_worked: "うまくいったこと",
        what_did_not_work: "うまくいかなかったこと",
        next_step: "次の一手",
        closed_at: "2027-02-15T00:00:00Z",
      })
      .execute();
  }
  return { ...pilot, signed_version_id: spec.signed ? version.id : null };
}

async function budgetOf(
  org: CreatedMember,
  fiscalYear: number,
  amountYen: number,
  allocations: { pilotId: string; amountYen: number; disbursedYen: number }[],
) {
  const budget = await db()
    .insertInto("budget")
    .values({
      organization_id: org.organization.id,
      fiscal_year: fiscalYear,
      amount_yen: amountYen,
      allocated_yen: allocations.reduce((s, a) => s + a.amountYen, 0),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const a of allocations) {
    await db()
      .insertInto("allocation")
      .values({
        budget_id: budget.id,
        pilot_id: a.pilotId,
        organization_id: org.organization.id,
        amount_yen: a.amountYen,
        scheduled_yen: a.amountYen,
        disbursed_yen: a.disbursedYen,
      })
      .execute();
  }
  return budget.id;
}

async function kpiOf(
  pilotId: string,
  position: number,
  direction: "increase" | "decrease" | "maintain",
  target: number | null,
) {
  const row = await db()
    .insertInto("pilot_kpi")
    .values({ pilot_id: pilotId, position, name: `KPI${position}`, unit: "人", baseline: 0, target, direction })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function reportOf(
  pilotId: string,
  periodStart: string,
  periodEnd: string,
  status: "approved" | "submitted",
  values: [string, number][],
) {
  const report = await db()
    .insertInto("outcome_report")
    .values({ pilot_id: pilotId, period_start: periodStart, period_end: periodEnd, status, author_side: "company" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("outcome_value")
    .values(values.map(([kpiId, value]) => ({ report_id: report.id, kpi_id: kpiId, value })))
    .execute();
}

export async function buildMonitoringWorld() {
  const bureau = await createMember(db(), { kind: "bureau", bureauId: TOHOKU_BUREAU });
  const a1 = await createMember(db(), { kind: "municipality", municipalityCode: await freeMunicipality(2) });
  const a2 = await createMember(db(), { kind: "municipality", municipalityCode: await freeMunicipality(2) });
  const b1 = await createMember(db(), { kind: "municipality", municipalityCode: await freeMunicipality(3) });
  const x = await createMember(db(), { kind: "municipality", municipalityCode: await freeMunicipality(13) });
  const c1 = await createMember(db(), { kind: "company" });
  const c2 = await createMember(db(), { kind: "company" });
  const c3 = await createMember(db(), { kind: "company" });

  const pA1a = await pitchOf(a1, "2026-05-10T01:00:00Z", "matched");
  const pA1b = await pitchOf(a1, "2027-03-31T14:59:59Z", "closed");
  const pA1c = await pitchOf(a1, "2027-03-31T15:00:00Z");
  const pA1d = await pitchOf(a1, "2026-03-31T14:59:00Z", "not_matched");
  const draft = await pitchOf(a1, null);
  const pA2 = await pitchOf(a2, "2026-03-31T15:00:00Z", "matched");
  const pB1 = await pitchOf(b1, "2026-09-01T00:00:00Z", "matched");
  const pX = await pitchOf(x, "2026-09-01T00:00:00Z", "matched");

  const P1 = await pilotOf(await proposalOf(pA1a, c1), a1, c1, {
    status: "running",
    signed: true,
    startedAt: "2026-08-01T00:00:00Z",
  });
  await decide(await proposalOf(pA1a, c2), "declined", true);
  await proposalOf(pA1a, c3, "draft");
  await proposalOf(pA1a, c3, "withdrawn");
  await decide(await proposalOf(pA1b, c1), "accepted", false);
  await proposalOf(pA1c, c2);
  const P2 = await pilotOf(await proposalOf(pA2, c2), a2, c2, {
    status: "completed",
    signed: true,
    result: "self_sustaining",
    startedAt: "2026-07-01T00:00:00Z",
    endedAt: "2027-02-01T00:00:00Z",
  });
  const P7 = await pilotOf(await proposalOf(pA2, c1), a2, c1, {
    status: "completed",
    signed: true,
    startedAt: "2026-07-01T00:00:00Z",
    endedAt: "2027-03-01T00:00:00Z",
  });
  const P4 = await pilotOf(await proposalOf(pB1, c1), b1, c1, { status: "agreement", signed: false });
  const P5 = await pilotOf(await proposalOf(pB1, c2), b1, c2, {
    status: "terminated",
    signed: true,
    startedAt: "2026-10-01T00:00:00Z",
    endedAt: "2026-12-01T00:00:00Z",
  });
  const P6 = await pilotOf(await proposalOf(pB1, c3), b1, c3, {
    status: "completed",
    signed: true,
    result: "full_implementation",
    startedAt: "2026-10-01T00:00:00Z",
    endedAt: "2027-03-15T00:00:00Z",
  });
  const PX = await pilotOf(await proposalOf(pX, c1), x, c1, {
    status: "running",
    signed: true,
    startedAt: "2026-10-01T00:00:00Z",
  });

  await budgetOf(a1, 2026, 8_000_000, [{ pilotId: P1.id, amountYen: 3_000_000, disbursedYen: 1_000_000 }]);
  await budgetOf(a1, 2025, 5_000_000, [{ pilotId: P1.id, amountYen: 1_000_000, disbursedYen: 1_000_000 }]);
  await budgetOf(a2, 2026, 4_000_000, [
    { pilotId: P2.id, amountYen: 2_000_000, disbursedYen: 2_000_000 },
    { pilotId: P7.id, amountYen: 1_500_000, disbursedYen: 0 },
  ]);
  await budgetOf(b1, 2026, 6_000_000, []);
  await budgetOf(x, 2026, 9_000_000, [{ pilotId: PX.id, amountYen: 1_000_000, disbursedYen: 500_000 }]);

  const k1 = await kpiOf(P1.id, 1, "increase", 10);
  const k2 = await kpiOf(P1.id, 2, "decrease", 5);
  const k3 = await kpiOf(P1.id, 3, "maintain", 100);
  const k4 = await kpiOf(P1.id, 4, "increase", null);
  await reportOf(P1.id, "2026-07-01", "2026-09-30", "approved", [
    [k1, 8],
    [k2, 4],
  ]);
  await reportOf(P1.id, "2026-10-01", "2026-12-31", "approved", [
    [k1, 12],
    [k2, 7],
    [k4, 3],
  ]);
  await reportOf(P1.id, "2027-01-01", "2027-03-31", "submitted", [
    [k1, 5],
    [k3, 100],
  ]);
  const k5 = await kpiOf(P2.id, 1, "decrease", 5);
  const k6 = await kpiOf(P2.id, 2, "maintain", 50);
  await reportOf(P2.id, "2026-10-01", "2026-12-31", "approved", [
    [k5, 5],
    [k6, 50],
  ]);
  const k7 = await kpiOf(P6.id, 1, "increase", 3);
  await reportOf(P6.id, "2026-10-01", "2026-12-31", "approved", [[k7, 2]]);
  const k8 = await kpiOf(PX.id, 1, "increase", 1);
  await reportOf(PX.id, "2026-10-01", "2026-12-31", "approved", [[k8, 1]]);

  // A milestone of P1, for the pilot summary.
  const allocation = await db()
    .selectFrom("allocation")
    .select("id")
    .where("pilot_id", "=", P1.id)
    .orderBy("amount_yen", "desc")
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("milestone")
    .values({
      id: randomUUID(),
      allocation_id: allocation.id,
      pilot_id: P1.id,
      organization_id: a1.organization.id,
      title: "第1回 準備完了時",
      due_date: "2026-09-30",
      original_amount_yen: 1_000_000,
      amount_yen: 1_000_000,
      status: "paid",
    })
    .execute();

  return {
    bureau,
    a1,
    a2,
    b1,
    x,
    c1,
    c2,
    c3,
    pitches: { pA1a, pA1b, pA1c, pA1d, draft, pA2, pB1, pX },
    pilots: { P1, P2, P4, P5, P6, P7, PX },
  };
}
export type MonitoringWorld = Awaited<ReturnType<typeof buildMonitoringWorld>>;
