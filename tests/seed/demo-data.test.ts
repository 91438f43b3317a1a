import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { verifyPassword } from "~/auth/password.server";
import { isValidCorporateNumber } from "@db/reference/check-digits";
import { EXTRA_DEMO_MUNICIPALITIES } from "~/seed/demo-pitches.server";
import {
  DEMO_PASSWORD,
  formatDemoAccounts,
  seedDemoData,
  shouldSeedDemoData,
  type DemoSeedResult,
} from "~/seed/demo-data.server";

async function count(table: "app_user" | "organization" | "membership" | "audit_log"): Promise<number> {
  const row = await db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function organizationNamed(name: string) {
  return db().selectFrom("organization").selectAll().where("name", "=", name).executeTakeFirstOrThrow();
}

async function membershipOf(email: string) {
  return db()
    .selectFrom("app_user as u")
    .innerJoin("membership as m", "m.user_id", "u.id")
    .innerJoin("organization as o", "o.id", "m.organization_id")
    .select([
      "u.id as userId",
      "u.password_hash",
      "m.role",
      "o.id as organizationId",
      "o.name",
      "o.kind",
      "o.verification_status",
    ])
    .where("u.email", "=", email)
    .executeTakeFirstOrThrow();
}

describe("seedDemoData", () => {
  let result: DemoSeedResult;

  beforeAll(async () => {
    expect(await count("app_user")).toBe(0);
    result = await seedDemoData(db());
  });

  it("creates the accounts and reports them", () => {
    expect(result.created).toBe(true);
    expect(result.password).toBe(DEMO_PASSWORD);
    const emails = result.accounts.map((a) => a.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails).toEqual(
      expect.arrayContaining([
        "operator@demo.example.jp",
        "bibai-admin@demo.example.jp",
        "bibai-member@demo.example.jp",
        "esashi-admin@demo.example.jp",
        "samani-admin@demo.example.jp",
        "kasumigaura-admin@demo.example.jp",
        "ikeda-admin@demo.example.jp",
        "higashiyamato-admin@demo.example.jp",
        "hokkaido-meti-admin@demo.example.jp",
        "kanto-meti-admin@demo.example.jp",
        "hokkaido-mhlw-admin@demo.example.jp",
      ]),
    );
  });

  it("matches every reported account with a user, its membership and its organisation", async () => {
    expect(await count("app_user")).toBe(result.accounts.length);
    expect(await count("membership")).toBe(result.accounts.length);
    for (const account of result.accounts) {
      const row = await membershipOf(account.email);
      expect(row).toMatchObject({
        role: account.role,
        name: account.organization,
        kind: account.kind,
        verification_status: account.verificationStatus,
      });
    }
  });

  it("creates the operator", async () => {
    const operator = await organizationNamed("ガバメントピッチ運営事務局");
    expect(operator).toMatchObject({
      kind: "operator",
      verification_status: "verified",
      municipality_code: null,
      corporate_number: null,
      bureau_id: null,
    });
    expect(await membershipOf("operator@demo.example.jp")).toMatchObject({
      organizationId: operator.id,
      role: "admin",
    });
  });

  it("links the six municipalities to their master codes; only 池田市 is unverified", async () => {
    const expected = [
      ["美唄市", "012157", "bibai", "verified"],
      ["江差町", "013617", "esashi", "verified"],
      ["様似町", "016080", "samani", "verified"],
      ["かすみがうら市", "082309", "kasumigaura", "verified"],
      ["池田市", "272043", "ikeda", "unverified"],
      ["東大和市", "132209", "higashiyamato", "verified"],
    ] as const;
    for (const [name, code, romaji, status] of expected) {
      const organization = await organizationNamed(name);
      expect(organization).toMatchObject({
        kind: "municipality",
        municipality_code: code,
        verification_status: status,
        corporate_number: null,
        bureau_id: null,
      });
      expect(organization.verified_at === null).toBe(status !== "verified");
      expect(await membershipOf(`${romaji}-admin@demo.example.jp`)).toMatchObject({
        organizationId: organization.id,
        role: "admin",
      });
    }
    expect(await membershipOf("bibai-member@demo.example.jp")).toMatchObject({ name: "美唄市", role: "member" });
    const municipalities = await db()
      .selectFrom("organization")
      .select("id")
      .where("kind", "=", "municipality")
      .execute();
    // Plus the municipalities that only have demo pitches (no accounts): see app/seed/demo-pitches.server.ts.
    expect(municipalities).toHaveLength(6 + EXTRA_DEMO_MUNICIPALITIES.length);
  });

  it("creates at least three verified companies with valid, distinct 法人番号 and an admin each, one with a member", async () => {
    const companies = await db().selectFrom("organization").selectAll().where("kind", "=", "company").execute();
    expect(companies.length).toBeGreaterThanOrEqual(3);
    expect(new Set(companies.map((c) => c.corporate_number)).size).toBe(companies.length);
    for (const company of companies) {
      expect(isValidCorporateNumber(company.corporate_number!)).toBe(true);
      expect(company).toMatchObject({ verification_status: "verified", municipality_code: null, bureau_id: null });
      const roles = result.accounts.filter((a) => a.organization === company.name).map((a) => a.role);
      expect(roles).toContain("admin");
    }
    expect(result.accounts.some((a) => a.kind === "company" && a.role === "member")).toBe(true);
    expect(companies.map((c) => c.name)).toContain("株式会社ほっかいどうヘルスケアラボ");
  });

  it("creates the three bureaus linked to the reference bureaus", async () => {
    const expected = [
      ["北海道経済産業局", "meti-hokkaido", "hokkaido-meti-admin"],
      ["関東経済産業局", "meti-kanto", "kanto-meti-admin"],
      ["北海道厚生局", "mhlw-hokkaido", "hokkaido-mhlw-admin"],
    ] as const;
    for (const [name, bureauId, local] of expected) {
      const organization = await organizationNamed(name);
      expect(organization).toMatchObject({
        kind: "bureau",
        bureau_id: bureauId,
        verification_status: "verified",
        municipality_code: null,
        corporate_number: null,
      });
      expect(await membershipOf(`${local}@demo.example.jp`)).toMatchObject({
        organizationId: organization.id,
        role: "admin",
      });
    }
    expect(await db().selectFrom("organization").select("id").where("kind", "=", "bureau").execute()).toHaveLength(3);
  });

  it("gives every user the demo password", async () => {
    const users = await db().selectFrom("app_user").select(["email", "password_hash", "display_name"]).execute();
    const { password_hash } = await membershipOf("bibai-admin@demo.example.jp");
    expect(await verifyPassword(password_hash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(password_hash, "wrong-password")).toBe(false);
    // Hashed once and shared: every user carries the same verified hash.
    expect(new Set(users.map((u) => u.password_hash))).toEqual(new Set([password_hash]));
    expect(users.every((u) => /[^\x00-\x7f]/.test(u.display_name))).toBe(true);
  });

  it("records one demo.seed audit row per organisation", async () => {
    const organizations = await db().selectFrom("organization").select(["id", "name"]).execute();
    const audits = await db().selectFrom("audit_log").selectAll().where("action", "=", "demo.seed").execute();
    expect(audits).toHaveLength(organizations.length);
    for (const organization of organizations) {
      const audit = audits.find((a) => a.organization_id === organization.id);
      expect(audit).toMatchObject({ entity_type: "organization", entity_id: organization.id });
      expect(audit!.changes).toMatchObject({ name: organization.name });
    }
  });

  it("formats the accounts for the console", () => {
    const text = formatDemoAccounts(result);
    expect(text).toContain(DEMO_PASSWORD);
    for (const account of result.accounts) {
      expect(text).toContain(account.email);
      expect(text).toContain(account.organization);
    }
    expect(text).toMatch(/ikeda-admin@demo\.example\.jp.*未確認/);
    expect(formatDemoAccounts({ created: false, password: DEMO_PASSWORD, accounts: [] })).not.toContain(DEMO_PASSWORD);
  });

  it("does nothing on a second run", async () => {
    const before = {
      users: await count("app_user"),
      organizations: await count("organization"),
      memberships: await count("membership"),
      audits: await count("audit_log"),
    };
    const again = await seedDemoData(db());
    expect(again.created).toBe(false);
    expect(again.accounts).toEqual([]);
    expect({
      users: await count("app_user"),
      organizations: await count("organization"),
      memberships: await count("membership"),
      audits: await count("audit_log"),
    }).toEqual(before);
  });
});

describe("shouldSeedDemoData", () => {
  it.each([
    ["development", false, true],
    ["development", true, true],
    ["test", false, true],
    ["test", true, true],
    ["production", false, false],
    ["production", true, true],
  ])("NODE_ENV=%s DEMO_DATA=%s → %s", (NODE_ENV, DEMO_DATA, expected) => {
    expect(shouldSeedDemoData({ NODE_ENV, DEMO_DATA })).toBe(expected);
  });
});
