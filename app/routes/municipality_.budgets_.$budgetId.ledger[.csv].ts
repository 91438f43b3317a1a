import type { LoaderFunctionArgs } from "@remix-run/node";
import { isUuid } from "~/lib/uuid";
import { requireMember, requirePermission } from "~/auth/guards.server";
import { budgetLedger, budgetLedgerCsv } from "~/domain/funding/ledgers.queries.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";

/** GET /municipality/budgets/<id>/ledger.csv: the budget's ledger, UTF-8 with a BOM and CRLF lines (opens in Excel). */
export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "budget.view", organizationId: actor.membership.organizationId });
  const ledger = isUuid(params.budgetId ?? "")
    ? await budgetLedger(db(), actor.membership.organizationId, params.budgetId!)
    : null;
  if (!ledger) throw notFound("予算が見つかりません。");
  return new Response(budgetLedgerCsv(ledger), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="budget-ledger-${ledger.budget.fiscalYear}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
});
