// Attachments of a proposal (and of its thread's messages): confidential. Uploaded by the proposing company while it
// may still change the proposal; downloaded only through findProposalForActor, checked at every request.
import { isUuid } from "~/lib/uuid";
import { randomUUID } from "node:crypto";
import type { MemberActor, Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import {
  assertRoomForAttachment,
  attachmentAdded,
  checkDocument,
  storedFileColumns,
} from "~/domain/pitches/pitch-attachments.files.server";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { deleteObject, getObject, storeThenRecord } from "~/lib/storage.server";
import { findProposalForActor } from "./proposals.access.server";
import { lockOwnProposal } from "./proposals.commands.server";
import { changeRefusal } from "./proposal.rules";

export const MAX_ATTACHMENTS_PER_PROPOSAL = 10;

export async function uploadProposalAttachment(
  actor: MemberActor,
  proposalId: string,
  file: { name: string; bytes: Uint8Array },
  now = new Date(),
) {
  const contentType = checkDocument(file);
  return storeThenRecord(file.bytes, (key) =>
    db()
      .transaction()
      .execute(async (trx) => {
        const { proposal, pitch, hasDecision } = await lockOwnProposal(trx, actor, proposalId);
        const refusal = changeRefusal(proposal, pitch, { hasDecision, now });
        if (refusal) throw new AppError("conflict", refusal);
        const count = await trx
          .selectFrom("proposal_attachment")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("proposal_id", "=", proposal.id)
          .where("message_id", "is", null)
          .executeTakeFirstOrThrow();
        assertRoomForAttachment(count.n, MAX_ATTACHMENTS_PER_PROPOSAL);
        const attachment = await trx
          .insertInto("proposal_attachment")
          .values({
            id: randomUUID(),
            proposal_id: proposal.id,
            message_id: null,
            organization_id: proposal.organization_id,
            ...storedFileColumns(file, contentType, key, actor.userId),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          actor,
          organizationId: proposal.organization_id,
          action: "proposal.attachment_add",
          entityType: "proposal",
          entityId: proposal.id,
          changes: attachmentAdded(attachment),
        });
        return attachment;
      }),
  );
}

export async function deleteProposalAttachment(
  actor: MemberActor,
  proposalId: string,
  attachmentId: string,
  now = new Date(),
) {
  if (!isUuid(attachmentId)) throw new AppError("not_found", "添付ファイルが見つかりません。");
  const key = await db()
    .transaction()
    .execute(async (trx) => {
      const { proposal, pitch, hasDecision } = await lockOwnProposal(trx, actor, proposalId);
      const refusal = changeRefusal(proposal, pitch, { hasDecision, now });
      if (refusal) throw new AppError("conflict", refusal);
      const removed = await trx
        .deleteFrom("proposal_attachment")
        .where("id", "=", attachmentId)
        .where("proposal_id", "=", proposal.id)
        .where("message_id", "is", null)
        .where("organization_id", "=", actor.membership.organizationId)
        .returning(["storage_key", "original_name"])
        .executeTakeFirst();
      if (!removed) throw new AppError("not_found", "添付ファイルが見つかりません。");
      await recordAudit(trx, {
        actor,
        organizationId: proposal.organization_id,
        action: "proposal.attachment_remove",
        entityType: "proposal",
        entityId: proposal.id,
        changes: { attachment: { from: removed.original_name, to: null } },
      });
      return removed.storage_key;
    });
  await deleteObject(key);
}

/** The proposal's own attachments (not those of thread messages). Call only after the proposal was authorised. */
export async function listProposalAttachments(proposalId: string) {
  return db()
    .selectFrom("proposal_attachment")
    .select(["id", "original_name", "content_type", "size_bytes", "created_at"])
    .where("proposal_id", "=", proposalId)
    .where("message_id", "is", null)
    .orderBy("created_at")
    .execute();
}

/**
 * Checked at every download, through the one gate: the proposing company, the pitch owner (not for drafts), or an
 * operator (audited by the gate). Message attachments are served alike. Anything else is "not found".
 */
export async function openProposalAttachment(actor: Actor | null, proposalId: string, attachmentId: string) {
  const missing = () => new AppError("not_found", "添付ファイルが見つかりません。");
  if (!isUuid(proposalId) || !isUuid(attachmentId)) throw missing();
  return db()
    .transaction()
    .execute(async (trx) => {
      const access = await findProposalForActor(trx, actor, proposalId);
      if (!access) throw missing();
      const row = await trx
        .selectFrom("proposal_attachment")
        .select(["id", "original_name", "content_type", "storage_key", "message_id"])
        .where("id", "=", attachmentId)
        .where("proposal_id", "=", access.proposal.id)
        .executeTakeFirst();
      if (!row) throw missing();
      if (access.side === "operator") {
        await recordAudit(trx, {
          actor: actor!,
          organizationId: access.proposal.organization_id,
          action: "proposal.attachment_moderation_download",
          entityType: "proposal",
          entityId: access.proposal.id,
          changes: { attachment_id: row.id, original_name: row.original_name },
        });
      }
      const bytes = await getObject(row.storage_key);
      if (!bytes) throw missing();
      return { name: row.original_name, contentType: row.content_type, bytes };
    });
}
