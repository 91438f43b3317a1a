import type { LoaderFunctionArgs } from "@remix-run/node";
import { pilotLedger, pilotLedgerCsv } from "~/domain/funding/ledgers.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";
import { requirePilotViewer } from "~/web/pilot-guards.server";

/** GET /pilots/<id>/ledger.csv: the pilot's ledger for both parties, UTF-8 with a BOM and CRLF lines (opens in Excel). */
export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { access } = await requirePilotViewer(request, params);
  const ledger = await pilotLedger(db(), access.pilot.id);
  return new Response(pilotLedgerCsv(access.pilot.title, ledger), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="pilot-ledger-${access.pilot.id}.csv"; filename*=UTF-8''${encodeURIComponent(`台帳_${access.pilot.title}.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
});
