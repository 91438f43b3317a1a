// The bureau's monitoring pages through their loaders, on the hand-worked world of tests/support/monitoring-world.ts:
// the dashboard's figures, the jurisdiction (a municipality or a pilot outside is a 404, like one that does not exist),
// fiscal-year and prefecture filters, operators seeing all of Japan, companies and municipalities refused, the pilot
// summary audited and free of confidential text, and the CSV bytes (BOM, CRLF, Japanese headers).
import { beforeAll, describe, expect, it } from "vitest";
import { createMember } from "~/seed/factories.server";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { db } from "~/lib/db.server";
import * as dashboardRoute from "~/routes/bureau_.monitoring._index";
import * as dashboardCsvRoute from "~/routes/bureau_.monitoring.export[.csv]";
import * as municipalityRoute from "~/routes/bureau_.monitoring.municipalities.$code";
import * as municipalityCsvRoute from "~/routes/bureau_.monitoring.municipalities.$code_.export[.csv]";
import * as pilotRoute from "~/routes/bureau_.monitoring.pilots.$pilotId";
import * as pilotCsvRoute from "~/routes/bureau_.monitoring.pilots.$pilotId_.export[.csv]";
import * as bureauHomeRoute from "~/routes/bureau";
import { countRows, rowCounts } from "../support/db";
import { getRequest, run, signedInCookie } from "../support/http";
import { buildMonitoringWorld, type MonitoringWorld } from "../support/monitoring-world";

let w: MonitoringWorld;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  w = await buildMonitoringWorld();
  const operator = await createMember(db(), { kind: "operator" });
  const unverifiedBureau = await createMember(db(), {
    kind: "bureau",
    bureauId: "mhlw-tohoku",
    verificationStatus: "unverified",
  });
  for (const [name, member] of Object.entries({
    bureau: w.bureau,
    operator,
    unverifiedBureau,
    company: w.c1,
    municipality: w.a1,
  })) {
    cookies[name] = await signedInCookie(member.user.id);
  }
});

type Who = "bureau" | "operator" | "unverifiedBureau" | "company" | "municipality";
const get = (
  who: Who | null,
  route: { loader: (args: any) => unknown },
  path: string,
  params: Record<string, string> = {},
) => run(route.loader, getRequest(path, { cookie: who ? cookies[who] : null }), { params });

const code = (m: { organization: { municipality_code: string | null } }) => m.organization.municipality_code!;
const funnel = (
  pitchesPublished: number,
  proposals: number,
  matches: number,
  signedAgreements: number,
  running: number,
  completed: number,
) => ({
  pitchesPublished,
  proposals,
  matches,
  signedAgreements,
  running,
  completed,
});

/** The raw bytes of a CSV response as text, BOM kept (Response.text() would drop it). */
async function csvText(
  route: { loader: (args: any) => unknown },
  who: Who,
  path: string,
  params: Record<string, string> = {},
) {
  const response = (await route.loader({
    request: getRequest(path, { cookie: cookies[who] }),
    params,
    context: {},
  })) as Response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

describe("the bureau dashboard", () => {
  it("shows the funnel, results, funding and KPI attainment of the jurisdiction for a fiscal year", async () => {
    const result = await get("bureau", dashboardRoute, "/bureau/monitoring?fy=2026");
    expect(result.status).toBe(200);
    const { total, prefectures, municipalities, viewer, fiscalYear, prefectureCode } = result.body;
    expect({ fiscalYear, prefectureCode, kind: viewer.kind }).toEqual({
      fiscalYear: 2026,
      prefectureCode: null,
      kind: "bureau",
    });
    expect(total.funnel).toMatchObject({ ...funnel(4, 8, 6, 5, 1, 3), terminated: 1 });
    expect(total.funnel.completedByResult).toEqual({
      self_sustaining: 1,
      full_implementation: 1,
      under_consideration: 0,
      ended: 0,
      unrecorded: 1,
    });
    expect(total.funding).toEqual({ budgetYen: 18_000_000, allocatedYen: 6_500_000, disbursedYen: 3_000_000 });
    expect(total.attainment).toEqual({ kpis: 7, measured: 5, met: 3, share: 0.6 });
    // Every prefecture of 東北 has a row (zeros too); 青森 and 岩手 carry the figures.
    expect(prefectures.map((p: { code: number }) => p.code)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(prefectures[0].counters.funnel).toMatchObject(funnel(3, 5, 3, 3, 1, 2));
    expect(prefectures[1].counters.funnel).toMatchObject(funnel(1, 3, 3, 2, 0, 1));
    expect(prefectures[2].counters.funnel).toMatchObject(funnel(0, 0, 0, 0, 0, 0));
    // One row per municipality of the jurisdiction; 東京 is not among them.
    expect(municipalities.map((m: { code: string }) => m.code).sort()).toEqual(
      [code(w.a1), code(w.a2), code(w.b1)].sort(),
    );
    const a1 = municipalities.find((m: { code: string }) => m.code === code(w.a1));
    expect(a1).toMatchObject({ name: w.a1.organization.name, prefectureName: "青森県" });
    expect(a1.counters.funnel).toMatchObject(funnel(2, 3, 1, 1, 1, 0));
    expect(a1.counters.funding).toEqual({ budgetYen: 8_000_000, allocatedYen: 3_000_000, disbursedYen: 1_000_000 });
    expect(a1.counters.attainment).toEqual({ kpis: 4, measured: 2, met: 1, share: 0.5 });
  });

  it("defaults to the current fiscal year, filters by prefecture, and refuses a prefecture outside the jurisdiction", async () => {
    const current = await get("bureau", dashboardRoute, "/bureau/monitoring");
    expect(current.body.fiscalYear).toBe(fiscalYearOf(new Date()));
    const aomori = await get("bureau", dashboardRoute, "/bureau/monitoring?fy=2026&pref=2");
    expect(aomori.body.prefectureCode).toBe(2);
    expect(aomori.body.prefectures.map((p: { code: number }) => p.code)).toEqual([2]);
    expect(aomori.body.total.funnel).toMatchObject(funnel(3, 5, 3, 3, 1, 2));
    expect(aomori.body.municipalities.map((m: { code: string }) => m.code).sort()).toEqual(
      [code(w.a1), code(w.a2)].sort(),
    );
    expect(await get("bureau", dashboardRoute, "/bureau/monitoring?fy=2026&pref=13")).toMatchObject({
      status: 404,
      thrown: true,
    });
    // A malformed filter falls back to the default (the form shows what is applied).
    const lenient = await get("bureau", dashboardRoute, "/bureau/monitoring?fy=20x6&pref=tokyo");
    expect(lenient.body).toMatchObject({ fiscalYear: fiscalYearOf(new Date()), prefectureCode: null });
  });

  it("counts a pitch published at 23:59:59 on 31 March (Tokyo) in the old year and one at 00:00 on 1 April in the new", async () => {
    const fy2027 = await get("bureau", dashboardRoute, "/bureau/monitoring?fy=2027");
    expect(fy2027.body.total.funnel).toMatchObject(funnel(1, 1, 0, 0, 0, 0));
    const fy2025 = await get("bureau", dashboardRoute, "/bureau/monitoring?fy=2025");
    expect(fy2025.body.total.funnel.pitchesPublished).toBe(1);
    expect(fy2025.body.total.funding).toEqual({
      budgetYen: 5_000_000,
      allocatedYen: 1_000_000,
      disbursedYen: 1_000_000,
    });
  });

  it("shows operators all of Japan, 東京 included", async () => {
    const all = await get("operator", dashboardRoute, "/bureau/monitoring?fy=2026");
    expect(all.status).toBe(200);
    expect(all.body.viewer.kind).toBe("operator");
    expect(all.body.prefectures).toHaveLength(47);
    expect(all.body.total.funnel).toMatchObject(funnel(5, 9, 7, 6, 2, 3));
    const tokyo = await get("operator", dashboardRoute, "/bureau/monitoring?fy=2026&pref=13");
    expect(tokyo.body.total.funnel).toMatchObject(funnel(1, 1, 1, 1, 1, 0));
    expect(tokyo.body.total.funding).toEqual({ budgetYen: 9_000_000, allocatedYen: 1_000_000, disbursedYen: 500_000 });
  });

  it("refuses companies, municipalities and an unverified bureau (403), sends visitors to sign in, and writes nothing", async () => {
    const before = await rowCounts();
    for (const who of ["company", "municipality", "unverifiedBureau"] as const) {
      for (const [route, path, params] of [
        [dashboardRoute, "/bureau/monitoring", {}],
        [dashboardCsvRoute, "/bureau/monitoring/export.csv?table=summary", {}],
        [municipalityRoute, `/bureau/monitoring/municipalities/${code(w.a1)}`, { code: code(w.a1) }],
        [
          municipalityCsvRoute,
          `/bureau/monitoring/municipalities/${code(w.a1)}/export.csv?table=pitches`,
          { code: code(w.a1) },
        ],
        [pilotRoute, `/bureau/monitoring/pilots/${w.pilots.P1.id}`, { pilotId: w.pilots.P1.id }],
        [
          pilotCsvRoute,
          `/bureau/monitoring/pilots/${w.pilots.P1.id}/export.csv?table=kpis`,
          { pilotId: w.pilots.P1.id },
        ],
      ] as const) {
        expect((await get(who, route, path, params)).status, `${who} ${path}`).toBe(403);
      }
    }
    const visitor = await get(null, dashboardRoute, "/bureau/monitoring?fy=2026");
    expect(visitor).toMatchObject({
      status: 302,
      location: `/login?redirectTo=${encodeURIComponent("/bureau/monitoring?fy=2026")}`,
    });
    await get("bureau", dashboardRoute, "/bureau/monitoring?fy=2026");
    await get("bureau", municipalityRoute, `/bureau/monitoring/municipalities/${code(w.a1)}?fy=2026`, {
      code: code(w.a1),
    });
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
  });

  it("puts this year's figures from the same counters on the bureau home", async () => {
    const home = await get("bureau", bureauHomeRoute, "/bureau");
    const dashboard = await get("bureau", dashboardRoute, "/bureau/monitoring");
    expect(home.body.thisYear.fiscalYear).toBe(fiscalYearOf(new Date()));
    expect(home.body.thisYear.counters).toEqual(dashboard.body.total);
    expect((await get("unverifiedBureau", bureauHomeRoute, "/bureau")).body.thisYear).toBeNull();
  });
});

describe("drill-down to a municipality", () => {
  it("lists its pitches of the year with their counts and the pilots they led to, which add up to its row", async () => {
    const result = await get("bureau", municipalityRoute, `/bureau/monitoring/municipalities/${code(w.a1)}?fy=2026`, {
      code: code(w.a1),
    });
    expect(result.status).toBe(200);
    const page = result.body;
    expect(page.municipality).toMatchObject({ code: code(w.a1), prefectureCode: 2, prefectureName: "青森県" });
    expect(page.counters.funnel).toMatchObject(funnel(2, 3, 1, 1, 1, 0));
    expect(page.pitches.map((p: { id: string }) => p.id)).toEqual([w.pitches.pA1a.id, w.pitches.pA1b.id]);
    expect(page.pitches[0].funnel).toMatchObject(funnel(1, 2, 1, 1, 1, 0));
    expect(page.pitches[1].funnel).toMatchObject(funnel(1, 1, 0, 0, 0, 0));
    expect(page.pilots).toHaveLength(1);
    expect(page.pilots[0]).toMatchObject({
      id: w.pilots.P1.id,
      status: "running",
      companyName: w.c1.organization.name,
      signedVersionNumber: 1,
      signedAt: "2026-07-01T03:00:00.000Z",
      result: null,
      // Money from every year's budgets (FY2025 and FY2026), as on the pilot's own page.
      money: { allocatedYen: 4_000_000, scheduledYen: 4_000_000, disbursedYen: 2_000_000 },
      attainment: { kpis: 4, measured: 2, met: 1, share: 0.5 },
    });
    const next = await get("bureau", municipalityRoute, `/bureau/monitoring/municipalities/${code(w.a1)}?fy=2027`, {
      code: code(w.a1),
    });
    expect(next.body.pitches.map((p: { id: string }) => p.id)).toEqual([w.pitches.pA1c.id]);
    const b1 = await get("bureau", municipalityRoute, `/bureau/monitoring/municipalities/${code(w.b1)}?fy=2026`, {
      code: code(w.b1),
    });
    expect(
      b1.body.pilots.map((p: { status: string; result: string | null }) => `${p.status}:${p.result}`).sort(),
    ).toEqual(["agreement:null", "completed:full_implementation", "terminated:null"]);
  });

  it("is a 404 for a municipality outside the jurisdiction, a code that does not exist, or no code at all", async () => {
    for (const c of [code(w.x), "999999", "abc", "01202"]) {
      const result = await get("bureau", municipalityRoute, `/bureau/monitoring/municipalities/${c}`, { code: c });
      expect(result, c).toMatchObject({ status: 404, thrown: true });
      const csv = await get(
        "bureau",
        municipalityCsvRoute,
        `/bureau/monitoring/municipalities/${c}/export.csv?table=pitches`,
        { code: c },
      );
      expect(csv.status, c).toBe(404);
    }
    // An operator sees 東京 too.
    const operator = await get(
      "operator",
      municipalityRoute,
      `/bureau/monitoring/municipalities/${code(w.x)}?fy=2026`,
      { code: code(w.x) },
    );
    expect(operator.body.pilots.map((p: { id: string }) => p.id)).toEqual([w.pilots.PX.id]);
  });
});

describe("drill-down to a pilot", () => {
  it("summarises each step of the pilot's life, its agreement, money, milestones, KPIs and result, and audits the view", async () => {
    const audits = await countRows("audit_log", (q) => q.where("action", "=", "pilot.bureau_view"));
    const result = await get("bureau", pilotRoute, `/bureau/monitoring/pilots/${w.pilots.P1.id}`, {
      pilotId: w.pilots.P1.id,
    });
    expect(result.status).toBe(200);
    const page = result.body;
    expect(page.steps.map((s: { key: string; done: boolean }) => [s.key, s.done])).toEqual([
      ["pitchPublished", true],
      ["proposalSubmitted", true],
      ["matched", true],
      ["pilotStarted", true],
      ["agreementSigned", true],
      ["running", true],
      ["finished", false],
    ]);
    expect(page.steps[0].at).toBe("2026-05-10T01:00:00.000Z");
    expect(page.steps[2].at).toBe("2026-06-02T00:00:00.000Z");
    expect(page.steps[4].at).toBe("2026-07-01T03:00:00.000Z");
    expect(page.parties).toEqual({ municipality: w.a1.organization.name, company: w.c1.organization.name });
    expect(page.agreement).toMatchObject({ signedVersionNumber: 1, signedAt: "2026-07-01T03:00:00.000Z" });
    expect(page.agreement.signatures.map((s: { side: string }) => s.side).sort()).toEqual(["company", "municipality"]);
    expect(page.money).toEqual({ allocatedYen: 4_000_000, scheduledYen: 4_000_000, disbursedYen: 2_000_000 });
    expect(page.milestones).toEqual([
      expect.objectContaining({ title: "第1回 準備完了時", amountYen: 1_000_000, status: "paid" }),
    ]);
    expect(
      page.kpis.map((k: { standing: string; latestApprovedValue: string | null }) => [
        k.standing,
        k.latestApprovedValue === null ? null : Number(k.latestApprovedValue),
      ]),
    ).toEqual([
      ["met", 12],
      ["not_met", 7],
      ["unmeasured", null],
      ["unmeasured", 3],
    ]);
    expect(page.attainment).toEqual({ kpis: 4, measured: 2, met: 1, share: 0.5 });
    expect(page.closeout).toBeNull();
    // No confidential text: neither the proposal's nor the agreement's.
    const text = JSON.stringify(page);
    expect(text).not.toContain("地域の通いの場が減り"); // the proposal's text (proposal factory)
    expect(text).not.toContain("試行"); // the agreement's and the proposal's text
    const audit = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "pilot.bureau_view")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_user_id: w.bureau.user.id,
      organization_id: w.a1.organization.id,
      entity_type: "pilot",
      entity_id: w.pilots.P1.id,
    });
    expect(await countRows("audit_log", (q) => q.where("action", "=", "pilot.bureau_view"))).toBe(audits + 1);

    const completed = await get("bureau", pilotRoute, `/bureau/monitoring/pilots/${w.pilots.P2.id}`, {
      pilotId: w.pilots.P2.id,
    });
    expect(completed.body.closeout).toMatchObject({ result: "self_sustaining", closedAt: "2027-02-15T00:00:00.000Z" });
    expect(completed.body.steps.at(-1)).toMatchObject({ key: "finished", done: true, at: "2027-02-01T00:00:00.000Z" });
    expect(JSON.stringify(completed.body)).not.toContain("最終報告（非公開の本文）");
  });

  it("is a 404 outside the jurisdiction or for an unknown id, and writes no audit row then", async () => {
    const audits = await countRows("audit_log");
    for (const id of [w.pilots.PX.id, "5b0a4f8e-8a4e-4c55-9d7e-2f1a3c1d0e99", "not-a-uuid"]) {
      expect(await get("bureau", pilotRoute, `/bureau/monitoring/pilots/${id}`, { pilotId: id }), id).toMatchObject({
        status: 404,
        thrown: true,
      });
      expect(
        (await get("bureau", pilotCsvRoute, `/bureau/monitoring/pilots/${id}/export.csv?table=kpis`, { pilotId: id }))
          .status,
      ).toBe(404);
    }
    expect(await countRows("audit_log")).toBe(audits);
    const operator = await get("operator", pilotRoute, `/bureau/monitoring/pilots/${w.pilots.PX.id}`, {
      pilotId: w.pilots.PX.id,
    });
    expect(operator.status).toBe(200);
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "pilot.bureau_view").where("entity_id", "=", w.pilots.PX.id),
      ),
    ).toBe(1);
  });
});

describe("CSV of every table", () => {
  it("exports the summary with a BOM, CRLF lines, Japanese headers and each figure's definition", async () => {
    const { response, bytes, text } = await csvText(
      dashboardCsvRoute,
      "bureau",
      "/bureau/monitoring/export.csv?fy=2026&table=summary",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="monitoring-summary-2026\.csv"; filename\*=UTF-8''/,
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith("\uFEFF年度,対象,区分,項目,値,定義\r\n")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
    expect(text).toContain("令和8年度,東北経済産業局の管轄区域,ファネル,公開されたピッチ,4,");
    expect(text).toContain(
      "令和8年度,東北経済産業局の管轄区域,ファネル,マッチング,6,採択の決定が企業に公開された提案。\r\n",
    );
    expect(text).toContain(",完了の結果,自走,1,");
    expect(text).toContain(",資金,配分額（円）,6500000,");
    expect(text).toContain(",KPI,KPI達成率（%）,60.0,");
  });

  it("exports the prefecture and municipality tables with the same figures as the page", async () => {
    const prefectures = (
      await csvText(dashboardCsvRoute, "bureau", "/bureau/monitoring/export.csv?fy=2026&table=prefectures")
    ).text;
    const lines = prefectures.split("\r\n");
    expect(lines[0]).toBe(
      "\uFEFF年度,都道府県コード,都道府県,公開されたピッチ,提出された提案,マッチング,協定締結,実施中,完了,完了（自走）,完了（本格実施）,完了（継続検討）,完了（終了）,完了（結果未記録）,中止,予算額（円）,配分額（円）,支払済み（円）,KPI数,測定されたKPI,目標を達成したKPI,KPI達成率（%）",
    );
    expect(lines[1]).toBe("令和8年度,02,青森県,3,5,3,3,1,2,1,0,0,0,1,0,12000000,6500000,3000000,6,4,3,75.0");
    expect(lines[2]).toBe("令和8年度,03,岩手県,1,3,3,2,0,1,0,1,0,0,0,1,6000000,0,0,1,1,0,0.0");
    expect(lines).toHaveLength(8); // header, six prefectures, and the empty string after the last CRLF
    const municipalities = (
      await csvText(dashboardCsvRoute, "bureau", "/bureau/monitoring/export.csv?fy=2026&pref=2&table=municipalities")
    ).text;
    expect(municipalities).toContain(
      `令和8年度,青森県,${code(w.a1)},${w.a1.organization.name},2,3,1,1,1,0,0,0,0,0,0,0,8000000,3000000,1000000,4,2,1,50.0\r\n`,
    );
    expect(municipalities).not.toContain(w.b1.organization.name);
    expect((await get("bureau", dashboardCsvRoute, "/bureau/monitoring/export.csv?table=secrets")).status).toBe(404);
    expect((await get("bureau", dashboardCsvRoute, "/bureau/monitoring/export.csv?table=summary&pref=13")).status).toBe(
      404,
    );
  });

  it("exports a municipality's pitches and pilots, and a pilot's milestones and KPIs", async () => {
    const base = `/bureau/monitoring/municipalities/${code(w.a1)}/export.csv?fy=2026`;
    const pitches = (await csvText(municipalityCsvRoute, "bureau", `${base}&table=pitches`, { code: code(w.a1) })).text;
    expect(
      pitches.startsWith(
        "\uFEFF年度,地方公共団体コード,市区町村,ピッチID,ピッチ,状態,公開日時,提出された提案,マッチング,協定締結,実施中,完了,中止,KPI数,",
      ),
    ).toBe(true);
    expect(pitches).toContain(
      `,${w.pitches.pA1a.id},${w.pitches.pA1a.title},マッチング成立,2026/05/10 10:00,2,1,1,1,0,0,4,2,1,50.0\r\n`,
    );
    expect(pitches).toContain(
      `,${w.pitches.pA1b.id},${w.pitches.pA1b.title},募集終了,2027/03/31 23:59,1,0,0,0,0,0,0,0,0,\r\n`,
    );
    const summary = (await csvText(municipalityCsvRoute, "bureau", `${base}&table=summary`, { code: code(w.a1) })).text;
    expect(summary).toContain(`\r\n令和8年度,青森県${w.a1.organization.name},ファネル,公開されたピッチ,2,`);
    expect(summary).toContain(`,青森県${w.a1.organization.name},資金,予算額（円）,8000000,`);
    const pilots = (await csvText(municipalityCsvRoute, "bureau", `${base}&table=pilots`, { code: code(w.a1) })).text;
    expect(pilots).toContain(
      `,${w.pilots.P1.id},${w.pilots.P1.title},${w.pitches.pA1a.title},${w.c1.organization.name},実施中,第1版,2026/07/01 12:00,2026/08/01 09:00,,,4000000,4000000,2000000,4,2,1,50.0\r\n`,
    );
    const kpis = (
      await csvText(pilotCsvRoute, "bureau", `/bureau/monitoring/pilots/${w.pilots.P1.id}/export.csv?table=kpis`, {
        pilotId: w.pilots.P1.id,
      })
    ).text;
    expect(kpis.split("\r\n").slice(0, 3)).toEqual([
      "\uFEFF実証ID,実証,KPI,単位,基準値,目標値,方向,最新の承認済みの値,対象期間,達成状況",
      `${w.pilots.P1.id},${w.pilots.P1.title},KPI1,人,0,10,増やす,12,2026-10-01〜2026-12-31,達成`,
      `${w.pilots.P1.id},${w.pilots.P1.title},KPI2,人,0,5,減らす,7,2026-10-01〜2026-12-31,未達`,
    ]);
    const milestones = (
      await csvText(
        pilotCsvRoute,
        "bureau",
        `/bureau/monitoring/pilots/${w.pilots.P1.id}/export.csv?table=milestones`,
        { pilotId: w.pilots.P1.id },
      )
    ).text;
    expect(milestones).toBe(
      `\uFEFF実証ID,実証,支払予定,期日,金額（円）,状態,支払日時\r\n${w.pilots.P1.id},${w.pilots.P1.title},第1回 準備完了時,2026-09-30,1000000,支払済み,\r\n`,
    );
  });
});
