// The one parser of upload forms (multipart/form-data). Files are accepted only in the fields the caller names, each
// within a size limit, at most `maxFiles` of them and `maxTotalBytes` together; text fields are small; the number of
// parts is capped. Files stay in memory: the caller checks their content (magic bytes) and stores them under
// server-generated names (storage.server.ts). A refusal comes back as a reason and a Japanese message, never a throw.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { formatBytes } from "~/lib/format";
import type { UploadedFile } from "~/lib/uploaded-file";

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
export type UploadFormResult = { ok: true; formData: FormData } | ({ ok: false; values: Record<string, string> } & UploadRefusal);

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
      throw new UploadLimitError({ reason: "too_many_files", field: name, message: `一度に添付できるファイルは${maxFiles}件までです。` });
    }
    const limit = isFile ? limits.maxFileBytes : maxTextBytes;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > limit) {
        throw new UploadLimitError(
          isFile
            ? { reason: "file_too_large", field: name, message: `ファイルが大きすぎます。${formatBytes(limits.maxFileBytes)}以下のファイルを選んでください。` }
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

  try {
    return { ok: true, formData: await unstable_parseMultipartFormData(request, handler) };
  } catch (error) {
    if (error instanceof UploadLimitError) return { ok: false, values, ...error.refusal };
    // Not multipart, a broken body, or a client that went away.
    return { ok: false, values, ...unreadable() };
  }
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
