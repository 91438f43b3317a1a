// The annual self-evaluation as CSV (UTF-8 with BOM, for Excel).
import { formatDateTime } from "~/lib/format";
import { fiscalYearLabel } from "~/domain/funding/fiscal-year.rules";
import { approachLabels, INDICATORS, stageLabels } from "~/domain/pitches/catalog.data";
import { csvLine } from "~/domain/pitches/pitches.export.server";
import { RATING_LABELS } from "./self-evaluation.schema";
import { type SelfEvaluationRow } from "./self-evaluation.queries.server";

export const SELF_EVALUATION_CSV_HEADERS = [
  "年度",
  "アプローチ",
  "段階",
  "指標コード",
  "指標",
  "評価",
  "評価の区分",
  "理由",
  "最終更新",
] as const;

/** The self-evaluation of one fiscal year as CSV (UTF-8 with a BOM, CRLF: opens in Excel), one line per catalog indicator. */
export function selfEvaluationCsv(fiscalYear: number, rows: Record<string, SelfEvaluationRow>): string {
  let text = `\uFEFF${csvLine(SELF_EVALUATION_CSV_HEADERS)}`;
  for (const indicator of INDICATORS) {
    const row = rows[indicator.code];
    text += csvLine([
      fiscalYearLabel(fiscalYear),
      approachLabels[indicator.approach],
      stageLabels[indicator.stage],
      indicator.code,
      indicator.label,
      row?.rating ?? "",
      row ? RATING_LABELS[row.rating] : "未評価",
      row?.reasons ?? "",
      row ? formatDateTime(row.updatedAt) : "",
    ]);
  }
  return text;
}
