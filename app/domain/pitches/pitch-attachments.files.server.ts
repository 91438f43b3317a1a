// Attachments of a pitch: upload (type by content, size limit), delete, and the download check done every time.
import { isUuid } from "~/lib/uuid";
import { randomUUID } from "node:crypto";
import type { AttachmentContentType } from "@db/schema";
import { type MemberActor, type Actor, can, assertCan } from "~/auth/permissions";
import { recordAudit, type AuditEntry } from "~/domain/audit/audit.commands.server";
import { db, inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { getObject, storeThenRecord, recordThenDelete } from "~/lib/storage.server";
import { lockOwnPitch } from "./pitches.commands.server";
import { PUBLIC_STATUSES } from "./pitch.rules";

import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_PITCH } from "./pitch-limits.schema";
import type { Executor } from "@db/database.server";

/** The type of a file by its first bytes (never by its name or the browser's claim). */
export function sniffContentType(bytes: Uint8Array): AttachmentContentType | null {
  const starts = (signature: number[]) => signature.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  return null;
}

/** A file name safe to keep and show: no folders, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, 200);
  return cleaned || "添付ファイル";
}

/** Checks an uploaded document (a file, within the size limit, a PDF, PNG or JPEG by its content): its type. */
export function checkDocument(file: { bytes: Uint8Array }): AttachmentContentType {
  if (file.bytes.byteLength === 0) throw new AppError("bad_request", "ファイルを選んでください。", { field: "file" });
  if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES) {
    throw new AppError("bad_request", "ファイルが大きすぎます。10MB以下のファイルを選んでください。", {
      field: "file",
    });
  }
  const contentType = sniffContentType(file.bytes);
  if (!contentType)
    throw new AppError("bad_request", "添付できるのはPDF、PNG、JPEGのファイルだけです。", { field: "file" });
  return contentType;
}

/** Refuses one more attachment when `count` already reach the limit (checked inside the transaction). */
export function assertRoomForAttachment(count: string | number, limit: number): void {
  if (Number(count) >= limit)
    throw new AppError("bad_request", `添付できるファイルは${limit}件までです。`, { field: "file" });
}

/** The columns every stored file's row has: its cleaned name, type by content, size, storage key and author. */
export function storedFileColumns(
  file: { name: string; bytes: Uint8Array },
  contentType: AttachmentContentType,
  key: string,
  userId: string,
) {
  return {
    original_name: cleanFileName(file.name),
    content_type: contentType,
    size_bytes: file.bytes.byteLength,
    storage_key: key,
    created_by: userId,
  };
}

/**
 * The end of removing a stored file's row inside its transaction: not found when nothing was deleted, else the audit
 * row (`field`: from its name to nothing); returns the storage key of the file to delete once the transaction has
 * committed (recordThenDelete).
 */
export async function auditFileRemoval(
  trx: Executor,
  actor: MemberActor,
  audit: { organizationId: string; action: string; entityType: string; entityId: string; field: string },
  removed: { storage_key: string; original_name: string } | undefined,
  notFound = "添付ファイルが見つかりません。",
): Promise<string> {
  if (!removed) throw new AppError("not_found", notFound);
  const { field, ...row } = audit;
  await recordAudit(trx, { actor, ...row, changes: { [field]: { from: removed.original_name, to: null } } });
  return removed.storage_key;
}

/** auditFileRemoval for a pitch's or a proposal's attachment. */
export function auditAttachmentRemoval(
  trx: Executor,
  actor: MemberActor,
  owner: { organizationId: string; entityType: "pitch" | "proposal"; entityId: string },
  removed: { storage_key: string; original_name: string } | undefined,
): Promise<string> {
  const action = `${owner.entityType}.attachment_remove`;
  return auditFileRemoval(trx, actor, { ...owner, action, field: "attachment" }, removed);
}

/** The audit row of an added attachment, in its transaction; returns the attachment. */
export async function auditAttachmentAdded<
  A extends { original_name: string; content_type: string; size_bytes: number },
>(
  trx: Executor,
  actor: MemberActor,
  owner: { organizationId: string; entityType: "pitch" | "proposal"; entityId: string },
  attachment: A,
): Promise<A> {
  await recordAudit(trx, {
    actor,
    organizationId: owner.organizationId,
    action: `${owner.entityType}.attachment_add`,
    entityType: owner.entityType,
    entityId: owner.entityId,
    changes: {
      attachment: { from: null, to: attachment.original_name },
      content_type: attachment.content_type,
      size_bytes: attachment.size_bytes,
    },
  });
  return attachment;
}

export async function uploadAttachment(actor: MemberActor, pitchId: string, file: { name: string; bytes: Uint8Array }) {
  assertCan(actor, { action: "pitch.edit", organizationId: actor.membership.organizationId });
  const contentType = checkDocument(file);
  return storeThenRecord(file.bytes, (key) =>
    inTransaction(async (trx) => {
      const pitch = await lockOwnPitch(trx, actor, pitchId);
      if (pitch.status === "archived") throw new AppError("conflict", "アーカイブしたピッチには添付できません。");
      const count = await trx
        .selectFrom("pitch_attachment")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("pitch_id", "=", pitch.id)
        .executeTakeFirstOrThrow();
      assertRoomForAttachment(count.n, MAX_ATTACHMENTS_PER_PITCH);
      const attachment = await trx
        .insertInto("pitch_attachment")
        .values({
          id: randomUUID(),
          pitch_id: pitch.id,
          organization_id: pitch.organization_id,
          ...storedFileColumns(file, contentType, key, actor.userId),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const owner = { organizationId: pitch.organization_id, entityType: "pitch", entityId: pitch.id } as const;
      return auditAttachmentAdded(trx, actor, owner, attachment);
    }),
  );
}

export async function deleteAttachment(actor: MemberActor, pitchId: string, attachmentId: string) {
  assertCan(actor, { action: "pitch.edit", organizationId: actor.membership.organizationId });
  if (!isUuid(attachmentId)) throw new AppError("not_found", "添付ファイルが見つかりません。");
  await recordThenDelete(() =>
    inTransaction(async (trx) => {
      const pitch = await lockOwnPitch(trx, actor, pitchId);
      const removed = await trx
        .deleteFrom("pitch_attachment")
        .where("id", "=", attachmentId)
        .where("pitch_id", "=", pitch.id)
        .where("organization_id", "=", actor.membership.organizationId)
        .returning(["storage_key", "original_name"])
        .executeTakeFirst();
      return auditAttachmentRemoval(
        trx,
        actor,
        { organizationId: pitch.organization_id, entityType: "pitch", entityId: pitch.id },
        removed,
      );
    }),
  );
}

export async function listAttachments(pitchId: string, organizationId: string) {
  return db()
    .selectFrom("pitch_attachment")
    .select(["id", "original_name", "content_type", "size_bytes", "created_at"])
    .where("pitch_id", "=", pitchId)
    .where("organization_id", "=", organizationId)
    .orderBy("created_at")
    .execute();
}

/**
 * Checked at every download: anyone may fetch an attachment of a pitch in a public status; otherwise only those
 * who may see the owner's private pitches. Everything else, a foreign id pair included, is "not found".
 */
export async function openAttachmentForDownload(actor: Actor | null, pitchId: string, attachmentId: string) {
  const missing = () => new AppError("not_found", "添付ファイルが見つかりません。");
  if (!isUuid(pitchId) || !isUuid(attachmentId)) throw missing();
  const row = await db()
    .selectFrom("pitch_attachment")
    .innerJoin("pitch", "pitch.id", "pitch_attachment.pitch_id")
    .select(["pitch_attachment.original_name", "pitch_attachment.content_type"])
    .select(["pitch_attachment.storage_key", "pitch.status", "pitch.organization_id"])
    .where("pitch_attachment.id", "=", attachmentId)
    .where("pitch_attachment.pitch_id", "=", pitchId)
    .executeTakeFirst();
  if (!row) throw missing();
  const allowed =
    PUBLIC_STATUSES.includes(row.status) ||
    can(actor, { action: "pitch.viewPrivate", organizationId: row.organization_id });
  if (!allowed) throw missing();
  const bytes = await getObject(row.storage_key);
  if (!bytes) throw missing();
  return { name: row.original_name, contentType: row.content_type, bytes };
}

/** RFC 5987/6266: an ASCII fallback and the UTF-8 name, percent-encoded. */
/** A confidential or public attachment as a download: never inline, never sniffed, never cached by a shared cache. */
export function attachmentResponse(file: { bytes: Uint8Array; contentType: string; name: string }): Response {
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Content-Disposition": contentDisposition(file.name),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}

export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_") || "attachment";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export interface StoredFileRow {
  original_name: string;
  content_type: string;
  storage_key: string;
}

/**
 * A stored file for download, checked at every request: the ids must be UUIDs, `gate` must let the actor reach the
 * owner (a pilot, a proposal) and `find` must find the row under it. An operator's read (support, moderation) writes
 * the audit row `supportRead` describes. Anything else, a foreign id pair included, is `missing`, like an unknown id.
 */
export async function openGatedFile<A extends { side: string }, R extends StoredFileRow>(
  actor: Actor | null,
  ids: readonly string[],
  missingMessage: string,
  steps: {
    gate: (trx: Executor) => Promise<A | null | undefined>;
    find: (trx: Executor, access: A) => Promise<R | undefined>;
    supportRead?: (access: NoInfer<A>, row: NoInfer<R>) => Omit<AuditEntry, "actor">;
  },
): Promise<{ name: string; contentType: string; bytes: Uint8Array }> {
  const missing = () => new AppError("not_found", missingMessage);
  if (!ids.every(isUuid)) throw missing();
  return inTransaction(async (trx) => {
    const access = await steps.gate(trx);
    if (!access) throw missing();
    const row = await steps.find(trx, access);
    if (!row) throw missing();
    if (access.side === "operator" && steps.supportRead) {
      await recordAudit(trx, { actor, ...steps.supportRead(access, row) });
    }
    const bytes = await getObject(row.storage_key);
    if (!bytes) throw missing();
    return { name: row.original_name, contentType: row.content_type, bytes };
  });
}
