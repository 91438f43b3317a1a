// The pure rules of outcomes: reporting periods (calendar months, fiscal quarters, Tokyo days), numbers typed in
// Japanese, the personal-data net, the attainment definition, and the chart geometry. No database.
import { describe, expect, it } from "vitest";
import { chartSummary } from "~/components/kpi-chart";
import { meetsTarget, referenceLevel } from "~/domain/outcomes/attainment.rules";
import { chartGeometry, niceStep, yRange } from "~/domain/outcomes/chart.rules";
import {
  canonicalDecimal,
  lenientNumber,
  looksLikePersonalData,
  reportFormSchema,
  AddKpiSchema,
} from "~/domain/outcomes/outcomes.schema";
import {
  candidatePeriods,
  isPeriodStart,
  lastEndedPeriod,
  nextPeriod,
  overlaps,
  periodEndsAt,
  periodLabel,
  periodOf,
  previousPeriod,
  reportingFrequency,
  shortPeriodLabel,
  tokyoDate,
} from "~/domain/outcomes/periods.rules";
import { findIndicator, INDICATOR_APPROACHES, INDICATOR_STAGES, INDICATORS } from "~/domain/pitches/catalog.data";

describe("indicator catalog", () => {
  it("gives every indicator a Japanese definition and a unit, keeps the codes unique and the stages known", () => {
    expect(new Set(INDICATORS.map((i) => i.code)).size).toBe(INDICATORS.length);
    for (const i of INDICATORS) {
      expect(i.definition, i.code).toMatch(/[\u3040-\u30ff\u3400-\u9fff]/);
      expect(i.definition.length, i.code).toBeGreaterThan(15);
      expect(i.unit, i.code).not.toBe("");
      expect(INDICATOR_APPROACHES).toContain(i.approach);
      expect(INDICATOR_STAGES).toContain(i.stage);
    }
    // Codes stored by pitches, proposals and KPIs stay as they were.
    for (const code of [
      "sc_activity",
      "gathering_places",
      "continued_participation",
      "adjusted_mild_certification",
      "home_continuation",
    ]) {
      expect(findIndicator(code)?.code).toBe(code);
    }
    expect(findIndicator("gathering_places")).toMatchObject({ label: "通いの場の箇所数", unit: "か所" });
    expect(findIndicator(null)).toBeUndefined();
    expect(findIndicator("no_such_code")).toBeUndefined();
  });
});

describe("reporting periods", () => {
  it("takes calendar months and fiscal quarters (April–June is the first)", () => {
    expect(periodOf("monthly", "2026-02-14")).toEqual({ frequency: "monthly", start: "2026-02-01", end: "2026-02-28" });
    expect(periodOf("monthly", "2028-02-29").end).toBe("2028-02-29");
    expect(periodOf("quarterly", "2026-05-20")).toEqual({
      frequency: "quarterly",
      start: "2026-04-01",
      end: "2026-06-30",
    });
    expect(periodOf("quarterly", "2027-03-31")).toEqual({
      frequency: "quarterly",
      start: "2027-01-01",
      end: "2027-03-31",
    });
    expect(periodLabel(periodOf("quarterly", "2026-05-20"))).toBe("令和8年度 第1四半期（4〜6月）");
    expect(periodLabel(periodOf("quarterly", "2027-02-01"))).toBe("令和8年度 第4四半期（1〜3月）");
    expect(periodLabel(periodOf("quarterly", "2026-11-01"))).toBe("令和8年度 第3四半期（10〜12月）");
    expect(periodLabel(periodOf("monthly", "2026-04-30"))).toBe("2026年4月");
    expect(shortPeriodLabel(periodOf("quarterly", "2027-02-01"))).toBe("R8 4Q");
    expect(shortPeriodLabel(periodOf("monthly", "2027-01-10"))).toBe("2027年1月");
    expect(previousPeriod(periodOf("monthly", "2026-01-05")).start).toBe("2025-12-01");
    expect(previousPeriod(periodOf("quarterly", "2026-02-05")).start).toBe("2025-10-01");
    expect(nextPeriod(periodOf("quarterly", "2026-11-05")).start).toBe("2027-01-01");
    expect(nextPeriod(periodOf("monthly", "2026-12-05")).start).toBe("2027-01-01");
    expect(isPeriodStart("quarterly", "2026-04-01")).toBe(true);
    expect(isPeriodStart("quarterly", "2026-05-01")).toBe(false);
    expect(isPeriodStart("monthly", "2026-02-30")).toBe(false);
  });

  it("decides days in Tokyo and ends a period at midnight Tokyo time", () => {
    expect(tokyoDate(new Date("2026-03-31T15:30:00Z"))).toBe("2026-04-01");
    expect(lastEndedPeriod("monthly", new Date("2026-03-31T15:30:00Z")).start).toBe("2026-03-01");
    expect(lastEndedPeriod("monthly", new Date("2026-03-31T14:30:00Z")).start).toBe("2026-02-01");
    expect(lastEndedPeriod("quarterly", new Date("2026-07-01T00:00:00+09:00"))).toMatchObject({
      start: "2026-04-01",
      end: "2026-06-30",
    });
    expect(periodEndsAt(periodOf("monthly", "2026-06-10")).toISOString()).toBe("2026-06-30T15:00:00.000Z");
  });

  it("offers the periods from the pilot's first day to today, newest first, and follows the KPIs' most frequent frequency", () => {
    expect(candidatePeriods("monthly", "2026-04-15", "2026-07-02").map((p) => p.start)).toEqual([
      "2026-07-01",
      "2026-06-01",
      "2026-05-01",
      "2026-04-01",
    ]);
    expect(candidatePeriods("quarterly", "2026-04-15", "2026-07-02").map((p) => p.start)).toEqual([
      "2026-07-01",
      "2026-04-01",
    ]);
    // A pilot starting later than today still offers the current period only.
    expect(candidatePeriods("monthly", "2026-09-01", "2026-07-02").map((p) => p.start)).toEqual(["2026-07-01"]);
    expect(reportingFrequency([])).toBe("quarterly");
    expect(reportingFrequency(["quarterly", "monthly", "quarterly"])).toBe("quarterly");
    expect(reportingFrequency(["quarterly", "monthly"])).toBe("monthly");
    expect(overlaps(periodOf("quarterly", "2026-04-01"), periodOf("monthly", "2026-06-01"))).toBe(true);
    expect(overlaps(periodOf("quarterly", "2026-04-01"), periodOf("monthly", "2026-07-01"))).toBe(false);
  });
});

describe("numbers and personal data", () => {
  it("reads agreement texts leniently and forms strictly (全角, commas)", () => {
    expect(
      ["80%", "約1,200人", "５か所", "１２．５", "80.50％", "-3", "3年で5か所", "", "未定"].map(lenientNumber),
    ).toEqual(["80", "1200", "5", "12.5", "80.5", "-3", null, null, null]);
    expect(canonicalDecimal("+0080.500")).toBe("80.5");
    expect(canonicalDecimal("-0")).toBe("0");
    const schema = reportFormSchema(["k1"]);
    const ok = schema.safeParse({
      intent: "save",
      "value-k1": "１，２３４．５",
      participantsTotal: "１２０",
      participantsNew: "",
      narrative: "",
    });
    expect(ok.success && ok.data).toMatchObject({
      "value-k1": "1234.5",
      participantsTotal: 120,
      participantsNew: null,
    });
    const bad = schema.safeParse({
      intent: "save",
      "value-k1": "たくさん",
      participantsTotal: "-3",
      participants75Plus: "1.5",
    });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries((bad.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({
      "value-k1": "値は数値（半角・全角の数字、カンマ、小数点を使えます）で入力してください。",
      participantsTotal: "参加者数（延べ）は0以上の整数で入力してください。",
      participants75Plus: "75歳以上の参加者数は0以上の整数で入力してください。",
    });
    const kpi = AddKpiSchema.safeParse({
      intent: "addKpi",
      name: "",
      indicatorCode: "",
      baseline: "",
      target: "８０",
      direction: "increase",
      frequency: "monthly",
    });
    expect(kpi.success).toBe(false);
    expect(kpi.error?.issues.map((i) => i.message)).toEqual(["指標名を入力するか、指標の一覧から選んでください。"]);
  });

  it("catches obvious personal data and lets ordinary report text through", () => {
    for (const text of [
      "連絡先 090-1234-5678",
      "tanaka@example.jp まで",
      "〒123-4567",
      "東町1丁目2番3号の方",
      "０３－１２３４－５６７８",
      "09012345678",
    ]) {
      expect(looksLikePersonalData(text), text).toBe(true);
    }
    for (const text of [
      "4月は延べ120人が参加しました。",
      "2026-04-01から2026-06-30まで",
      "参加率は80.5%",
      "75歳以上は45人",
      "第3回 体力測定会",
    ]) {
      expect(looksLikePersonalData(text), text).toBe(false);
    }
  });
});

describe("attainment", () => {
  it("defines met per direction, and unknown without a value or a level", () => {
    expect(meetsTarget("increase", "80", "80", null)).toBe(true);
    expect(meetsTarget("increase", 79.9, 80, 50)).toBe(false);
    expect(meetsTarget("decrease", "12", "12.5", "15")).toBe(true);
    expect(meetsTarget("decrease", 13, 12.5, 15)).toBe(false);
    expect(meetsTarget("maintain", 70, 75, 60)).toBe(false); // the target is the level to hold
    expect(meetsTarget("maintain", 60, null, 60)).toBe(true); // no target: the baseline
    expect(meetsTarget("maintain", 59, null, 60)).toBe(false);
    expect(meetsTarget("increase", null, 80, 10)).toBeNull();
    expect(meetsTarget("increase", 90, null, 10)).toBeNull();
    expect(meetsTarget("maintain", 90, null, null)).toBeNull();
    expect(referenceLevel("increase", null, 10)).toBeNull();
  });
});

describe("chart geometry", () => {
  it("scales values, target and baseline into the plot, breaks the line at a missing value, and labels the axes", () => {
    const g = chartGeometry({
      points: [
        { label: "4月", value: 10 },
        { label: "5月", value: 20 },
        { label: "6月", value: null },
        { label: "7月", value: 40 },
      ],
      target: 50,
      baseline: 5,
      width: 400,
      height: 200,
    });
    expect(g.plot).toEqual({ left: 44, right: 388, top: 18, bottom: 170 });
    expect([g.yMin, g.yMax]).toEqual([0, 60]);
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 20, 40, 60]);
    expect(g.yTicks[0]!.y).toBe(170);
    expect(g.yTicks[3]!.y).toBe(18);
    expect(g.points.map((p) => [p.x, p.y])).toEqual([
      [44, 144.67],
      [158.67, 119.33],
      [388, 68.67],
    ]);
    // 4月→5月 joined; 7月 starts a new segment after the gap.
    expect(g.linePath).toBe("M44 144.67 L158.67 119.33 M388 68.67");
    expect(g.targetY).toBe(43.33);
    expect(g.baselineY).toBe(157.33);
    // The target's text above its line; the baseline's below it unless that leaves the plot.
    expect(g.targetLabelY).toBe(38.33);
    expect(g.baselineLabelY).toBe(152.33);
    expect(g.xLabels.map((l) => l.label)).toEqual(["4月", "5月", "6月", "7月"]);
    expect(g.xLabels.every((l) => l.shown)).toBe(true);
  });

  it("keeps one point centred, draws no line for it, and does not start at zero for values far above it", () => {
    const g = chartGeometry({
      points: [{ label: "R8 1Q", value: 81.2 }],
      target: 82,
      baseline: 80.5,
      width: 400,
      height: 200,
    });
    expect(g.points).toEqual([{ label: "R8 1Q", value: 81.2, x: 216, y: expect.any(Number) }]);
    expect(g.linePath).toBe("");
    expect(g.yMin).toBeGreaterThan(70);
    expect(g.yMin).toBeLessThanOrEqual(80.5);
    expect(g.yMax).toBeGreaterThanOrEqual(82);
    expect(g.targetY!).toBeLessThan(g.baselineY!);
  });

  it("keeps the target and baseline texts apart when their lines are close", () => {
    const g = chartGeometry({
      points: [{ label: "4月", value: 10 }],
      target: 50,
      baseline: 48,
      width: 400,
      height: 200,
    });
    expect(g.targetLabelY!).toBeLessThan(g.targetY!);
    expect(g.baselineLabelY!).toBeGreaterThan(g.baselineY!);
    expect(g.baselineLabelY! - g.targetLabelY!).toBeGreaterThanOrEqual(13);
  });

  it("thins the x labels of long series but always labels the last period", () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ label: `${i + 1}`, value: i }));
    const shown = chartGeometry({ points, target: null, baseline: null })
      .xLabels.filter((l) => l.shown)
      .map((l) => l.label);
    expect(shown.length).toBeLessThanOrEqual(9);
    expect(shown.at(-1)).toBe("20");
    expect(chartGeometry({ points: [], target: null, baseline: null }).points).toEqual([]);
    expect(niceStep(13)).toBe(20);
    expect(niceStep(0.3)).toBe(0.5);
    expect(yRange([5, 5])).toEqual({ min: 0, max: 6, step: 2 });
  });

  it("summarises the chart in one Japanese sentence for screen readers", () => {
    const summary = chartSummary({
      name: "通いの場の箇所数",
      unit: "か所",
      direction: "increase",
      baseline: "2",
      target: "5",
      points: [
        { periodStart: "2026-04-01", periodEnd: "2026-04-30", label: "2026年4月", value: "3" },
        { periodStart: "2026-05-01", periodEnd: "2026-05-31", label: "2026年5月", value: "5" },
      ],
    });
    expect(summary).toBe(
      "通いの場の箇所数: 承認済みの値は2期間分です。2026年4月の3か所から、最新の2026年5月は5か所。目標5か所、基準値2か所に対して「達成」です。",
    );
  });
});
