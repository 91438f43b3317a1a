// The field-by-field diff of two agreement versions (pure): text fields line by line, KPI and milestone lists row by
// row (matched by name, then by position), values from/to; nothing for identical versions; in the agreement's order.
import { describe, expect, it } from "vitest";
import { emptyAgreementContent, type AgreementContent } from "~/domain/pilots/agreement-content.schema";
import { changedAgreementFields, diffAgreements, diffLines, foldUnchanged } from "~/domain/pilots/agreement-diff.rules";

function content(overrides: Partial<AgreementContent> = {}): AgreementContent {
  return {
    ...emptyAgreementContent(),
    scope: "移動支援の試行。\n週2回の運行。",
    periodStart: "2026-04-01",
    periodEnd: "2027-03-31",
    area: "市内全域",
    kpis: [
      { name: "外出回数", unit: "回/週", baseline: "1.2", target: "2.0", direction: "increase" },
      { name: "利用者数", unit: "人", baseline: "0", target: "100", direction: "increase" },
    ],
    fundingAmountYen: 4_000_000,
    milestones: [
      { title: "着手時", dueDate: "2026-05-31", amountYen: 2_000_000 },
      { title: "完了時", dueDate: "2027-03-31", amountYen: 2_000_000 },
    ],
    ...overrides,
  };
}

describe("diffLines", () => {
  it("marks kept, removed and added lines in order", () => {
    expect(diffLines("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { type: "same", text: "a" },
      { type: "removed", text: "b" },
      { type: "added", text: "x" },
      { type: "same", text: "c" },
      { type: "added", text: "d" },
    ]);
  });

  it("treats an empty text as no lines, and CRLF like LF", () => {
    expect(diffLines("", "新しい行")).toEqual([{ type: "added", text: "新しい行" }]);
    expect(diffLines("古い行", "")).toEqual([{ type: "removed", text: "古い行" }]);
    expect(diffLines("a\r\nb", "a\nb")).toEqual([
      { type: "same", text: "a" },
      { type: "same", text: "b" },
    ]);
  });
});

describe("foldUnchanged", () => {
  it("keeps one line of context around a change and folds the rest, dropping blank context lines", () => {
    const lines = diffLines("a\nb\nc\n\nd\ne", "a\nb\nc\n\nd\nE");
    expect(foldUnchanged(lines)).toEqual([
      { type: "skipped", count: 4 },
      { type: "same", text: "d" },
      { type: "removed", text: "e" },
      { type: "added", text: "E" },
    ]);
  });
});

describe("diffAgreements", () => {
  it("finds nothing between identical versions", () => {
    expect(diffAgreements(content(), content())).toEqual([]);
  });

  it("shows a changed text field as removed and added lines, with the field's Japanese label", () => {
    const changes = diffAgreements(content(), content({ scope: "移動支援の試行。\n週3回の運行。" }));
    expect(changes).toEqual([
      {
        kind: "text",
        field: "scope",
        label: "実施内容・範囲",
        lines: [
          { type: "same", text: "移動支援の試行。" },
          { type: "removed", text: "週2回の運行。" },
          { type: "added", text: "週3回の運行。" },
        ],
      },
    ]);
  });

  it("shows dates and the funding amount as from/to values", () => {
    const changes = diffAgreements(content(), content({ periodEnd: "2027-06-30", fundingAmountYen: null }));
    expect(changes).toEqual([
      { kind: "value", field: "periodEnd", label: "終了日", from: "2027年3月31日", to: "2027年6月30日" },
      { kind: "value", field: "fundingAmountYen", label: "支払総額", from: "4,000,000円", to: "（未入力）" },
    ]);
  });

  it("shows KPI rows added, removed and changed (matched by name even when reordered)", () => {
    const before = content();
    const after = content({
      kpis: [
        { name: "利用者数", unit: "人", baseline: "0", target: "150", direction: "increase" },
        { name: "孤立感の自己評価", unit: "点", baseline: "3.1", target: "2.5", direction: "decrease" },
      ],
    });
    const [kpis] = diffAgreements(before, after);
    expect(kpis).toMatchObject({ kind: "rows", field: "kpis", label: "評価指標（KPI）" });
    const rows = kpis!.kind === "rows" ? kpis!.rows : [];
    expect(rows).toHaveLength(3);
    expect(rows).toContainEqual({ type: "removed", row: "外出回数（回/週）: 基準値 1.2 → 目標値 2.0（増やす）" });
    expect(rows).toContainEqual({ type: "added", row: "孤立感の自己評価（点）: 基準値 3.1 → 目標値 2.5（減らす）" });
    expect(rows).toContainEqual({
      type: "changed",
      row: "利用者数（人）: 基準値 0 → 目標値 150（増やす）",
      fields: [{ label: "目標値", from: "100", to: "150" }],
    });
  });

  it("pairs a renamed row by its position instead of removing and adding it", () => {
    const after = content({
      milestones: [{ title: "契約時", dueDate: "2026-05-31", amountYen: 1_500_000 }, content().milestones[1]!],
    });
    const [milestones] = diffAgreements(content(), after);
    expect(milestones).toEqual({
      kind: "rows",
      field: "milestones",
      label: "支払予定（マイルストーン）",
      rows: [
        {
          type: "changed",
          row: "契約時: 2026年5月31日 1,500,000円",
          fields: [
            { label: "名称", from: "着手時", to: "契約時" },
            { label: "金額", from: "2,000,000円", to: "1,500,000円" },
          ],
        },
      ],
    });
  });

  it("lists changes in the order of the agreement's articles and names them for the audit log", () => {
    const after = content({
      termination: "協議のうえ終了できる。",
      personalData: { ...emptyAgreementContent().personalData, items: "氏名、年齢" },
      scope: "変更",
      milestones: [],
    });
    expect(changedAgreementFields(content(), after)).toEqual([
      "scope",
      "personalData.items",
      "milestones",
      "termination",
    ]);
  });
});
