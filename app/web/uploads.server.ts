// The one parser of upload forms (multipart/form-data). Files are accepted only in the fields the caller names, each
// within a size limit, at most `maxFiles` of them and `maxTotalBytes` together; text fields are small; the number of
// parts is capped. Files stay in memory: the caller checks their content (magic bytes) and stores them under
// server-generated names (storage.server.ts). A refusal comes back as a reason and a Japanese message; text the input
// boundary refuses (control characters, see input.server.ts) is thrown as a 400 that `handle` returns to the form.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { formatBytes } from "~/lib/format";
import { formValues } from "~/lib/forms";
import type { UploadedFile } from "~/lib/uploaded-file";
import { formFailure, type Refusal } from "./http.server";
import { checkedForm } from "./input.server";
import { runForm, type Done, type RunOptions } from "./intents.server";

export interface UploadLimits {
  /** The fields that may carry files; a file in any other field is dropped unread. */
  fileFields: readonly string[];
  /** The size limit of one file. */
  maxFileBytes: number;
  /** How many files in all (default 1). */
  maxFiles?: number;
  /** The size limit of all files together (default maxFileBytes × maxFiles). */
  maxTotalBytes?: number;
  /** The size limit of one text field (default 1MB). */
  maxTextBytes?: number;
  /** How many parts the form may have (default 300). */
  maxParts?: number;
}

export type UploadRefusal =
  | { reason: "file_too_large"; field: string; message: string }
  | { reason: "too_many_files"; field: string; message: string }
  | { reason: "total_too_large"; field: string; message: string }
  | { reason: "unreadable"; field: null; message: string };

/** A refusal also gives back the text fields read before it, so that the form can be shown again with them. */
export type UploadFormResult =
  { ok: true; formData: FormData } | ({ ok: false; values: Record<string, string> } & UploadRefusal);

export const UNREADABLE_UPLOAD = "ファイルを受け取れませんでした。もう一度お試しください。";

export function isMultipart(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

class UploadLimitError extends Error {
  constructor(readonly refusal: UploadRefusal) {
    super(refusal.message);
  }
}

export async function parseUploadForm(request: Request, limits: UploadLimits): Promise<UploadFormResult> {
  const maxFiles = limits.maxFiles ?? 1;
  const maxTotalBytes = limits.maxTotalBytes ?? limits.maxFileBytes * maxFiles;
  const maxTextBytes = limits.maxTextBytes ?? 1024 * 1024;
  const maxParts = limits.maxParts ?? 300;
  const unreadable = (): UploadRefusal => ({ reason: "unreadable", field: null, message: UNREADABLE_UPLOAD });
  let parts = 0;
  let files = 0;
  let totalBytes = 0;
  const values: Record<string, string> = {};

  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    parts += 1;
    if (parts > maxParts) throw new UploadLimitError(unreadable());
    const isFile = typeof filename === "string";
    if (isFile && !limits.fileFields.includes(name)) return undefined;
    // A file input left empty sends a part without a name and without bytes: no file at all.
    if (isFile && filename !== "" && ++files > maxFiles) {
      throw new UploadLimitError({
        reason: "too_many_files",
        field: name,
        message: `一度に添付できるファイルは${maxFiles}件までです。`,
      });
    }
    const limit = isFile ? limits.maxFileBytes : maxTextBytes;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > limit) {
        throw new UploadLimitError(
          isFile
            ? {
                reason: "file_too_large",
                field: name,
                message: `ファイルが大きすぎます。${formatBytes(limits.maxFileBytes)}以下のファイルを選んでください。`,
              }
            : unreadable(),
        );
      }
      if (isFile) {
        totalBytes += chunk.byteLength;
        if (totalBytes > maxTotalBytes) {
          throw new UploadLimitError({
            reason: "total_too_large",
            field: name,
            message: `ファイルの合計が大きすぎます。合計${formatBytes(maxTotalBytes)}以下になるように選んでください。`,
          });
        }
      }
      chunks.push(chunk);
    }
    if (!isFile) {
      const text = await new Blob(chunks as BlobPart[]).text();
      values[name] ??= text;
      return text;
    }
    if (filename === "" && size === 0) return undefined;
    return new File(chunks as BlobPart[], filename!, { type: contentType });
  };

  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof UploadLimitError) return { ok: false, values, ...error.refusal };
    // Not multipart, a broken body, or a client that went away.
    return { ok: false, values, ...unreadable() };
  }
  // The text fields and file names pass the same checks as every other form (a refusal is thrown: see checkedForm).
  return { ok: true, formData: checkedForm(formData, { maxFieldChars: maxTextBytes }) };
}

/** The files of a field, read into memory (empty file inputs are not files). */
export async function uploadedFiles(formData: FormData, field: string): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  for (const value of formData.getAll(field)) {
    if (typeof value === "string") continue;
    files.push({ name: (value as File).name ?? "", bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return files;
}

/** The one file of a field, or null. */
export async function uploadedFile(formData: FormData, field: string): Promise<UploadedFile | null> {
  return (await uploadedFiles(formData, field))[0] ?? null;
}

export interface UploadIntent<R> {
  /** The one intent the upload form posts, and the field of its file. */
  intent: string;
  field: string;
  limits: Omit<UploadLimits, "fileFields">;
  /** Text fields the form may carry besides `intent` (a caption). */
  textFields?: readonly string[];
  /** The message beside the file field when no file was chosen (and, optionally, when the file is too large). */
  noFile: string;
  tooLarge?: string;
  run: (file: UploadedFile, text: Record<string, string>) => Promise<R>;
  done: Done | ((result: R) => Done);
  /** The values a refusal shows again (default: the text fields read). */
  values?: (text: Record<string, string>) => Record<string, string>;
  refuse?: RunOptions["refuse"];
}

/** Runs an upload form (one file field and a few text fields) through the same steps as every other form. */
export async function runUploadForm<R>(request: Request, upload: UploadIntent<R>): Promise<Response> {
  const allowed = ["intent", upload.field, ...(upload.textFields ?? [])];
  const valuesOf = (text: Record<string, string>) => {
    const values = upload.values?.(text) ?? text;
    const form = new FormData();
    for (const [key, value] of Object.entries(values)) form.set(key, value);
    return form;
  };
  const refuse = (refusal: Refusal, text: Record<string, string>) =>
    (upload.refuse ?? ((r: Refusal, form: FormData) => formFailure({ ...r, values: formValues(form) }, r.status)))(
      refusal,
      valuesOf(text),
    );
  const parsed = await parseUploadForm(request, { ...upload.limits, fileFields: [upload.field] });
  if (!parsed.ok) {
    const text = Object.fromEntries(Object.entries(parsed.values).filter(([key]) => allowed.includes(key)));
    const message = parsed.reason === "file_too_large" && upload.tooLarge ? upload.tooLarge : parsed.message;
    return refuse(
      {
        fieldErrors: parsed.field ? { [parsed.field]: message } : {},
        formError: parsed.field ? undefined : message,
        status: 400,
      },
      text,
    );
  }
  const { formData } = parsed;
  const text: Record<string, string> = {};
  for (const key of upload.textFields ?? [])
    text[key] = typeof formData.get(key) === "string" ? String(formData.get(key)) : "";
  const unknown = [...new Set(formData.keys())].filter((k) => !allowed.includes(k));
  if (unknown.length > 0 || formData.get("intent") !== upload.intent)
    return refuse({ fieldErrors: {}, formError: UNKNOWN_UPLOAD_FIELDS, status: 400 }, text);
  const file = await uploadedFile(formData, upload.field);
  if (!file || file.bytes.byteLength === 0)
    return refuse({ fieldErrors: { [upload.field]: upload.noFile }, status: 400 }, text);
  return runForm(
    formData,
    { parse: () => ({ ok: true, data: file }), run: (f) => upload.run(f, text), done: upload.done },
    { refuse: (refusal) => refuse(refusal, text) },
  );
}

const UNKNOWN_UPLOAD_FIELDS =
  "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。";
