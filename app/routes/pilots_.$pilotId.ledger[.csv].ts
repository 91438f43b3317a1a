import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/guards.server";
import { pilotLedger, pilotLedgerCsv } from "~/domain/funding/ledgers.queries.server";
import { findPilotForActor, pilotNotFound } from "~/domain/pilots/pilots.access.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

/** GET /pilots/<id>/ledger.csv: the pilot's ledger for both parties, UTF-8 with a BOM and CRLF lines (opens in Excel). */
export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const access = await findPilotForActor(db(), actor, params.pilotId ?? "");
  if (!access) throw pilotNotFound();
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
