import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { csvLine, csvRow, CSV_HEADERS } from "~/domain/pitches/pitches.export.server";
import { parseSearchStrict } from "~/domain/pitches/pitches.search.schema";
import { exportPitches } from "~/domain/pitches/pitches.search.queries.server";
import { db } from "~/lib/db.server";
import { appUrl, handle } from "~/web/http.server";

/**
 * GET /api/v1/pitches.csv: every public pitch that matches (up to EXPORT_MAX_ROWS; `page` is ignored), as
 * UTF-8 CSV with a BOM (Excel opens it as UTF-8), CRLF line ends and Japanese headers.
 */
export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const parsed = parseSearchStrict(new URL(request.url).searchParams);
  if (!parsed.ok) return json({ error: { code: "bad_request", messages: parsed.errors } }, { status: 400 });
  const base = appUrl(request);
  const search = { ...parsed.search, page: 1 };
  // Read in chunks before answering, so that a database error still becomes a proper error response.
  const parts: string[] = ["\uFEFF", csvLine(CSV_HEADERS)];
  for await (const pitch of exportPitches(db(), search)) parts.push(csvLine(csvRow(pitch, base)));
  return new Response(parts.join(""), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="pitches.csv"',
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=60",
    },
  });
});
