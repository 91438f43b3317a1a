// The demo company profiles: the four demo companies get published profiles with catalog codes, the public page
// shows them, recommendations have something to show, and a second seed changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "~/seed/demo-data.server";
import { DEMO_COMPANY_PROFILES } from "~/seed/demo-companies.server";
import { getPublicCompanyProfile } from "~/domain/companies/company-profiles.queries.server";
import { INDUSTRY_CODES } from "~/domain/companies/industries.data";
import { THEME_CODES } from "~/domain/pitches/catalog.data";
import { recommendPitchesForCompany } from "~/domain/recommendations/recommendations.queries.server";
import { db } from "~/lib/db.server";
import { rowsAsText } from "../support/db";

beforeAll(async () => {
  await seedDemoData(db());
});

describe("demo company profiles", () => {
  it("gives each of the four demo companies a published profile with catalog codes", async () => {
    const rows = await db()
      .selectFrom("company_profile")
      .innerJoin("organization", "organization.id", "company_profile.organization_id")
      .selectAll("company_profile")
      .select("organization.name")
      .execute();
    expect(rows.map((r) => r.name).sort()).toEqual(DEMO_COMPANY_PROFILES.map((p) => p.name).sort());
    for (const row of rows) {
      expect(row.published).toBe(true);
      expect(row.summary.length).toBeGreaterThan(20);
      expect(row.industries.every((c) => (INDUSTRY_CODES as readonly string[]).includes(c))).toBe(true);
      expect(row.themes.every((c) => (THEME_CODES as readonly string[]).includes(c))).toBe(true);
      expect(row.serves_nationwide || row.prefecture_codes.length > 0).toBe(true);
      expect(row.website_url).toMatch(/^https:\/\//);
    }
  });

  it("shows on the public page and yields recommendations for the demo pitches", async () => {
    const org = await db()
      .selectFrom("organization")
      .select("id")
      .where("name", "=", "みらい移動サービス株式会社")
      .executeTakeFirstOrThrow();
    const page = await getPublicCompanyProfile(null, org.id);
    expect(page.profile).toMatchObject({ servesNationwide: true, contact: null });
    const { profileReady, items } = await recommendPitchesForCompany(db(), org.id, 20);
    expect(profileReady).toBe(true);
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]!.reasons.some((r) => r.startsWith("テーマ一致: "))).toBe(true);
  });

  it("a second seed changes nothing", async () => {
    const before = await rowsAsText("company_profile");
    await seedDemoData(db());
    expect(await rowsAsText("company_profile")).toEqual(before);
  });
});
