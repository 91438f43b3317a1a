// Company profiles: editing by the company's admin (Japanese messages, input kept, audited), members read-only,
// another company cannot touch it, the logo is checked by its bytes, the public page is a 404 unless published,
// contacts only for municipality and bureau users, the track record counts only published accepted decisions,
// and the municipality's companies page is scoped to its own pitches.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { db } from "~/lib/db.server";
import { setStorageRootForTests } from "~/lib/storage.server";
import * as profileRoute from "~/routes/company_.profile";
import * as publicRoute from "~/routes/companies.$organizationId";
import * as logoRoute from "~/routes/companies.$organizationId.logo";
import * as companiesForPitchRoute from "~/routes/municipality_.pitches.$pitchId.companies";
import { countRows } from "../support/db";
import { BASE_URL, getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

let company: CreatedMember,
  otherCompany: CreatedMember,
  municipality: CreatedMember,
  otherMunicipality: CreatedMember,
  bureau: CreatedMember;
let memberCookie: string;
let uploads: string;

const valid = {
  intent: "save",
  summary: "高齢者の外出を支える送迎サービスを運営しています。",
  industries: "mobility",
  prefectureCodes: "1",
  themes: "mobility",
  products: "オンデマンド送迎「みらい号」",
  websiteUrl: "https://mirai.example.jp",
  contactName: "営業 花子",
  contactEmail: "sales@mirai.example.jp",
  contactPhone: "011-000-0000",
  published: "on",
};

function form(fields: Record<string, string | string[]>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  return params;
}

async function save(member: { user: { id: string } }, fields: Record<string, string | string[]>) {
  return run(
    profileRoute.action,
    postRequest("/company/profile", form(fields), { cookie: await signedInCookie(member.user.id) }),
  );
}

async function uploadLogo(member: CreatedMember, bytes: Uint8Array, type = "image/png") {
  const body = new FormData();
  body.set("intent", "uploadLogo");
  body.set("logo", new File([new Uint8Array(bytes)], "logo.png", { type }));
  const request = new Request(new URL("/company/profile", BASE_URL), {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: await signedInCookie(member.user.id) },
    body,
  });
  return run(profileRoute.action, request);
}

async function viewPublic(organizationId: string, member?: { user: { id: string } }) {
  const cookie = member ? await signedInCookie(member.user.id) : null;
  return run(publicRoute.loader, getRequest(`/companies/${organizationId}`, { cookie }), {
    params: { organizationId },
  });
}

async function viewLogo(organizationId: string, member?: { user: { id: string } }) {
  const cookie = member ? await signedInCookie(member.user.id) : null;
  return run(logoRoute.loader, getRequest(`/companies/${organizationId}/logo`, { cookie }), {
    params: { organizationId },
  });
}

beforeAll(async () => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "company-uploads-"));
  setStorageRootForTests(uploads);
  company = await createMember(db(), { kind: "company" });
  const colleague = await createUser(db());
  await addMember(db(), { organizationId: company.organization.id, userId: colleague.id, role: "member" });
  memberCookie = await signedInCookie(colleague.id);
  otherCompany = await createMember(db(), { kind: "company" });
  municipality = await createMember(db(), { kind: "municipality", municipalityCode: "011002" });
  otherMunicipality = await createMember(db(), { kind: "municipality" });
  bureau = await createMember(db(), { kind: "bureau" });
});

afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(uploads, { recursive: true, force: true });
});

describe("editing the profile", () => {
  it("refuses bad input with Japanese messages beside the fields, keeps what was typed, and writes nothing", async () => {
    const result = await save(company, {
      ...valid,
      summary: "紹介文",
      websiteUrl: "javascript:alert(1)",
      contactEmail: "not-an-email",
      prefectureCodes: [],
      industries: ["mobility", "no-such-industry"],
    });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.websiteUrl).toMatch(/http:\/\/ または https:\/\//);
    expect(result.body.fieldErrors.contactEmail).toMatch(JAPANESE);
    expect(result.body.fieldErrors.prefectureCodes).toMatch(/全国対応/);
    expect(result.body.fieldErrors.industries).toMatch(JAPANESE);
    expect(result.body.values).toMatchObject({
      summary: "紹介文",
      websiteUrl: "javascript:alert(1)",
      industries: ["mobility", "no-such-industry"],
    });
    expect(await countRows("company_profile")).toBe(0);
  });

  it("refuses an unknown field", async () => {
    const result = await save(company, { ...valid, logo_storage_key: "x" });
    expect(result.status).toBe(400);
    expect(result.body.formError).toMatch(/受け付けない項目/);
  });

  it("the admin saves; the change and its audit row are written together", async () => {
    const result = await save(company, {
      ...valid,
      prefectureCodes: ["13", "1", "13"],
      themes: ["mobility", "shopping"],
    });
    expect(result).toMatchObject({ status: 302, location: "/company/profile?notice=company-profile-saved" });
    const row = await db()
      .selectFrom("company_profile")
      .selectAll()
      .where("organization_id", "=", company.organization.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      prefecture_codes: [1, 13],
      themes: ["mobility", "shopping"],
      published: true,
      website_url: "https://mirai.example.jp",
    });
    const audit = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", company.organization.id)
      .where("action", "=", "company_profile.create")
      .execute();
    expect(audit).toHaveLength(1);
    const again = await save(company, { ...valid, servesNationwide: "on", prefectureCodes: ["5"] });
    expect(again.status).toBe(302);
    const after = await db()
      .selectFrom("company_profile")
      .selectAll()
      .where("organization_id", "=", company.organization.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ serves_nationwide: true, prefecture_codes: [] });
    const update = await db()
      .selectFrom("audit_log")
      .select("changes")
      .where("action", "=", "company_profile.update")
      .executeTakeFirstOrThrow();
    expect(update.changes).toMatchObject({ serves_nationwide: { from: false, to: true } });
  });

  it("a member sees the profile read-only and may not save (403)", async () => {
    const view = await run(profileRoute.loader, getRequest("/company/profile", { cookie: memberCookie }));
    expect(view.status).toBe(200);
    expect(view.body.canEdit).toBe(false);
    expect(view.body.profile.summary).toBe(valid.summary);
    const before = await countRows("audit_log");
    const result = await run(
      profileRoute.action,
      postRequest("/company/profile", form(valid), { cookie: memberCookie }),
    );
    expect(result.status).toBe(403);
    expect(await countRows("audit_log")).toBe(before);
  });

  it("another company edits only its own profile; a municipality may not post at all (403)", async () => {
    const own = await save(otherCompany, { ...valid, summary: "別の会社です。", published: [] });
    expect(own.status).toBe(302);
    const first = await db()
      .selectFrom("company_profile")
      .select("summary")
      .where("organization_id", "=", company.organization.id)
      .executeTakeFirstOrThrow();
    expect(first.summary).toBe(valid.summary);
    // Naming the first company in the form does not reach it: the field is refused and nothing changes.
    const forged = await save(otherCompany, { ...valid, organizationId: company.organization.id, summary: "乗っ取り" });
    expect(forged.status).toBe(400);
    expect(forged.body.formError).toMatch(/受け付けない項目/);
    const unchanged = await db()
      .selectFrom("company_profile")
      .select("summary")
      .where("organization_id", "=", company.organization.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.summary).toBe(valid.summary);
    const denied = await save(municipality, valid);
    expect(denied.status).toBe(403);
    expect(
      await countRows("company_profile", (q) => q.where("organization_id", "=", municipality.organization.id)),
    ).toBe(0);
  });
});

describe("the logo", () => {
  it("refuses a file that is not PNG or JPEG by its bytes, whatever its name and type say", async () => {
    const result = await uploadLogo(company, SVG, "image/png");
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.logo).toMatch(/PNGまたはJPEG/);
    const row = await db()
      .selectFrom("company_profile")
      .select("logo_storage_key")
      .where("organization_id", "=", company.organization.id)
      .executeTakeFirstOrThrow();
    expect(row.logo_storage_key).toBeNull();
    expect(fs.readdirSync(uploads)).toHaveLength(0);
  });

  it("refuses a file over 2 MB", async () => {
    const big = new Uint8Array(2 * 1024 * 1024 + 10);
    big.set(PNG);
    const result = await uploadLogo(company, big);
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.logo).toMatch(/2MB/);
  });

  it("stores a PNG and serves it with safe headers; a member may not upload (403)", async () => {
    expect((await uploadLogo(company, PNG)).status).toBe(302);
    const logo = await viewLogo(company.organization.id);
    expect(logo.status).toBe(200);
    expect(logo.headers.get("Content-Type")).toBe("image/png");
    expect(logo.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(logo.headers.get("Content-Security-Policy")).toContain("sandbox");
    const colleague = await db()
      .selectFrom("membership")
      .select("user_id")
      .where("organization_id", "=", company.organization.id)
      .where("role", "=", "member")
      .executeTakeFirstOrThrow();
    const denied = await uploadLogo({ ...company, user: { ...company.user, id: colleague.user_id } }, PNG);
    expect(denied.status).toBe(403);
  });

  it("the logo of an unpublished profile, or of a company without one, is a 404 (but the company sees its own)", async () => {
    expect((await uploadLogo(otherCompany, PNG)).status).toBe(302);
    expect((await viewLogo(otherCompany.organization.id)).status).toBe(404);
    expect((await viewLogo(otherCompany.organization.id, municipality)).status).toBe(404);
    expect((await viewLogo(otherCompany.organization.id, otherCompany)).status).toBe(200);
    expect((await viewLogo(municipality.organization.id)).status).toBe(404);
    expect((await viewLogo("not-a-uuid")).status).toBe(404);
  });
});

describe("the public page", () => {
  it("is a 404 for an unpublished profile to everyone but the company's own members", async () => {
    for (const viewer of [undefined, municipality, company, bureau]) {
      expect((await viewPublic(otherCompany.organization.id, viewer)).status).toBe(404);
    }
    const own = await viewPublic(otherCompany.organization.id, otherCompany);
    expect(own.status).toBe(200);
    expect(own.body.isOwn).toBe(true);
    // A company without a profile, a municipality's id, and a malformed id are all "not found".
    const bare = await createMember(db(), { kind: "company" });
    expect((await viewPublic(bare.organization.id)).status).toBe(404);
    expect((await viewPublic(bare.organization.id, bare)).status).toBe(200);
    expect((await viewPublic(municipality.organization.id)).status).toBe(404);
    expect((await viewPublic("x")).status).toBe(404);
  });

  it("shows a published profile to anyone; contacts only to municipality and bureau users", async () => {
    const anonymous = await viewPublic(company.organization.id);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.organization).toMatchObject({
      name: company.organization.name,
      corporate_number: company.organization.corporate_number,
    });
    expect(anonymous.body.profile).toMatchObject({
      summary: valid.summary,
      servesNationwide: true,
      hasLogo: true,
      contact: null,
    });
    expect(JSON.stringify(anonymous.body)).not.toContain("sales@mirai.example.jp");
    const otherCo = await viewPublic(company.organization.id, otherCompany);
    expect(otherCo.body.profile.contact).toBeNull();
    expect(JSON.stringify(otherCo.body)).not.toContain("sales@mirai.example.jp");
    for (const viewer of [municipality, bureau]) {
      const page = await viewPublic(company.organization.id, viewer);
      expect(page.body.profile.contact).toEqual({
        name: "営業 花子",
        email: "sales@mirai.example.jp",
        phone: "011-000-0000",
      });
    }
  });

  it("counts in the track record only accepted decisions that were published", async () => {
    const pitches = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        createPitch(db(), { organizationId: municipality.organization.id, title: `実績テスト${i}` }),
      ),
    );
    const decide = async (i: number, outcome: "accepted" | "declined", published: boolean) => {
      const proposal = await createProposal(db(), { pitchId: pitches[i]!.id, organizationId: company.organization.id });
      await db()
        .insertInto("proposal_decision")
        .values({
          proposal_id: proposal.id,
          pitch_id: pitches[i]!.id,
          outcome,
          reason: "審査の結果です。",
          decided_at: new Date(),
          published_at: published ? new Date() : null,
        })
        .execute();
    };
    await decide(0, "accepted", true);
    await decide(1, "accepted", false);
    await decide(2, "declined", true);
    await createProposal(db(), { pitchId: pitches[3]!.id, organizationId: company.organization.id });
    const page = await viewPublic(company.organization.id);
    expect(page.body.trackRecord).toHaveLength(1);
    expect(page.body.trackRecord[0]).toMatchObject({
      pitchId: pitches[0]!.id,
      pitchTitle: "実績テスト0",
      municipalityName: "札幌市",
    });
  });
});

describe("companies that fit a pitch", () => {
  it("lists published profiles with reasons for the municipality's own pitch; another municipality gets 404", async () => {
    const pitch = await createPitch(db(), { organizationId: municipality.organization.id, themes: ["mobility"] });
    const own = await run(
      companiesForPitchRoute.loader,
      getRequest(`/municipality/pitches/${pitch.id}/companies`, { cookie: await signedInCookie(municipality.user.id) }),
      { params: { pitchId: pitch.id } },
    );
    expect(own.status).toBe(200);
    const ids = own.body.companies.map((c: { organizationId: string }) => c.organizationId);
    expect(ids).toContain(company.organization.id);
    expect(ids).not.toContain(otherCompany.organization.id); // unpublished
    const mine = own.body.companies.find(
      (c: { organizationId: string }) => c.organizationId === company.organization.id,
    );
    expect(mine.reasons).toEqual(["テーマ一致: 移動・外出支援", "対応地域: 全国", "類似実績: 1件"]);
    const other = await run(
      companiesForPitchRoute.loader,
      getRequest(`/municipality/pitches/${pitch.id}/companies`, {
        cookie: await signedInCookie(otherMunicipality.user.id),
      }),
      { params: { pitchId: pitch.id } },
    );
    expect(other.status).toBe(404);
    const asCompany = await run(
      companiesForPitchRoute.loader,
      getRequest(`/municipality/pitches/${pitch.id}/companies`, { cookie: await signedInCookie(company.user.id) }),
      { params: { pitchId: pitch.id } },
    );
    expect(asCompany.status).toBe(403);
  });
});
