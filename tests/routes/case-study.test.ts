// Case studies of completed pilots: either party drafts the text (prefilled from the pitch, the proposal and the
// close-out); each party's verified admin consents to that exact text; a change of the text after a consent withdraws
// both consents; the second consent publishes; either party's admin withdraws. The public pages show only published
// cases (KPIs with their latest approved value, no personal data) and answer 404 for anything else; the database's
// CHECK refuses a published case without both consents, whatever writes it.
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, createMember, createUser } from "~/seed/factories.server";
import { db } from "~/lib/db.server";
import * as caseStudyRoute from "~/routes/pilots.$pilotId.case-study";
import * as publicCaseRoute from "~/routes/cases.$pilotId";
import * as publicListRoute from "~/routes/cases._index";
import * as homeRoute from "~/routes/_index";
import { countRows, rowCounts } from "../support/db";
import { getRequest, postRequest, run, signedInCookie } from "../support/http";
import { CLOSE_FORM, createCompletedPilot, createRunningPilot, type PilotMatch } from "../support/outcomes";

const cookies = new Map<string, string>();
async function cookieFor(userId: string) {
  if (!cookies.has(userId)) cookies.set(userId, await signedInCookie(userId));
  return cookies.get(userId)!;
}
async function post(m: PilotMatch, userId: string, fields: Record<string, string>) {
  return run(
    caseStudyRoute.action,
    postRequest(`/pilots/${m.pilot.id}/case-study`, fields, { cookie: await cookieFor(userId) }),
    { params: { pilotId: m.pilot.id } },
  );
}
async function view(m: PilotMatch, userId: string) {
  return run(
    caseStudyRoute.loader,
    getRequest(`/pilots/${m.pilot.id}/case-study`, { cookie: await cookieFor(userId) }),
    { params: { pilotId: m.pilot.id } },
  );
}
const publicPage = (pilotId: string) =>
  run(publicCaseRoute.loader, getRequest(`/cases/${pilotId}`), { params: { pilotId } });
const publicList = (query = "") => run(publicListRoute.loader, getRequest(`/cases${query}`));
const caseRow = (pilotId: string) =>
  db().selectFrom("case_study").selectAll().where("pilot_id", "=", pilotId).executeTakeFirst();

const TEXT = {
  intent: "save",
  title: "スーパーの休憩スペースを通いの場に",
  problem: "男性高齢者の社会参加が少なく、通いの場の参加者の9割が女性だった。",
  solution: "地元スーパーの休憩スペースで、買い物ついでに立ち寄れる体操と交流の場を週2回開いた。",
  results: "6か月で延べ412人が参加し、男性の割合は1割から3割に増えた。",
};

let m: PilotMatch;
let companyMemberId: string;
let municipalityMemberId: string;

beforeAll(async () => {
  m = await createCompletedPilot();
  const companyMember = await createUser(db());
  await addMember(db(), { organizationId: m.company.organization.id, userId: companyMember.id, role: "member" });
  companyMemberId = companyMember.id;
  const municipalityMember = await createUser(db());
  await addMember(db(), {
    organizationId: m.municipality.organization.id,
    userId: municipalityMember.id,
    role: "member",
  });
  municipalityMemberId = municipalityMember.id;
  for (const id of [m.company.user.id, m.municipality.user.id, companyMemberId, municipalityMemberId])
    await cookieFor(id);
});

describe("case study of a completed pilot", () => {
  it("public list starts empty (an empty state, not an error)", async () => {
    const list = await publicList();
    expect(list).toMatchObject({ status: 200, body: { items: [], total: 0, page: 1 } });
  });

  it("is not available before the pilot is completed", async () => {
    const running = await createRunningPilot();
    await cookieFor(running.company.user.id);
    const page = await view(running, running.company.user.id);
    expect(page.body).toMatchObject({ completed: false, caseStudy: { state: "none", stored: false } });
    const before = await rowCounts();
    const result = await post(running, running.company.user.id, TEXT);
    expect(result.status).toBe(400);
    expect(result.body.formError).toBe("事例は、完了した実証についてだけ作成・公開できます。");
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
  });

  it("starts from a prefill of the pitch's problem, the proposal's approach and the close-out's report", async () => {
    const page = await view(m, companyMemberId);
    expect(page.body).toMatchObject({
      completed: true,
      canEdit: true,
      canConsent: false,
      caseStudy: { state: "none", stored: false, version: null },
    });
    const text = page.body.caseStudy.text;
    expect(text.title).toBe(m.pilot.title);
    expect(text.problem).toBe(m.pitch.problem);
    expect(text.solution).toBe(m.proposal.approach);
    expect(text.results).toContain(CLOSE_FORM.finalReport);
    expect(text.results).toContain(CLOSE_FORM.whatWorked);
    expect((await view(m, m.company.user.id)).body.canConsent).toBe(true);
  });

  it("requires the four texts with Japanese messages beside the fields, keeps the input, writes nothing", async () => {
    const before = await rowCounts();
    const result = await post(m, companyMemberId, {
      intent: "save",
      title: " ",
      problem: "",
      solution: "あ".repeat(4001),
      results: "成果",
    });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors).toEqual({
      title: "タイトルを入力してください。",
      problem: "課題を入力してください。",
      solution: "解決策は4,000文字以内で入力してください。",
    });
    expect(result.body.values.results).toBe("成果");
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
  });

  it("lets any member of either party save the text, but only each party's verified admin consent", async () => {
    const saved = await post(m, companyMemberId, TEXT);
    expect(saved).toMatchObject({ status: 302, location: `/pilots/${m.pilot.id}/case-study?notice=case-study-saved` });
    expect(await caseRow(m.pilot.id)).toMatchObject({
      title: TEXT.title,
      updated_by: companyMemberId,
      published_at: null,
      municipality_consent_at: null,
      company_consent_at: null,
    });
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "case_study.create").where("entity_id", "=", m.pilot.id),
      ),
    ).toBe(1);
    const { version } = (await view(m, m.company.user.id)).body.caseStudy;
    expect(version).toMatch(/^[0-9a-f]{64}$/);

    const before = await rowCounts();
    expect((await post(m, companyMemberId, { intent: "consent", version })).status).toBe(403);
    expect((await post(m, municipalityMemberId, { intent: "consent", version })).status).toBe(403);
    const operator = await createMember(db(), { kind: "operator" });
    await cookieFor(operator.user.id);
    const stranger = await createMember(db(), { kind: "company" });
    await cookieFor(stranger.user.id);
    const before2 = await rowCounts();
    expect((await post(m, operator.user.id, TEXT)).status).toBe(403);
    expect((await post(m, stranger.user.id, { intent: "consent", version })).status).toBe(404);
    expect((await view(m, stranger.user.id)).status).toBe(404);
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before2, user_session: 0 });
    expect((await rowCounts()).case_study).toBe(before.case_study);
  });

  it("withdraws both consents when the text changes after a consent, and tells the other party", async () => {
    const { version } = (await view(m, m.municipality.user.id)).body.caseStudy;
    const consented = await post(m, m.municipality.user.id, { intent: "consent", version });
    expect(consented.location).toBe(`/pilots/${m.pilot.id}/case-study?notice=case-study-consented`);
    const row = await caseRow(m.pilot.id);
    expect(row).toMatchObject({
      municipality_consent_by: m.municipality.user.id,
      company_consent_at: null,
      published_at: null,
    });
    expect((await view(m, companyMemberId)).body.caseStudy.state).toBe("consenting");
    expect(
      await countRows("notification", (q) =>
        q.where("user_id", "=", m.company.user.id).where("kind", "=", "case_study"),
      ),
    ).toBe(1);

    // The same text again: nothing changes, the consent stays.
    const same = await post(m, companyMemberId, { ...TEXT, title: ` ${TEXT.title} ` });
    expect(same.location).toBe(`/pilots/${m.pilot.id}/case-study?notice=case-study-unchanged`);
    expect((await caseRow(m.pilot.id))!.municipality_consent_at).not.toBeNull();

    // A changed text: the municipality's consent is withdrawn, the municipality is told.
    const changed = await post(m, companyMemberId, {
      ...TEXT,
      results: `${TEXT.results}\n参加者の8割が「外出が増えた」と回答した。`,
    });
    expect(changed.location).toBe(`/pilots/${m.pilot.id}/case-study?notice=case-study-consents-reset`);
    expect(await caseRow(m.pilot.id)).toMatchObject({
      municipality_consent_at: null,
      municipality_consent_by: null,
      company_consent_at: null,
      published_at: null,
    });
    const audit = await db()
      .selectFrom("audit_log")
      .select("changes")
      .where("action", "=", "case_study.update")
      .where("entity_id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    expect(audit.changes).toMatchObject({ consents_reset: true, results: { from: TEXT.results } });
    const told = await db()
      .selectFrom("notification")
      .select(["title"])
      .where("user_id", "=", m.municipality.user.id)
      .where("kind", "=", "case_study")
      .execute();
    expect(told.map((n) => n.title)).toEqual([`事例「${TEXT.title}」の本文が変更されました`]);
    expect((await view(m, m.municipality.user.id)).body.caseStudy.state).toBe("draft");

    // A consent to the old text (a page loaded before the change) is refused.
    const stale = await post(m, m.municipality.user.id, { intent: "consent", version });
    expect(stale.status).toBe(400);
    expect(stale.body.formError).toBe(
      "事例の本文が変更されています。最新の内容を確認してから、もう一度同意してください。",
    );
    expect((await publicPage(m.pilot.id)).status).toBe(404);
  });

  it("can take back a consent before publication", async () => {
    const { version } = (await view(m, m.company.user.id)).body.caseStudy;
    expect((await post(m, m.company.user.id, { intent: "consent", version })).status).toBe(302);
    expect((await post(m, m.company.user.id, { intent: "revokeConsent" })).location).toBe(
      `/pilots/${m.pilot.id}/case-study?notice=case-study-consent-revoked`,
    );
    expect((await caseRow(m.pilot.id))!.company_consent_at).toBeNull();
    const again = await post(m, m.company.user.id, { intent: "revokeConsent" });
    expect(again.body.formError).toBe("まだ公開に同意していません。");
  });

  it("publishes on the second consent; the public pages show it with its KPIs and no personal data; it cannot be edited while public", async () => {
    // KPIs: the latest approved value counts; a newer report not yet approved does not.
    const [visits, share] = await db()
      .insertInto("pilot_kpi")
      .values([
        {
          pilot_id: m.pilot.id,
          position: 1,
          name: "延べ参加者数",
          unit: "人",
          baseline: "0",
          target: "300",
          indicator_code: "continued_participation",
        },
        {
          pilot_id: m.pilot.id,
          position: 2,
          name: "参加者に占める男性の割合",
          unit: "%",
          baseline: "10",
          target: "25.5",
        },
      ])
      .returning("id")
      .execute();
    const report = async (start: string, end: string, status: "approved" | "submitted", value: string) => {
      const r = await db()
        .insertInto("outcome_report")
        .values({ pilot_id: m.pilot.id, period_start: start, period_end: end, status, author_side: "company" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db().insertInto("outcome_value").values({ report_id: r.id, kpi_id: visits!.id, value }).execute();
    };
    await report("2026-01-01", "2026-03-31", "approved", "380");
    await report("2025-10-01", "2025-12-31", "approved", "150");
    await report("2026-04-01", "2026-06-30", "submitted", "999");

    const { version } = (await view(m, m.municipality.user.id)).body.caseStudy;
    expect((await post(m, m.municipality.user.id, { intent: "consent", version })).location).toBe(
      `/pilots/${m.pilot.id}/case-study?notice=case-study-consented`,
    );
    expect((await caseRow(m.pilot.id))!.published_at).toBeNull();
    expect((await publicPage(m.pilot.id)).status).toBe(404);
    const published = await post(m, m.company.user.id, { intent: "consent", version });
    expect(published.location).toBe(`/pilots/${m.pilot.id}/case-study?notice=case-study-published`);
    expect((await caseRow(m.pilot.id))!.published_at).not.toBeNull();

    const page = await publicPage(m.pilot.id);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      title: TEXT.title,
      problem: TEXT.problem,
      solution: TEXT.solution,
      municipalityName: m.municipality.organization.name,
      companyName: m.company.organization.name,
      result: "self_sustaining",
    });
    // 実証期間 is the signed agreement's period, not the days it was signed and closed.
    const signed = await db()
      .selectFrom("pilot_agreement_version")
      .select("content")
      .where("id", "=", m.pilot.signed_version_id!)
      .executeTakeFirstOrThrow();
    const { periodStart, periodEnd } = signed.content as { periodStart: string; periodEnd: string };
    expect(periodStart < periodEnd).toBe(true);
    expect(page.body.agreementPeriod).toEqual({ start: periodStart, end: periodEnd });
    expect(page.body.kpis).toEqual([
      expect.objectContaining({
        name: "延べ参加者数",
        unit: "人",
        baseline: "0",
        target: "300",
        latestValue: "380",
        latestPeriodEnd: "2026-03-31",
      }),
      expect.objectContaining({
        name: "参加者に占める男性の割合",
        baseline: "10",
        target: "25.5",
        latestValue: null,
        latestPeriodEnd: null,
      }),
    ]);
    expect(share).toBeDefined();
    const serialized = JSON.stringify(page.body);
    for (const user of [m.municipality.user, m.company.user]) {
      expect(serialized).not.toContain(user.email);
      expect(serialized).not.toContain(user.display_name);
    }
    const list = await publicList();
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ pilotId: m.pilot.id, title: TEXT.title, result: "self_sustaining" });
    const home = await run(homeRoute.loader, getRequest("/"));
    expect(home.body.cases.map((c: { pilotId: string }) => c.pilotId)).toEqual([m.pilot.id]);

    const before = await rowCounts();
    const edit = await post(m, m.municipality.user.id, { ...TEXT, title: "別のタイトル" });
    expect(edit.status).toBe(400);
    expect(edit.body.formError).toBe("公開中の事例は編集できません。変更するには、先に公開を取り下げてください。");
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
  });

  it("holds the CHECK constraint against a direct write: no publication without both consents", async () => {
    // On the published case: taking a consent away directly is refused by the database.
    await expect(
      db().updateTable("case_study").set({ company_consent_at: null }).where("pilot_id", "=", m.pilot.id).execute(),
    ).rejects.toThrow(/case_study_published_with_consent/);
    // A draft case of another pilot cannot be marked published directly.
    const other = await createCompletedPilot();
    await db()
      .insertInto("case_study")
      .values({ pilot_id: other.pilot.id, title: "t", problem: "p", solution: "s", results: "r" })
      .execute();
    await expect(
      db().updateTable("case_study").set({ published_at: new Date() }).where("pilot_id", "=", other.pilot.id).execute(),
    ).rejects.toThrow(/case_study_published_with_consent/);
    await expect(
      db()
        .updateTable("case_study")
        .set({ published_at: new Date(), municipality_consent_at: new Date() })
        .where("pilot_id", "=", other.pilot.id)
        .execute(),
    ).rejects.toThrow(/case_study_published_with_consent/);
    expect((await caseRow(other.pilot.id))!.published_at).toBeNull();
    expect((await publicPage(other.pilot.id)).status).toBe(404);
  });

  it("lets either party's admin withdraw it: the public page is gone, publishing again needs both consents", async () => {
    expect((await post(m, companyMemberId, { intent: "withdraw" })).status).toBe(403);
    const withdrawn = await post(m, m.company.user.id, { intent: "withdraw" });
    expect(withdrawn.location).toBe(`/pilots/${m.pilot.id}/case-study?notice=case-study-withdrawn`);
    const row = await caseRow(m.pilot.id);
    expect(row).toMatchObject({ published_at: null, municipality_consent_at: null, company_consent_at: null });
    expect(row!.withdrawn_at).not.toBeNull();
    expect((await publicPage(m.pilot.id)).status).toBe(404);
    expect((await publicList()).body.total).toBe(0);
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "case_study.withdraw").where("entity_id", "=", m.pilot.id),
      ),
    ).toBe(1);
    const page = await view(m, m.municipality.user.id);
    expect(page.body.caseStudy).toMatchObject({ state: "draft", publishedAt: null });
    expect((await post(m, m.company.user.id, { intent: "withdraw" })).body.formError).toBe(
      "公開中の事例はありません。",
    );

    // Published again by two fresh consents; then listed newest first beside a newer case.
    const { version } = page.body.caseStudy;
    await post(m, m.municipality.user.id, { intent: "consent", version });
    await post(m, m.company.user.id, { intent: "consent", version });
    expect((await publicPage(m.pilot.id)).status).toBe(200);
    const newer = await createCompletedPilot();
    await cookieFor(newer.municipality.user.id);
    await cookieFor(newer.company.user.id);
    await post(newer, newer.municipality.user.id, TEXT);
    const v2 = (await view(newer, newer.company.user.id)).body.caseStudy.version;
    await post(newer, newer.company.user.id, { intent: "consent", version: v2 });
    await post(newer, newer.municipality.user.id, { intent: "consent", version: v2 });
    const list = await publicList();
    expect(list.body.items.map((i: { pilotId: string }) => i.pilotId)).toEqual([newer.pilot.id, m.pilot.id]);
  });

  it("answers 404 for anything but a published case", async () => {
    expect((await publicPage("not-a-uuid")).status).toBe(404);
    expect((await publicPage("5b0a4f8e-8a4e-4c55-9d7e-2f1a3c1d0e99")).status).toBe(404);
  });
});
