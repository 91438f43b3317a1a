// The actions of the proposal editor, kept out of the route module: parse strictly, call one command, redirect.
import { json } from "@remix-run/node";
import type { MemberActor } from "~/auth/permissions";
import type { NoticeCode } from "~/web/notices";
import type { Refusal } from "~/web/http.server";
import { intent, runIntent } from "~/web/intents.server";
import { MAX_ATTACHMENT_BYTES } from "~/domain/pitches/pitch-limits.schema";
import { type AppError } from "~/lib/errors";
import { isMultipart, runUploadForm } from "~/web/uploads.server";
import {
  deleteProposalAttachment,
  uploadProposalAttachment,
} from "~/domain/proposals/proposal-attachments.files.server";
import {
  SUBMIT_NEEDS_VERIFICATION,
  reviseProposal,
  saveProposalDraft,
  submitProposal,
  withdrawProposal,
} from "~/domain/proposals/proposals.commands.server";
import {
  DeleteAttachmentSchema,
  FIELD_NAMES,
  fieldsToContent,
  LIST_FIELDS,
  proposalFormObject,
  ProposalFieldsSchema,
  WithdrawSchema,
} from "~/domain/proposals/proposals.schema";
import { readForm } from "~/web/input.server";

export type ProposalFormValues = Record<string, string | string[]>;

export interface ProposalFormFailure {
  fieldErrors: Record<string, string>;
  formError?: string;
  values: ProposalFormValues;
}

export const UNKNOWN_FIELDS =
  "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。";

function submittedValues(formData: FormData): ProposalFormValues {
  const values: ProposalFormValues = {};
  for (const key of [...FIELD_NAMES, "reason", "attestation"]) {
    if ((LIST_FIELDS as readonly string[]).includes(key)) {
      if (formData.has(key)) values[key] = formData.getAll(key).filter((v): v is string => typeof v === "string");
    } else if (typeof formData.get(key) === "string") values[key] = String(formData.get(key));
  }
  return values;
}

/** Refusals keep the editor's own values (KPI and cost rows as lists), so the form shows what was typed. */
function refuse(refusal: Refusal, formData: FormData) {
  return json<ProposalFormFailure>(
    { fieldErrors: refusal.fieldErrors, formError: refusal.formError, values: submittedValues(formData) },
    { status: refusal.status },
  );
}

/** A parse refusal (its values are taken from the form again by `refuse`). */
const refused = (fail: { fieldErrors?: Record<string, string>; formError?: string }) => ({
  ok: false as const,
  fieldErrors: fail.fieldErrors ?? {},
  formError: fail.formError,
  values: {},
});

/** The company is told on the form (403) that submitting waits for its verification; other 403s are error pages. */
const options = (formData: FormData) => ({
  refuse: (refusal: Refusal) => refuse(refusal, formData),
  showOnForm: (error: AppError) =>
    error.code === "forbidden" && error.publicMessage === SUBMIT_NEEDS_VERIFICATION ? 403 : undefined,
});

const base = (proposalId: string) => `/company/proposals/${proposalId}`;

function uploadAction(actor: MemberActor, proposalId: string, request: Request) {
  return runUploadForm(request, {
    intent: "uploadAttachment",
    field: "file",
    limits: { maxFileBytes: MAX_ATTACHMENT_BYTES },
    noFile: "添付するファイルを選んでください。",
    run: (file) => uploadProposalAttachment(actor, proposalId, file),
    done: { path: base(proposalId), notice: "proposal-attachment-added" },
    refuse,
  });
}

/** The editor's fields: every section and row, strictly (an unknown name is refused); the attestation box too. */
function parseContent(formData: FormData, strict: boolean) {
  const parsed = ProposalFieldsSchema.safeParse(proposalFormObject(formData, ["intent", "attestation"]));
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.code === "unrecognized_keys")) return refused({ formError: UNKNOWN_FIELDS });
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
    return refused({ fieldErrors, formError: "入力内容を確認してください。" });
  }
  if (strict && formData.has("attestation") && formData.get("attestation") !== "on")
    return refused({ formError: UNKNOWN_FIELDS });
  const { content, fieldErrors } = fieldsToContent(parsed.data);
  if (Object.keys(fieldErrors).length > 0) return refused({ fieldErrors, formError: "入力内容を確認してください。" });
  return { ok: true as const, data: { content, attested: formData.get("attestation") === "on" } };
}

function textFields(formData: FormData): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string") object[key] = value;
  return object;
}

/** Every intent of the editor. The proposal has already been found for this actor (another's is a 404). */
export async function editProposalAction(actor: MemberActor, proposalId: string, request: Request) {
  if (isMultipart(request)) return uploadAction(actor, proposalId, request);
  const formData = await readForm(request);
  const done = (notice: NoticeCode) => ({ path: base(proposalId), notice });
  return runIntent(
    formData,
    {
      save: intent({
        parse: (form) => parseContent(form, false),
        run: ({ content }) => saveProposalDraft(actor, proposalId, content),
        done: done("proposal-saved"),
      }),
      submit: intent({
        parse: (form) => parseContent(form, true),
        run: ({ content, attested }) => submitProposal(actor, proposalId, content, { attested }),
        done: done("proposal-submitted"),
      }),
      revise: intent({
        parse: (form) => parseContent(form, true),
        run: ({ content, attested }) => reviseProposal(actor, proposalId, content, { attested }),
        done: done("proposal-revised"),
      }),
      withdraw: intent({
        parse: (form) => {
          const parsed = WithdrawSchema.safeParse(textFields(form));
          if (parsed.success) return { ok: true, data: parsed.data };
          const issue = parsed.error.issues[0]!;
          return refused(
            issue.code === "unrecognized_keys"
              ? { formError: UNKNOWN_FIELDS }
              : { fieldErrors: { reason: issue.message } },
          );
        },
        run: (data) => withdrawProposal(actor, proposalId, data.reason),
        done: done("proposal-withdrawn"),
      }),
      deleteAttachment: intent({
        parse: (form) => {
          const parsed = DeleteAttachmentSchema.safeParse(textFields(form));
          if (parsed.success) return { ok: true, data: parsed.data };
          return refused({
            formError:
              parsed.error.issues[0]?.code === "unrecognized_keys" ? UNKNOWN_FIELDS : "添付ファイルが見つかりません。",
          });
        },
        run: (data) => deleteProposalAttachment(actor, proposalId, data.attachmentId),
        done: done("proposal-attachment-removed"),
      }),
    },
    { ...options(formData), unknown: "操作を選んでください。" },
  );
}
