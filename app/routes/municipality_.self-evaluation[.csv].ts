import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember, requirePermission } from "~/auth/guards.server";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { parseFiscalYearQuery } from "~/domain/outcomes/self-evaluation.schema";
import { selfEvaluationCsv } from "~/domain/outcomes/self-evaluation.export.server";
import { getSelfEvaluation } from "~/domain/outcomes/self-evaluation.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

/** GET /municipality/self-evaluation.csv?fy=2026: the municipality's self-evaluation of one fiscal year (UTF-8 BOM, CRLF). */
export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "workspace.municipality" });
  const fiscalYear = parseFiscalYearQuery(new URL(request.url).searchParams.get("fy"), fiscalYearOf(new Date()));
  const rows = await getSelfEvaluation(db(), actor.membership.organizationId, fiscalYear);
  return new Response(selfEvaluationCsv(fiscalYear, rows), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="self-evaluation-${fiscalYear}.csv"; filename*=UTF-8''${encodeURIComponent(`自己評価_${fiscalYear}年度.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
});
