import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { verifyPassword } from "~/auth/password.server";
import { isValidCorporateNumber } from "@db/reference/check-digits";
import type { OrganizationKind } from "@db/schema";
import {
  addMember,
  corporateNumberFromBase,
  createMember,
  createOrganization,
  createUser,
  DEFAULT_TEST_PASSWORD,
} from "~/seed/factories.server";

describe("factories", () => {
  it.each<OrganizationKind>(["company", "municipality", "bureau", "operator"])(
    "createMember(%s) satisfies the constraints",
    async (kind) => {
      const { user, organization, password } = await createMember(db(), { kind });
      expect(organization.kind).toBe(kind);
      expect(organization.verification_status).toBe("verified");
      expect(organization.verified_at).toBeInstanceOf(Date);
      expect(organization.corporate_number !== null).toBe(kind === "company");
      expect(organization.municipality_code !== null).toBe(kind === "municipality");
      expect(organization.bureau_id !== null).toBe(kind === "bureau");
      if (kind === "company") expect(isValidCorporateNumber(organization.corporate_number!)).toBe(true);
      if (kind === "municipality") {
        const master = await db()
          .selectFrom("municipality")
          .selectAll()
          .where("code", "=", organization.municipality_code!)
          .executeTakeFirstOrThrow();
        expect(organization.name).toBe(master.name);
        expect(master.kind).not.toBe("ward");
      }
      if (kind === "bureau") {
        const master = await db()
          .selectFrom("regional_bureau")
          .selectAll()
          .where("id", "=", organization.bureau_id!)
          .executeTakeFirstOrThrow();
        expect(organization.name).toBe(master.name);
      }
      const membership = await db()
        .selectFrom("membership")
        .selectAll()
        .where("user_id", "=", user.id)
        .executeTakeFirstOrThrow();
      expect(membership).toMatchObject({ organization_id: organization.id, role: "admin" });
      expect(password).toBe(DEFAULT_TEST_PASSWORD);
      expect(await verifyPassword(user.password_hash, password)).toBe(true);
    },
  );

  it("gives two companies distinct valid 法人番号", async () => {
    const a = await createOrganization(db(), { kind: "company" });
    const b = await createOrganization(db(), { kind: "company" });
    expect(a.corporate_number).not.toBe(b.corporate_number);
    expect(isValidCorporateNumber(a.corporate_number!)).toBe(true);
    expect(isValidCorporateNumber(b.corporate_number!)).toBe(true);
    expect(corporateNumberFromBase("123456789012")).toMatch(/^\d{13}$/);
    expect(isValidCorporateNumber(corporateNumberFromBase("123456789012"))).toBe(true);
  });

  it("uses the options it is given", async () => {
    const { user, organization } = await createMember(db(), {
      kind: "municipality",
      municipalityCode: "012157",
      role: "member",
      verificationStatus: "unverified",
      email: "Someone@Example.test",
      displayName: "美唄市 テスト",
      passwordHash: "not-a-real-hash",
    });
    expect(organization).toMatchObject({
      name: "美唄市",
      municipality_code: "012157",
      verification_status: "unverified",
      verified_at: null,
    });
    expect(user).toMatchObject({
      email: "someone@example.test",
      display_name: "美唄市 テスト",
      password_hash: "not-a-real-hash",
    });
    const membership = await db()
      .selectFrom("membership")
      .select("role")
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(membership.role).toBe("member");
    // The same municipality twice breaks the unique index.
    await expect(createOrganization(db(), { kind: "municipality", municipalityCode: "012157" })).rejects.toThrow();
  });

  it("hashes a custom password and adds more members", async () => {
    const { organization } = await createMember(db(), { kind: "company" });
    const user = await createUser(db(), { password: "another-password-1" });
    expect(user.email).toMatch(/^user-[0-9a-f]+@example\.test$/);
    expect(await verifyPassword(user.password_hash, "another-password-1")).toBe(true);
    const membership = await addMember(db(), { organizationId: organization.id, userId: user.id, role: "member" });
    expect(membership).toMatchObject({ organization_id: organization.id, user_id: user.id, role: "member" });
  });

  it("works inside a transaction", async () => {
    const created = await db()
      .transaction()
      .execute(async (trx) => createMember(trx, { kind: "bureau" }));
    const master = await db()
      .selectFrom("regional_bureau")
      .select("name")
      .where("id", "=", created.organization.bureau_id!)
      .executeTakeFirstOrThrow();
    expect(created.organization).toMatchObject({ kind: "bureau", name: master.name });
    const used = await db().selectFrom("organization").select("bureau_id").where("kind", "=", "bureau").execute();
    expect(new Set(used.map((o) => o.bureau_id)).size).toBe(used.length);
  });
});
