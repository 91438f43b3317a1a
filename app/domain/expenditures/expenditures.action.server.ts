// The actions of the expenditure pages, kept out of the route modules: the company's report (multipart, with
// receipts) and the municipality's review (approve / return). Parse strictly, call one command, redirect with a notice;
// bad input comes back beside its field with what was typed. The pilot was found for this actor by the route.
import { redirect } from "@remix-run/node";
import type { MemberActor } from "~/auth/permissions";
import { withNotice } from "~/web/notices";
import type { AccessiblePilot } from "~/domain/pilots/pilot-access.server";
import { AppError } from "~/lib/errors";
import { formValues, parseForm } from "~/lib/forms";
import { appErrorToFormFailure, formFailure } from "~/web/http.server";
import { isMultipart, parseUploadForm, uploadedFiles } from "~/web/uploads.server";
import { checkReceipts } from "./expenditure-receipts.server";
import {
  CHECK_INPUT,
  MAX_RECEIPT_BYTES,
  MAX_RECEIPTS_PER_REPORT,
  MAX_RECEIPTS_TOTAL_BYTES,
  parseExpenditureForm,
  ReviewExpenditureSchema,
} from "./expenditure.schema";
import { REVIEW_FORBIDDEN, reviewExpenditureReport, SUBMIT_FORBIDDEN, submitExpenditureReport } from "./expenditures.commands.server";
import { expenditureAbilities } from "./expenditures.server";

export const UNKNOWN_INTENT = "操作の内容が正しくありません。ページを再読み込みしてからやり直してください。";

export const expendituresPath = (pilotId: string) => `/pilots/${pilotId}/expenditures`;

/** Every intent of the expenditure pages; `back` is the page to return to after a review. */
export async function expendituresAction(actor: MemberActor, access: AccessiblePilot, request: Request, back: string) {
  const abilities = expenditureAbilities(actor, access);
  let formData: FormData;
  if (isMultipart(request)) {
    if (!abilities.canSubmit) throw new AppError("forbidden", SUBMIT_FORBIDDEN);
    const parsed = await parseUploadForm(request, {
      fileFields: ["receipts"],
      maxFileBytes: MAX_RECEIPT_BYTES,
      maxFiles: MAX_RECEIPTS_PER_REPORT,
      maxTotalBytes: MAX_RECEIPTS_TOTAL_BYTES,
    });
    if (!parsed.ok) {
      return formFailure(
        parsed.field
          ? { fieldErrors: { receipts: parsed.message }, formError: CHECK_INPUT, values: parsed.values }
          : { formError: parsed.message, values: parsed.values },
      );
    }
    formData = parsed.formData;
  } else {
    formData = await request.formData().catch(() => new FormData());
  }
  const values = formValues(formData);
  const intent = values.intent;

  if (intent === "submit") {
    if (!abilities.canSubmit) throw new AppError("forbidden", SUBMIT_FORBIDDEN);
    const parsed = parseExpenditureForm(values);
    const files = await uploadedFiles(formData, "receipts");
    if (!parsed.ok) {
      const fieldErrors = { ...parsed.fieldErrors };
      // Say what is wrong with the receipts too, so that one round trip shows every problem.
      try {
        checkReceipts(files);
      } catch (error) {
        if (error instanceof AppError && error.field) fieldErrors[error.field] = error.publicMessage;
      }
      return formFailure({ fieldErrors, formError: parsed.formError, values });
    }
    try {
      await submitExpenditureReport(actor, access.pilot.id, parsed.data, files);
    } catch (error) {
      return appErrorToFormFailure(error, values);
    }
    return redirect(`${withNotice(expendituresPath(access.pilot.id), "expenditure-submitted")}#milestone-${parsed.data.milestoneId}`);
  }

  if (intent === "approve" || intent === "return") {
    if (!abilities.canReview) throw new AppError("forbidden", REVIEW_FORBIDDEN);
    const parsed = parseForm(ReviewExpenditureSchema, formData);
    if (!parsed.ok) return formFailure({ ...parsed, formError: parsed.formError ?? CHECK_INPUT });
    try {
      await reviewExpenditureReport(actor, access.pilot.id, { reportId: parsed.data.reportId, decision: parsed.data.intent, comment: parsed.data.comment });
    } catch (error) {
      return appErrorToFormFailure(error, values);
    }
    return redirect(withNotice(back, parsed.data.intent === "approve" ? "expenditure-approved" : "expenditure-returned"));
  }

  return formFailure({ formError: UNKNOWN_INTENT, values });
}
