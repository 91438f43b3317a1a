// Attachments of a proposal (and of its thread's messages): confidential. Uploaded by the proposing company while it
// may still change the proposal; downloaded only through findProposalForActor, checked at every request.
import { isUuid } from "~/lib/uuid";
import { randomUUID } from "node:crypto";
import type { MemberActor, Actor } from "~/auth/permissions";
import {
  assertRoomForAttachment,
  auditAttachmentAdded,
  checkDocument,
  storedFileColumns,
  auditAttachmentRemoval,
  openGatedFile,
} from "~/domain/pitches/pitch-attachments.files.server";
import { db, inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { storeThenRecord, recordThenDelete } from "~/lib/storage.server";
import { findProposalForActor, type AccessibleProposal } from "./proposals.access.server";
import { lockOwnProposal } from "./proposals.commands.server";
import { changeRefusal } from "./proposal.rules";
import type { Executor } from "@db/database.server";

export const MAX_ATTACHMENTS_PER_PROPOSAL = 10;

export async function uploadProposalAttachment(
  actor: MemberActor,
  proposalId: string,
  file: { name: string; bytes: Uint8Array },
  now = new Date(),
) {
  const contentType = checkDocument(file);
  return storeThenRecord(file.bytes, (key) =>
    inTransaction(async (trx) => {
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
      const owner = {
        organizationId: proposal.organization_id,
        entityType: "proposal",
        entityId: proposal.id,
      } as const;
      return auditAttachmentAdded(trx, actor, owner, attachment);
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
  await recordThenDelete(() =>
    inTransaction(async (trx) => {
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
      const owner = {
        organizationId: proposal.organization_id,
        entityType: "proposal",
        entityId: proposal.id,
      } as const;
      return auditAttachmentRemoval(trx, actor, owner, removed);
    }),
  );
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

/** The audit row of an operator reading an attachment for moderation. */
const moderationRead = (access: AccessibleProposal, row: { id: string; original_name: string }) => ({
  organizationId: access.proposal.organization_id,
  action: "proposal.attachment_moderation_download",
  entityType: "proposal",
  entityId: access.proposal.id,
  changes: { attachment_id: row.id, original_name: row.original_name },
});

/**
 * Checked at every download, through the one gate: the proposing company, the pitch owner (not for drafts), or an
 * operator (audited by the gate). Message attachments are served alike. Anything else is "not found".
 */
export async function openProposalAttachment(actor: Actor | null, proposalId: string, attachmentId: string) {
  return openGatedFile(actor, [proposalId, attachmentId], "添付ファイルが見つかりません。", {
    gate: (trx: Executor) => findProposalForActor(trx, actor, proposalId),
    find: (trx: Executor, access: AccessibleProposal) =>
      trx
        .selectFrom("proposal_attachment")
        .select(["id", "original_name", "content_type", "storage_key", "message_id"])
        .where("id", "=", attachmentId)
        .where("proposal_id", "=", access.proposal.id)
        .executeTakeFirst(),
    supportRead: moderationRead,
  });
}
