// Proposal (and thread message) attachment download: confidential, authorised at every request through
// findProposalForActor (the company, the pitch owner, or an operator, audited); never inline; 404 otherwise.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/auth/guards.server";
import { contentDisposition } from "~/domain/pitches/pitch-attachments.server";
import { openProposalAttachment } from "~/domain/proposals/proposal-attachments.server";
import { handle } from "~/lib/http.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await getActor(request);
  const file = await openProposalAttachment(actor, params.proposalId ?? "", params.attachmentId ?? "");
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Content-Disposition": contentDisposition(file.name),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
});
