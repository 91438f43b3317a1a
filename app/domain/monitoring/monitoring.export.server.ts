// The CSVs of the monitoring pages: one per table, UTF-8 with a BOM and CRLF lines (so that Excel opens them), the
// header row first, Japanese headers, and every row carrying its fiscal year so that files of several years can be
// put together. The figures are the pages' own (the same view objects), so a CSV never disagrees with its page.
import { fiscalYearLabel } from "~/domain/funding/fiscal-year.rules";
import { MILESTONE_STATUS_LABELS } from "~/domain/funding/funding.schema";
import { KPI_DIRECTION_LABELS } from "~/domain/pilots/agreement-content.schema";
import { PILOT_STATUS_LABELS } from "~/domain/pilots/pilots.schema";
import { pitchStatusLabels } from "~/domain/pitches/catalog.data";
import { csvLine, csvTable, type CsvColumn } from "~/domain/pitches/pitches.export.server";
import type { AttainmentCounts, Counters } from "./counters.queries.server";
import {
  ATTAINMENT_DEFINITION,
  FUNDING_DEFINITIONS,
  FUNNEL_STEPS,
  KPI_STANDING_LABELS,
  PILOT_RESULT_LABELS,
  PILOT_RESULTS,
  RESULT_UNRECORDED_LABEL,
  TERMINATED_DEFINITION,
} from "./monitoring-labels.data";
import type { MonitoringDashboard, MonitoringMunicipality, MonitoringPilot } from "./monitoring.queries.server";
import { formatDateTime } from "~/lib/format";

const BOM = "\uFEFF";
const dateTime = (iso: string | null) => (iso ? formatDateTime(iso) : "");

/** A share as a percentage with one decimal ("62.5"), empty when nothing is measured. */
const percent = (share: number | null) => (share === null ? "" : (Math.round(share * 1000) / 10).toFixed(1));

const ATTAINMENT_HEADERS = ["KPI数", "測定されたKPI", "目標を達成したKPI", "KPI達成率（%）"];
const attainmentCells = (a: AttainmentCounts) => [a.kpis, a.measured, a.met, percent(a.share)];

const COUNTER_HEADERS = [
  ...FUNNEL_STEPS.map((s) => s.label),
  ...PILOT_RESULTS.map((r) => `完了（${PILOT_RESULT_LABELS[r]}）`),
  `完了（${RESULT_UNRECORDED_LABEL}）`,
  "中止",
  `${FUNDING_DEFINITIONS.budgetYen.label}（円）`,
  `${FUNDING_DEFINITIONS.allocatedYen.label}（円）`,
  `${FUNDING_DEFINITIONS.disbursedYen.label}（円）`,
  ...ATTAINMENT_HEADERS,
];

function counterCells(c: Counters): (string | number)[] {
  return [
    ...FUNNEL_STEPS.map((s) => c.funnel[s.key]),
    ...PILOT_RESULTS.map((r) => c.funnel.completedByResult[r]),
    c.funnel.completedByResult.unrecorded,
    c.funnel.terminated,
    c.funding.budgetYen,
    c.funding.allocatedYen,
    c.funding.disbursedYen,
    ...attainmentCells(c.attainment),
  ];
}

/** The dashboard's summary: the funnel, the results, funding and KPI attainment, one figure per line with its definition. */
export function summaryCsv(fiscalYear: number, area: string, total: Counters): string {
  const year = fiscalYearLabel(fiscalYear);
  const line = (group: string, item: string, value: string | number, definition: string) =>
    csvLine([year, area, group, item, value, definition]);
  return (
    BOM +
    csvLine(["年度", "対象", "区分", "項目", "値", "定義"]) +
    FUNNEL_STEPS.map((s) => line("ファネル", s.label, total.funnel[s.key], s.definition)).join("") +
    PILOT_RESULTS.map((r) =>
      line(
        "完了の結果",
        PILOT_RESULT_LABELS[r],
        total.funnel.completedByResult[r],
        "完了した実証のうち、振り返りでこの結果が記録されたもの。",
      ),
    ).join("") +
    line(
      "完了の結果",
      RESULT_UNRECORDED_LABEL,
      total.funnel.completedByResult.unrecorded,
      "完了した実証のうち、振り返りがまだ記録されていないもの。",
    ) +
    line("ファネル外", "中止", total.funnel.terminated, TERMINATED_DEFINITION) +
    (["budgetYen", "allocatedYen", "disbursedYen"] as const)
      .map((k) =>
        line("資金", `${FUNDING_DEFINITIONS[k].label}（円）`, total.funding[k], FUNDING_DEFINITIONS[k].definition),
      )
      .join("") +
    line("KPI", "KPI数", total.attainment.kpis, "それらのピッチから生まれた実証のKPIの数。") +
    line("KPI", "測定されたKPI", total.attainment.measured, "目標と承認済みの値があるKPIの数（達成率の分母）。") +
    line("KPI", "目標を達成したKPI", total.attainment.met, ATTAINMENT_DEFINITION) +
    line("KPI", "KPI達成率（%）", percent(total.attainment.share), ATTAINMENT_DEFINITION)
  );
}

export function prefecturesCsv(fiscalYear: number, dashboard: MonitoringDashboard): string {
  const year = fiscalYearLabel(fiscalYear);
  return (
    BOM +
    csvLine(["年度", "都道府県コード", "都道府県", ...COUNTER_HEADERS]) +
    dashboard.prefectures
      .map((p) => csvLine([year, String(p.code).padStart(2, "0"), p.name, ...counterCells(p.counters)]))
      .join("")
  );
}

export function municipalitiesCsv(fiscalYear: number, dashboard: MonitoringDashboard): string {
  const year = fiscalYearLabel(fiscalYear);
  return (
    BOM +
    csvLine(["年度", "都道府県", "地方公共団体コード", "市区町村", ...COUNTER_HEADERS]) +
    dashboard.municipalities
      .map((m) => csvLine([year, m.prefectureName, m.code, m.name, ...counterCells(m.counters)]))
      .join("")
  );
}

type PitchRow = MonitoringMunicipality["pitches"][number];
type PilotRow = MonitoringMunicipality["pilots"][number];

/** The first columns of every row of a municipality's tables: the fiscal year and the municipality. */
function municipalityColumns(page: MonitoringMunicipality): CsvColumn<unknown>[] {
  const year = fiscalYearLabel(page.fiscalYear);
  const m = page.municipality;
  return [
    ["年度", () => year],
    ["地方公共団体コード", () => m.code],
    ["市区町村", () => m.name],
  ];
}

const attainmentColumns = <T extends { attainment: AttainmentCounts }>(): CsvColumn<T>[] =>
  ATTAINMENT_HEADERS.map((header, i) => [header, (row: T) => attainmentCells(row.attainment)[i]]);

export function municipalityPitchesCsv(page: MonitoringMunicipality): string {
  const columns: CsvColumn<PitchRow>[] = [
    ...municipalityColumns(page),
    ["ピッチID", (p) => p.id],
    ["ピッチ", (p) => p.title],
    ["状態", (p) => pitchStatusLabels[p.status]],
    ["公開日時", (p) => dateTime(p.publishedAt)],
    ...FUNNEL_STEPS.slice(1).map((s): CsvColumn<PitchRow> => [s.label, (p) => p.funnel[s.key]]),
    ["中止", (p) => p.funnel.terminated],
    ...attainmentColumns<PitchRow>(),
  ];
  return csvTable(columns, page.pitches);
}

export function municipalityPilotsCsv(page: MonitoringMunicipality): string {
  const columns: CsvColumn<PilotRow>[] = [
    ...municipalityColumns(page),
    ["実証ID", (p) => p.id],
    ["実証", (p) => p.title],
    ["ピッチ", (p) => p.pitchTitle],
    ["企業", (p) => p.companyName],
    ["状態", (p) => PILOT_STATUS_LABELS[p.status]],
    ["締結した協定の版", (p) => (p.signedVersionNumber === null ? "" : `第${p.signedVersionNumber}版`)],
    ["締結日時", (p) => dateTime(p.signedAt)],
    ["実施開始日時", (p) => dateTime(p.startedAt)],
    ["終了日時", (p) => dateTime(p.endedAt)],
    ["結果", (p) => (p.result ? PILOT_RESULT_LABELS[p.result] : "")],
    ...(["allocatedYen", "scheduledYen", "disbursedYen"] as const).map((k): CsvColumn<PilotRow> => [
      PILOT_MONEY_HEADERS[k],
      (p) => p.money[k],
    ]),
    ...attainmentColumns<PilotRow>(),
  ];
  return csvTable(columns, page.pilots);
}

const PILOT_MONEY_HEADERS = {
  allocatedYen: "配分額（累計、円）",
  scheduledYen: "支払予定（累計、円）",
  disbursedYen: "支払済み（累計、円）",
} as const;

export function pilotMilestonesCsv(page: MonitoringPilot): string {
  return (
    BOM +
    csvLine(["実証ID", "実証", "支払予定", "期日", "金額（円）", "状態", "支払日時"]) +
    page.milestones
      .map((ms) =>
        csvLine([
          page.pilot.id,
          page.pilot.title,
          ms.title,
          ms.dueDate,
          ms.amountYen,
          MILESTONE_STATUS_LABELS[ms.status],
          dateTime(ms.paidAt),
        ]),
      )
      .join("")
  );
}

/** A numeric column as a number (a string "-5" would be escaped as a formula). */
const num = (v: string | number | null) => (v === null ? "" : Number(v));

export function pilotKpisCsv(page: MonitoringPilot): string {
  return (
    BOM +
    csvLine([
      "実証ID",
      "実証",
      "KPI",
      "単位",
      "基準値",
      "目標値",
      "方向",
      "最新の承認済みの値",
      "対象期間",
      "達成状況",
    ]) +
    page.kpis
      .map((k) =>
        csvLine([
          page.pilot.id,
          page.pilot.title,
          k.name,
          k.unit,
          num(k.baseline),
          num(k.target),
          KPI_DIRECTION_LABELS[k.direction],
          num(k.latestApprovedValue),
          k.latestPeriod ? `${k.latestPeriod.start}〜${k.latestPeriod.end}` : "",
          KPI_STANDING_LABELS[k.standing],
        ]),
      )
      .join("")
  );
}

/** A CSV download: attachment with an ASCII file name and the Japanese one (RFC 5987), never cached. */
export function csvResponse(body: string, asciiName: string, japaneseName: string): Response {
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(japaneseName)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
