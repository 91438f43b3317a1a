import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listMunicipalityNames } from "~/domain/reference/reference.queries.server";
import { handle } from "~/web/http.server";

const QuerySchema = z.object({ prefecture: z.coerce.number().int().min(1).max(47) });

/** Public reference data: the municipalities of one prefecture, for the sign-up form's suggestions. */
export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const parsed = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return json({ error: "prefecture には 1〜47 の都道府県コードを指定してください。" }, { status: 400 });
  const municipalities = await listMunicipalityNames(parsed.data.prefecture);
  return json({ municipalities }, { headers: { "Cache-Control": "public, max-age=86400" } });
});
