// Field by field, what differs between two versions of an agreement (pure, browser-safe). Text fields are compared line
// by line (a longest common subsequence of lines); the KPI and milestone lists row by row, matching rows by name first
// and then by position, so that a changed target shows as one changed row rather than a removed and an added one.
import {
  AGREEMENT_FIELD_LABELS,
  KPI_DIRECTION_LABELS,
  type AgreementContent,
  type AgreementFieldKey,
  type AgreementKpi,
  type AgreementMilestone,
} from "./agreement-content.schema";
import { formatYenInText, formatDateJa } from "~/lib/format";

export type LineChange = { type: "same" | "added" | "removed"; text: string };

export interface RowField {
  label: string;
  from: string;
  to: string;
}

export type RowChange =
  | { type: "added"; row: string }
  | { type: "removed"; row: string }
  | { type: "changed"; row: string; fields: RowField[] };

export type AgreementChange =
  | { kind: "text"; field: AgreementFieldKey; label: string; lines: LineChange[] }
  | { kind: "value"; field: AgreementFieldKey; label: string; from: string; to: string }
  | { kind: "rows"; field: "kpis" | "milestones"; label: string; rows: RowChange[] };

const yen = (n: number | null) => (n === null ? "（未入力）" : formatYenInText(n));
const orBlank = (s: string) => s || "（未入力）";
const date = (s: string) => orBlank(formatDateJa(s));

/** Lines of `before` and `after` in order, each marked same, removed or added (LCS; texts are at most a few thousand characters). */
export function diffLines(before: string, after: string): LineChange[] {
  const a = before === "" ? [] : before.split(/\r?\n/);
  const b = after === "" ? [] : after.split(/\r?\n/);
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ type: "same", text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ type: "removed", text: a[i++]! });
    else out.push({ type: "added", text: b[j++]! });
  }
  while (i < n) out.push({ type: "removed", text: a[i++]! });
  while (j < m) out.push({ type: "added", text: b[j++]! });
  return out;
}

export type ShownLine = LineChange | { type: "skipped"; count: number };

/** Unchanged lines far from any change (more than `context` lines away) folded into one "skipped" marker; blank unchanged lines dropped. */
export function foldUnchanged(lines: LineChange[], context = 1): ShownLine[] {
  const near = (i: number) => lines.slice(Math.max(0, i - context), i + context + 1).some((l) => l.type !== "same");
  const out: ShownLine[] = [];
  lines.forEach((line, i) => {
    if (line.type !== "same" || (near(i) && line.text.trim() !== "")) {
      out.push(line);
      return;
    }
    if (line.text.trim() === "" && near(i)) return;
    const last = out[out.length - 1];
    if (last?.type === "skipped") last.count++;
    else out.push({ type: "skipped", count: 1 });
  });
  return out;
}

const KPI_FIELDS: { key: keyof AgreementKpi; label: string; show: (k: AgreementKpi) => string }[] = [
  { key: "name", label: "指標名", show: (k) => k.name },
  { key: "unit", label: "単位", show: (k) => orBlank(k.unit) },
  { key: "baseline", label: "基準値", show: (k) => orBlank(k.baseline) },
  { key: "target", label: "目標値", show: (k) => orBlank(k.target) },
  { key: "direction", label: "目指す方向", show: (k) => KPI_DIRECTION_LABELS[k.direction] },
];

const MILESTONE_FIELDS: { key: keyof AgreementMilestone; label: string; show: (m: AgreementMilestone) => string }[] = [
  { key: "title", label: "名称", show: (m) => m.title },
  { key: "dueDate", label: "支払予定日", show: (m) => date(m.dueDate) },
  { key: "amountYen", label: "金額", show: (m) => yen(m.amountYen) },
];

export const describeKpi = (k: AgreementKpi) =>
  `${k.name}${k.unit ? `（${k.unit}）` : ""}: 基準値 ${orBlank(k.baseline)} → 目標値 ${orBlank(k.target)}（${KPI_DIRECTION_LABELS[k.direction]}）`;
export const describeMilestone = (m: AgreementMilestone) => `${m.title}: ${date(m.dueDate)} ${yen(m.amountYen)}`;

function diffRows<T>(
  before: T[],
  after: T[],
  keyOf: (row: T) => string,
  fields: { key: keyof T; label: string; show: (row: T) => string }[],
  describe: (row: T) => string,
): RowChange[] {
  const usedBefore = new Set<number>();
  const pairOf = new Map<number, number>();
  // Rows with the same name are the same row.
  after.forEach((row, j) => {
    const i = before.findIndex((b, idx) => !usedBefore.has(idx) && keyOf(b) === keyOf(row));
    if (i >= 0) {
      usedBefore.add(i);
      pairOf.set(j, i);
    }
  });
  // A renamed row: the same position, both unmatched.
  after.forEach((_, j) => {
    if (!pairOf.has(j) && j < before.length && !usedBefore.has(j)) {
      usedBefore.add(j);
      pairOf.set(j, j);
    }
  });
  const changes: RowChange[] = [];
  before.forEach((row, i) => {
    if (!usedBefore.has(i)) changes.push({ type: "removed", row: describe(row) });
  });
  after.forEach((row, j) => {
    const i = pairOf.get(j);
    if (i === undefined) {
      changes.push({ type: "added", row: describe(row) });
      return;
    }
    const old = before[i]!;
    const changed = fields
      .filter((f) => f.show(old) !== f.show(row))
      .map((f) => ({ label: f.label, from: f.show(old), to: f.show(row) }));
    if (changed.length > 0) changes.push({ type: "changed", row: describe(row), fields: changed });
  });
  return changes;
}

const TEXT_FIELDS: { field: AgreementFieldKey; get: (c: AgreementContent) => string }[] = [
  { field: "scope", get: (c) => c.scope },
  { field: "area", get: (c) => c.area },
  { field: "roles.municipality", get: (c) => c.roles.municipality },
  { field: "roles.company", get: (c) => c.roles.company },
  { field: "roles.residents", get: (c) => c.roles.residents },
  { field: "personalData.purpose", get: (c) => c.personalData.purpose },
  { field: "personalData.items", get: (c) => c.personalData.items },
  { field: "personalData.holder", get: (c) => c.personalData.holder },
  { field: "personalData.retention", get: (c) => c.personalData.retention },
  { field: "personalData.deletion", get: (c) => c.personalData.deletion },
  { field: "ipAndPublicity", get: (c) => c.ipAndPublicity },
  { field: "termination", get: (c) => c.termination },
];

/** The order of the agreement's articles, so that changes read top to bottom like the document. */
const ORDER: AgreementFieldKey[] = [
  "scope",
  "periodStart",
  "periodEnd",
  "area",
  "roles.municipality",
  "roles.company",
  "roles.residents",
  "personalData.purpose",
  "personalData.items",
  "personalData.holder",
  "personalData.retention",
  "personalData.deletion",
  "kpis",
  "fundingAmountYen",
  "milestones",
  "ipAndPublicity",
  "termination",
];

/** Every field that differs between `before` and `after`, in the order of the agreement. Empty when they are the same. */
export function diffAgreements(before: AgreementContent, after: AgreementContent): AgreementChange[] {
  const changes: AgreementChange[] = [];
  for (const { field, get } of TEXT_FIELDS) {
    if (get(before) !== get(after))
      changes.push({
        kind: "text",
        field,
        label: AGREEMENT_FIELD_LABELS[field],
        lines: diffLines(get(before), get(after)),
      });
  }
  for (const field of ["periodStart", "periodEnd"] as const) {
    if (before[field] !== after[field])
      changes.push({
        kind: "value",
        field,
        label: AGREEMENT_FIELD_LABELS[field],
        from: date(before[field]),
        to: date(after[field]),
      });
  }
  if (before.fundingAmountYen !== after.fundingAmountYen) {
    changes.push({
      kind: "value",
      field: "fundingAmountYen",
      label: AGREEMENT_FIELD_LABELS.fundingAmountYen,
      from: yen(before.fundingAmountYen),
      to: yen(after.fundingAmountYen),
    });
  }
  const kpis = diffRows(before.kpis, after.kpis, (k) => k.name, KPI_FIELDS, describeKpi);
  if (kpis.length > 0) changes.push({ kind: "rows", field: "kpis", label: AGREEMENT_FIELD_LABELS.kpis, rows: kpis });
  const milestones = diffRows(before.milestones, after.milestones, (m) => m.title, MILESTONE_FIELDS, describeMilestone);
  if (milestones.length > 0)
    changes.push({ kind: "rows", field: "milestones", label: AGREEMENT_FIELD_LABELS.milestones, rows: milestones });
  return changes.sort((x, y) => ORDER.indexOf(x.field) - ORDER.indexOf(y.field));
}

/** The names of the fields that differ (for the audit log). */
export function changedAgreementFields(before: AgreementContent, after: AgreementContent): AgreementFieldKey[] {
  return diffAgreements(before, after).map((c) => c.field);
}
