import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { toApiPitch } from "~/domain/pitches/pitches.export.server";
import { parseSearchStrict, searchToParams } from "~/domain/pitches/pitches.search.schema";
import { searchPitches } from "~/domain/pitches/pitches.search.queries.server";
import { db } from "~/lib/db.server";
import { appUrl, handle } from "~/web/http.server";

/** GET /api/v1/pitches: public pitches as open data (docs/api.md). Same parameters as /pitches. */
export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const parsed = parseSearchStrict(new URL(request.url).searchParams);
  const headers = { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60" };
  if (!parsed.ok) return json({ error: { code: "bad_request", messages: parsed.errors } }, { status: 400, headers });
  const { search } = parsed;
  const base = appUrl(request);
  const result = await searchPitches(db(), search);
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const withQuery = (path: string, page: number) => {
    const query = searchToParams(search, { page }).toString();
    return `${base}${path}${query ? `?${query}` : ""}`;
  };
  const link = (page: number) => withQuery("/api/v1/pitches", page);
  return json(
    {
      data: result.rows.map((row) => toApiPitch(row, base)),
      page: result.page,
      pageSize: result.pageSize,
      total: result.total,
      links: {
        self: link(result.page),
        first: link(1),
        last: link(pages),
        prev: result.page > 1 ? link(Math.min(result.page - 1, pages)) : null,
        next: result.page < pages ? link(result.page + 1) : null,
        csv: withQuery("/api/v1/pitches.csv", 1),
      },
    },
    { headers },
  );
});
