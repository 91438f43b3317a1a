import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/guards.server";
import { getReviewPitch } from "~/domain/reviews/reviews.queries.server";
import { buildSelectionRecord, selectionRecordCsv } from "~/domain/reviews/selection-record.export.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

/** GET /municipality/pitches/<id>/selection-record.csv: the selection record as UTF-8 CSV with a BOM, CRLF lines. */
export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const record = await buildSelectionRecord(db(), actor, pitch);
  return new Response(selectionRecordCsv(record), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="selection-record-${pitch.id}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
});
