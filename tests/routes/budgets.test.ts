// Budgets per fiscal year: the verified admin of a municipality creates and changes them (Japanese messages beside
// the field, input kept, audited), one per year, never below what is already allocated; members read only; another
// municipality neither sees nor changes them (its budget id is a 404); other kinds are refused; anonymous -> login.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { db } from "~/lib/db.server";
import * as budgetsRoute from "~/routes/municipality_.budgets";
import { rowCounts } from "../support/db";
import { getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const PATH = "/municipality/budgets";

let sapporo: CreatedMember, other: CreatedMember, company: CreatedMember, bureau: CreatedMember;
let memberId: string;

beforeAll(async () => {
  sapporo = await createMember(db(), { kind: "municipality", municipalityCode: "011002" });
  const colleague = await createUser(db());
  await addMember(db(), { organizationId: sapporo.organization.id, userId: colleague.id, role: "member" });
  memberId = colleague.id;
  other = await createMember(db(), { kind: "municipality" });
  company = await createMember(db(), { kind: "company" });
  bureau = await createMember(db(), { kind: "bureau" });
});

afterAll(async () => {
  await db().deleteFrom("budget").execute();
});

// One session per user, made once: signing in writes a session row, which would spoil "nothing was written".
const cookies = new Map<string, string>();
async function cookieFor(userId: string | null) {
  if (!userId) return null;
  if (!cookies.has(userId)) cookies.set(userId, await signedInCookie(userId));
  return cookies.get(userId)!;
}

async function view(userId: string | null, query = "") {
  const cookie = await cookieFor(userId);
  return run(budgetsRoute.loader, getRequest(`${PATH}${query}`, { cookie }));
}

async function post(userId: string | null, fields: Record<string, string>) {
  const cookie = await cookieFor(userId);
  return run(budgetsRoute.action, postRequest(PATH, fields, { cookie }));
}

async function budgetOf(organizationId: string, fiscalYear: number) {
  return db()
    .selectFrom("budget")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("fiscal_year", "=", fiscalYear)
    .executeTakeFirst();
}

describe("budgets page", () => {
  it("shows an empty state, the current fiscal year and 札幌市's standard amount (10 wards)", async () => {
    const result = await view(sapporo.user.id);
    expect(result.status).toBe(200);
    expect(result.body.budgets).toEqual([]);
    expect(result.body.canManage).toBe(true);
    expect(result.body.currentFiscalYear).toBe(fiscalYearOf(new Date()));
    expect(result.body.standard).toEqual({
      basis: "designated_city",
      amount: { basis: "designated_city", units: 10, amountYen: 40_000_000, formula: "4,000千円 × 区の数 10" },
    });
  });

  it("lets the admin create a budget from 全角 digits with commas, audited with its fields", async () => {
    const result = await post(sapporo.user.id, {
      intent: "create",
      fiscalYear: "2026",
      amountYen: "１２，０００，０００",
      note: " 当初予算 ",
    });
    expect(result.status).toBe(302);
    expect(result.location).toContain(PATH);
    const row = await budgetOf(sapporo.organization.id, 2026);
    expect(row).toMatchObject({
      amount_yen: "12000000",
      allocated_yen: "0",
      note: "当初予算",
      created_by: sapporo.user.id,
      updated_by: sapporo.user.id,
    });
    const audit = await db().selectFrom("audit_log").selectAll().where("entity_id", "=", row!.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "budget.create",
      organization_id: sapporo.organization.id,
      actor_user_id: sapporo.user.id,
    });
    expect(audit[0]!.changes).toEqual({
      fiscal_year: { from: null, to: 2026 },
      amount_yen: { from: null, to: 12_000_000 },
      note: { from: null, to: "当初予算" },
    });
  });

  it("lists budgets newest year first with allocated and remaining amounts; members read them", async () => {
    await post(sapporo.user.id, { intent: "create", fiscalYear: "2025", amountYen: "8000000", note: "" });
    const result = await view(memberId);
    expect(result.status).toBe(200);
    expect(result.body.canManage).toBe(false);
    expect(result.body.budgets.map((b: { fiscalYear: number }) => b.fiscalYear)).toEqual([2026, 2025]);
    expect(result.body.budgets[0]).toMatchObject({
      amountYen: 12_000_000,
      allocatedYen: 0,
      remainingYen: 12_000_000,
      note: "当初予算",
    });
    expect(result.body.budgets[0].updatedByName).toBe(sapporo.user.display_name);
  });

  it("refuses a second budget for the same year beside the fiscal year field, keeping the input", async () => {
    const before = await rowCounts();
    const result = await post(sapporo.user.id, {
      intent: "create",
      fiscalYear: "2026",
      amountYen: "5,000,000",
      note: "補正",
    });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.fiscalYear).toMatch(JAPANESE);
    expect(result.body.fieldErrors.fiscalYear).toContain("すでに登録");
    expect(result.body.values).toMatchObject({ fiscalYear: "2026", amountYen: "5,000,000", note: "補正" });
    expect(await rowCounts()).toEqual(before);
  });

  it("changes the amount and note, audited with only the changed fields", async () => {
    const row = (await budgetOf(sapporo.organization.id, 2026))!;
    const result = await post(sapporo.user.id, {
      intent: "update",
      budgetId: row.id,
      amountYen: "15,000,000",
      note: "当初予算",
    });
    expect(result.status).toBe(302);
    expect((await budgetOf(sapporo.organization.id, 2026))!.amount_yen).toBe("15000000");
    const audit = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", row.id)
      .where("action", "=", "budget.update")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toEqual({ fiscal_year: 2026, amount_yen: { from: 12_000_000, to: 15_000_000 } });
  });

  it("refuses an amount below the allocated total, beside the amount field, and writes nothing", async () => {
    const row = (await budgetOf(sapporo.organization.id, 2026))!;
    await db().updateTable("budget").set({ allocated_yen: 10_000_000 }).where("id", "=", row.id).execute();
    const before = await rowCounts();
    const result = await post(sapporo.user.id, {
      intent: "update",
      budgetId: row.id,
      amountYen: "9,999,999",
      note: "減額",
    });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.amountYen).toContain("配分済み");
    expect(result.body.fieldErrors.amountYen).toContain("10,000,000円");
    expect(result.body.values).toMatchObject({ budgetId: row.id, amountYen: "9,999,999", note: "減額" });
    expect(await rowCounts()).toEqual(before);
    expect((await budgetOf(sapporo.organization.id, 2026))!.amount_yen).toBe("15000000");
    // Exactly the allocated total is allowed.
    expect(
      (await post(sapporo.user.id, { intent: "update", budgetId: row.id, amountYen: "10000000", note: "減額" })).status,
    ).toBe(302);
    const listed = (await view(sapporo.user.id)).body.budgets[0];
    expect(listed).toMatchObject({ amountYen: 10_000_000, allocatedYen: 10_000_000, remainingYen: 0, note: "減額" });
  });

  it("answers bad input in Japanese beside each field, with the values kept", async () => {
    const before = await rowCounts();
    const cases: [Record<string, string>, string][] = [
      [{ intent: "create", fiscalYear: "2027", amountYen: "", note: "" }, "amountYen"],
      [{ intent: "create", fiscalYear: "2027", amountYen: "12.5", note: "" }, "amountYen"],
      [{ intent: "create", fiscalYear: "2027", amountYen: "-100", note: "" }, "amountYen"],
      [{ intent: "create", fiscalYear: "2027", amountYen: "百万円", note: "" }, "amountYen"],
      [{ intent: "create", fiscalYear: "2018", amountYen: "100", note: "" }, "fiscalYear"],
      [{ intent: "create", fiscalYear: "abcd", amountYen: "100", note: "" }, "fiscalYear"],
      [{ intent: "create", fiscalYear: "2027", amountYen: "100", note: "あ".repeat(1001) }, "note"],
    ];
    for (const [fields, field] of cases) {
      const result = await post(sapporo.user.id, fields);
      expect(result.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
      expect(result.body.fieldErrors[field]).toMatch(JAPANESE);
      expect(result.body.values.amountYen).toBe(fields.amountYen);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses extra fields such as allocatedYen or organizationId, writing nothing", async () => {
    const before = await rowCounts();
    const row = (await budgetOf(sapporo.organization.id, 2026))!;
    const attempts: Record<string, string>[] = [
      { intent: "create", fiscalYear: "2028", amountYen: "100", note: "", allocatedYen: "0" },
      { intent: "create", fiscalYear: "2028", amountYen: "100", note: "", organizationId: other.organization.id },
      { intent: "update", budgetId: row.id, amountYen: "20000000", note: "", allocatedYen: "0" },
    ];
    for (const fields of attempts) {
      const result = await post(sapporo.user.id, fields);
      expect(result.status).toBe(400);
      expect(result.body.formError).toMatch(JAPANESE);
    }
    expect(await rowCounts()).toEqual(before);
    expect(await budgetOf(other.organization.id, 2028)).toBeUndefined();
  });

  it("keeps members read-only (403 on POST)", async () => {
    const before = await rowCounts();
    const row = (await budgetOf(sapporo.organization.id, 2026))!;
    expect((await post(memberId, { intent: "create", fiscalYear: "2029", amountYen: "100", note: "" })).status).toBe(
      403,
    );
    expect((await post(memberId, { intent: "update", budgetId: row.id, amountYen: "99999999", note: "" })).status).toBe(
      403,
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("hides budgets from another municipality, whose admin gets 404 for their id like a missing one", async () => {
    const listed = await view(other.user.id);
    expect(listed.status).toBe(200);
    expect(listed.body.budgets).toEqual([]);
    const row = (await budgetOf(sapporo.organization.id, 2026))!;
    const before = await rowCounts();
    const swapped = await post(other.user.id, {
      intent: "update",
      budgetId: row.id,
      amountYen: "99999999",
      note: "乗っ取り",
    });
    expect(swapped.status).toBe(404);
    const missing = await post(other.user.id, {
      intent: "update",
      budgetId: "00000000-0000-4000-8000-000000000000",
      amountYen: "1",
      note: "",
    });
    expect(missing.status).toBe(404);
    expect(swapped.body).toBe(missing.body);
    expect(await rowCounts()).toEqual(before);
    expect((await budgetOf(sapporo.organization.id, 2026))!.amount_yen).toBe("10000000");
    // Its own budget for the same year is allowed: one budget per organisation and year.
    expect(
      (await post(other.user.id, { intent: "create", fiscalYear: "2026", amountYen: "4000000", note: "" })).status,
    ).toBe(302);
    expect((await view(sapporo.user.id)).body.budgets.map((b: { fiscalYear: number }) => b.fiscalYear)).toEqual([
      2026, 2025,
    ]);
  });

  it("refuses companies and bureaus (403) and sends anonymous users to the login page", async () => {
    for (const member of [company, bureau]) {
      expect((await view(member.user.id)).status).toBe(403);
      expect(
        (await post(member.user.id, { intent: "create", fiscalYear: "2030", amountYen: "1", note: "" })).status,
      ).toBe(403);
    }
    const anonymous = await view(null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toContain("/login");
    const anonymousPost = await post(null, { intent: "create", fiscalYear: "2030", amountYen: "1", note: "" });
    expect(anonymousPost.status).toBe(302);
    expect(anonymousPost.location).toContain("/login");
  });

  it("refuses an unverified municipality admin's change (403) but lets them read", async () => {
    const unverified = await createMember(db(), { kind: "municipality", verificationStatus: "unverified" });
    expect((await view(unverified.user.id)).status).toBe(200);
    expect(
      (await post(unverified.user.id, { intent: "create", fiscalYear: "2026", amountYen: "1", note: "" })).status,
    ).toBe(403);
    expect(await budgetOf(unverified.organization.id, 2026)).toBeUndefined();
  });
});
