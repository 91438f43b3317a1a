// The annual self-evaluation page: the current fiscal year by default; a rating needs written reasons (and reasons a
// rating), with Japanese messages beside the indicator and the input kept; a save upserts the rated indicators and
// removes cleared ones in one audited transaction; members read, only verified admins save; the CSV opens in Excel
// (UTF-8 BOM, CRLF); another municipality sees none of it.
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { INDICATORS } from "~/domain/pitches/catalog.data";
import { db } from "~/lib/db.server";
import { createKpi, createOutcomeReport, signPilot } from "~/seed/outcome-factory.server";
import { createPilot } from "~/seed/pilot-factory.server";
import { draftReasons, suggestedRating, type IndicatorEvidence } from "~/domain/outcomes/self-evaluation.rules";
import * as csvRoute from "~/routes/municipality_.self-evaluation[.csv]";
import * as pageRoute from "~/routes/municipality_.self-evaluation";
import { countRows, rowCounts } from "../support/db";
import { getRequest, postRequest, run, signedInCookie } from "../support/http";

const PATH = "/municipality/self-evaluation";
const FY = fiscalYearOf(new Date());
let municipality: CreatedMember;
let memberId: string;
const cookies = new Map<string, string>();
async function cookieFor(userId: string) {
  if (!cookies.has(userId)) cookies.set(userId, await signedInCookie(userId));
  return cookies.get(userId)!;
}
const post = async (userId: string, fields: Record<string, string>) =>
  run(pageRoute.action, postRequest(PATH, fields, { cookie: await cookieFor(userId) }));
const view = async (userId: string, query = "") =>
  run(pageRoute.loader, getRequest(`${PATH}${query}`, { cookie: await cookieFor(userId) }));

beforeAll(async () => {
  municipality = await createMember(db(), { kind: "municipality" });
  const member = await createUser(db());
  await addMember(db(), { organizationId: municipality.organization.id, userId: member.id, role: "member" });
  memberId = member.id;
  await cookieFor(municipality.user.id);
  await cookieFor(memberId);
});

function rowsOf(organizationId: string, fiscalYear = FY) {
  return db()
    .selectFrom("self_evaluation")
    .select(["indicator_code", "rating", "reasons"])
    .where("organization_id", "=", organizationId)
    .where("fiscal_year", "=", fiscalYear)
    .orderBy("indicator_code")
    .execute();
}

describe("self-evaluation page", () => {
  it("shows the current fiscal year by default, another year on request, every catalog indicator unrated at first", async () => {
    const page = await view(municipality.user.id);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ fiscalYear: FY, currentFiscalYear: FY, rows: {}, canManage: true });
    expect((await view(municipality.user.id, "?fy=2024")).body.fiscalYear).toBe(2024);
    expect((await view(municipality.user.id, "?fy=abc")).body.fiscalYear).toBe(FY);
    expect((await view(municipality.user.id, `?fy=${FY + 5}`)).body.fiscalYear).toBe(FY);
    expect((await view(memberId)).body.canManage).toBe(false);
  });

  it("needs reasons for a rating and a rating for reasons: messages beside the indicator, input kept, nothing written", async () => {
    const before = await rowCounts();
    const result = await post(municipality.user.id, {
      intent: "save",
      fiscalYear: String(FY),
      rating_sc_activity: "3",
      reasons_sc_activity: "  ",
      rating_gathering_places: "",
      reasons_gathering_places: "通いの場が12か所から18か所に増えた。",
      rating_publicity: "4",
      reasons_publicity: "広報紙に年4回掲載した。",
    });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors).toEqual({
      reasons_sc_activity: "評価の理由を入力してください。",
      rating_gathering_places: "理由を書いた指標は、評価も選んでください。",
    });
    expect(result.body.formError).toBe("入力内容を確認してください。評価を選んだ指標には理由が必要です。");
    expect(result.body.values).toMatchObject({
      rating_publicity: "4",
      reasons_publicity: "広報紙に年4回掲載した。",
      reasons_gathering_places: "通いの場が12か所から18か所に増えた。",
    });

    const outOfScale = await post(municipality.user.id, {
      intent: "save",
      fiscalYear: String(FY),
      rating_sc_activity: "5",
      reasons_sc_activity: "x",
    });
    expect(outOfScale.body.fieldErrors.rating_sc_activity).toBe("評価は4段階から選んでください。");
    const smuggled = await post(municipality.user.id, { intent: "save", fiscalYear: String(FY), organizationId: "x" });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body.formError).toMatch(/受け付けない項目/);
    const future = await post(municipality.user.id, {
      intent: "save",
      fiscalYear: String(FY + 2),
      rating_sc_activity: "4",
      reasons_sc_activity: "x",
    });
    expect(future.body.fieldErrors.fiscalYear).toBe("来年度より先の年度は評価できません。");
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
  });

  it("saves in one audited transaction, then updates, clears and keeps; an unchanged form writes nothing", async () => {
    const admin = municipality.user.id;
    const saved = await post(admin, {
      intent: "save",
      fiscalYear: String(FY),
      rating_sc_activity: "3",
      reasons_sc_activity: "協議体を年6回開催し、企業2社が参加した。",
      rating_publicity: "4",
      reasons_publicity: "広報紙に年4回掲載した。",
    });
    expect(saved).toMatchObject({ status: 302, location: `${PATH}?fy=${FY}&notice=self-evaluation-saved` });
    expect(await rowsOf(municipality.organization.id)).toEqual([
      { indicator_code: "publicity", rating: 4, reasons: "広報紙に年4回掲載した。" },
      { indicator_code: "sc_activity", rating: 3, reasons: "協議体を年6回開催し、企業2社が参加した。" },
    ]);
    const audits = await db()
      .selectFrom("audit_log")
      .select("changes")
      .where("action", "=", "self_evaluation.save")
      .where("organization_id", "=", municipality.organization.id)
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.changes).toMatchObject({
      fiscal_year: FY,
      sc_activity: { from: null, to: { rating: 3 } },
      publicity: { from: null, to: { rating: 4 } },
    });

    // sc_activity re-rated, publicity cleared, gathering_places added.
    const second = await post(admin, {
      intent: "save",
      fiscalYear: String(FY),
      rating_sc_activity: "4",
      reasons_sc_activity: "協議体を年6回開催し、企業2社が参加した。",
      rating_publicity: "",
      reasons_publicity: "",
      rating_gathering_places: "2",
      reasons_gathering_places: "新設は1か所にとどまった。",
    });
    expect(second.status).toBe(302);
    expect(await rowsOf(municipality.organization.id)).toEqual([
      { indicator_code: "gathering_places", rating: 2, reasons: "新設は1か所にとどまった。" },
      { indicator_code: "sc_activity", rating: 4, reasons: "協議体を年6回開催し、企業2社が参加した。" },
    ]);
    const lastAudit = await db()
      .selectFrom("audit_log")
      .select("changes")
      .where("action", "=", "self_evaluation.save")
      .where("organization_id", "=", municipality.organization.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(Object.keys(lastAudit.changes as object).sort()).toEqual([
      "fiscal_year",
      "gathering_places",
      "publicity",
      "sc_activity",
    ]);
    expect((lastAudit.changes as Record<string, unknown>).publicity).toEqual({
      from: { rating: 4, reasons: "広報紙に年4回掲載した。" },
      to: null,
    });

    const before = await rowCounts();
    const same = await post(admin, {
      intent: "save",
      fiscalYear: String(FY),
      rating_sc_activity: "4",
      reasons_sc_activity: "協議体を年6回開催し、企業2社が参加した。 ",
      rating_gathering_places: "2",
      reasons_gathering_places: "新設は1か所にとどまった。",
    });
    expect(same.location).toBe(`${PATH}?fy=${FY}&notice=self-evaluation-unchanged`);
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
    // Another fiscal year is separate.
    expect(await rowsOf(municipality.organization.id, FY - 1)).toEqual([]);
    expect(Object.keys((await view(memberId)).body.rows).sort()).toEqual(["gathering_places", "sc_activity"]);
  });

  it("lets members read but only verified admins save; other kinds are refused; another municipality sees nothing", async () => {
    const before = await rowCounts();
    expect((await post(memberId, { intent: "save", fiscalYear: String(FY) })).status).toBe(403);
    const unverified = await createMember(db(), { kind: "municipality", verificationStatus: "unverified" });
    expect(
      (
        await post(unverified.user.id, {
          intent: "save",
          fiscalYear: String(FY),
          rating_sc_activity: "4",
          reasons_sc_activity: "x",
        })
      ).status,
    ).toBe(403);
    const company = await createMember(db(), { kind: "company" });
    expect((await view(company.user.id)).status).toBe(403);
    expect((await post(company.user.id, { intent: "save", fiscalYear: String(FY) })).status).toBe(403);
    const other = await createMember(db(), { kind: "municipality" });
    expect((await view(other.user.id)).body.rows).toEqual({});
    expect(
      await countRows("self_evaluation", (q) =>
        q.where("organization_id", "in", [unverified.organization.id, other.organization.id]),
      ),
    ).toBe(0);
    const after = await rowCounts();
    // Only the organisations, users and sessions created above.
    expect({ ...after, user_session: 0, app_user: 0, organization: 0, membership: 0 }).toEqual({
      ...before,
      user_session: 0,
      app_user: 0,
      organization: 0,
      membership: 0,
    });
  });

  it("exports the year as CSV: UTF-8 with a BOM, CRLF lines, one line per catalog indicator, formulas neutralised", async () => {
    await post(municipality.user.id, {
      intent: "save",
      fiscalYear: String(FY),
      rating_sc_activity: "4",
      reasons_sc_activity: "協議体を年6回開催し、企業2社が参加した。",
      rating_gathering_places: "2",
      reasons_gathering_places: '=HYPERLINK("x"), 新設は1か所',
    });
    const response = await csvRoute.loader({
      request: getRequest(`${PATH}.csv?fy=${FY}`, { cookie: await cookieFor(memberId) }),
      params: {},
      context: {},
    } as never);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain(`filename="self-evaluation-${FY}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines).toHaveLength(INDICATORS.length + 2);
    expect(lines[0]).toBe("年度,アプローチ,段階,指標コード,指標,評価,評価の区分,理由,最終更新");
    expect(lines.find((l) => l.includes(",sc_activity,"))).toMatch(
      /,sc_activity,生活支援コーディネーターや協議体等による取組実績,4,達成できた,協議体を年6回開催し、企業2社が参加した。,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/,
    );
    expect(lines.find((l) => l.includes(",gathering_places,"))).toContain(
      `,2,あまり達成できなかった,"'=HYPERLINK(""x""), 新設は1か所",`,
    );
    expect(lines.find((l) => l.includes(",publicity,"))).toMatch(/,publicity,広報活動の回数,,未評価,,$/);
    const company = await createMember(db(), { kind: "company" });
    const refused = await run(
      csvRoute.loader,
      getRequest(`${PATH}.csv`, { cookie: await signedInCookie(company.user.id) }),
    );
    expect(refused.status).toBe(403);
  });
});

describe("a self-evaluation drafted from the year's pilots", () => {
  it("offers each tagged KPI's latest approved result beside its indicator, with a proposed rating and reasons, to its own municipality only", async () => {
    const m = await createPilot(db());
    const started = new Date("2026-05-01T10:00:00+09:00");
    const pilot = await signPilot(db(), m.pilot, { periodStart: "2026-05-01", periodEnd: "2027-03-31" }, started);
    const met = await createKpi(db(), pilot.id, {
      indicator_code: "fitness_checks",
      name: "体力測定会の開催数",
      unit: "回",
      baseline: "2",
      target: "6",
      direction: "increase",
    });
    const missed = await createKpi(db(), pilot.id, {
      indicator_code: "fitness_checks",
      name: "測定会の参加者数",
      unit: "人",
      baseline: null,
      target: "100",
      direction: "increase",
    });
    await createKpi(db(), pilot.id, { indicator_code: null, name: "独自の指標" });
    await createOutcomeReport(db(), pilot.id, {
      periodStart: "2026-07-01",
      periodEnd: "2026-09-30",
      status: "approved",
      values: { [met.id]: "7", [missed.id]: "40" },
    });
    // A submitted (not approved) later value is not a result yet.
    await createOutcomeReport(db(), pilot.id, {
      periodStart: "2026-10-01",
      periodEnd: "2026-12-31",
      status: "submitted",
      values: { [met.id]: "1" },
    });

    const page = await view(m.municipality.user.id, "?fy=2026");
    expect(page.status).toBe(200);
    const evidence = page.body.evidence as Record<string, IndicatorEvidence[]>;
    expect(Object.keys(evidence)).toEqual(["fitness_checks"]);
    expect(evidence.fitness_checks).toEqual([
      expect.objectContaining({
        kpiName: "体力測定会の開催数",
        met: true,
        latest: expect.objectContaining({ value: "7" }),
      }),
      expect.objectContaining({
        kpiName: "測定会の参加者数",
        met: false,
        latest: expect.objectContaining({ value: "40" }),
      }),
    ]);
    expect(suggestedRating(evidence.fitness_checks!)).toBe(3);
    expect(draftReasons(evidence.fitness_checks!)).toBe(
      [
        `・「${pilot.title}」のKPI「体力測定会の開催数」: 基準値 2回、目標 6回、実績 7回（令和8年度 第2四半期（7〜9月）・承認済み、達成）`,
        `・「${pilot.title}」のKPI「測定会の参加者数」: 基準値 —、目標 100人、実績 40人（令和8年度 第2四半期（7〜9月）・承認済み、未達成）`,
      ].join("\n"),
    );
    // The year before the pilot started has nothing to draw on; another municipality never sees these figures.
    expect((await view(m.municipality.user.id, "?fy=2025")).body.evidence).toEqual({});
    expect((await view(municipality.user.id, "?fy=2026")).body.evidence).toEqual({});
  });
});
