// The actions of the proposal editor, kept out of the route module: parse strictly, call one command, redirect.
import { json, redirect } from "@remix-run/node";
import type { MemberActor } from "~/auth/permissions";
import { withNotice, type NoticeCode } from "~/web/notices";
import { MAX_ATTACHMENT_BYTES } from "~/domain/pitches/pitch-limits";
import { AppError } from "~/lib/errors";
import { isMultipart, parseUploadForm, uploadedFile } from "~/web/uploads.server";
import { deleteProposalAttachment, uploadProposalAttachment } from "./proposal-attachments.server";
import { ProposalFieldsError, SUBMIT_NEEDS_VERIFICATION, reviseProposal, saveProposalDraft, submitProposal, withdrawProposal } from "./proposals.commands.server";
import {
  DeleteAttachmentSchema,
  FIELD_INTENTS,
  FIELD_NAMES,
  fieldsToContent,
  LIST_FIELDS,
  proposalFormObject,
  ProposalFieldsSchema,
  WithdrawSchema,
  type FieldIntent,
} from "./proposals.schema";

export type ProposalFormValues = Record<string, string | string[]>;

export interface ProposalFormFailure {
  fieldErrors: Record<string, string>;
  formError?: string;
  values: ProposalFormValues;
}

export const UNKNOWN_FIELDS = "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。";

function submittedValues(formData: FormData): ProposalFormValues {
  const values: ProposalFormValues = {};
  for (const key of [...FIELD_NAMES, "reason", "attestation"]) {
    if ((LIST_FIELDS as readonly string[]).includes(key)) {
      if (formData.has(key)) values[key] = formData.getAll(key).filter((v): v is string => typeof v === "string");
    } else if (typeof formData.get(key) === "string") values[key] = String(formData.get(key));
  }
  return values;
}

function failure(formData: FormData, fail: { fieldErrors?: Record<string, string>; formError?: string }, status = 400) {
  return json<ProposalFormFailure>({ fieldErrors: fail.fieldErrors ?? {}, formError: fail.formError, values: submittedValues(formData) }, { status });
}

/** Command errors as messages on the page; 403 and 404 stay thrown Responses. */
function commandFailure(error: unknown, formData: FormData) {
  if (error instanceof ProposalFieldsError) return failure(formData, { fieldErrors: error.fieldErrors, formError: error.publicMessage });
  if (error instanceof AppError && error.code === "forbidden" && error.publicMessage === SUBMIT_NEEDS_VERIFICATION) {
    return failure(formData, { formError: error.publicMessage }, 403);
  }
  if (error instanceof AppError && (error.code === "bad_request" || error.code === "conflict")) {
    return failure(formData, error.field ? { fieldErrors: { [error.field]: error.publicMessage } } : { formError: error.publicMessage });
  }
  throw error;
}

const base = (proposalId: string) => `/company/proposals/${proposalId}`;

async function uploadAction(actor: MemberActor, proposalId: string, request: Request) {
  const empty = new FormData();
  const parsed = await parseUploadForm(request, { fileFields: ["file"], maxFileBytes: MAX_ATTACHMENT_BYTES });
  if (!parsed.ok) return failure(empty, parsed.field ? { fieldErrors: { [parsed.field]: parsed.message } } : { formError: parsed.message });
  const formData = parsed.formData;
  const unknown = [...new Set(formData.keys())].filter((k) => k !== "intent" && k !== "file");
  if (unknown.length > 0 || formData.get("intent") !== "uploadAttachment") return failure(empty, { formError: UNKNOWN_FIELDS });
  const file = await uploadedFile(formData, "file");
  if (!file || file.bytes.byteLength === 0) return failure(empty, { fieldErrors: { file: "添付するファイルを選んでください。" } });
  try {
    await uploadProposalAttachment(actor, proposalId, file);
    return redirect(withNotice(base(proposalId), "proposal-attachment-added"));
  } catch (error) {
    return commandFailure(error, empty);
  }
}

/** Every intent of the editor. The proposal has already been found for this actor (another's is a 404). */
export async function editProposalAction(actor: MemberActor, proposalId: string, request: Request) {
  if (isMultipart(request)) return uploadAction(actor, proposalId, request);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  try {
    if ((FIELD_INTENTS as readonly string[]).includes(intent)) {
      const strict = intent !== "save";
      const parsed = ProposalFieldsSchema.safeParse(proposalFormObject(formData, ["intent", "attestation"]));
      if (!parsed.success) {
        const unknown = parsed.error.issues.some((i) => i.code === "unrecognized_keys");
        if (unknown) return failure(formData, { formError: UNKNOWN_FIELDS });
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
        return failure(formData, { fieldErrors, formError: "入力内容を確認してください。" });
      }
      if (strict && formData.has("attestation") && formData.get("attestation") !== "on") return failure(formData, { formError: UNKNOWN_FIELDS });
      const { content, fieldErrors } = fieldsToContent(parsed.data);
      if (Object.keys(fieldErrors).length > 0) return failure(formData, { fieldErrors, formError: "入力内容を確認してください。" });
      const attested = formData.get("attestation") === "on";
      const kind = intent as FieldIntent;
      let notice: NoticeCode;
      if (kind === "save") {
        await saveProposalDraft(actor, proposalId, content);
        notice = "proposal-saved";
      } else if (kind === "submit") {
        await submitProposal(actor, proposalId, content, { attested });
        notice = "proposal-submitted";
      } else {
        await reviseProposal(actor, proposalId, content, { attested });
        notice = "proposal-revised";
      }
      return redirect(withNotice(base(proposalId), notice));
    }
    const object: Record<string, string> = {};
    for (const [key, value] of formData.entries()) if (typeof value === "string") object[key] = value;
    if (intent === "withdraw") {
      const parsed = WithdrawSchema.safeParse(object);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return failure(formData, issue.code === "unrecognized_keys" ? { formError: UNKNOWN_FIELDS } : { fieldErrors: { reason: issue.message } });
      }
      await withdrawProposal(actor, proposalId, parsed.data.reason);
      return redirect(withNotice(base(proposalId), "proposal-withdrawn"));
    }
    if (intent === "deleteAttachment") {
      const parsed = DeleteAttachmentSchema.safeParse(object);
      if (!parsed.success) return failure(formData, { formError: parsed.error.issues[0]?.code === "unrecognized_keys" ? UNKNOWN_FIELDS : "添付ファイルが見つかりません。" });
      await deleteProposalAttachment(actor, proposalId, parsed.data.attachmentId);
      return redirect(withNotice(base(proposalId), "proposal-attachment-removed"));
    }
    return failure(formData, { formError: "操作を選んでください。" });
  } catch (error) {
    return commandFailure(error, formData);
  }
}
