// The open-data view of public pitches: the JSON object of docs/api.md and the CSV rows. Browser-independent.
import { layerLabel, pitchStatusLabels, targetStateLabel, themeLabel } from "./catalog.data";
import type { PublicPitchSummary } from "./pitches.search.queries.server";

/** One pitch in the API (schema version 1, documented in docs/api.md). */
export function toApiPitch(pitch: PublicPitchSummary, baseUrl: string) {
  return {
    id: pitch.id,
    url: `${baseUrl}/pitches/${pitch.id}`,
    title: pitch.title,
    summary: pitch.summary,
    status: pitch.status,
    statusLabel: pitchStatusLabels[pitch.status],
    openForProposals: pitch.openForProposals,
    municipality: pitch.municipality,
    prefecture: pitch.prefecture,
    themes: pitch.themes.map((code) => ({ code, label: themeLabel(code) })),
    targetStates: pitch.targetStates.map((code) => ({ code, label: targetStateLabel(code) })),
    layer: pitch.layer,
    budgetCeilingYen: pitch.budgetCeilingYen,
    proposalDeadline: pitch.proposalDeadline,
    pilotStartOn: pitch.pilotStartOn,
    pilotEndOn: pitch.pilotEndOn,
    publishedAt: pitch.publishedAt,
    revisionNumber: pitch.revisionNumber,
  };
}
export type ApiPitch = ReturnType<typeof toApiPitch>;

export const CSV_HEADERS = [
  "ID",
  "URL",
  "タイトル",
  "概要",
  "状態",
  "募集中",
  "都道府県コード",
  "都道府県",
  "地方公共団体コード",
  "市区町村",
  "テーマ",
  "対象者の状態",
  "対象の層",
  "予算上限（円）",
  "提案締切",
  "実証開始日",
  "実証終了日",
  "公開日時",
  "改訂番号",
] as const;

export function csvRow(pitch: PublicPitchSummary, baseUrl: string): (string | number | null)[] {
  return [
    pitch.id,
    `${baseUrl}/pitches/${pitch.id}`,
    pitch.title,
    pitch.summary,
    pitchStatusLabels[pitch.status],
    pitch.openForProposals ? "はい" : "いいえ",
    pitch.prefecture.code,
    pitch.prefecture.name,
    pitch.municipality.code,
    pitch.municipality.name,
    pitch.themes.map(themeLabel).join("、"),
    pitch.targetStates.map(targetStateLabel).join("、"),
    pitch.layer ? layerLabel(pitch.layer) : "",
    pitch.budgetCeilingYen,
    pitch.proposalDeadline,
    pitch.pilotStartOn,
    pitch.pilotEndOn,
    pitch.publishedAt,
    pitch.revisionNumber,
  ];
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF. Text that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR at the start) is prefixed with an apostrophe (OWASP CSV injection).
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

type CsvCell = string | number | null | undefined;
/** A CSV column: its header and how a row fills it (header and cell side by side, so they cannot drift apart). */
export type CsvColumn<T> = readonly [header: string, cell: (row: T) => CsvCell];

/** A whole CSV file for Excel: the BOM, the header row, then one line per row. */
export function csvTable<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const header = csvLine(columns.map(([h]) => h));
  return `\uFEFF${header}${rows.map((row) => csvLine(columns.map(([, cell]) => cell(row)))).join("")}`;
}
