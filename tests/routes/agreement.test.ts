// The agreement page, its print view and its PDF through their loaders and actions: what each party may do, form
// errors in Japanese beside the fields with what was typed kept (and nothing written), saving, the refusal to edit a
// signed version with the way out (a new version carrying the edit), both admins signing, the A4 print view and the
// PDF download with its file name.
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, createMember, createUser } from "~/seed/factories.server";
import { createPilot, type Match } from "~/seed/pilot-factory.server";
import type { Pilot } from "@db/schema";
import { db } from "~/lib/db.server";
import * as proposalRoute from "~/routes/company_.proposals.$proposalId";
import * as pageRoute from "~/routes/pilots.$pilotId.agreement";
import * as printRoute from "~/routes/pilots_.$pilotId.agreement.print";
import * as pdfRoute from "~/routes/pilots_.$pilotId.agreement[.pdf]";
import { completeContent, formFields, latestVersionOf } from "../support/agreement";
import { countRows, rowCounts } from "../support/db";
import { getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

let m: Match & { pilot: Pilot };
let memberId: string;
let strangerId: string;
let operatorId: string;

const cookies = new Map<string, string>();
async function cookieFor(userId: string) {
  if (!cookies.has(userId)) cookies.set(userId, await signedInCookie(userId));
  return cookies.get(userId)!;
}

const path = () => `/pilots/${m.pilot.id}/agreement`;
const params = () => ({ pilotId: m.pilot.id });

async function view(userId: string, query = "") {
  return run(pageRoute.loader, getRequest(`${path()}${query}`, { cookie: await cookieFor(userId) }), {
    params: params(),
  });
}

async function post(userId: string, fields: Record<string, string>) {
  return run(pageRoute.action, postRequest(path(), fields, { cookie: await cookieFor(userId) }), { params: params() });
}

async function editFields(content = completeContent(), extra: Record<string, string> = {}) {
  const v = await latestVersionOf(m.pilot.id);
  return formFields(content, { intent: "save", versionId: v.id, expectedUpdatedAt: v.token, ...extra });
}

beforeAll(async () => {
  m = await createPilot(db());
  const colleague = await createUser(db());
  await addMember(db(), { organizationId: m.company.organization.id, userId: colleague.id, role: "member" });
  memberId = colleague.id;
  strangerId = (await createMember(db(), { kind: "company" })).user.id;
  operatorId = (await createMember(db(), { kind: "operator" })).user.id;
});

describe("agreement page", () => {
  it("shows the first version to both parties, with what each may do and what a signature still needs", async () => {
    const admin = await view(m.municipality.user.id);
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({
      side: "municipality",
      canEdit: true,
      canSign: true,
      comparison: null,
      latest: { number: 1, locked: false },
    });
    expect(admin.body.shown.content.area).toBe(m.pitch.area_name);
    expect(admin.body.problems.map((p: { field: string }) => p.field)).toContain("personalData.items");
    const member = await view(memberId, "?edit=1");
    expect(member.body).toMatchObject({ side: "company", canEdit: true, canSign: false, editing: true });
    const operator = await view(operatorId);
    expect(operator.body).toMatchObject({ side: "operator", canEdit: false, canSign: false, ownSide: null });
    expect((await view(strangerId)).status).toBe(404);
  });

  it("answers bad input in Japanese beside each field, keeps what was typed and writes nothing", async () => {
    const before = await rowCounts();
    const fields = await editFields(completeContent(), {
      periodEnd: "2026-03-01",
      "milestones.0.amountYen": "二百万",
      "kpis.0.name": "",
      "kpis.0.target": "2.0",
    });
    const result = await post(memberId, fields);
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors).toEqual({
      "milestones.0.amountYen": "金額は円単位の整数（半角・全角の数字、カンマ可）で入力してください。",
    });
    expect(result.body.formError).toBe("入力内容を確認してください。");
    expect(result.body.values).toMatchObject({
      periodEnd: "2026-03-01",
      "milestones.0.amountYen": "二百万",
      "kpis.0.target": "2.0",
      scope: fields.scope,
    });
    const again = await post(memberId, { ...fields, "milestones.0.amountYen": "2,000,000" });
    expect(again.status).toBe(400);
    expect(again.body.fieldErrors).toEqual({
      periodEnd: "終了日は開始日と同じか、それより後の日付にしてください。",
      "kpis.0.name": "評価指標の1行目: 指標名を入力してください。",
    });
    for (const message of Object.values(again.body.fieldErrors)) expect(message).toMatch(JAPANESE);
    expect(await rowCounts()).toEqual(before);
  });

  it("saves the draft and redirects with a notice", async () => {
    const result = await post(
      memberId,
      await editFields(completeContent({ area: "中央地区" }), { changeNote: "実施地域を記入" }),
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe(`${path()}?notice=agreement-saved`);
    expect((await latestVersionOf(m.pilot.id)).parsed.area).toBe("中央地区");
  });

  it("refuses signing for a member (403) and lets each admin sign; the pilot then runs", async () => {
    const v = await latestVersionOf(m.pilot.id);
    const sign = { intent: "sign", versionId: v.id, expectedUpdatedAt: v.token };
    expect((await post(memberId, sign)).status).toBe(403);
    const first = await post(m.municipality.user.id, sign);
    expect(first.location).toBe(`${path()}?notice=agreement-signed`);
    const second = await post(m.company.user.id, sign);
    expect(second.location).toBe(`${path()}?notice=agreement-completed`);
    const pilot = await db()
      .selectFrom("pilot")
      .select(["status", "signed_version_id"])
      .where("id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    expect(pilot).toEqual({ status: "running", signed_version_id: v.id });
    const page = await view(m.company.user.id);
    expect(page.body.latest.signatures.map((s: { side: string }) => s.side)).toEqual(["municipality", "company"]);
    expect(page.body.signedVersionNumber).toBe(1);
  });

  it("refuses to edit the signed version with the message, keeps the edit, and puts it into a new version on request", async () => {
    const v1 = await latestVersionOf(m.pilot.id);
    const fields = formFields(completeContent({ area: "北地区" }), {
      intent: "save",
      versionId: v1.id,
      expectedUpdatedAt: v1.token,
    });
    const before = await rowCounts();
    const refused = await post(m.municipality.user.id, fields);
    expect(refused.status).toBe(400);
    expect(refused.body.formError).toBe("第1版は署名済みのため変更できません。変更は新しい版として作成してください。");
    expect(refused.body.values.area).toBe("北地区");
    expect(await rowCounts()).toEqual(before);

    const noNote = await post(m.municipality.user.id, { ...fields, intent: "new_version" });
    expect(noNote.body.fieldErrors).toEqual({ changeNote: "新しい版を作る理由（変更の説明）を入力してください。" });
    const created = await post(m.municipality.user.id, {
      ...fields,
      intent: "new_version",
      changeNote: "実施地域を北地区に",
    });
    expect(created.location).toBe(`${path()}?notice=agreement-version-proposed`);
    const v2 = await latestVersionOf(m.pilot.id);
    expect(v2).toMatchObject({ version_number: 2, change_note: "実施地域を北地区に" });
    expect(v2.parsed.area).toBe("北地区");

    const page = await view(m.company.user.id);
    expect(page.body).toMatchObject({
      latest: { number: 2, locked: false },
      signedVersionNumber: 1,
      comparison: { from: 1, to: 2 },
    });
    expect(page.body.comparison.changes).toEqual([
      {
        kind: "text",
        field: "area",
        label: "実施地域",
        lines: [
          { type: "removed", text: "中央地区" },
          { type: "added", text: "北地区" },
        ],
      },
    ]);
    const old = await view(m.company.user.id, "?version=1&from=2&to=1");
    expect(old.body.shown).toMatchObject({ number: 1, locked: true });
    expect(old.body.comparison).toMatchObject({ from: 2, to: 1 });
  });

  it("makes a copy as a new version from the small form, and refuses operators without recording a read", async () => {
    const v2 = await latestVersionOf(m.pilot.id);
    const empty = await post(m.company.user.id, { intent: "new_version", versionId: v2.id, changeNote: "" });
    expect(empty.status).toBe(400);
    expect(empty.body.fieldErrors.changeNote).toBe("新しい版を作る理由（変更の説明）を入力してください。");
    const before = await rowCounts();
    const operator = await post(operatorId, { intent: "new_version", versionId: v2.id, changeNote: "運営" });
    expect(operator.status).toBe(403);
    expect(await rowCounts()).toEqual(before);
    expect((await post(strangerId, { intent: "new_version", versionId: v2.id, changeNote: "x" })).status).toBe(404);
    const copy = await post(m.company.user.id, { intent: "new_version", versionId: v2.id, changeNote: "写しを作成" });
    // Straight into the editor of the new version.
    expect(copy.location).toBe(`${path()}?edit=1&notice=agreement-version-created`);
    expect((await latestVersionOf(m.pilot.id)).version_number).toBe(3);
  });
});

describe("the company's proposal page", () => {
  it("links to the pilot of the accepted proposal", async () => {
    const result = await run(
      proposalRoute.loader,
      getRequest(`/company/proposals/${m.proposal.id}`, { cookie: await cookieFor(memberId) }),
      {
        params: { proposalId: m.proposal.id },
      },
    );
    expect(result.status).toBe(200);
    expect(result.body.pilotId).toBe(m.pilot.id);
  });
});

describe("print view and PDF", () => {
  it("prints a version for both parties (A4, without the site's header), 404 for others and for a missing version", async () => {
    expect(printRoute.handle).toEqual({ bare: true });
    for (const userId of [m.municipality.user.id, memberId]) {
      const result = await run(
        printRoute.loader,
        getRequest(`${path()}/print?version=1`, { cookie: await cookieFor(userId) }),
        { params: params() },
      );
      expect(result.status).toBe(200);
      expect(result.body.document).toMatchObject({
        title: m.pilot.title,
        concluded: true,
        version: { number: 1, locked: true },
      });
      expect(result.body.document.signatures).toHaveLength(2);
    }
    // Without ?version: the version both parties signed.
    const signed = await run(printRoute.loader, getRequest(`${path()}/print`, { cookie: await cookieFor(memberId) }), {
      params: params(),
    });
    expect(signed.body.document.version.number).toBe(1);
    const stranger = await run(
      printRoute.loader,
      getRequest(`${path()}/print`, { cookie: await cookieFor(strangerId) }),
      { params: params() },
    );
    expect(stranger.status).toBe(404);
    const missing = await run(
      printRoute.loader,
      getRequest(`${path()}/print?version=99`, { cookie: await cookieFor(memberId) }),
      { params: params() },
    );
    expect(missing.status).toBe(404);
  });

  it("downloads a version as a PDF with a Japanese file name", async () => {
    const before = await countRows("audit_log");
    const result = await run(
      pdfRoute.loader,
      getRequest(`/pilots/${m.pilot.id}/agreement.pdf?version=2`, { cookie: await cookieFor(m.company.user.id) }),
      { params: params() },
    );
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("application/pdf");
    expect(String(result.body).startsWith("%PDF-")).toBe(true);
    const disposition = result.headers.get("Content-Disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`実証協定書_${m.pilot.title}_第2版.pdf`);
    expect(await countRows("audit_log")).toBe(before);
    const stranger = await run(
      pdfRoute.loader,
      getRequest(`/pilots/${m.pilot.id}/agreement.pdf`, { cookie: await cookieFor(strangerId) }),
      { params: params() },
    );
    expect(stranger.status).toBe(404);
  }, 60_000);
});
