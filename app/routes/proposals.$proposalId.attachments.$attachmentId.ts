// Proposal (and thread message) attachment download: confidential, authorised at every request through
// findProposalForActor (the company, the pitch owner, or an operator, audited); never inline; 404 otherwise.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/auth/guards.server";
import { attachmentResponse } from "~/domain/pitches/pitch-attachments.files.server";
import { openProposalAttachment } from "~/domain/proposals/proposal-attachments.files.server";
import { handle } from "~/web/http.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await getActor(request);
  const file = await openProposalAttachment(actor, params.proposalId ?? "", params.attachmentId ?? "");
  return attachmentResponse(file);
});
