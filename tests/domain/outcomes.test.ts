// Outcomes on a real database: KPIs imported once from the signed agreement, KPI edits, the report lifecycle with its
// guards, notifications and audit, concurrent reviews, the due/overdue reminders (once each) and the attainment
// definition exported for the bureau dashboard.
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, createUser } from "~/seed/factories.server";
import { createKpi, createOutcomeReport, signPilot } from "~/seed/outcome-factory.server";
import { createPilot, type Match } from "~/seed/pilot-factory.server";
import type { Pilot } from "@db/schema";
import { runPeriodicTasks } from "~/domain/jobs/jobs.worker.server";
import { kpiAttainment, summarizeAttainment } from "~/domain/outcomes/attainment.queries.server";
import {
  addKpi,
  importKpis,
  importKpisFromAgreement,
  removeKpi,
  updateKpi,
} from "~/domain/outcomes/kpis.commands.server";
import { listKpis } from "~/domain/outcomes/kpis.queries.server";
import { dueLinkPath, overdueLinkPath, sendOutcomeReminders } from "~/domain/outcomes/outcome-reminders.jobs.server";
import { createReport, reviewReport, saveReport } from "~/domain/outcomes/reports.commands.server";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { actorOf } from "../support/actors";
import { countRows } from "../support/db";

type Setup = Match & { pilot: Pilot };

async function signedPilot(changes: Parameters<typeof signPilot>[2] = {}, now = new Date()): Promise<Setup> {
  const m = await createPilot(db());
  const pilot = await signPilot(db(), m.pilot, changes, now);
  return { ...m, pilot };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const input = (
  values: Record<string, string | null> = {},
  extra: Partial<{ narrative: string; participantsTotal: number | null }> = {},
) => ({
  participantsTotal: extra.participantsTotal ?? 40,
  participantsNew: 10,
  participants75Plus: 25,
  narrative: extra.narrative ?? "体操教室を4回開催しました。",
  values: Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { value, note: "" }])),
});

describe("importing KPIs from the signed agreement", () => {
  it("does nothing before signing, creates the KPIs once with numbers read leniently, and refuses a second import", async () => {
    const m = await createPilot(db());
    expect(
      await db()
        .transaction()
        .execute((trx) => importKpisFromAgreement(trx, m.pilot.id)),
    ).toEqual({ created: 0, reason: "unsigned" });
    await db()
      .updateTable("proposal")
      .set({
        kpis: JSON.stringify([
          { indicatorCode: "continued_participation", name: "教室の継続参加率", target: "80", unit: "%" },
        ]),
      })
      .where("id", "=", m.proposal.id)
      .execute();
    const pilot = await signPilot(db(), m.pilot, {
      kpis: [
        { name: "通いの場の箇所数", unit: "", baseline: "２か所", target: "５", direction: "increase" },
        { name: "教室の継続参加率", unit: "%", baseline: "", target: "80％", direction: "increase" },
        { name: "月あたりの外出回数", unit: "回", baseline: "約1,200", target: "3年で5回", direction: "maintain" },
        { name: " ", unit: "", baseline: "", target: "", direction: "increase" },
      ],
    });
    const first = await db()
      .transaction()
      .execute((trx) => importKpisFromAgreement(trx, pilot.id));
    expect(first).toEqual({ created: 3 });
    const kpis = await listKpis(db(), pilot.id);
    expect(
      kpis.map((k) => [k.position, k.indicatorCode, k.name, k.unit, k.baseline, k.target, k.direction, k.frequency]),
    ).toEqual([
      [1, "gathering_places", "通いの場の箇所数", "か所", "2", "5", "increase", "quarterly"],
      [2, "continued_participation", "教室の継続参加率", "%", null, "80", "increase", "quarterly"],
      [3, null, "月あたりの外出回数", "回", "1200", null, "maintain", "quarterly"],
    ]);
    expect(kpis[0]!.definition).toContain("通いの場");
    expect(kpis[2]!.definition).toBe("");
    // Idempotent: a second call (a double click, the agreement helper and the button) adds nothing.
    expect(
      await db()
        .transaction()
        .execute((trx) => importKpisFromAgreement(trx, pilot.id)),
    ).toEqual({ created: 0, reason: "exists" });
    expect(await countRows("pilot_kpi", (q) => q.where("pilot_id", "=", pilot.id))).toBe(3);
    const again = await rejection(importKpis(actorOf(m.company), pilot.id));
    expect(again.publicMessage).toBe("KPIはすでに登録されています。一覧で確認・編集してください。");
  });

  it("imports through the button with an audit row; concurrent imports create the KPIs once", async () => {
    const s = await signedPilot();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => importKpis(actorOf(s.municipality), s.pilot.id)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await countRows("pilot_kpi", (q) => q.where("pilot_id", "=", s.pilot.id))).toBe(1);
    const audit = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "outcome.kpis_import")
      .where("entity_id", "=", s.pilot.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ kpis: ["通いの場の箇所数"] });
  });
});

describe("editing KPIs", () => {
  let s: Setup;
  beforeAll(async () => {
    s = await signedPilot();
  });

  it("adds with the catalog filling what was left empty, updates with the changed fields audited, and notices no change", async () => {
    const actor = actorOf(s.company);
    const base = {
      indicatorCode: "fitness_checks",
      name: "",
      definition: "",
      unit: "",
      baseline: null,
      target: "6",
      direction: "increase" as const,
      frequency: "monthly" as const,
    };
    const id = await addKpi(actor, s.pilot.id, base);
    const added = (await listKpis(db(), s.pilot.id)).find((k) => k.id === id)!;
    expect(added).toMatchObject({
      name: "体力測定会の開催数",
      unit: "回",
      target: "6",
      frequency: "monthly",
      position: 1,
    });
    expect(added.definition).toContain("体力測定会");
    expect(
      await updateKpi(actor, s.pilot.id, id, {
        ...base,
        name: "体力測定会の開催数",
        definition: added.definition,
        unit: "回",
        target: "8",
      }),
    ).toBe(true);
    expect(
      await updateKpi(actor, s.pilot.id, id, {
        ...base,
        name: "体力測定会の開催数",
        definition: added.definition,
        unit: "回",
        target: "8",
      }),
    ).toBe(false);
    const audit = await db()
      .selectFrom("audit_log")
      .select("changes")
      .where("action", "=", "outcome.kpi_update")
      .where("entity_id", "=", id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ target: { from: "6", to: "8" } });
    expect((await rejection(updateKpi(actor, s.pilot.id, "00000000-0000-4000-8000-000000000000", base))).code).toBe(
      "not_found",
    );
  });

  it("removes a KPI whose values are only in drafts, and keeps one with an approved value", async () => {
    const actor = actorOf(s.municipality);
    const kept = await createKpi(db(), s.pilot.id, { name: "社会参加率", unit: "%" });
    const gone = await createKpi(db(), s.pilot.id, { name: "広報活動の回数", unit: "回" });
    await createOutcomeReport(db(), s.pilot.id, {
      periodStart: "2026-04-01",
      periodEnd: "2026-04-30",
      status: "approved",
      values: { [kept.id]: 30 },
    });
    const draft = await createOutcomeReport(db(), s.pilot.id, {
      periodStart: "2026-05-01",
      periodEnd: "2026-05-31",
      values: { [gone.id]: 2, [kept.id]: 31 },
    });
    const refused = await rejection(removeKpi(actor, s.pilot.id, kept.id));
    expect(refused).toMatchObject({
      code: "conflict",
      publicMessage: "「社会参加率」は承認済みの成果報告に値が記録されているため、削除できません。",
    });
    await removeKpi(actor, s.pilot.id, gone.id);
    expect(await countRows("pilot_kpi", (q) => q.where("id", "=", gone.id))).toBe(0);
    expect(await countRows("outcome_value", (q) => q.where("report_id", "=", draft.id))).toBe(1);
    expect((await listKpis(db(), s.pilot.id)).find((k) => k.id === kept.id)?.locked).toBe(true);
  });

  it("refuses an operator before reading, and a stranger as if the pilot did not exist", async () => {
    const { createMember } = await import("~/seed/factories.server");
    const operator = await createMember(db(), { kind: "operator" });
    const stranger = await createMember(db(), { kind: "company" });
    const base = {
      indicatorCode: null,
      name: "独自指標",
      definition: "",
      unit: "",
      baseline: null,
      target: null,
      direction: "increase" as const,
      frequency: "monthly" as const,
    };
    expect((await rejection(addKpi(actorOf(operator), s.pilot.id, base))).code).toBe("forbidden");
    expect((await rejection(addKpi(actorOf(stranger), s.pilot.id, base))).code).toBe("not_found");
  });
});

describe("the report lifecycle", () => {
  const NOW = new Date("2026-07-10T10:00:00+09:00");
  let s: Setup;
  let kpiId: string;
  beforeAll(async () => {
    s = await signedPilot({ periodStart: "2026-04-01", periodEnd: "2027-03-31" });
    kpiId = (await createKpi(db(), s.pilot.id, { frequency: "monthly" })).id;
  });

  it("creates a draft for an offered period only, and never two overlapping reports", async () => {
    const company = actorOf(s.company);
    expect(
      (await rejection(createReport(company, s.pilot.id, { frequency: "monthly", start: "2026-08-01" }, NOW))).field,
    ).toBe("period");
    expect(
      (await rejection(createReport(company, s.pilot.id, { frequency: "monthly", start: "2026-03-01" }, NOW))).field,
    ).toBe("period");
    expect(
      (await rejection(createReport(company, s.pilot.id, { frequency: "monthly", start: "2026-04-15" }, NOW))).field,
    ).toBe("period");
    const id = await createReport(company, s.pilot.id, { frequency: "monthly", start: "2026-05-01" }, NOW);
    const row = await db().selectFrom("outcome_report").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      period_start: "2026-05-01",
      period_end: "2026-05-31",
      status: "draft",
      author_side: "company",
      created_by: s.company.user.id,
    });
    const overlap = await rejection(
      createReport(actorOf(s.municipality), s.pilot.id, { frequency: "quarterly", start: "2026-04-01" }, NOW),
    );
    expect(overlap).toMatchObject({
      code: "conflict",
      field: "period",
      publicMessage: "2026年5月の報告がすでにあり、期間が重なります。",
    });
    // Concurrent creations of one period: one report.
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        createReport(company, s.pilot.id, { frequency: "monthly", start: "2026-06-01" }, NOW),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await countRows("outcome_report", (q) => q.where("pilot_id", "=", s.pilot.id))).toBe(2);
  });

  it("keeps a report of a period not yet over as a draft (速報): submitting or approving it is refused until the period ends", async () => {
    // A pilot of its own: July is the month the other tests here report on.
    const s = await signedPilot({ periodStart: "2026-04-01", periodEnd: "2027-03-31" });
    const kpiId = (await createKpi(db(), s.pilot.id, { frequency: "monthly" })).id;
    const company = actorOf(s.company);
    const municipality = actorOf(s.municipality);
    // On 7/10 the month of July is offered (a draft may be started), but it is not over.
    const id = await createReport(company, s.pilot.id, { frequency: "monthly", start: "2026-07-01" }, NOW);
    await saveReport(company, s.pilot.id, id, input({ [kpiId]: "2" }), { submit: false, now: NOW });
    const early = await rejection(
      saveReport(company, s.pilot.id, id, input({ [kpiId]: "2" }), { submit: true, now: NOW }),
    );
    expect(early.publicMessage).toBe(
      "2026年7月はまだ終わっていません。期間が終わる2026/07/31の翌日から提出できます。それまでは下書き（速報）として保存できます。",
    );
    // Nor can a report forced into review be approved early.
    await db().updateTable("outcome_report").set({ status: "submitted" }).where("id", "=", id).execute();
    const lastDay = new Date("2026-07-31T23:59:00+09:00");
    expect(
      (await rejection(reviewReport(municipality, s.pilot.id, id, { decision: "approve", comment: "" }, lastDay))).code,
    ).toBe("bad_request");
    await db().updateTable("outcome_report").set({ status: "draft" }).where("id", "=", id).execute();
    // From 8/1 (Tokyo) it may be submitted and approved.
    const august = new Date("2026-08-01T00:00:00+09:00");
    await saveReport(company, s.pilot.id, id, input({ [kpiId]: "3" }), { submit: true, now: august });
    await reviewReport(municipality, s.pilot.id, id, { decision: "approve", comment: "" }, august);
    const row = await db().selectFrom("outcome_report").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.status).toBe("approved");
  });

  it("saves, submits (telling the reviewers), refuses the wrong side and the company's review, returns with a comment, approves once", async () => {
    const company = actorOf(s.company);
    const municipality = actorOf(s.municipality);
    const id = await createReport(company, s.pilot.id, { frequency: "monthly", start: "2026-04-01" }, NOW);
    await saveReport(company, s.pilot.id, id, input({ [kpiId]: "3" }), { submit: false, now: NOW });
    expect(
      await db().selectFrom("outcome_value").select(["kpi_id", "value"]).where("report_id", "=", id).execute(),
    ).toEqual([{ kpi_id: kpiId, value: "3" }]);
    expect((await rejection(saveReport(municipality, s.pilot.id, id, input(), { submit: false }))).code).toBe(
      "forbidden",
    );
    const personal = await rejection(
      saveReport(company, s.pilot.id, id, input({}, { narrative: "担当 090-1234-5678" }), { submit: false }),
    );
    expect(personal).toMatchObject({ code: "bad_request", field: "narrative" });
    const emptyNarrative = await rejection(
      saveReport(company, s.pilot.id, id, input({}, { narrative: " " }), { submit: true }),
    );
    expect(emptyNarrative.publicMessage).toBe("提出するには実施状況を入力してください。");

    const reviewer = await createUser(db());
    await addMember(db(), { organizationId: s.municipality.organization.id, userId: reviewer.id, role: "admin" });
    await saveReport(company, s.pilot.id, id, input({ [kpiId]: "4" }), { submit: true, now: NOW });
    const submitted = await db()
      .selectFrom("notification")
      .select(["user_id", "link_path"])
      .where("kind", "=", "outcome_report_submitted")
      .where("link_path", "like", `%${id}`)
      .execute();
    expect(submitted.map((n) => n.user_id).sort()).toEqual([s.municipality.user.id, reviewer.id].sort());
    expect(submitted[0]!.link_path).toBe(`/pilots/${s.pilot.id}/outcomes/${id}`);
    expect(
      await countRows("email_outbox", (q) =>
        q.where("to_address", "=", reviewer.email).where("subject", "like", "%成果報告が提出されました%"),
      ),
    ).toBe(1);
    expect((await rejection(saveReport(company, s.pilot.id, id, input(), { submit: false }))).publicMessage).toContain(
      "確認待ち",
    );

    expect((await rejection(reviewReport(company, s.pilot.id, id, { decision: "approve", comment: "" }))).code).toBe(
      "forbidden",
    );
    expect(
      (await rejection(reviewReport(municipality, s.pilot.id, id, { decision: "return", comment: "  " }))).field,
    ).toBe("comment");
    await reviewReport(
      municipality,
      s.pilot.id,
      id,
      { decision: "return", comment: "参加者数の内訳を確認してください。" },
      NOW,
    );
    const returned = await db()
      .selectFrom("notification")
      .select(["user_id", "body"])
      .where("kind", "=", "outcome_report_reviewed")
      .where("link_path", "like", `%${id}`)
      .execute();
    expect(returned).toEqual([
      { user_id: s.company.user.id, body: expect.stringContaining("理由: 参加者数の内訳を確認してください。") },
    ]);
    await saveReport(company, s.pilot.id, id, input({ [kpiId]: "5" }), { submit: true, now: NOW });
    await reviewReport(municipality, s.pilot.id, id, { decision: "approve", comment: "" }, NOW);
    const approved = await db().selectFrom("outcome_report").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(approved).toMatchObject({ status: "approved", reviewed_by: s.municipality.user.id, participants_total: 40 });
    expect((await rejection(saveReport(company, s.pilot.id, id, input(), { submit: false }))).publicMessage).toBe(
      "承認された報告は確定しており、変更できません。",
    );
    const again = await rejection(
      reviewReport(municipality, s.pilot.id, id, { decision: "return", comment: "やはり差し戻します" }),
    );
    expect(again.publicMessage).toMatch(/すでに.+承認しました/);
    const actions = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", id)
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "outcome.report_create",
      "outcome.report_save",
      "outcome.report_submit",
      "outcome.report_return",
      "outcome.report_submit",
      "outcome.report_approve",
    ]);
  });

  it("lets one of many concurrent reviews win and tells the others who did", async () => {
    const id = (
      await createOutcomeReport(db(), s.pilot.id, {
        periodStart: "2026-07-01",
        periodEnd: "2026-07-31",
        status: "submitted",
        submitted_at: NOW,
        values: { [kpiId]: 6 },
      })
    ).id;
    const municipality = actorOf(s.municipality);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        reviewReport(
          municipality,
          s.pilot.id,
          id,
          i % 2 ? { decision: "approve", comment: "" } : { decision: "return", comment: `理由${i}` },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("conflict");
    expect(await countRows("audit_log", (q) => q.where("entity_id", "=", id))).toBe(1);
  });
});

describe("reminders for reports due and overdue", () => {
  it("tells both parties once that a report is due, once that it is overdue, and nobody about a reported or earlier period", async () => {
    const s = await signedPilot({ periodStart: "2026-05-01", periodEnd: "2027-03-31" });
    await createKpi(db(), s.pilot.id, { frequency: "monthly" });
    const reported = await signedPilot({ periodStart: "2026-05-01" });
    const reportedKpi = await createKpi(db(), reported.pilot.id, { frequency: "monthly" });
    await createOutcomeReport(db(), reported.pilot.id, {
      periodStart: "2026-05-01",
      periodEnd: "2026-05-31",
      status: "submitted",
      values: { [reportedKpi.id]: 1 },
    });
    const late = await signedPilot({ periodStart: "2026-06-10" });
    await createKpi(db(), late.pilot.id, { frequency: "monthly" });
    const noKpis = await signedPilot({ periodStart: "2026-04-01" });
    const ours = (kind: string) =>
      db()
        .selectFrom("notification")
        .select(["user_id", "link_path", "title"])
        .where("kind", "=", kind)
        .where("link_path", "like", "/pilots/%")
        .execute();
    const forPilot = async (pilotId: string) =>
      (await ours("outcome_report_due")).filter((n) => n.link_path!.startsWith(`/pilots/${pilotId}/`));

    // May ended at 2026-06-01 00:00 in Tokyo: due from then on (April was before the pilot began).
    await sendOutcomeReminders(new Date("2026-05-31T23:59:00+09:00"));
    expect(await forPilot(s.pilot.id)).toEqual([]);
    const due = await sendOutcomeReminders(new Date("2026-06-01T00:00:00+09:00"));
    expect(due.due).toBeGreaterThanOrEqual(1);
    const first = await forPilot(s.pilot.id);
    expect(first.map((n) => n.user_id).sort()).toEqual([s.municipality.user.id, s.company.user.id].sort());
    expect(
      first.every(
        (n) =>
          n.link_path === dueLinkPath(s.pilot.id, { start: "2026-05-01" }) &&
          n.title === "成果報告の時期です: 2026年5月",
      ),
    ).toBe(true);
    await sendOutcomeReminders(new Date("2026-06-05T09:00:00+09:00"));
    expect(await forPilot(s.pilot.id)).toHaveLength(2);

    // 14 days after the end: overdue, once.
    await sendOutcomeReminders(new Date("2026-06-14T23:59:00+09:00"));
    expect(await forPilot(s.pilot.id)).toHaveLength(2);
    await runPeriodicTasks(new Date("2026-06-15T00:00:00+09:00"), { force: true });
    await sendOutcomeReminders(new Date("2026-06-20T00:00:00+09:00"));
    const all = await forPilot(s.pilot.id);
    expect(all).toHaveLength(4);
    expect(all.filter((n) => n.link_path === overdueLinkPath(s.pilot.id, { start: "2026-05-01" }))).toHaveLength(2);
    expect(all.some((n) => n.title === "成果報告が14日以上遅れています: 2026年5月")).toBe(true);
    expect(
      await countRows("email_outbox", (q) =>
        q.where("to_address", "=", s.company.user.email).where("subject", "like", "%成果報告%"),
      ),
    ).toBe(2);

    // Submitted, starting after the period, or without KPIs: nothing.
    expect(await forPilot(reported.pilot.id)).toEqual([]);
    expect(await forPilot(late.pilot.id)).toEqual([]);
    expect(await forPilot(noKpis.pilot.id)).toEqual([]);
  });
});

describe("KPI attainment (the definition the bureau dashboard imports)", () => {
  it("compares each KPI's latest approved value with its target by direction, unknown when there is nothing to compare", async () => {
    const a = await signedPilot();
    const b = await signedPilot();
    const grows = await createKpi(db(), a.pilot.id, {
      name: "通いの場の箇所数",
      baseline: "2",
      target: "5",
      direction: "increase",
    });
    const falls = await createKpi(db(), a.pilot.id, {
      name: "従前相当サービスの割合",
      unit: "%",
      baseline: "40",
      target: "30",
      direction: "decrease",
    });
    const holds = await createKpi(db(), a.pilot.id, {
      name: "在宅継続率",
      unit: "%",
      baseline: "90",
      target: null,
      direction: "maintain",
    });
    const noTarget = await createKpi(db(), a.pilot.id, {
      name: "独自指標",
      baseline: null,
      target: null,
      direction: "increase",
    });
    const unreported = await createKpi(db(), b.pilot.id, { name: "体力測定会の開催数", target: "4" });
    await createOutcomeReport(db(), a.pilot.id, {
      periodStart: "2026-04-01",
      periodEnd: "2026-04-30",
      status: "approved",
      values: { [grows.id]: 6, [falls.id]: 28 },
    });
    // The latest approved period counts, even when an earlier one was better; drafts and submitted reports do not.
    await createOutcomeReport(db(), a.pilot.id, {
      periodStart: "2026-05-01",
      periodEnd: "2026-05-31",
      status: "approved",
      values: { [grows.id]: 4, [holds.id]: 90, [noTarget.id]: 7 },
    });
    await createOutcomeReport(db(), a.pilot.id, {
      periodStart: "2026-06-01",
      periodEnd: "2026-06-30",
      status: "submitted",
      values: { [grows.id]: 9 },
    });
    await createOutcomeReport(db(), b.pilot.id, {
      periodStart: "2026-05-01",
      periodEnd: "2026-05-31",
      status: "draft",
      values: { [unreported.id]: 9 },
    });

    const rows = await kpiAttainment(db(), { pilotIds: [a.pilot.id, b.pilot.id] });
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(rows).toHaveLength(5);
    expect(byName["通いの場の箇所数"]).toMatchObject({
      met: false,
      latest: { value: "4", periodStart: "2026-05-01" },
      target: "5",
      direction: "increase",
    });
    expect(byName["従前相当サービスの割合"]).toMatchObject({
      met: true,
      latest: { value: "28", periodStart: "2026-04-01" },
    });
    expect(byName["在宅継続率"]).toMatchObject({ met: true, latest: { value: "90" } });
    expect(byName["独自指標"]).toMatchObject({ met: null, latest: { value: "7" } });
    expect(byName["体力測定会の開催数"]).toMatchObject({ met: null, latest: null, pilotId: b.pilot.id });
    expect(summarizeAttainment(rows)).toEqual({ met: 2, missed: 1, unknown: 2, total: 5 });
    expect((await kpiAttainment(db(), { pilotIds: [b.pilot.id] })).map((r) => r.kpiId)).toEqual([unreported.id]);
    expect(await kpiAttainment(db(), { pilotIds: [] })).toEqual([]);
    const everything = await kpiAttainment(db());
    expect(everything.filter((r) => r.pilotId === a.pilot.id)).toHaveLength(4);
  });
});
