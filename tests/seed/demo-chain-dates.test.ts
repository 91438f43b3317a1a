// The demo chain seeded half an hour into a fiscal year (2027-04-01 00:30 in Tokyo): the reporting pilot's two ended
// quarters lie in the fiscal year before, the steps of the last quarter's report fit into the half hour, the funded
// pilot starts on the first day of the new year, and nothing is dated after the seeding time.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { setStorageRootForTests } from "~/lib/storage.server";
import { seedDemoChain, type DemoChainResult } from "~/seed/demo-chain.server";
import { seedDemoData } from "~/seed/demo-data.server";

const NOW = new Date("2027-04-01T00:30:00+09:00");
let uploads = "";
let chain: DemoChainResult;

beforeAll(async () => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "demo-chain-dates-"));
  setStorageRootForTests(uploads);
  await seedDemoData(db());
  chain = await seedDemoChain(NOW);
}, 60_000);

afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(uploads, { recursive: true, force: true });
});

const pilotId = (step: DemoChainResult["pilots"][number]["step"]) => chain.pilots.find((p) => p.step === step)!.pilotId;
const day = (value: Date | string) => (value instanceof Date ? value.toISOString().slice(0, 10) : value);

async function agreedPeriod(id: string) {
  const version = await db()
    .selectFrom("pilot_agreement_version")
    .select("content")
    .where("pilot_id", "=", id)
    .orderBy("version_number", "desc")
    .executeTakeFirstOrThrow();
  const content = version.content as { periodStart: string; periodEnd: string };
  return [content.periodStart, content.periodEnd];
}

describe("the demo chain at the start of a fiscal year", () => {
  it("places every pilot's period by the quarters of the seeding time", async () => {
    expect(await agreedPeriod(pilotId("drafting"))).toEqual(["2027-07-01", "2028-06-30"]);
    expect(await agreedPeriod(pilotId("awaitingCompany"))).toEqual(["2027-07-01", "2028-06-30"]);
    expect(await agreedPeriod(pilotId("funded"))).toEqual(["2027-04-01", "2028-03-31"]);
    expect(await agreedPeriod(pilotId("reporting"))).toEqual(["2026-10-01", "2027-09-30"]);
    expect(await agreedPeriod(pilotId("closed"))).toEqual(["2025-10-01", "2026-09-30"]);
  });

  it("reports the two quarters that ended, the last one within the half hour since it ended", async () => {
    const reports = await db()
      .selectFrom("outcome_report")
      .selectAll()
      .where("pilot_id", "=", pilotId("reporting"))
      .orderBy("period_start")
      .execute();
    expect(reports.map((r) => [day(r.period_start), day(r.period_end), r.status])).toEqual([
      ["2026-10-01", "2026-12-31", "approved"],
      ["2027-01-01", "2027-03-31", "returned"],
    ]);
    const quarterStart = new Date("2027-04-01T00:00:00+09:00").getTime();
    const last = reports[1]!;
    for (const at of [last.created_at, last.submitted_at!, last.reviewed_at!]) {
      expect(at.getTime()).toBeGreaterThanOrEqual(quarterStart);
      expect(at.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it("budgets the fiscal year of each funded pilot and the one before the seeding time's", async () => {
    const years = await db()
      .selectFrom("budget")
      .innerJoin("organization", "organization.id", "budget.organization_id")
      .select(["organization.name", "budget.fiscal_year"])
      .orderBy("organization.name")
      .orderBy("budget.fiscal_year")
      .execute();
    expect(years.map((y) => [y.name, y.fiscal_year])).toEqual([
      ["かすみがうら市", 2026],
      ["かすみがうら市", 2027],
      ["江差町", 2026],
      ["江差町", 2027],
    ]);
    const allocations = await db()
      .selectFrom("allocation")
      .innerJoin("budget", "budget.id", "allocation.budget_id")
      .select(["allocation.pilot_id", "budget.fiscal_year"])
      .execute();
    expect(new Map(allocations.map((a) => [a.pilot_id, a.fiscal_year]))).toEqual(
      new Map([
        [pilotId("funded"), 2027],
        [pilotId("reporting"), 2026],
      ]),
    );
  });

  it("dates nothing of the match, agreement or outcomes after the seeding time", async () => {
    const stamps = await Promise.all([
      db().selectFrom("pitch").select(["published_at as at"]).execute(),
      db().selectFrom("proposal").select(["submitted_at as at"]).execute(),
      db().selectFrom("proposal_decision").select(["published_at as at"]).execute(),
      db().selectFrom("pilot").select(["created_at as at"]).execute(),
      db().selectFrom("pilot_agreement_signature").select(["signed_at as at"]).execute(),
      db().selectFrom("outcome_report").select(["reviewed_at as at"]).execute(),
      db().selectFrom("pilot_closeout").select(["closed_at as at"]).execute(),
      db().selectFrom("case_study").select(["published_at as at"]).execute(),
    ]);
    for (const rows of stamps)
      for (const row of rows) if (row.at) expect((row.at as Date).getTime()).toBeLessThanOrEqual(NOW.getTime());
  });
});
