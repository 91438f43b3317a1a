// The agreement editor's schema (pure): flat form names to the content, Japanese messages keyed by the input's name,
// 全角 digits and commas in yen, real dates with end >= start, the milestone sum within the funding amount, lengths,
// empty rows dropped, unknown fields refused; the signing rules.
import { describe, expect, it } from "vitest";
import { AGREEMENT_TEXT_MAX } from "~/domain/pilots/agreement-content.schema";
import { signingProblems } from "~/domain/pilots/agreement.rules";
import {
  AgreementEditSchema,
  agreementFormValues,
  parseDate,
  parseYen,
  rowCount,
  unflattenForm,
} from "~/domain/pilots/agreement.schema";

const base = {
  intent: "save",
  versionId: "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
  expectedUpdatedAt: "2026-01-01T00:00:00.000Z",
};

function errorsOf(fields: Record<string, string>) {
  const parsed = AgreementEditSchema.safeParse({ ...base, ...fields });
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("parsing helpers", () => {
  it("reads yen with 全角 digits, commas and 円; refuses decimals and negatives", () => {
    expect(parseYen("４，０００，０００円")).toEqual({ ok: true, value: 4_000_000 });
    expect(parseYen(" 1,500 ")).toEqual({ ok: true, value: 1500 });
    expect(parseYen("")).toEqual({ ok: true, value: null });
    expect(parseYen("1.5")).toEqual({ ok: false });
    expect(parseYen("-100")).toEqual({ ok: false });
  });

  it("reads dates in ISO, slash and 全角 forms; refuses dates that do not exist", () => {
    expect(parseDate("2026-04-01")).toEqual({ ok: true, value: "2026-04-01" });
    expect(parseDate("２０２６/4/1")).toEqual({ ok: true, value: "2026-04-01" });
    expect(parseDate("2026-02-30")).toEqual({ ok: false });
    expect(parseDate("来年")).toEqual({ ok: false });
  });

  it("unflattens names into groups and rows, filling holes with empty rows", () => {
    expect(unflattenForm({ scope: "s", "roles.company": "c", "kpis.1.name": "n" })).toEqual({
      scope: "s",
      roles: { company: "c" },
      kpis: [{}, { name: "n" }],
    });
    // A clash of shapes stays flat, for the strict schema to refuse.
    expect(unflattenForm({ roles: "x", "roles.company": "c" })).toEqual({ roles: "x", "roles.company": "c" });
  });
});

describe("AgreementEditSchema", () => {
  it("turns the posted fields into the content, dropping empty rows", () => {
    const parsed = AgreementEditSchema.parse({
      ...base,
      scope: "  試行的実施  ",
      periodStart: "2026-04-01",
      periodEnd: "2027-03-31",
      "roles.municipality": "周知",
      "personalData.items": "氏名",
      "kpis.0.name": "外出回数",
      "kpis.0.unit": "回/週",
      "kpis.0.baseline": "1.2",
      "kpis.0.target": "2.0",
      "kpis.0.direction": "increase",
      "kpis.1.name": "",
      "kpis.1.direction": "increase",
      fundingAmountYen: "４，０００，０００",
      "milestones.0.title": "着手時",
      "milestones.0.dueDate": "2026-05-31",
      "milestones.0.amountYen": "2,000,000",
      "milestones.1.title": "",
      changeNote: "",
    });
    expect(parsed.intent).toBe("save");
    expect(parsed.content).toMatchObject({
      scope: "試行的実施",
      roles: { municipality: "周知", company: "", residents: "" },
      personalData: { items: "氏名", purpose: "" },
      kpis: [{ name: "外出回数", unit: "回/週", baseline: "1.2", target: "2.0", direction: "increase" }],
      fundingAmountYen: 4_000_000,
      milestones: [{ title: "着手時", dueDate: "2026-05-31", amountYen: 2_000_000 }],
    });
  });

  it("answers in Japanese beside the field: end before start, bad dates and amounts, incomplete rows", () => {
    const errors = errorsOf({
      periodStart: "2026-04-01",
      periodEnd: "2026-03-31",
      fundingAmountYen: "四百万",
      "kpis.0.unit": "人",
      "milestones.1.title": "完了時",
      "milestones.1.dueDate": "2026-13-01",
      "milestones.1.amountYen": "100.5",
    });
    expect(errors).toEqual({
      fundingAmountYen: "支払総額は円単位の整数（半角・全角の数字、カンマ可）で入力してください。",
      "milestones.1.dueDate": "支払予定日は「2026-04-01」の形の、実在する日付で入力してください。",
      "milestones.1.amountYen": "金額は円単位の整数（半角・全角の数字、カンマ可）で入力してください。",
    });
    // The checks across fields run once the fields themselves are valid.
    expect(
      errorsOf({
        periodStart: "2026-04-01",
        periodEnd: "2026-03-31",
        "kpis.0.unit": "人",
        "milestones.1.title": "完了時",
      }),
    ).toEqual({
      periodEnd: "終了日は開始日と同じか、それより後の日付にしてください。",
      "kpis.0.name": "評価指標の1行目: 指標名を入力してください。",
      "milestones.1.dueDate": "支払予定の2行目: 支払予定日を入力してください。",
      "milestones.1.amountYen": "支払予定の2行目: 1円以上の金額を入力してください。",
    });
  });

  it("refuses milestones adding up to more than the funding amount, or without one", () => {
    const rows = {
      "milestones.0.title": "着手時",
      "milestones.0.dueDate": "2026-05-31",
      "milestones.0.amountYen": "3,000,000",
      "milestones.1.title": "完了時",
      "milestones.1.dueDate": "2027-03-31",
      "milestones.1.amountYen": "2,000,000",
    };
    expect(errorsOf({ ...rows, fundingAmountYen: "4000000" })).toEqual({
      milestones: "支払予定の合計（5,000,000円）が支払総額（4,000,000円）を超えています。",
    });
    expect(errorsOf({ ...rows, fundingAmountYen: "" })).toEqual({
      fundingAmountYen: "支払予定があるときは、支払総額を入力してください。",
    });
    expect(errorsOf({ ...rows, fundingAmountYen: "5,000,000" })).toEqual({});
  });

  it("limits lengths and rows, and refuses fields it does not know", () => {
    expect(errorsOf({ scope: "あ".repeat(AGREEMENT_TEXT_MAX + 1) })).toEqual({
      scope: "実施内容・範囲は4,000文字以内で入力してください。",
    });
    expect(errorsOf({ "kpis.20.name": "多すぎる" })).toEqual({ kpis: "評価指標は20行までです。" });
    const unknown = AgreementEditSchema.safeParse({ ...base, "roles.mayor": "x" });
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues[0]!.code).toBe("unrecognized_keys");
  });

  it("needs a change note to put the edit into a new version", () => {
    expect(errorsOf({ intent: "new_version" })).toEqual({
      changeNote: "新しい版を作る理由（変更の説明）を入力してください。",
    });
  });

  it("round-trips the form values of a content document", () => {
    const parsed = AgreementEditSchema.parse({
      ...base,
      scope: "範囲",
      "kpis.0.name": "外出回数",
      "kpis.0.target": "2",
      fundingAmountYen: "100",
      "milestones.0.title": "一括",
      "milestones.0.dueDate": "2026-05-01",
      "milestones.0.amountYen": "100",
    });
    const values = agreementFormValues(parsed.content);
    expect(rowCount(values, "kpis")).toBe(1);
    expect(AgreementEditSchema.parse({ ...base, ...values }).content).toEqual(parsed.content);
  });
});

describe("signingProblems", () => {
  it("lists what a version needs before signing, then nothing once complete", () => {
    const draft = AgreementEditSchema.parse({
      ...base,
      scope: "範囲",
      fundingAmountYen: "100",
      "kpis.0.name": "外出回数",
    }).content;
    const fields = signingProblems(draft).map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "periodStart",
        "area",
        "personalData.items",
        "kpis.0.baseline",
        "kpis.0.target",
        "milestones",
        "termination",
      ]),
    );
    const complete = {
      ...draft,
      periodStart: "2026-04-01",
      periodEnd: "2027-03-31",
      area: "市内全域",
      roles: { municipality: "周知", company: "運行", residents: "" },
      personalData: { purpose: "効果検証", items: "取得しない", holder: "企業", retention: "1年", deletion: "消去" },
      kpis: [{ name: "外出回数", unit: "回", baseline: "1", target: "2", direction: "increase" as const }],
      milestones: [{ title: "一括", dueDate: "2026-05-01", amountYen: 100 }],
      termination: "協議のうえ終了",
    };
    expect(signingProblems(complete)).toEqual([]);
  });
});
