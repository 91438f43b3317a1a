// The funding page of a pilot through its loader and action: the municipality's admin allocates from a budget, adds
// milestones, approves and records a transfer; bad input gets Japanese messages beside the field with the input kept and
// nothing written; the company reads the same figures but cannot act; strangers get 404; the ledger CSV opens in Excel.
import { beforeAll, describe, expect, it } from "vitest";
import { createMember } from "~/seed/factories.server";
import { createPilot, type Match } from "~/seed/pilot-factory.server";
import type { Pilot } from "@db/schema";
import { db } from "~/lib/db.server";
import * as fundingRoute from "~/routes/pilots.$pilotId.funding";
import * as ledgerCsvRoute from "~/routes/pilots_.$pilotId.ledger[.csv]";
import * as budgetLedgerRoute from "~/routes/municipality_.budgets_.$budgetId";
import * as budgetLedgerCsvRoute from "~/routes/municipality_.budgets_.$budgetId.ledger[.csv]";
import { rowCounts } from "../support/db";
import { getRequest, postRequest, run, signedInCookie } from "../support/http";

let m: Match & { pilot: Pilot };
let budgetId: string;
let path: string;
const cookies = new Map<string, string>();
async function cookieFor(userId: string) {
  if (!cookies.has(userId)) cookies.set(userId, await signedInCookie(userId));
  return cookies.get(userId)!;
}

beforeAll(async () => {
  m = await createPilot(db());
  path = `/pilots/${m.pilot.id}/funding`;
  budgetId = (
    await db()
      .insertInto("budget")
      .values({ organization_id: m.municipality.organization.id, fiscal_year: 2026, amount_yen: 8_000_000 })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});

async function post(userId: string, fields: Record<string, string>) {
  return run(fundingRoute.action, postRequest(path, fields, { cookie: await cookieFor(userId) }), {
    params: { pilotId: m.pilot.id },
  });
}
async function view(userId: string) {
  return run(fundingRoute.loader, getRequest(path, { cookie: await cookieFor(userId) }), {
    params: { pilotId: m.pilot.id },
  });
}

describe("pilot funding page", () => {
  it("refuses an allocation beyond the budget beside the field, keeps the input and writes nothing", async () => {
    await cookieFor(m.municipality.user.id);
    const before = await rowCounts();
    const result = await post(m.municipality.user.id, {
      intent: "allocate",
      budgetId,
      amountYen: "９，０００，０００",
      note: "当初配分",
    });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.amountYen).toBe("令和8年度の予算の残額（8,000,000円）を超えるため配分できません。");
    expect(result.body.values).toMatchObject({ amountYen: "９，０００，０００", note: "当初配分" });
    const bad = await post(m.municipality.user.id, { intent: "allocate", budgetId, amountYen: "三百万", note: "" });
    expect(bad.body.fieldErrors.amountYen).toBe(
      "配分額は円単位の整数（半角・全角の数字、カンマ可）で入力してください。",
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("takes the journey: allocate, two milestones, approve under a signed agreement, record the transfer", async () => {
    const admin = m.municipality.user.id;
    expect((await post(admin, { intent: "allocate", budgetId, amountYen: "5,000,000", note: "" })).location).toBe(
      `${path}?notice=allocation-created`,
    );
    const allocationId = (
      await db().selectFrom("allocation").select("id").where("pilot_id", "=", m.pilot.id).executeTakeFirstOrThrow()
    ).id;
    const missing = await post(admin, {
      intent: "createMilestone",
      allocationId,
      title: "",
      dueDate: "2027-02-30",
      amountYen: "",
    });
    expect(missing.status).toBe(400);
    expect(missing.body.fieldErrors).toEqual({
      title: "名称を入力してください。",
      dueDate: "存在しない日付です。",
      amountYen: "金額を入力してください。",
    });
    for (const [title, amount] of [
      ["第1回 準備完了時", "2,000,000"],
      ["第2回 実証終了時", "3,000,000"],
    ] as const) {
      const created = await post(admin, {
        intent: "createMilestone",
        allocationId,
        title,
        dueDate: "2027-01-31",
        amountYen: amount,
        requiresReport: "",
      });
      expect(created.status).toBe(302);
    }
    const [first] = await db()
      .selectFrom("milestone")
      .select("id")
      .where("pilot_id", "=", m.pilot.id)
      .orderBy("original_amount_yen")
      .execute();
    const unsigned = await post(admin, { intent: "approveMilestone", milestoneId: first!.id, method: "bank_transfer" });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.formError).toBe("協定書が双方の署名で締結されるまで、支払を承認できません。");
    const version = await db()
      .selectFrom("pilot_agreement_version")
      .select("id")
      .where("pilot_id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    await db()
      .updateTable("pilot_agreement_version")
      .set({ locked_at: new Date() })
      .where("id", "=", version.id)
      .execute();
    await db()
      .updateTable("pilot")
      .set({ signed_version_id: version.id, status: "running" })
      .where("id", "=", m.pilot.id)
      .execute();
    expect(
      (await post(admin, { intent: "approveMilestone", milestoneId: first!.id, method: "bank_transfer" })).status,
    ).toBe(302);
    const noReference = await post(admin, { intent: "recordTransfer", milestoneId: first!.id, reference: " " });
    expect(noReference.body.fieldErrors.reference).toBe("振込の照会番号（振込番号や伝票番号）を入力してください。");
    expect(noReference.body.values.milestoneId).toBe(first!.id);
    expect(
      (await post(admin, { intent: "recordTransfer", milestoneId: first!.id, reference: "振込20270131-01" })).location,
    ).toBe(`${path}?notice=payment-recorded`);

    const page = await view(m.company.user.id);
    expect(page.status).toBe(200);
    expect(page.body.canManage).toBe(false);
    expect(page.body.totals).toEqual({
      allocatedYen: 5_000_000,
      scheduledYen: 5_000_000,
      disbursedYen: 2_000_000,
      reportedSpendYen: 0,
      remainingYen: 3_000_000,
    });
    expect(page.body.milestones.map((x: { title: string; status: string }) => [x.title, x.status])).toEqual([
      ["第1回 準備完了時", "paid"],
      ["第2回 実証終了時", "scheduled"],
    ]);
    expect(page.body.entries.map((e: { kind: string; amountYen: number }) => [e.kind, e.amountYen])).toEqual([
      ["disbursement", 2_000_000],
      ["allocation", 5_000_000],
    ]);

    const csv = (await ledgerCsvRoute.loader({
      request: getRequest(`/pilots/${m.pilot.id}/ledger.csv`, { cookie: await cookieFor(m.company.user.id) }),
      params: { pilotId: m.pilot.id },
      context: {},
    })) as Response;
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFF実証,")).toBe(true);
    expect(text).toContain("支払済み（円）,2000000\r\n");
    expect(text).toContain(",第1回 準備完了時,支払,2000000,銀行振込 振込20270131-01,");
  });

  it("shows the budget's ledger per pilot and as CSV to the municipality only", async () => {
    const page = await run(
      budgetLedgerRoute.loader,
      getRequest(`/municipality/budgets/${budgetId}`, { cookie: await cookieFor(m.municipality.user.id) }),
      {
        params: { budgetId },
      },
    );
    expect(page.status).toBe(200);
    expect(page.body.budget).toMatchObject({
      fiscalYear: 2026,
      amountYen: 8_000_000,
      allocatedYen: 5_000_000,
      unallocatedYen: 3_000_000,
      disbursedYen: 2_000_000,
    });
    expect(page.body.pilots).toEqual([
      expect.objectContaining({
        pilotId: m.pilot.id,
        allocatedYen: 5_000_000,
        scheduledYen: 5_000_000,
        disbursedYen: 2_000_000,
        remainingYen: 3_000_000,
      }),
    ]);
    const csv = (await budgetLedgerCsvRoute.loader({
      request: getRequest(`/municipality/budgets/${budgetId}/ledger.csv`, {
        cookie: await cookieFor(m.municipality.user.id),
      }),
      params: { budgetId },
      context: {},
    })) as Response;
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(await csv.arrayBuffer()));
    expect(text.startsWith("\uFEFF年度,令和8年度\r\n予算額（円）,8000000\r\n")).toBe(true);
    expect(text).toContain(`${m.pilot.title},${m.company.organization.name},5000000,5000000,2000000,0,3000000\r\n`);
    const stranger = await createMember(db(), { kind: "municipality" });
    const other = await run(
      budgetLedgerRoute.loader,
      getRequest(`/municipality/budgets/${budgetId}`, { cookie: await cookieFor(stranger.user.id) }),
      { params: { budgetId } },
    );
    expect(other.status).toBe(404);
  });

  it("answers 20 concurrent approvals and 20 concurrent payments of one milestone with one success each and no 5xx", async () => {
    const admin = m.municipality.user.id;
    const allocationId = (
      await db().selectFrom("allocation").select("id").where("pilot_id", "=", m.pilot.id).executeTakeFirstOrThrow()
    ).id;
    const second = await db()
      .selectFrom("milestone")
      .select("id")
      .where("allocation_id", "=", allocationId)
      .where("status", "=", "scheduled")
      .executeTakeFirstOrThrow();
    const approvals = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(admin, { intent: "approveMilestone", milestoneId: second.id, method: "bank_transfer" }),
      ),
    );
    expect(approvals.filter((r) => r.status === 302)).toHaveLength(1);
    expect(approvals.filter((r) => r.status === 400).map((r) => r.body.formError)).toEqual(
      Array(19).fill("この支払予定はすでに承認または処理されています。"),
    );
    const payments = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(admin, { intent: "recordTransfer", milestoneId: second.id, reference: `同時-${i}` }),
      ),
    );
    expect(payments.filter((r) => r.status === 302)).toHaveLength(1);
    expect(payments.filter((r) => r.status === 400)).toHaveLength(19);
    const allocation = await db()
      .selectFrom("allocation")
      .selectAll()
      .where("id", "=", allocationId)
      .executeTakeFirstOrThrow();
    expect([Number(allocation.disbursed_yen), Number(allocation.scheduled_yen)]).toEqual([5_000_000, 5_000_000]);
    expect(
      await db().selectFrom("ledger_entry").select("kind").where("milestone_id", "=", second.id).execute(),
    ).toEqual([{ kind: "disbursement" }]);
  });

  it("lets the company read but not act, and is not found for another organisation", async () => {
    const refused = await post(m.company.user.id, { intent: "allocate", budgetId, amountYen: "1", note: "" });
    expect(refused.status).toBe(403);
    const stranger = await createMember(db(), { kind: "municipality" });
    expect((await view(stranger.user.id)).status).toBe(404);
    expect((await post(stranger.user.id, { intent: "allocate", budgetId, amountYen: "1", note: "" })).status).toBe(404);
  });
});
