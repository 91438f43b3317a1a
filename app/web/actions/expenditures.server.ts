// The actions of the expenditure pages, kept out of the route modules: the company's report (multipart, with
// receipts) and the municipality's review (approve / return). Parse strictly, call one command, redirect with a notice;
// bad input comes back beside its field with what was typed. The pilot was found for this actor by the route.
import type { MemberActor } from "~/auth/permissions";
import type { AccessiblePilot } from "~/domain/pilots/pilots.access.server";
import { AppError } from "~/lib/errors";
import { formValues } from "~/lib/forms";
import { formFailure } from "~/web/http.server";
import { intent, intentOf, runIntent } from "~/web/intents.server";
import { isMultipart, parseUploadForm, uploadedFiles } from "~/web/uploads.server";
import { checkReceipts } from "~/domain/expenditures/expenditure-receipts.files.server";
import {
  CHECK_INPUT,
  MAX_RECEIPT_BYTES,
  MAX_RECEIPTS_PER_REPORT,
  MAX_RECEIPTS_TOTAL_BYTES,
  parseExpenditureForm,
  ReviewExpenditureSchema,
} from "~/domain/expenditures/expenditures.schema";
import {
  REVIEW_FORBIDDEN,
  reviewExpenditureReport,
  SUBMIT_FORBIDDEN,
  submitExpenditureReport,
} from "~/domain/expenditures/expenditures.commands.server";
import { expenditureAbilities } from "~/domain/expenditures/expenditures.queries.server";
import { readForm } from "~/web/input.server";

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
    formData = await readForm(request);
  }
  const values = formValues(formData);
  const pilotId = access.pilot.id;
  const requested = intentOf(formData);
  if (requested === "submit" && !abilities.canSubmit) throw new AppError("forbidden", SUBMIT_FORBIDDEN);
  if ((requested === "approve" || requested === "return") && !abilities.canReview)
    throw new AppError("forbidden", REVIEW_FORBIDDEN);
  const files = requested === "submit" ? await uploadedFiles(formData, "receipts") : [];
  const review = intent({
    schema: ReviewExpenditureSchema,
    invalid: CHECK_INPUT,
    run: (data) =>
      reviewExpenditureReport(actor, pilotId, {
        reportId: data.reportId,
        decision: data.intent,
        comment: data.comment,
      }),
    done: { path: back, notice: requested === "approve" ? "expenditure-approved" : "expenditure-returned" },
  });
  return runIntent(formData, {
    submit: intent({
      parse: () => {
        const parsed = parseExpenditureForm(values);
        if (parsed.ok) return parsed;
        const fieldErrors = { ...parsed.fieldErrors };
        // Say what is wrong with the receipts too, so that one round trip shows every problem.
        try {
          checkReceipts(files);
        } catch (error) {
          if (error instanceof AppError && error.field) fieldErrors[error.field] = error.publicMessage;
        }
        return { ok: false, fieldErrors, formError: parsed.formError, values };
      },
      run: async (data) => (await submitExpenditureReport(actor, pilotId, data, files), data.milestoneId),
      done: (milestoneId) => ({
        path: expendituresPath(pilotId),
        notice: "expenditure-submitted",
        hash: `milestone-${milestoneId}`,
      }),
    }),
    approve: review,
    return: review,
  });
}
