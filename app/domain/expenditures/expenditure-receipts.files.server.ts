// Receipts of expenditure reports: checked by content (magic bytes) and size before anything is stored, kept under
// server-generated names (storage.server.ts), and authorised at every download through findPilotForActor.
import type { AttachmentContentType } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { cleanFileName, sniffContentType, openGatedFile } from "~/domain/pitches/pitch-attachments.files.server";
import { findPilotForActor, type AccessiblePilot } from "~/domain/pilots/pilots.access.server";
import { AppError } from "~/lib/errors";
import { deleteObject, putObject } from "~/lib/storage.server";
import type { UploadedFile } from "~/lib/uploaded-file";
import {
  MAX_RECEIPT_BYTES,
  MAX_RECEIPTS_PER_REPORT,
  MAX_RECEIPTS_TOTAL_BYTES,
  RECEIPT_REQUIRED,
} from "./expenditures.schema";
import { formatBytes } from "~/lib/format";
import type { Executor } from "@db/database.server";

export interface CheckedReceipt {
  name: string;
  contentType: AttachmentContentType;
  bytes: Uint8Array;
}

/** Refuses (field "receipts") no receipt, too many, an empty or too large file, or one that is not a PDF, PNG or JPEG. */
export function checkReceipts(files: readonly UploadedFile[]): CheckedReceipt[] {
  const refuse = (message: string) => new AppError("bad_request", message, { field: "receipts" });
  if (files.length === 0) throw refuse(RECEIPT_REQUIRED);
  if (files.length > MAX_RECEIPTS_PER_REPORT)
    throw refuse(`領収書は1回の報告につき${MAX_RECEIPTS_PER_REPORT}件まで添付できます。`);
  let total = 0;
  return files.map((file) => {
    const name = cleanFileName(file.name);
    if (file.bytes.byteLength === 0) throw refuse(`「${name}」は空のファイルです。`);
    if (file.bytes.byteLength > MAX_RECEIPT_BYTES)
      throw refuse(`「${name}」が大きすぎます。1件${formatBytes(MAX_RECEIPT_BYTES)}以下にしてください。`);
    total += file.bytes.byteLength;
    if (total > MAX_RECEIPTS_TOTAL_BYTES)
      throw refuse(`領収書の合計が大きすぎます。合計${formatBytes(MAX_RECEIPTS_TOTAL_BYTES)}以下にしてください。`);
    const contentType = sniffContentType(file.bytes);
    if (!contentType)
      throw refuse(`「${name}」はPDF・PNG・JPEGのファイルではありません。領収書はPDF・PNG・JPEGで添付してください。`);
    return { name, contentType, bytes: file.bytes };
  });
}

/** Stores the checked receipts; returns their storage keys in order. On failure, removes what was stored. */
export async function storeReceipts(receipts: readonly CheckedReceipt[]): Promise<string[]> {
  const keys: string[] = [];
  try {
    for (const receipt of receipts) keys.push(await putObject(receipt.bytes));
    return keys;
  } catch (error) {
    await removeStoredReceipts(keys);
    throw error;
  }
}

export async function removeStoredReceipts(keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => deleteObject(key)));
}

/** The audit row of an operator reading a receipt for support. */
const supportRead = (access: AccessiblePilot, row: { id: string; report_id: string; original_name: string }) => ({
  organizationId: access.pilot.municipality_id,
  action: "expenditure.receipt_support_download",
  entityType: "expenditure_report",
  entityId: row.report_id,
  changes: { receipt_id: row.id, original_name: row.original_name },
});

/**
 * A receipt for download, checked at every request through the one gate to the pilot: the company, the municipality,
 * or an operator (audited). Another pilot's receipt, or another organisation's, is "not found" like an unknown id.
 */
export async function openExpenditureReceipt(actor: Actor | null, pilotId: string, receiptId: string) {
  return openGatedFile(actor, [pilotId, receiptId], "領収書が見つかりません。", {
    gate: (trx: Executor) => findPilotForActor(trx, actor, pilotId),
    find: (trx: Executor, access: AccessiblePilot) =>
      trx
        .selectFrom("expenditure_receipt")
        .select(["id", "report_id", "original_name", "content_type", "storage_key"])
        .where("id", "=", receiptId)
        .where("pilot_id", "=", access.pilot.id)
        .executeTakeFirst(),
    supportRead,
  });
}
