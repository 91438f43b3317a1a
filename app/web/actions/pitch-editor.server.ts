// The actions of the pitch pages, kept out of the route modules: parse (strictly), call one command, redirect.
import { json } from "@remix-run/node";
import type { z } from "zod";
import { type MemberActor, can } from "~/auth/permissions";
import type { NoticeCode } from "~/web/notices";
import type { Refusal } from "~/web/http.server";
import { intent, intentOf, runIntent } from "~/web/intents.server";
import { deleteObject } from "~/lib/storage.server";
import { isMultipart, runUploadForm } from "~/web/uploads.server";
import { ARRAY_FIELDS, PitchFieldsSchema, pitchFormObject } from "~/domain/pitches/pitch.schema";
import type { PitchFormValues } from "~/domain/pitches/pitch-fields.schema";
import { PITCH_SECTION_IDS } from "~/domain/pitches/pitch-sections.data";
import { changeNoteSchema, PitchLifecycleSchema } from "~/domain/pitches/pitch-lifecycle.schema";
import { MAX_ATTACHMENT_BYTES } from "~/domain/pitches/pitch-limits.schema";
import { deleteAttachment, uploadAttachment } from "~/domain/pitches/pitch-attachments.files.server";
import {
  archivePitch,
  closePitch,
  createDraft,
  deleteDraft,
  markMatched,
  markNotMatched,
  publishPitch,
  reconfirmPitch,
  reopenPitch,
  revisePitch,
  saveDraft,
} from "~/domain/pitches/pitches.commands.server";
import { readForm } from "~/web/input.server";

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
    } else if (typeof formData.get(key) === "string") values[key] = String(formData.get(key));
  }
  return values;
}

/** Refusals keep the pitch form's own values (checkbox groups as lists), so the editor shows what was typed. */
function refuse(refusal: Refusal, formData: FormData) {
  return json<PitchFormFailure>(
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

/** The pitch fields of a form; every other name (status, organizationId ...) is refused. */
function parseFields(formData: FormData, allowedExtra: readonly string[]) {
  const unknown = [...new Set(formData.keys())].filter((k) => !FIELD_NAMES.includes(k) && !allowedExtra.includes(k));
  if (unknown.length > 0) return refused({ formError: UNKNOWN_FIELDS });
  const parsed = PitchFieldsSchema.safeParse(pitchFormObject(formData));
  if (parsed.success) return { ok: true as const, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
  return refused({ fieldErrors, formError: "入力内容を確認してください。" });
}

const base = (pitchId: string) => `/municipality/pitches/${pitchId}`;

/** The section a 「ここまでを下書き保存」 button came from (`?section=`), to return to it; anything else is ignored. */
function sectionHash(request: Request): string | undefined {
  const section = new URL(request.url).searchParams.get("section");
  return section && PITCH_SECTION_IDS.includes(section) ? `section-${section}` : undefined;
}

export async function newPitchAction(actor: MemberActor, request: Request) {
  const formData = await readForm(request);
  return runIntent(
    formData,
    {
      save: intent({
        parse: (form) => parseFields(form, ["intent"]),
        run: (fields) => createDraft(actor, fields),
        done: (pitch) => ({ path: base(pitch.id), notice: "pitch-created", hash: sectionHash(request) }),
      }),
    },
    { refuse, unknown: "操作の内容が正しくありません。" },
  );
}

function uploadAction(actor: MemberActor, pitchId: string, request: Request) {
  return runUploadForm(request, {
    intent: "uploadAttachment",
    field: "file",
    limits: { maxFileBytes: MAX_ATTACHMENT_BYTES },
    noFile: "添付するファイルを選んでください。",
    run: (file) => uploadAttachment(actor, pitchId, file),
    done: { path: base(pitchId), notice: "attachment-added" },
    refuse,
  });
}

/** A lifecycle button's form: only its intent and its own field; a wrong field is shown beside it. */
function parseLifecycle(formData: FormData) {
  const object: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string") object[key] = value;
  const parsed = PitchLifecycleSchema.safeParse(object);
  if (parsed.success) return { ok: true as const, data: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue && issue.code !== "unrecognized_keys" ? String(issue.path[0] ?? "") : "";
  return refused(
    issue?.code === "unrecognized_keys"
      ? { formError: UNKNOWN_FIELDS }
      : field && field !== "intent"
        ? { fieldErrors: { [field]: issue!.message } }
        : { formError: "操作を選んでください。" },
  );
}

type Lifecycle = z.infer<typeof PitchLifecycleSchema>;

/** Every intent of the edit page. The pitch has already been loaded for this actor (another's is a 404). */
export async function editPitchAction(actor: MemberActor, pitchId: string, request: Request) {
  if (isMultipart(request)) return uploadAction(actor, pitchId, request);
  const formData = await readForm(request);
  if (intentOf(formData) === "publish" && !can(actor, { action: "pitch.publish" })) {
    const formError =
      "組織の確認が済むまでピッチは公開できません。下書きとして保存し、運営事務局の確認をお待ちください。";
    return refuse({ fieldErrors: {}, formError, status: 403 }, formData);
  }
  const done = (notice: NoticeCode) => ({ path: base(pitchId), notice });
  const lifecycle = (run: (input: Lifecycle) => Promise<unknown>, notice: NoticeCode) =>
    intent({ parse: parseLifecycle, run, done: done(notice) });
  return runIntent(
    formData,
    {
      save: intent({
        parse: (form) => parseFields(form, ["intent"]),
        run: (fields) => saveDraft(actor, pitchId, fields),
        done: { ...done("pitch-saved"), hash: sectionHash(request) },
      }),
      publish: intent({
        parse: (form) => parseFields(form, ["intent"]),
        run: (fields) => publishPitch(actor, pitchId, fields),
        done: done("pitch-published"),
      }),
      revise: intent({
        parse: (form) => {
          const fields = parseFields(form, ["intent", "changeNote"]);
          if (!fields.ok) return fields;
          const note = changeNoteSchema.safeParse(String(form.get("changeNote") ?? ""));
          if (!note.success) return refused({ fieldErrors: { changeNote: note.error.issues[0]!.message } });
          return { ok: true, data: { fields: fields.data, changeNote: note.data } };
        },
        run: (input) => revisePitch(actor, pitchId, input),
        done: done("pitch-revised"),
      }),
      close: lifecycle(() => closePitch(actor, pitchId), "pitch-closed"),
      reopen: lifecycle(
        (input) =>
          reopenPitch(actor, pitchId, { proposalDeadline: input.intent === "reopen" ? input.reopenDeadline : null }),
        "pitch-reopened",
      ),
      markMatched: lifecycle(() => markMatched(actor, pitchId), "pitch-matched"),
      markNotMatched: lifecycle(() => markNotMatched(actor, pitchId), "pitch-not-matched"),
      archive: lifecycle(() => archivePitch(actor, pitchId), "pitch-archived"),
      reconfirm: lifecycle(() => reconfirmPitch(actor, pitchId), "pitch-reconfirmed"),
      deleteDraft: intent({
        parse: parseLifecycle,
        run: async () => {
          const keys = await deleteDraft(actor, pitchId);
          await Promise.all(keys.map((key) => deleteObject(key)));
        },
        done: { path: "/municipality/pitches", notice: "pitch-deleted" },
      }),
      deleteAttachment: lifecycle(
        (input) => deleteAttachment(actor, pitchId, input.intent === "deleteAttachment" ? input.attachmentId : ""),
        "attachment-removed",
      ),
    },
    { refuse, unknown: "操作を選んでください。" },
  );
}
