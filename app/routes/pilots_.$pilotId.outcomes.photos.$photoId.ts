// A photo of an outcome report: authorised at every request through the pilot gate (the two parties, or an operator,
// audited); checked PNG/JPEG shown inline (or downloaded with ?download=1) with nosniff and a sandboxing CSP; 404 else.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/auth/guards.server";
import { openOutcomePhoto, photoResponse } from "~/domain/outcomes/outcome-photos.files.server";
import { handle } from "~/web/http.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await getActor(request);
  const file = await openOutcomePhoto(actor, params.pilotId ?? "", params.photoId ?? "");
  return photoResponse(file, new URL(request.url).searchParams.get("download") === "1");
});
