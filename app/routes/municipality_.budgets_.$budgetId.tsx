import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isUuid } from "~/lib/uuid";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMember, requirePermission } from "~/auth/guards.server";
import { LedgerEntries } from "~/components/ledger-entries";
import { TableWrap } from "~/components/table-wrap";
import { formatYen } from "~/lib/format";
import { fiscalYearLabel } from "~/domain/funding/fiscal-year.rules";
import { budgetLedger } from "~/domain/funding/ledgers.queries.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? fiscalYearLabel(data.budget.fiscalYear) : ""}予算の台帳 | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "budget.view", organizationId: actor.membership.organizationId });
  const ledger = isUuid(params.budgetId ?? "")
    ? await budgetLedger(db(), actor.membership.organizationId, params.budgetId!)
    : null;
  if (!ledger) throw notFound("予算が見つかりません。");
  return json(ledger);
});

export default function BudgetLedger() {
  const { budget, pilots, entries } = useLoaderData<typeof loader>();
  const label = fiscalYearLabel(budget.fiscalYear);
  return (
    <>
      <Breadcrumbs trail={[{ to: "/municipality/budgets", label: "予算" }]} current={`${label}予算`} />
      <h1>{label}予算の台帳</h1>
      <section className="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading">集計</h2>
        <dl className="facts">
          <dt>予算額</dt>
          <dd>{formatYen(budget.amountYen)}</dd>
          <dt>配分済み</dt>
          <dd>{formatYen(budget.allocatedYen)}</dd>
          <dt>未配分</dt>
          <dd>{formatYen(budget.unallocatedYen)}</dd>
          <dt>支払済み</dt>
          <dd>{formatYen(budget.disbursedYen)}</dd>
          <dt>報告された支出（承認済み）</dt>
          <dd>{formatYen(budget.reportedSpendYen)}</dd>
        </dl>
        <p>
          <a href={`/municipality/budgets/${budget.id}/ledger.csv`} download>
            CSV をダウンロード（Excel で開けます）
          </a>
        </p>
      </section>
      <h2>実証ごとの内訳</h2>
      {pilots.length === 0 ? (
        <p className="empty">この予算からの配分はまだありません。実証の「資金・支払」から配分できます。</p>
      ) : (
        <TableWrap label="実証ごとの内訳">
          <table>
            <thead>
              <tr>
                <th scope="col">実証</th>
                <th scope="col">企業</th>
                <th scope="col" className="num">
                  配分額
                </th>
                <th scope="col" className="num">
                  支払予定
                </th>
                <th scope="col" className="num">
                  支払済み
                </th>
                <th scope="col" className="num">
                  報告された支出
                </th>
                <th scope="col" className="num">
                  残り
                </th>
              </tr>
            </thead>
            <tbody>
              {pilots.map((p) => (
                <tr key={p.pilotId}>
                  <td>
                    <Link to={`/pilots/${p.pilotId}/funding`}>{p.title}</Link>
                  </td>
                  <td>{p.companyName}</td>
                  <td className="num">{formatYen(p.allocatedYen)}</td>
                  <td className="num">{formatYen(p.scheduledYen)}</td>
                  <td className="num">{formatYen(p.disbursedYen)}</td>
                  <td className="num">{formatYen(p.reportedSpendYen)}</td>
                  <td className="num">{formatYen(p.remainingYen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>記録</h2>
      <LedgerEntries entries={entries} label="台帳の記録（古い順）" withPilot withRecorder />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
