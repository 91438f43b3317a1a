// Ledgers per pilot and per budget: allocated, disbursed, reported spend (approved expenditure reports) and what
// remains, with every ledger entry; and their CSV (UTF-8 with a BOM and CRLF lines, so that Excel opens it correctly).
import type { LedgerEntryKind } from "@db/schema";
import type { Executor } from "@db/database.server";
import { pilotMoney } from "./pilot-money.queries.server";
import { csvLine } from "~/domain/pitches/pitches.export.server";
import { fiscalYearLabel } from "./fiscal-year.rules";
import { LEDGER_KIND_LABELS } from "./funding.schema";
import { formatDateTime } from "~/lib/format";
import { reportedSpendByPilot, reportedSpendByPilots } from "./spend.queries.server";

export interface LedgerEntryRow {
  id: string;
  kind: LedgerEntryKind;
  amountYen: number;
  memo: string;
  createdAt: string;
  fiscalYear: number;
  pilotTitle: string;
  milestoneTitle: string | null;
  createdByName: string | null;
}

export interface LedgerTotals {
  allocatedYen: number;
  scheduledYen: number;
  disbursedYen: number;
  reportedSpendYen: number;
  /** Allocated but not (yet) disbursed. */
  remainingYen: number;
}

function entriesQuery(ex: Executor) {
  return ex
    .selectFrom("ledger_entry as l")
    .innerJoin("budget as b", "b.id", "l.budget_id")
    .leftJoin("pilot as p", "p.id", "l.pilot_id")
    .leftJoin("milestone as m", "m.id", "l.milestone_id")
    .leftJoin("app_user as u", "u.id", "l.created_by")
    .select(["l.id", "l.kind", "l.amount_yen", "l.memo", "l.created_at"])
    .select(["b.fiscal_year", "p.title as pilot_title", "m.title as milestone_title"])
    .select(["u.display_name"])
    .orderBy("l.id");
}

function toEntry(r: {
  id: string;
  kind: LedgerEntryKind;
  amount_yen: string;
  memo: string;
  created_at: Date;
  fiscal_year: number;
  pilot_title: string | null;
  milestone_title: string | null;
  display_name: string | null;
}): LedgerEntryRow {
  return {
    id: String(r.id),
    kind: r.kind,
    amountYen: Number(r.amount_yen),
    memo: r.memo,
    createdAt: new Date(r.created_at).toISOString(),
    fiscalYear: r.fiscal_year,
    pilotTitle: r.pilot_title ?? "",
    milestoneTitle: r.milestone_title,
    createdByName: r.display_name,
  };
}

export async function pilotLedger(ex: Executor, pilotId: string) {
  const [entries, money, spend] = await Promise.all([
    entriesQuery(ex).where("l.pilot_id", "=", pilotId).execute(),
    pilotMoney(ex, [pilotId]),
    reportedSpendByPilot(ex, pilotId),
  ]);
  const sums = money.get(pilotId)!;
  const totals: LedgerTotals = {
    ...sums,
    reportedSpendYen: spend.totalYen,
    remainingYen: sums.allocatedYen - sums.disbursedYen,
  };
  return { totals, entries: entries.map(toEntry) };
}

/** One budget of the organisation (null when it is not theirs), its pilots' figures and its ledger entries. */
export async function budgetLedger(ex: Executor, organizationId: string, budgetId: string) {
  const budget = await ex
    .selectFrom("budget")
    .select(["id", "fiscal_year", "amount_yen", "allocated_yen", "note"])
    .where("id", "=", budgetId)
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!budget) return null;
  const [pilots, entries] = await Promise.all([
    ex
      .selectFrom("allocation as a")
      .innerJoin("pilot as p", "p.id", "a.pilot_id")
      .innerJoin("organization as c", "c.id", "p.company_id")
      .select(["p.id", "p.title", "c.name as company_name", "a.amount_yen", "a.scheduled_yen", "a.disbursed_yen"])
      .where("a.budget_id", "=", budget.id)
      .orderBy("a.created_at")
      .execute(),
    entriesQuery(ex).where("l.budget_id", "=", budget.id).execute(),
  ]);
  const spend = await reportedSpendByPilots(
    ex,
    pilots.map((p) => p.id),
  );
  const rows = pilots.map((p) => ({
    pilotId: p.id,
    title: p.title,
    companyName: p.company_name,
    allocatedYen: Number(p.amount_yen),
    scheduledYen: Number(p.scheduled_yen),
    disbursedYen: Number(p.disbursed_yen),
    reportedSpendYen: spend.get(p.id)!.totalYen,
    remainingYen: Number(p.amount_yen) - Number(p.disbursed_yen),
  }));
  const disbursed = rows.reduce((s, r) => s + r.disbursedYen, 0);
  return {
    budget: {
      id: budget.id,
      fiscalYear: budget.fiscal_year,
      amountYen: Number(budget.amount_yen),
      allocatedYen: Number(budget.allocated_yen),
      unallocatedYen: Number(budget.amount_yen) - Number(budget.allocated_yen),
      disbursedYen: disbursed,
      reportedSpendYen: rows.reduce((s, r) => s + r.reportedSpendYen, 0),
      note: budget.note,
    },
    pilots: rows,
    entries: entries.map(toEntry),
  };
}

const BOM = "\uFEFF";

const ENTRY_HEADERS = ["日時", "年度", "実証", "支払予定", "区分", "金額（円）", "摘要", "記録者"];

function entryLine(e: LedgerEntryRow): string {
  return csvLine([
    formatDateTime(e.createdAt),
    fiscalYearLabel(e.fiscalYear),
    e.pilotTitle,
    e.milestoneTitle ?? "",
    LEDGER_KIND_LABELS[e.kind],
    e.amountYen,
    e.memo,
    e.createdByName ?? "",
  ]);
}

export function pilotLedgerCsv(title: string, ledger: Awaited<ReturnType<typeof pilotLedger>>): string {
  const t = ledger.totals;
  return (
    BOM +
    csvLine(["実証", title]) +
    csvLine(["配分額（円）", t.allocatedYen]) +
    csvLine(["支払予定の合計（円）", t.scheduledYen]) +
    csvLine(["支払済み（円）", t.disbursedYen]) +
    csvLine(["報告された支出（承認済み、円）", t.reportedSpendYen]) +
    csvLine(["残り（配分額−支払済み、円）", t.remainingYen]) +
    "\r\n" +
    csvLine(ENTRY_HEADERS) +
    ledger.entries.map(entryLine).join("")
  );
}

export function budgetLedgerCsv(ledger: NonNullable<Awaited<ReturnType<typeof budgetLedger>>>): string {
  const b = ledger.budget;
  return (
    BOM +
    csvLine(["年度", fiscalYearLabel(b.fiscalYear)]) +
    csvLine(["予算額（円）", b.amountYen]) +
    csvLine(["配分済み（円）", b.allocatedYen]) +
    csvLine(["未配分（円）", b.unallocatedYen]) +
    csvLine(["支払済み（円）", b.disbursedYen]) +
    csvLine(["報告された支出（承認済み、円）", b.reportedSpendYen]) +
    "\r\n" +
    csvLine([
      "実証",
      "企業",
      "配分額（円）",
      "支払予定（円）",
      "支払済み（円）",
      "報告された支出（円）",
      "残り（円）",
    ]) +
    ledger.pilots
      .map((p) =>
        csvLine([
          p.title,
          p.companyName,
          p.allocatedYen,
          p.scheduledYen,
          p.disbursedYen,
          p.reportedSpendYen,
          p.remainingYen,
        ]),
      )
      .join("") +
    "\r\n" +
    csvLine(ENTRY_HEADERS) +
    ledger.entries.map(entryLine).join("")
  );
}
