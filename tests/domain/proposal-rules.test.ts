// The pure rules of proposals: integer yen parsing (全角, commas), rows of KPIs and costs, the requirements of a
// submission, and when a proposal may still change (deadline as an instant, withdrawn, decided).
import { describe, expect, it } from "vitest";
import {
  changeRefusal,
  DEADLINE_PASSED,
  DECIDED,
  NOT_OPEN,
  submissionProblems,
  WITHDRAWN_READ_ONLY,
} from "~/domain/proposals/proposal.rules";
import { fieldsToContent, parseYen, ProposalFieldsSchema } from "~/domain/proposals/proposals.schema";

function fields(overrides: Record<string, unknown> = {}) {
  return ProposalFieldsSchema.parse({
    title: "提案",
    understanding: "理解",
    approach: "方法",
    residentParticipation: "参画",
    implementationPlan: "計画",
    schedule: "日程",
    team: "体制",
    kpiIndicator: ["gathering_places"],
    kpiName: [""],
    kpiTarget: ["5"],
    kpiUnit: ["か所"],
    costLabel: ["人件費"],
    costAmount: ["1000000"],
    requestedFundingYen: "1000000",
    ...overrides,
  });
}

describe("parseYen", () => {
  it("accepts integer yen written with 全角 digits, commas and 円", () => {
    expect(parseYen("１，２００，０００")).toEqual({ ok: true, value: 1_200_000 });
    expect(parseYen("1,200,000円")).toEqual({ ok: true, value: 1_200_000 });
    expect(parseYen(" 0 ")).toEqual({ ok: true, value: 0 });
    expect(parseYen("")).toEqual({ ok: true, value: null });
  });

  it("refuses negatives, decimals, words and absurd sizes", () => {
    for (const bad of ["-1", "－１", "1.5", "百万", "1e6", "1234567890123"])
      expect(parseYen(bad), bad).toEqual({ ok: false });
  });
});

describe("fieldsToContent", () => {
  it("computes the total from the cost rows, drops empty rows and names catalog indicators", () => {
    const { content, fieldErrors } = fieldsToContent(
      fields({
        costLabel: ["人件費", "", "車両費"],
        costAmount: ["1,000", "", "２０００"],
        kpiIndicator: ["gathering_places", ""],
        kpiName: ["", ""],
        kpiTarget: ["5", ""],
        kpiUnit: ["か所", ""],
      }),
    );
    expect(fieldErrors).toEqual({});
    expect(content.total_cost_yen).toBe(3000);
    expect(content.cost_items).toEqual([
      { label: "人件費", amountYen: 1000 },
      { label: "車両費", amountYen: 2000 },
    ]);
    expect(content.kpis).toEqual([
      { indicatorCode: "gathering_places", name: "通いの場の箇所数", target: "5", unit: "か所" },
    ]);
  });

  it("names the row of a bad KPI or cost line", () => {
    expect(
      fieldsToContent(
        fields({
          kpiIndicator: ["gathering_places", "no_such_code"],
          kpiName: ["", ""],
          kpiTarget: ["1", "2"],
          kpiUnit: ["", ""],
        }),
      ).fieldErrors.kpis,
    ).toMatch(/2行目/);
    expect(
      fieldsToContent(fields({ costLabel: ["人件費", ""], costAmount: ["1", "500"] })).fieldErrors.costItems,
    ).toMatch(/2行目.*費目/);
    expect(fieldsToContent(fields({ costLabel: ["人件費"], costAmount: ["-5"] })).fieldErrors.costItems).toMatch(
      /1行目/,
    );
  });

  it("refuses unknown fields at the schema", () => {
    expect(ProposalFieldsSchema.safeParse({ title: "x", status: "submitted" }).success).toBe(false);
    expect(ProposalFieldsSchema.safeParse({ title: "x", organizationId: "x" }).success).toBe(false);
  });
});

describe("submissionProblems", () => {
  it("accepts a complete proposal within the ceiling", () => {
    expect(submissionProblems(fieldsToContent(fields()).content, { budget_ceiling_yen: "4000000" })).toEqual({});
  });

  it("asks for a co-funding explanation above the ceiling, and keeps funding within the total", () => {
    const above = fieldsToContent(fields({ costAmount: ["5000000"], requestedFundingYen: "4000001" })).content;
    expect(Object.keys(submissionProblems(above, { budget_ceiling_yen: "4000000" }))).toEqual(["coFundingExplanation"]);
    expect(
      submissionProblems({ ...above, co_funding_explanation: "差額は当社負担" }, { budget_ceiling_yen: "4000000" }),
    ).toEqual({});
    expect(submissionProblems(above, { budget_ceiling_yen: null })).toEqual({});
    const overTotal = fieldsToContent(fields({ requestedFundingYen: "1000001" })).content;
    expect(Object.keys(submissionProblems(overTotal, { budget_ceiling_yen: null }))).toEqual(["requestedFundingYen"]);
  });
});

describe("changeRefusal", () => {
  // 2026-12-01 00:00 in Tokyo is 2026-11-30 15:00 UTC.
  const pitch = { status: "published" as const, proposal_deadline: "2026-11-30T15:00:00.000Z" };

  it("allows changes until the deadline instant (Asia/Tokyo midnight), and refuses them from then on", () => {
    expect(
      changeRefusal({ status: "draft" }, pitch, { hasDecision: false, now: new Date("2026-11-30T14:59:59Z") }),
    ).toBeNull();
    expect(
      changeRefusal({ status: "submitted" }, pitch, { hasDecision: false, now: new Date("2026-11-30T15:00:00Z") }),
    ).toBe(DEADLINE_PASSED);
  });

  it("freezes withdrawn and decided proposals, and pitches no longer published", () => {
    const now = new Date("2026-11-01T00:00:00Z");
    expect(changeRefusal({ status: "withdrawn" }, pitch, { hasDecision: false, now })).toBe(WITHDRAWN_READ_ONLY);
    expect(changeRefusal({ status: "submitted" }, pitch, { hasDecision: true, now })).toBe(DECIDED);
    expect(changeRefusal({ status: "submitted" }, { ...pitch, status: "closed" }, { hasDecision: false, now })).toBe(
      NOT_OPEN,
    );
  });
});
