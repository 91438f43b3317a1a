// The actions of the pitch pages, kept out of the route modules: parse (strictly), call one command, redirect.
import { json, redirect } from "@remix-run/node";
import type { MemberActor } from "~/auth/permissions";
import { can } from "~/auth/permissions";
import { withNotice, type NoticeCode } from "~/web/notices";
import { AppError } from "~/lib/errors";
import { deleteObject } from "~/lib/storage.server";
import { isMultipart, parseUploadForm, uploadedFile } from "~/web/uploads.server";
import { ARRAY_FIELDS, PitchFieldsSchema, pitchFormObject } from "./pitch.schema";
import type { PitchFormValues } from "./pitch-fields";
import { changeNoteSchema, PITCH_EDIT_INTENTS, PitchLifecycleSchema } from "./pitch-lifecycle.schema";
import { MAX_ATTACHMENT_BYTES } from "./pitch-limits";
import { deleteAttachment, uploadAttachment } from "./pitch-attachments.server";
import {
  archivePitch,
  closePitch,
  createDraft,
  deleteDraft,
  markMatched,
  markNotMatched,
  PitchFieldsError,
  publishPitch,
  reconfirmPitch,
  reopenPitch,
  revisePitch,
  saveDraft,
} from "./pitches.commands.server";

export interface PitchFormFailure {
  fieldErrors: Record<string, string>;
  formError?: string;
  values: PitchFormValues;
}

const FIELD_NAMES = Object.keys(PitchFieldsSchema.shape);
const UNKNOWN_FIELDS = "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。";

function submittedValues(formData: FormData): PitchFormValues {
  const values: PitchFormValues = {};
  // Checkbox groups only when the pitch form itself was posted (a lifecycle button must not untick them).
  const pitchForm = formData.has("title");
  for (const key of [...FIELD_NAMES, "changeNote", "reopenDeadline"]) {
    if ((ARRAY_FIELDS as readonly string[]).includes(key)) {
      if (pitchForm) values[key] = formData.getAll(key).map(String);
    }
    else if (typeof formData.get(key) === "string") values[key] = String(formData.get(key));
  }
  return values;
}

function failure(formData: FormData, fail: { fieldErrors?: Record<string, string>; formError?: string }, status = 400) {
  return json<PitchFormFailure>(
    { fieldErrors: fail.fieldErrors ?? {}, formError: fail.formError, values: submittedValues(formData) },
    { status },
  );
}

/** Command errors as messages on the page; 403 and 404 stay thrown Responses. */
function commandFailure(error: unknown, formData: FormData) {
  if (error instanceof PitchFieldsError) {
    return failure(formData, { fieldErrors: error.fieldErrors, formError: error.publicMessage });
  }
  if (error instanceof AppError && (error.code === "bad_request" || error.code === "conflict")) {
    return failure(formData, error.field ? { fieldErrors: { [error.field]: error.publicMessage } } : { formError: error.publicMessage });
  }
  throw error;
}

/** The pitch fields of a form; every other name (status, organizationId ...) is refused. */
function parseFields(formData: FormData, allowedExtra: readonly string[]) {
  const unknown = [...new Set(formData.keys())].filter((k) => !FIELD_NAMES.includes(k) && !allowedExtra.includes(k));
  if (unknown.length > 0) return { ok: false as const, fieldErrors: {}, formError: UNKNOWN_FIELDS };
  const parsed = PitchFieldsSchema.safeParse(pitchFormObject(formData));
  if (parsed.success) return { ok: true as const, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
  return { ok: false as const, fieldErrors, formError: "入力内容を確認してください。" };
}

const base = (pitchId: string) => `/municipality/pitches/${pitchId}`;

export async function newPitchAction(actor: MemberActor, request: Request) {
  const formData = await request.formData();
  if (formData.get("intent") !== "save") return failure(formData, { formError: "操作の内容が正しくありません。" });
  const parsed = parseFields(formData, ["intent"]);
  if (!parsed.ok) return failure(formData, parsed);
  try {
    const pitch = await createDraft(actor, parsed.data);
    return redirect(withNotice(base(pitch.id), "pitch-created"));
  } catch (error) {
    return commandFailure(error, formData);
  }
}

async function uploadAction(actor: MemberActor, pitchId: string, request: Request) {
  const empty = new FormData();
  const parsed = await parseUploadForm(request, { fileFields: ["file"], maxFileBytes: MAX_ATTACHMENT_BYTES });
  if (!parsed.ok) return failure(empty, parsed.field ? { fieldErrors: { [parsed.field]: parsed.message } } : { formError: parsed.message });
  const formData = parsed.formData;
  const unknown = [...new Set(formData.keys())].filter((k) => k !== "intent" && k !== "file");
  if (unknown.length > 0 || formData.get("intent") !== "uploadAttachment") return failure(empty, { formError: UNKNOWN_FIELDS });
  const file = await uploadedFile(formData, "file");
  if (!file || file.bytes.byteLength === 0) return failure(empty, { fieldErrors: { file: "添付するファイルを選んでください。" } });
  try {
    await uploadAttachment(actor, pitchId, file);
    return redirect(withNotice(base(pitchId), "attachment-added"));
  } catch (error) {
    return commandFailure(error, empty);
  }
}

/** Every intent of the edit page. The pitch has already been loaded for this actor (another's is a 404). */
export async function editPitchAction(actor: MemberActor, pitchId: string, request: Request) {
  if (isMultipart(request)) return uploadAction(actor, pitchId, request);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  try {
    if ((PITCH_EDIT_INTENTS as readonly string[]).includes(intent)) {
      const parsed = parseFields(formData, intent === "revise" ? ["intent", "changeNote"] : ["intent"]);
      if (intent === "publish" && !can(actor, { action: "pitch.publish" })) {
        return failure(formData, { formError: "組織の確認が済むまでピッチは公開できません。下書きとして保存し、運営事務局の確認をお待ちください。" }, 403);
      }
      if (!parsed.ok) return failure(formData, parsed);
      if (intent === "save") {
        await saveDraft(actor, pitchId, parsed.data);
        return redirect(withNotice(base(pitchId), "pitch-saved"));
      }
      if (intent === "publish") {
        await publishPitch(actor, pitchId, parsed.data);
        return redirect(withNotice(base(pitchId), "pitch-published"));
      }
      const note = changeNoteSchema.safeParse(String(formData.get("changeNote") ?? ""));
      if (!note.success) return failure(formData, { fieldErrors: { changeNote: note.error.issues[0]!.message } });
      await revisePitch(actor, pitchId, { fields: parsed.data, changeNote: note.data });
      return redirect(withNotice(base(pitchId), "pitch-revised"));
    }
    const object: Record<string, string> = {};
    for (const [key, value] of formData.entries()) if (typeof value === "string") object[key] = value;
    const parsed = PitchLifecycleSchema.safeParse(object);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue && issue.code !== "unrecognized_keys" ? String(issue.path[0] ?? "") : "";
      return failure(
        formData,
        issue?.code === "unrecognized_keys" ? { formError: UNKNOWN_FIELDS } : field && field !== "intent" ? { fieldErrors: { [field]: issue!.message } } : { formError: "操作を選んでください。" },
      );
    }
    const input = parsed.data;
    let notice: NoticeCode;
    switch (input.intent) {
      case "close":
        await closePitch(actor, pitchId);
        notice = "pitch-closed";
        break;
      case "reopen":
        await reopenPitch(actor, pitchId, { proposalDeadline: input.reopenDeadline });
        notice = "pitch-reopened";
        break;
      case "markMatched":
        await markMatched(actor, pitchId);
        notice = "pitch-matched";
        break;
      case "markNotMatched":
        await markNotMatched(actor, pitchId);
        notice = "pitch-not-matched";
        break;
      case "archive":
        await archivePitch(actor, pitchId);
        notice = "pitch-archived";
        break;
      case "reconfirm":
        await reconfirmPitch(actor, pitchId);
        notice = "pitch-reconfirmed";
        break;
      case "deleteDraft": {
        const keys = await deleteDraft(actor, pitchId);
        await Promise.all(keys.map((key) => deleteObject(key)));
        return redirect(withNotice("/municipality/pitches", "pitch-deleted"));
      }
      case "deleteAttachment":
        await deleteAttachment(actor, pitchId, input.attachmentId);
        notice = "attachment-removed";
        break;
    }
    return redirect(withNotice(base(pitchId), notice));
  } catch (error) {
    return commandFailure(error, formData);
  }
}
