// The outcomes pages through their loaders and actions: importing KPIs with the button, KPI edits, reports written by
// the company and reviewed by the municipality's admin, Japanese messages beside the fields with the input kept and
// nothing written, photos checked by content and served through the pilot gate, 404 for other organisations, 403 for
// the company's review and any operator POST, and 20 concurrent approvals with one winner and no 5xx.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { signPilot } from "~/seed/outcome-factory.server";
import { createPilot, type Match } from "~/seed/pilot-factory.server";
import type { Pilot } from "@db/schema";
import { KpiChart } from "~/components/kpi-chart";
import { previousPeriod, periodOf, tokyoDate } from "~/domain/outcomes/periods.rules";
import { db } from "~/lib/db.server";
import { setStorageRootForTests } from "~/lib/storage.server";
import * as indexRoute from "~/routes/pilots.$pilotId.outcomes._index";
import * as kpisRoute from "~/routes/pilots.$pilotId.outcomes.kpis";
import * as reportRoute from "~/routes/pilots.$pilotId.outcomes.$reportId";
import * as photoRoute from "~/routes/pilots_.$pilotId.outcomes.photos.$photoId";
import { countRows, rowCounts as allRowCounts } from "../support/db";
import { BASE_URL, getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
]);

let m: Match & { pilot: Pilot };
let municipalityMember: string;
let companyMember: string;
let operator: CreatedMember;
let stranger: CreatedMember;
let kpiId: string;
let uploads: string;
const cookies = new Map<string, string>();
async function cookieFor(userId: string | null) {
  if (!userId) return null;
  if (!cookies.has(userId)) cookies.set(userId, await signedInCookie(userId));
  return cookies.get(userId)!;
}

// Periods relative to today (the pages use the real clock): the pilot began three months ago.
const today = tokyoDate(new Date());
const thisMonth = periodOf("monthly", today);
const lastMonth = previousPeriod(thisMonth);
const twoMonthsAgo = previousPeriod(lastMonth);
const firstDay = previousPeriod(twoMonthsAgo).start;

/** Row counts, sessions aside (a first request of a user signs them in). */
const rowCounts = async () => ({ ...(await allRowCounts()), user_session: 0 });

const base = (pilotId = m.pilot.id) => `/pilots/${pilotId}/outcomes`;
async function get(
  route: { loader: (a: any) => unknown },
  url: string,
  userId: string | null,
  params: Record<string, string>,
) {
  return run(route.loader, getRequest(url, { cookie: await cookieFor(userId) }), { params });
}
async function post(
  route: { action: (a: any) => unknown },
  url: string,
  userId: string | null,
  fields: Record<string, string>,
  params: Record<string, string>,
) {
  return run(route.action, postRequest(url, fields, { cookie: await cookieFor(userId) }), { params });
}
const pilotParams = () => ({ pilotId: m.pilot.id });
const reportParams = (reportId: string) => ({ pilotId: m.pilot.id, reportId });
const reportUrl = (reportId: string) => `${base()}/${reportId}`;

async function uploadPhoto(
  userId: string,
  reportId: string,
  bytes: Uint8Array,
  name = "活動.png",
  caption = "体操の様子",
) {
  const body = new FormData();
  body.set("intent", "uploadPhoto");
  body.set("caption", caption);
  body.set("photo", new File([new Uint8Array(bytes)], name, { type: "image/png" }));
  const request = new Request(new URL(reportUrl(reportId), BASE_URL), {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: (await cookieFor(userId))! },
    body,
  });
  return run(reportRoute.action, request, { params: reportParams(reportId) });
}

async function newReport(start: string, userId = m.company.user.id): Promise<string> {
  const created = await post(
    indexRoute,
    base(),
    userId,
    { intent: "createReport", period: `monthly:${start}` },
    pilotParams(),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(302);
  return /outcomes\/([0-9a-f-]{36})/.exec(created.location!)![1]!;
}

beforeAll(async () => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "outcome-uploads-"));
  setStorageRootForTests(uploads);
  m = await createPilot(db());
  for (const [org, role, set] of [
    [m.municipality.organization.id, "member", (id: string) => (municipalityMember = id)],
    [m.company.organization.id, "member", (id: string) => (companyMember = id)],
  ] as const) {
    const user = await createUser(db());
    await addMember(db(), { organizationId: org, userId: user.id, role });
    set(user.id);
  }
  operator = await createMember(db(), { kind: "operator" });
  stranger = await createMember(db(), { kind: "company" });
});

afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(uploads, { recursive: true, force: true });
});

describe("KPIs", () => {
  it("offers the import only once signed, imports with the button once, and shows the KPI with its chart data", async () => {
    const before = await get(indexRoute, base(), m.company.user.id, pilotParams());
    expect(before.body).toMatchObject({ signed: false, canReport: true, kpis: [] });
    const unsigned = await post(indexRoute, base(), m.company.user.id, { intent: "importKpis" }, pilotParams());
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.formError).toBe("協定書が双方の署名で締結されてから、KPIを取り込めます。");
    m.pilot = await signPilot(db(), m.pilot, { periodStart: firstDay });
    const imported = await post(indexRoute, base(), m.company.user.id, { intent: "importKpis" }, pilotParams());
    expect(imported).toMatchObject({ status: 302, location: `${base()}/kpis?notice=kpis-imported` });
    const again = await post(
      kpisRoute,
      `${base()}/kpis`,
      m.municipality.user.id,
      { intent: "importKpis" },
      pilotParams(),
    );
    expect(again.body.formError).toBe("KPIはすでに登録されています。一覧で確認・編集してください。");
    const page = await get(indexRoute, base(), municipalityMember, pilotParams());
    expect(page.body.kpis).toHaveLength(1);
    expect(page.body.kpis[0]).toMatchObject({
      name: "通いの場の箇所数",
      indicatorCode: "gathering_places",
      target: "5",
      series: { latest: null, met: null },
    });
    kpiId = page.body.kpis[0].id;
  });

  it("refuses a bad KPI beside the fields with the input kept and nothing written, then saves it", async () => {
    const before = await rowCounts();
    const url = `${base()}/kpis`;
    const bad = await post(
      kpisRoute,
      url,
      companyMember,
      {
        intent: "updateKpi",
        kpiId,
        indicatorCode: "gathering_places",
        name: "通いの場の箇所数",
        definition: "",
        unit: "か所",
        baseline: "二か所",
        target: "５",
        direction: "sideways",
        frequency: "monthly",
      },
      pilotParams(),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors).toEqual({
      baseline: "基準値は数値（半角・全角の数字、カンマ、小数点を使えます）で入力してください。",
      direction: "目指す方向を選んでください。",
    });
    expect(bad.body.values).toMatchObject({ kpiId, baseline: "二か所", target: "５" });
    const extra = await post(
      kpisRoute,
      url,
      companyMember,
      { intent: "addKpi", name: "x", direction: "increase", frequency: "monthly", pilotId: m.pilot.id },
      pilotParams(),
    );
    expect(extra.body.formError).toBe(
      "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。",
    );
    expect(await rowCounts()).toEqual(before);
    const saved = await post(
      kpisRoute,
      url,
      companyMember,
      {
        intent: "updateKpi",
        kpiId,
        indicatorCode: "gathering_places",
        name: "通いの場の箇所数",
        definition: "住民主体の通いの場の数",
        unit: "か所",
        baseline: "２",
        target: "５",
        direction: "increase",
        frequency: "monthly",
      },
      pilotParams(),
    );
    expect(saved).toMatchObject({ status: 302, location: `${url}?notice=kpi-updated` });
    const added = await post(
      kpisRoute,
      url,
      m.municipality.user.id,
      {
        intent: "addKpi",
        indicatorCode: "",
        name: "送迎の利用者数",
        unit: "人",
        target: "40",
        direction: "increase",
        frequency: "monthly",
      },
      pilotParams(),
    );
    expect(added.location).toBe(`${url}?notice=kpi-added`);
    const kpis = await get(kpisRoute, url, operator.user.id, pilotParams());
    expect(kpis.body.canEdit).toBe(false);
    expect(kpis.body.kpis.map((k: { name: string; frequency: string }) => [k.name, k.frequency])).toEqual([
      ["通いの場の箇所数", "monthly"],
      ["送迎の利用者数", "monthly"],
    ]);
    const removed = await post(
      kpisRoute,
      url,
      companyMember,
      { intent: "removeKpi", kpiId: kpis.body.kpis[1].id },
      pilotParams(),
    );
    expect(removed.location).toBe(`${url}?notice=kpi-removed`);
  });
});

describe("reports", () => {
  it("offers the periods since the pilot began and flags the last ended one as missing", async () => {
    const page = await get(indexRoute, base(), m.company.user.id, pilotParams());
    expect(page.body.plan.frequency).toBe("monthly");
    expect(page.body.plan.openPeriods.map((p: { start: string }) => p.start)).toEqual([
      thisMonth.start,
      lastMonth.start,
      twoMonthsAgo.start,
      firstDay,
    ]);
    expect(page.body.plan.lastEnded).toMatchObject({ start: lastMonth.start, reported: false });
    const wrong = await post(
      indexRoute,
      base(),
      m.company.user.id,
      { intent: "createReport", period: "monthly:2001-04-01" },
      pilotParams(),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.fieldErrors.period).toBe("報告できる期間を一覧から選んでください。");
  });

  it("refuses bad values beside the fields, keeps what was typed and writes nothing", async () => {
    const reportId = await newReport(twoMonthsAgo.start);
    const before = await rowCounts();
    const result = await post(
      reportRoute,
      reportUrl(reportId),
      m.company.user.id,
      {
        intent: "save",
        [`value-${kpiId}`]: "三か所",
        [`note-${kpiId}`]: "",
        participantsTotal: "-1",
        participantsNew: "１．５",
        participants75Plus: "",
        narrative: "問い合わせは tanaka@example.jp へ",
      },
      reportParams(reportId),
    );
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors).toEqual({
      [`value-${kpiId}`]: "値は数値（半角・全角の数字、カンマ、小数点を使えます）で入力してください。",
      participantsTotal: "参加者数（延べ）は0以上の整数で入力してください。",
      participantsNew: "新規参加者数は0以上の整数で入力してください。",
      narrative: expect.stringContaining("個人が特定できる情報"),
    });
    expect(result.body.values).toMatchObject({
      [`value-${kpiId}`]: "三か所",
      participantsTotal: "-1",
      participantsNew: "１．５",
    });
    for (const message of Object.values(result.body.fieldErrors) as string[]) expect(message).toMatch(JAPANESE);
    const more = await post(
      reportRoute,
      reportUrl(reportId),
      m.company.user.id,
      {
        intent: "save",
        participantsTotal: "10",
        participantsNew: "12",
        participants75Plus: "11",
        narrative: "",
      },
      reportParams(reportId),
    );
    expect(more.body.fieldErrors).toEqual({
      participantsNew: "新規参加者数は参加者数（延べ）以下で入力してください。",
      participants75Plus: "75歳以上の参加者数は参加者数（延べ）以下で入力してください。",
    });
    const submitEmpty = await post(
      reportRoute,
      reportUrl(reportId),
      m.company.user.id,
      { intent: "submit", narrative: "" },
      reportParams(reportId),
    );
    expect(submitEmpty.body.fieldErrors).toEqual({ narrative: "提出するには実施状況を入力してください。" });
    expect(await rowCounts()).toEqual(before);
  });

  it("takes the journey: save with 全角 numbers, photo, submit, company cannot approve, return needs a comment, resubmit, approve", async () => {
    const reportId = await newReport(lastMonth.start, companyMember);
    const saved = await post(
      reportRoute,
      reportUrl(reportId),
      companyMember,
      {
        intent: "save",
        [`value-${kpiId}`]: "３",
        [`note-${kpiId}`]: "月末時点",
        participantsTotal: "１，２０４",
        participantsNew: "35",
        participants75Plus: "610",
        narrative: "体操教室を4回開催しました。",
      },
      reportParams(reportId),
    );
    expect(saved).toMatchObject({ status: 302, location: `${reportUrl(reportId)}?notice=outcome-report-saved` });
    expect(
      await db()
        .selectFrom("outcome_report")
        .select(["participants_total", "participants_75_plus", "status"])
        .where("id", "=", reportId)
        .executeTakeFirst(),
    ).toEqual({
      participants_total: 1204,
      participants_75_plus: 610,
      status: "draft",
    });
    // Photos: checked by content, not by name.
    const before = await rowCounts();
    const fake = await uploadPhoto(companyMember, reportId, new TextEncoder().encode("<svg onload=alert(1)>"), "x.png");
    expect(fake.status).toBe(400);
    expect(fake.body.fieldErrors.photo).toBe("写真はPNGまたはJPEGの画像ファイルを選んでください。");
    expect(fake.body.values.caption).toBe("体操の様子");
    expect(await rowCounts()).toEqual(before);
    const huge = new Uint8Array(5 * 1024 * 1024 + 1);
    huge.set(PNG);
    const tooLarge = await uploadPhoto(companyMember, reportId, huge);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.fieldErrors.photo).toBe("ファイルが大きすぎます。5MB以下のファイルを選んでください。");
    expect(await rowCounts()).toEqual(before);
    expect(fs.readdirSync(uploads)).toHaveLength(0);
    // The other party may read the draft but not add to it.
    const notAuthor = await uploadPhoto(m.municipality.user.id, reportId, PNG);
    expect(notAuthor.status).toBe(403);
    expect(notAuthor.body).toBe("この報告を編集・提出できるのは、報告を作成した側のメンバーです。");
    expect((await uploadPhoto(companyMember, reportId, PNG)).location).toBe(
      `${reportUrl(reportId)}?notice=outcome-photo-added`,
    );
    const photo = await db()
      .selectFrom("outcome_photo")
      .selectAll()
      .where("report_id", "=", reportId)
      .executeTakeFirstOrThrow();
    expect(photo).toMatchObject({
      content_type: "image/png",
      original_name: "活動.png",
      caption: "体操の様子",
      organization_id: m.company.organization.id,
    });
    const photoUrl = `${base()}/photos/${photo.id}`;
    const shown = await get(photoRoute, photoUrl, m.municipality.user.id, { pilotId: m.pilot.id, photoId: photo.id });
    expect(shown.status).toBe(200);
    expect(shown.headers.get("Content-Type")).toBe("image/png");
    expect(shown.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(shown.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
    expect(shown.headers.get("Content-Disposition")).toMatch(
      /^inline; filename="__.png"; filename\*=UTF-8''%E6%B4%BB%E5%8B%95\.png$/,
    );
    const download = await get(photoRoute, `${photoUrl}?download=1`, m.company.user.id, {
      pilotId: m.pilot.id,
      photoId: photo.id,
    });
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect((await get(photoRoute, photoUrl, stranger.user.id, { pilotId: m.pilot.id, photoId: photo.id })).status).toBe(
      404,
    );
    expect((await get(photoRoute, photoUrl, null, { pilotId: m.pilot.id, photoId: photo.id })).status).toBe(404);

    const submitted = await post(
      reportRoute,
      reportUrl(reportId),
      companyMember,
      {
        intent: "submit",
        [`value-${kpiId}`]: "4",
        participantsTotal: "1204",
        participantsNew: "35",
        participants75Plus: "610",
        narrative: "体操教室を4回開催しました。",
      },
      reportParams(reportId),
    );
    expect(submitted.location).toBe(`${reportUrl(reportId)}?notice=outcome-report-submitted`);
    const reviewerView = await get(reportRoute, reportUrl(reportId), m.municipality.user.id, reportParams(reportId));
    expect(reviewerView.body).toMatchObject({
      editable: false,
      reviewable: true,
      report: { status: "submitted", values: { [kpiId]: { value: "4", note: "" } } },
    });
    expect(
      (await get(reportRoute, reportUrl(reportId), municipalityMember, reportParams(reportId))).body.reviewable,
    ).toBe(false);

    const byCompany = await post(
      reportRoute,
      reportUrl(reportId),
      m.company.user.id,
      { intent: "review", decision: "approve", comment: "" },
      reportParams(reportId),
    );
    expect(byCompany.status).toBe(403);
    const byMember = await post(
      reportRoute,
      reportUrl(reportId),
      municipalityMember,
      { intent: "review", decision: "approve", comment: "" },
      reportParams(reportId),
    );
    expect(byMember.status).toBe(403);
    const before2 = await rowCounts();
    const noComment = await post(
      reportRoute,
      reportUrl(reportId),
      m.municipality.user.id,
      { intent: "review", decision: "return", comment: " " },
      reportParams(reportId),
    );
    expect(noComment.status).toBe(400);
    expect(noComment.body.fieldErrors).toEqual({ comment: "差し戻す理由を入力してください。報告した側に伝わります。" });
    expect(await rowCounts()).toEqual(before2);
    const returned = await post(
      reportRoute,
      reportUrl(reportId),
      m.municipality.user.id,
      { intent: "review", decision: "return", comment: "75歳以上の人数を確認してください。" },
      reportParams(reportId),
    );
    expect(returned.location).toBe(`${reportUrl(reportId)}?notice=outcome-report-returned`);
    const resubmitted = await post(
      reportRoute,
      reportUrl(reportId),
      m.company.user.id,
      {
        intent: "submit",
        [`value-${kpiId}`]: "4",
        participantsTotal: "1204",
        participantsNew: "35",
        participants75Plus: "601",
        narrative: "体操教室を4回開催しました。",
      },
      reportParams(reportId),
    );
    expect(resubmitted.status).toBe(302);
    const approved = await post(
      reportRoute,
      reportUrl(reportId),
      m.municipality.user.id,
      { intent: "review", decision: "approve", comment: "" },
      reportParams(reportId),
    );
    expect(approved.location).toBe(`${reportUrl(reportId)}?notice=outcome-report-approved`);
    const after = await get(reportRoute, reportUrl(reportId), m.company.user.id, reportParams(reportId));
    expect(after.body).toMatchObject({
      editable: false,
      reviewable: false,
      report: { status: "approved", participants75Plus: 601 },
    });
    const locked = await post(
      reportRoute,
      reportUrl(reportId),
      m.company.user.id,
      { intent: "save", narrative: "書き換え" },
      reportParams(reportId),
    );
    expect(locked.body.formError).toBe("承認された報告は確定しており、変更できません。");
    const page = await get(indexRoute, base(), m.company.user.id, pilotParams());
    expect(page.body.kpis[0].series).toMatchObject({
      latest: { value: "4", periodStart: lastMonth.start },
      met: false,
    });
    expect(page.body.plan.lastEnded).toMatchObject({ start: lastMonth.start, reported: true });
    expect(
      await countRows("notification", (q) =>
        q.where("kind", "=", "outcome_report_reviewed").where("user_id", "=", companyMember),
      ),
    ).toBe(2);
  });

  it("keeps this month's report a draft (速報) until the month is over: no submit offered, a forged submit refused", async () => {
    const reportId = await newReport(thisMonth.start);
    const page = await get(reportRoute, reportUrl(reportId), m.company.user.id, reportParams(reportId));
    expect(page.body).toMatchObject({ editable: true, periodOver: false });
    const submitted = await post(
      reportRoute,
      reportUrl(reportId),
      m.company.user.id,
      { intent: "submit", [`value-${kpiId}`]: "1", narrative: "今月は3回開催しました。" },
      reportParams(reportId),
    );
    expect(submitted.status).toBe(400);
    expect(submitted.body.formError).toContain("まだ終わっていません");
    const saved = await post(
      reportRoute,
      reportUrl(reportId),
      m.company.user.id,
      { intent: "save", [`value-${kpiId}`]: "1", narrative: "今月は3回開催しました。" },
      reportParams(reportId),
    );
    expect(saved.status).toBe(302);
    const row = await db()
      .selectFrom("outcome_report")
      .select("status")
      .where("id", "=", reportId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
  });

  it("answers 20 concurrent approvals with one success, 400s with a message, and no 5xx", async () => {
    const reportId = await newReport(firstDay);
    await post(
      reportRoute,
      reportUrl(reportId),
      m.company.user.id,
      { intent: "submit", [`value-${kpiId}`]: "2", narrative: "準備期間でした。" },
      reportParams(reportId),
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(
          reportRoute,
          reportUrl(reportId),
          m.municipality.user.id,
          { intent: "review", decision: "approve", comment: "" },
          reportParams(reportId),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 302)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 400);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r.body.formError).toMatch(/^この成果報告は、すでに.+さんが承認しました。/);
    expect(
      await countRows("audit_log", (q) =>
        q.where("entity_id", "=", reportId).where("action", "=", "outcome.report_approve"),
      ),
    ).toBe(1);
  });

  it("lets an operator read (audited) but never write, and is not found for another organisation", async () => {
    const reportId = (
      await db()
        .selectFrom("outcome_report")
        .select("id")
        .where("pilot_id", "=", m.pilot.id)
        .where("status", "=", "draft")
        .executeTakeFirstOrThrow()
    ).id;
    const audits = await countRows("audit_log", (q) => q.where("action", "=", "pilot.support_view"));
    const read = await get(reportRoute, reportUrl(reportId), operator.user.id, reportParams(reportId));
    expect(read.body).toMatchObject({ editable: false, reviewable: false });
    expect(await countRows("audit_log", (q) => q.where("action", "=", "pilot.support_view"))).toBe(audits + 1);
    const before = await rowCounts();
    const attempts: Record<string, string>[] = [
      { intent: "save", narrative: "運営者" },
      { intent: "review", decision: "approve", comment: "" },
    ];
    for (const fields of attempts) {
      expect(
        (await post(reportRoute, reportUrl(reportId), operator.user.id, fields, reportParams(reportId))).status,
      ).toBe(403);
    }
    expect(
      (
        await post(
          indexRoute,
          base(),
          operator.user.id,
          { intent: "createReport", period: `monthly:${thisMonth.start}` },
          pilotParams(),
        )
      ).status,
    ).toBe(403);
    expect(
      (await post(kpisRoute, `${base()}/kpis`, operator.user.id, { intent: "removeKpi", kpiId }, pilotParams())).status,
    ).toBe(403);
    expect(await rowCounts()).toEqual(before);

    expect((await get(indexRoute, base(), stranger.user.id, pilotParams())).status).toBe(404);
    expect((await get(reportRoute, reportUrl(reportId), stranger.user.id, reportParams(reportId))).status).toBe(404);
    expect(
      (
        await post(
          reportRoute,
          reportUrl(reportId),
          stranger.user.id,
          { intent: "save", narrative: "" },
          reportParams(reportId),
        )
      ).status,
    ).toBe(404);
    // A report of another pilot under this pilot's URL does not exist either.
    const other = await createPilot(db());
    expect(
      (
        await get(reportRoute, `${base(other.pilot.id)}/${reportId}`, other.company.user.id, {
          pilotId: other.pilot.id,
          reportId,
        })
      ).status,
    ).toBe(404);
  });
});

describe("the KPI chart", () => {
  it("is an image with a summary, draws the target dashed, and repeats the numbers in a table", () => {
    const html = renderToStaticMarkup(
      createElement(KpiChart, {
        name: "通いの場の箇所数",
        unit: "か所",
        direction: "increase",
        baseline: "2",
        target: "5",
        points: [
          { periodStart: "2026-04-01", periodEnd: "2026-04-30", label: "2026年4月", value: "3" },
          { periodStart: "2026-05-01", periodEnd: "2026-05-31", label: "2026年5月", value: "6" },
        ],
      }),
    );
    expect(html).toContain('role="img"');
    expect(html).toMatch(/aria-label="通いの場の箇所数: 承認済みの値は2期間分です。[^"]+「達成」です。"/);
    expect(html).toContain('class="kpi-chart__target"');
    expect(html).toContain("目標 5か所");
    expect(html).toContain("基準 2か所");
    expect(html).toMatch(
      /<th scope="row">2026年5月<\/th><td class="num">6<\/td><td class="num">5<\/td><td class="nowrap">達成<\/td>/,
    );
    const empty = renderToStaticMarkup(
      createElement(KpiChart, {
        name: "社会参加率",
        unit: "%",
        direction: "increase",
        baseline: null,
        target: "30",
        points: [],
      }),
    );
    expect(empty).not.toContain("<svg");
    expect(empty).toContain("承認された値はまだありません");
  });
});
