import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/domain/pitches/pitch-attachments.files.server";
import { agreementDocument, agreementQuery } from "~/domain/pilots/agreement-page.queries.server";
import { renderAgreementPdf } from "~/components/agreement/agreement-pdf.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { requirePilotViewer } from "~/web/pilot-guards.server";

/** A name safe on every file system: no path separators or control characters, not too long. */
function fileName(title: string, version: number): string {
  const safe = title
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 60);
  return `実証協定書_${safe}_第${version}版.pdf`;
}

/** GET /pilots/<id>/agreement.pdf?version=N: one version of the agreement as an A4 PDF in Japanese, as a download. */
export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { access } = await requirePilotViewer(request, params);
  const document = await agreementDocument(access, agreementQuery(request));
  if (!document) throw notFound("協定書の版が見つかりません。");
  const bytes = await renderAgreementPdf(document);
  return attachmentResponse({
    bytes,
    contentType: "application/pdf",
    name: fileName(document.title, document.version.number),
  });
});
