// The entries of a ledger (a pilot's or a budget's) as an accessible table; amounts signed from the budget's side.
import { formatDateTime, formatSignedYen } from "~/lib/format";
import { TableWrap } from "~/components/table-wrap";
import { LEDGER_KIND_LABELS } from "~/domain/funding/funding.schema";
import type { LedgerEntryRow } from "~/domain/funding/ledgers.queries.server";

type LedgerEntryView = Omit<LedgerEntryRow, "fiscalYear">;

/** "−¥2,000,000（200万円）" for a reversing entry. */

/** `withPilot` adds the pilot's column (a budget's ledger); `withRecorder` the person who recorded each entry. */
export function LedgerEntries({
  entries,
  label,
  withPilot = false,
  withRecorder = false,
}: {
  entries: LedgerEntryView[];
  label: string;
  withPilot?: boolean;
  withRecorder?: boolean;
}) {
  if (entries.length === 0) return <p className="empty">まだ記録はありません。</p>;
  return (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">日時</th>
            {withPilot ? <th scope="col">実証</th> : null}
            <th scope="col">区分</th>
            <th scope="col">支払予定</th>
            <th scope="col" className="num">
              金額
            </th>
            <th scope="col">摘要</th>
            {withRecorder ? <th scope="col">記録者</th> : null}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.createdAt)}</td>
              {withPilot ? <td>{e.pilotTitle}</td> : null}
              <td>{LEDGER_KIND_LABELS[e.kind]}</td>
              <td>{e.milestoneTitle ?? "—"}</td>
              <td className="num">{formatSignedYen(e.amountYen)}</td>
              <td>{e.memo}</td>
              {withRecorder ? <td>{e.createdByName ?? "（システム）"}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
