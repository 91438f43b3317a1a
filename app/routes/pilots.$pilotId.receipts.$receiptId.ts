// Receipt download of an expenditure report: authorised at every request through findPilotForActor (the company, the
// municipality, or an operator, audited); another organisation's receipt, or an unknown id, is 404; never inline.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/auth/guards.server";
import { openExpenditureReceipt } from "~/domain/expenditures/expenditure-receipts.files.server";
import { attachmentResponse } from "~/domain/pitches/pitch-attachments.files.server";
import { handle } from "~/web/http.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await getActor(request);
  const file = await openExpenditureReceipt(actor, params.pilotId ?? "", params.receiptId ?? "");
  return attachmentResponse(file);
});
