// Photos of an outcome report: PNG or JPEG (checked by their first bytes, never by name or browser type), at most
// MAX_PHOTO_BYTES each and MAX_PHOTOS_PER_REPORT per report, stored under server-generated keys (storage.server.ts).
// Added and removed by the author side while the report may change; served only through the pilot gate, every time.
import { isUuid } from "~/lib/uuid";
import { randomUUID } from "node:crypto";
import type { MemberActor, Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import {
  auditFileRemoval,
  cleanFileName,
  contentDisposition,
  openGatedFile,
} from "~/domain/pitches/pitch-attachments.files.server";
import { findPilotForActor, type AccessiblePilot } from "~/domain/pilots/pilots.access.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { deleteObject, putObject, recordThenDelete } from "~/lib/storage.server";
import { MAX_PHOTO_BYTES, MAX_PHOTOS_PER_REPORT, PhotoCaptionSchema } from "./outcomes.schema";
import { lockEditableReport } from "./reports.commands.server";
import type { Executor } from "@db/database.server";

export const PHOTO_TYPE_REFUSED = "写真はPNGまたはJPEGの画像ファイルを選んでください。";
export const PHOTO_TOO_LARGE = `ファイルが大きすぎます。${MAX_PHOTO_BYTES / 1024 / 1024}MB以下のファイルを選んでください。`;

/** The image type by content: PNG's 8-byte signature or JPEG's SOI marker. Anything else is refused. */
export function sniffPhotoType(bytes: Uint8Array): "image/png" | "image/jpeg" | null {
  const starts = (signature: number[]) => bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  return null;
}

export async function uploadOutcomePhoto(
  actor: MemberActor,
  pilotId: string,
  reportId: string,
  file: { name: string; bytes: Uint8Array },
  captionText: string,
  now = new Date(),
): Promise<string> {
  if (file.bytes.byteLength === 0)
    throw new AppError("bad_request", "写真のファイルを選んでください。", { field: "photo" });
  if (file.bytes.byteLength > MAX_PHOTO_BYTES) throw new AppError("bad_request", PHOTO_TOO_LARGE, { field: "photo" });
  const contentType = sniffPhotoType(file.bytes);
  if (!contentType) throw new AppError("bad_request", PHOTO_TYPE_REFUSED, { field: "photo" });
  const caption = PhotoCaptionSchema.safeParse(captionText);
  if (!caption.success)
    throw new AppError("bad_request", caption.error.issues[0]?.message ?? "説明を確認してください。", {
      field: "caption",
    });
  const key = await putObject(file.bytes);
  try {
    return await inTransaction(async (trx) => {
      const { access, report } = await lockEditableReport(trx, actor, pilotId, reportId);
      const count = await trx
        .selectFrom("outcome_photo")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("report_id", "=", report.id)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_PHOTOS_PER_REPORT)
        throw new AppError("bad_request", `写真は1つの報告に${MAX_PHOTOS_PER_REPORT}枚まで添付できます。`, {
          field: "photo",
        });
      const id = randomUUID();
      const name = cleanFileName(file.name);
      await trx
        .insertInto("outcome_photo")
        .values({
          id,
          report_id: report.id,
          pilot_id: access.pilot.id,
          organization_id: actor.membership.organizationId,
          original_name: name,
          content_type: contentType,
          size_bytes: file.bytes.byteLength,
          storage_key: key,
          caption: caption.data,
          created_by: actor.userId,
          created_at: now,
        })
        .execute();
      await recordAudit(trx, {
        actor,
        organizationId: actor.membership.organizationId,
        action: "outcome.photo_add",
        entityType: "outcome_report",
        entityId: report.id,
        changes: { photo: { from: null, to: name }, content_type: contentType, size_bytes: file.bytes.byteLength },
      });
      return id;
    });
  } catch (error) {
    await deleteObject(key);
    throw error;
  }
}

export async function removeOutcomePhoto(
  actor: MemberActor,
  pilotId: string,
  reportId: string,
  photoId: string,
): Promise<void> {
  if (!isUuid(photoId)) throw new AppError("not_found", "写真が見つかりません。");
  await recordThenDelete(() =>
    inTransaction(async (trx) => {
      const { report } = await lockEditableReport(trx, actor, pilotId, reportId);
      const removed = await trx
        .deleteFrom("outcome_photo")
        .where("id", "=", photoId)
        .where("report_id", "=", report.id)
        .returning(["storage_key", "original_name"])
        .executeTakeFirst();
      const audit = { organizationId: actor.membership.organizationId, entityId: report.id, field: "photo" };
      const row = { ...audit, action: "outcome.photo_remove", entityType: "outcome_report" };
      return auditFileRemoval(trx, actor, row, removed, "写真が見つかりません。");
    }),
  );
}

/** A photo of the pilot for its parties (or an operator, audited by the gate); anything else is "not found". */
export async function openOutcomePhoto(actor: Actor | null, pilotId: string, photoId: string) {
  return openGatedFile(actor, [pilotId, photoId], "写真が見つかりません。", {
    gate: (trx: Executor) => findPilotForActor(trx, actor, pilotId),
    find: (trx: Executor, access: AccessiblePilot) =>
      trx
        .selectFrom("outcome_photo")
        .select(["original_name", "content_type", "storage_key"])
        .where("id", "=", photoId)
        .where("pilot_id", "=", access.pilot.id)
        .executeTakeFirst(),
  });
}

/**
 * The photo as a response: shown inline (it is a checked PNG or JPEG, so that <img> can show it) unless `download`,
 * with nosniff, a sandboxing CSP, a safe file name and no caching by shared caches.
 */
export function photoResponse(
  file: { name: string; contentType: string; bytes: Uint8Array },
  download: boolean,
): Response {
  const disposition = contentDisposition(file.name);
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Content-Disposition": download ? disposition : disposition.replace(/^attachment/, "inline"),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
