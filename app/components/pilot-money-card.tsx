import type { ReactNode } from "react";
import type { PilotMoney } from "~/domain/funding/pilot-money.queries.server";

/** A pilot's money in one card (allocated, scheduled, paid), the same figures on the pilot's page and the bureau's. */
export function PilotMoneyCard({
  money,
  formatAmount,
  children,
}: {
  money: PilotMoney;
  formatAmount: (yen: number) => string;
  /** What follows the figures: a link on, or the definition. */
  children?: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby="money-heading">
      <h2 id="money-heading">資金</h2>
      <dl className="facts">
        <dt>配分額</dt>
        <dd>{formatAmount(money.allocatedYen)}</dd>
        <dt>支払予定の合計</dt>
        <dd>{formatAmount(money.scheduledYen)}</dd>
        <dt>支払済み</dt>
        <dd>{formatAmount(money.disbursedYen)}</dd>
      </dl>
      {children}
    </section>
  );
}
