// The demo chain after matching, generated through the commands on a fresh demo database: a pilot at every step
// (agreement drafted; signed by the municipality only; signed and funded; reporting; closed with a published case),
// money in the ledgers of 北海道 and 茨城県, reports approved and returned for quarters that have ended, every date in
// the past, and the demo state the browser journeys rely on left as it was.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { scopeTotal } from "~/domain/monitoring/monitoring.queries.server";
import { listPublishedCaseStudies } from "~/domain/outcomes/case-study.queries.server";
import { db } from "~/lib/db.server";
import { setStorageRootForTests } from "~/lib/storage.server";
import { seedDemoChain, type DemoChainResult } from "~/seed/demo-chain.server";
import { seedDemoData } from "~/seed/demo-data.server";

let uploads = "";
let chain: DemoChainResult;
let seededAt = 0;
const HOKKAIDO = 1;
const IBARAKI = 8;

beforeAll(async () => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "demo-chain-"));
  setStorageRootForTests(uploads);
  expect((await seedDemoData(db())).created).toBe(true);
  const started = Date.now();
  chain = await seedDemoChain();
  seededAt = Date.now();
  // Startup time matters: the chain is a few hundred small transactions.
  expect(seededAt - started).toBeLessThan(30_000);
}, 60_000);

afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(uploads, { recursive: true, force: true });
});

const tokyoToday = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
const dateOf = (value: Date | string) => (value instanceof Date ? value.toISOString().slice(0, 10) : value);

function pilotOf(step: DemoChainResult["pilots"][number]["step"]) {
  const found = chain.pilots.find((p) => p.step === step);
  if (!found) throw new Error(`no ${step} pilot`);
  return db()
    .selectFrom("pilot")
    .innerJoin("organization as m", "m.id", "pilot.municipality_id")
    .innerJoin("organization as c", "c.id", "pilot.company_id")
    .selectAll("pilot")
    .select(["m.name as municipality", "c.name as company"])
    .where("pilot.id", "=", found.pilotId)
    .executeTakeFirstOrThrow();
}

async function signatureSides(pilotId: string) {
  const rows = await db()
    .selectFrom("pilot_agreement_signature")
    .select("side")
    .where("pilot_id", "=", pilotId)
    .orderBy("side")
    .execute();
  return rows.map((r) => r.side);
}

async function milestonesOf(pilotId: string) {
  return db()
    .selectFrom("milestone")
    .select(["id", "title", "status", "amount_yen", "due_date"])
    .where("pilot_id", "=", pilotId)
    .orderBy("due_date")
    .execute();
}

describe("the demo chain", () => {
  it("has one pilot per step, each from a match whose decisions (one accepted, one declined) are published", async () => {
    expect(chain.pilots.map((p) => p.step)).toEqual(["drafting", "awaitingCompany", "funded", "reporting", "closed"]);
    for (const { pitchId, pilotId } of chain.pilots) {
      const pitch = await db().selectFrom("pitch").selectAll().where("id", "=", pitchId).executeTakeFirstOrThrow();
      expect(pitch.status).toBe("matched");
      const decisions = await db()
        .selectFrom("proposal_decision")
        .innerJoin("proposal", "proposal.id", "proposal_decision.proposal_id")
        .select(["proposal_decision.outcome", "proposal_decision.published_at", "proposal.submitted_at"])
        .where("proposal_decision.pitch_id", "=", pitchId)
        .orderBy("proposal_decision.outcome")
        .execute();
      expect(decisions.map((d) => d.outcome)).toEqual(["accepted", "declined"]);
      for (const d of decisions) {
        expect(d.published_at).not.toBeNull();
        expect(d.submitted_at!.getTime()).toBeLessThan(pitch.proposal_deadline!.getTime());
        expect(pitch.published_at!.getTime()).toBeLessThan(d.submitted_at!.getTime());
      }
      const pilot = await db().selectFrom("pilot").selectAll().where("id", "=", pilotId).executeTakeFirstOrThrow();
      expect(pilot.pitch_id).toBe(pitchId);
    }
  });

  it("drafts 東大和市's agreement, and 美唄市's awaits the company's signature", async () => {
    const drafting = await pilotOf("drafting");
    expect([drafting.municipality, drafting.company]).toEqual(["東大和市", "株式会社つながる見守りテック"]);
    expect(drafting.status).toBe("agreement");
    expect(await signatureSides(drafting.id)).toEqual([]);
    const awaiting = await pilotOf("awaitingCompany");
    expect([awaiting.municipality, awaiting.company]).toEqual(["美唄市", "株式会社まちなかスーパー"]);
    expect(awaiting.status).toBe("agreement");
    expect(await signatureSides(awaiting.id)).toEqual(["municipality"]);
  });

  it("funds 江差町's signed pilot: budgets of this and the previous fiscal year, an allocation, a paid milestone", async () => {
    const funded = await pilotOf("funded");
    expect([funded.municipality, funded.company]).toEqual(["江差町", "みらい移動サービス株式会社"]);
    expect(funded.status).toBe("running");
    expect(await signatureSides(funded.id)).toEqual(["company", "municipality"]);
    const current = fiscalYearOf(new Date());
    const budgets = await db()
      .selectFrom("budget")
      .select(["fiscal_year", "amount_yen", "allocated_yen"])
      .where("organization_id", "=", funded.municipality_id)
      .orderBy("fiscal_year")
      .execute();
    expect(budgets.map((b) => b.fiscal_year)).toEqual([current - 1, current]);
    expect(Number(budgets[1]!.allocated_yen)).toBe(3_000_000);
    const milestones = await milestonesOf(funded.id);
    expect(milestones.map((m) => m.status)).toEqual(["paid", "scheduled", "scheduled"]);
    const payment = await db()
      .selectFrom("milestone_payment")
      .select(["method", "status", "reference", "amount_yen"])
      .where("milestone_id", "=", milestones[0]!.id)
      .executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ method: "bank_transfer", status: "paid", reference: "江差-振込-0001" });
    const ledger = await db()
      .selectFrom("ledger_entry")
      .select(["kind", "amount_yen"])
      .where("pilot_id", "=", funded.id)
      .execute();
    expect(ledger.filter((e) => e.kind === "disbursement").map((e) => Number(e.amount_yen))).toEqual([1_200_000]);
  });

  it("has かすみがうら市's pilot reporting: the last two ended quarters, one approved, one returned; expenditure approved", async () => {
    const reporting = await pilotOf("reporting");
    expect([reporting.municipality, reporting.company]).toEqual([
      "かすみがうら市",
      "株式会社ほっかいどうヘルスケアラボ",
    ]);
    expect(reporting.status).toBe("running");
    const kpis = await db().selectFrom("pilot_kpi").select("id").where("pilot_id", "=", reporting.id).execute();
    expect(kpis).toHaveLength(3);
    const reports = await db()
      .selectFrom("outcome_report")
      .selectAll()
      .where("pilot_id", "=", reporting.id)
      .orderBy("period_start")
      .execute();
    expect(reports.map((r) => r.status)).toEqual(["approved", "returned"]);
    const today = tokyoToday();
    for (const r of reports) expect(dateOf(r.period_end) < today).toBe(true);
    // The second is the quarter that ended last: it ends the day before the current quarter began.
    const lastEnd = new Date(`${dateOf(reports[1]!.period_end)}T00:00:00Z`);
    const next = new Date(lastEnd.getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(next.slice(8)).toBe("01");
    expect(["01", "04", "07", "10"]).toContain(next.slice(5, 7));
    expect(today.slice(0, 7) >= next.slice(0, 7) && today < addMonths(next, 3)).toBe(true);
    const values = await db()
      .selectFrom("outcome_value")
      .select("value")
      .where("report_id", "=", reports[0]!.id)
      .execute();
    expect(values).toHaveLength(3);

    const expenditures = await db()
      .selectFrom("expenditure_report")
      .select(["status", "total_yen"])
      .where("pilot_id", "=", reporting.id)
      .execute();
    expect(expenditures).toEqual([{ status: "approved", total_yen: "1600000" }]);
    const receipts = await db().selectFrom("expenditure_receipt").select("content_type").execute();
    expect(receipts.map((r) => r.content_type)).toEqual(["application/pdf"]);
    const milestones = await milestonesOf(reporting.id);
    expect(milestones.map((m) => m.status)).toEqual(["paid", "scheduled"]);
  });

  it("closes 様似町's pilot as 本格実施 with its reflection, adoptions and a published case study", async () => {
    const closed = await pilotOf("closed");
    expect([closed.municipality, closed.company]).toEqual(["様似町", "株式会社ほっかいどうヘルスケアラボ"]);
    expect(closed.status).toBe("completed");
    const closeout = await db()
      .selectFrom("pilot_closeout")
      .selectAll()
      .where("pilot_id", "=", closed.id)
      .executeTakeFirstOrThrow();
    expect(closeout).toMatchObject({ result: "full_implementation", budgeted_next_year: true });
    expect(closeout.what_worked).not.toBe("");
    const adoptions = await db()
      .selectFrom("pilot_adoption as a")
      .innerJoin("municipality as m", "m.code", "a.municipality_code")
      .select("m.name")
      .where("a.pilot_id", "=", closed.id)
      .orderBy("m.name")
      .execute();
    expect(adoptions.map((a) => a.name)).toEqual(["えりも町", "浦河町"]);
    const reports = await db()
      .selectFrom("outcome_report")
      .select("status")
      .where("pilot_id", "=", closed.id)
      .execute();
    expect(reports.map((r) => r.status)).toEqual(["approved", "approved", "approved", "approved"]);
    const cases = await listPublishedCaseStudies(db());
    expect(cases.total).toBe(1);
    expect(cases.items[0]).toMatchObject({
      municipalityName: "様似町",
      prefectureName: "北海道",
      result: "full_implementation",
    });
  });

  it("shows money in two prefectures and two bureaus' scopes", async () => {
    const current = fiscalYearOf(new Date());
    const hokkaido = await scopeTotal(db(), { prefectureCodes: [HOKKAIDO], fiscalYear: current });
    expect(hokkaido.funding.disbursedYen).toBe(1_200_000);
    const reporting = await pilotOf("reporting");
    const budget = await db()
      .selectFrom("allocation")
      .innerJoin("budget", "budget.id", "allocation.budget_id")
      .select("budget.fiscal_year")
      .where("allocation.pilot_id", "=", reporting.id)
      .executeTakeFirstOrThrow();
    const ibaraki = await scopeTotal(db(), { prefectureCodes: [IBARAKI], fiscalYear: budget.fiscal_year });
    expect(ibaraki.funding.disbursedYen).toBe(1_600_000);
  });

  it("dates every step in the past, each after the one before it", async () => {
    const past = (value: Date | null) => value === null || value.getTime() <= seededAt;
    const stamps = await Promise.all([
      db().selectFrom("pitch").select(["published_at as at"]).execute(),
      db().selectFrom("proposal").select(["submitted_at as at"]).execute(),
      db().selectFrom("proposal_decision").select(["published_at as at"]).execute(),
      db().selectFrom("pilot_agreement_signature").select(["signed_at as at"]).execute(),
      db().selectFrom("outcome_report").select(["reviewed_at as at"]).execute(),
      db().selectFrom("pilot_closeout").select(["closed_at as at"]).execute(),
      db().selectFrom("case_study").select(["published_at as at"]).execute(),
      db().selectFrom("milestone_payment").select(["paid_at as at"]).execute(),
    ]);
    for (const rows of stamps) for (const row of rows) expect(past(row.at as Date | null)).toBe(true);
    for (const { pilotId } of chain.pilots) {
      const pilot = await db().selectFrom("pilot").selectAll().where("id", "=", pilotId).executeTakeFirstOrThrow();
      const decision = await db()
        .selectFrom("proposal_decision")
        .select("published_at")
        .where("proposal_id", "=", pilot.proposal_id)
        .executeTakeFirstOrThrow();
      expect(decision.published_at!.getTime()).toBeLessThan(pilot.created_at.getTime());
      if (pilot.started_at) expect(pilot.created_at.getTime()).toBeLessThan(pilot.started_at.getTime());
    }
    const closed = await pilotOf("closed");
    const version = await db()
      .selectFrom("pilot_agreement_version")
      .select("content")
      .where("id", "=", closed.signed_version_id!)
      .executeTakeFirstOrThrow();
    const periodEnd = (version.content as { periodEnd: string }).periodEnd;
    expect(dateOf(closed.ended_at!) > periodEnd).toBe(true);
  });

  it("leaves what the browser journeys use alone: 茶志内 without proposals, 東大和市's match without a pilot, no budgets", async () => {
    const chashinai = await db()
      .selectFrom("pitch")
      .select("id")
      .where("title", "=", "茶志内地区に、みんなで顔を合わせる場をもう一度")
      .executeTakeFirstOrThrow();
    const proposals = await db().selectFrom("proposal").select("id").where("pitch_id", "=", chashinai.id).execute();
    expect(proposals).toEqual([]);
    const slopes = await db()
      .selectFrom("pilot")
      .innerJoin("pitch", "pitch.id", "pilot.pitch_id")
      .select("pilot.id")
      .where("pitch.title", "=", "坂の多い地域の高齢者の外出と社会参加を支える移動支援")
      .execute();
    expect(slopes).toEqual([]);
    const budgets = await db()
      .selectFrom("budget")
      .innerJoin("organization", "organization.id", "budget.organization_id")
      .select("organization.name")
      .where("organization.name", "in", ["東大和市", "美唄市"])
      .execute();
    expect(budgets).toEqual([]);
    const esashiOpen = await db()
      .selectFrom("pitch")
      .innerJoin("organization", "organization.id", "pitch.organization_id")
      .select("pitch.id")
      .where("organization.name", "=", "江差町")
      .where("pitch.status", "=", "published")
      .execute();
    expect(esashiOpen.length).toBeGreaterThan(0);
  });
});

function addMonths(day: string, months: number): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}
