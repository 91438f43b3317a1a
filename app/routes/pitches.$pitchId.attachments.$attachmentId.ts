// Attachment download: authorised at every request (public pitch, or the owner's private view), never inline.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/auth/guards.server";
import { attachmentResponse, openAttachmentForDownload } from "~/domain/pitches/pitch-attachments.files.server";
import { handle } from "~/web/http.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await getActor(request);
  const file = await openAttachmentForDownload(actor, params.pitchId ?? "", params.attachmentId ?? "");
  return attachmentResponse(file);
});
