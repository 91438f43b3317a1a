// The negotiation thread of a proposal: messages (and attachments) between the proposing company and the pitch's
// municipality. Confidential like the proposal: read through findProposalForActor; each side is told of the other's
// messages in-app and by an e-mail that never carries the message itself.
import { isUuid } from "~/lib/uuid";
import { randomUUID } from "node:crypto";
import type { MemberActor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { cleanFileName, sniffContentType } from "~/domain/pitches/pitch-attachments.files.server";
import { MAX_ATTACHMENT_BYTES } from "~/domain/pitches/pitch-limits.schema";
import { db, inTransaction } from "~/lib/db.server";
import { siteUrl } from "~/lib/site-url.server";
import { AppError } from "~/lib/errors";
import { hit, limits } from "~/lib/rate-limit.server";
import { deleteObject, putObject } from "~/lib/storage.server";
import { findProposalForActor } from "./proposals.access.server";
import { mayPostIn, threadNotFound } from "./threads.queries.server";

/** Posts a message (with at most one attachment) and tells the other side's members. */
export async function postMessage(
  actor: MemberActor,
  proposalId: string,
  input: { body: string; file?: { name: string; bytes: Uint8Array } | null },
  now = new Date(),
): Promise<string> {
  if (!isUuid(proposalId)) throw threadNotFound();
  const file = input.file && input.file.bytes.byteLength > 0 ? input.file : null;
  const contentType = file ? sniffContentType(file.bytes) : null;
  if (file && file.bytes.byteLength > MAX_ATTACHMENT_BYTES) {
    throw new AppError("bad_request", "ファイルが大きすぎます。10MB以下のファイルを選んでください。", {
      field: "file",
    });
  }
  if (file && !contentType)
    throw new AppError("bad_request", "添付できるのはPDF、PNG、JPEGのファイルだけです。", { field: "file" });
  const throttle = await hit(`proposal-message:user:${actor.userId}`, limits.proposalMessagePerUser, now);
  if (throttle.limited) {
    throw new AppError("rate_limited", "メッセージの送信が多すぎます。しばらく待ってからもう一度お試しください。", {
      field: "body",
    });
  }
  const key = file ? await putObject(file.bytes) : null;
  try {
    return await inTransaction(async (trx) => {
      const found = await findProposalForActor(trx, actor, proposalId);
      if (!found) throw threadNotFound();
      const { proposal, side } = found;
      if (side === "operator") throw new AppError("forbidden", "運営事務局はメッセージを送信できません。");
      if (!mayPostIn(actor, side, proposal)) {
        throw new AppError(
          "conflict",
          proposal.status === "withdrawn"
            ? "取り下げられた提案にはメッセージを送れません。"
            : "提出された提案にだけメッセージを送れます。",
        );
      }
      const messageId = randomUUID();
      await trx
        .insertInto("proposal_message")
        .values({
          id: messageId,
          proposal_id: proposal.id,
          organization_id: actor.membership.organizationId,
          sender_id: actor.userId,
          body: input.body,
          created_at: now,
        })
        .execute();
      if (file && key && contentType) {
        await trx
          .insertInto("proposal_attachment")
          .values({
            id: randomUUID(),
            proposal_id: proposal.id,
            message_id: messageId,
            organization_id: actor.membership.organizationId,
            original_name: cleanFileName(file.name),
            content_type: contentType,
            size_bytes: file.bytes.byteLength,
            storage_key: key,
            created_by: actor.userId,
          })
          .execute();
      }
      // The sender has read everything up to their own message.
      await trx
        .insertInto("proposal_thread_read")
        .values({ proposal_id: proposal.id, user_id: actor.userId, read_at: now })
        .onConflict((oc) => oc.columns(["proposal_id", "user_id"]).doUpdateSet({ read_at: now }))
        .execute();
      await recordAudit(trx, {
        actor,
        organizationId: actor.membership.organizationId,
        action: "proposal.message",
        entityType: "proposal",
        entityId: proposal.id,
        changes: { message_id: messageId, attachment: file ? cleanFileName(file.name) : null },
      });
      const otherOrganizationId = side === "company" ? proposal.pitch_organization_id : proposal.organization_id;
      const recipients = await trx
        .selectFrom("membership")
        .innerJoin("app_user", "app_user.id", "membership.user_id")
        .select(["app_user.id", "app_user.email"])
        .where("membership.organization_id", "=", otherOrganizationId)
        .execute();
      const linkPath = `/proposals/${proposal.id}/thread`;
      const title = `メッセージが届きました: ${proposal.title || "提案"}`;
      const body = `${actor.membership.organizationName}からメッセージが届きました。`;
      for (const r of recipients) {
        await createNotification(trx, {
          userId: r.id,
          kind: "proposal_message",
          title: title.slice(0, 200),
          body,
          linkPath,
        });
        await queueEmail(trx, {
          to: r.email,
          subject: "【ガバメントピッチ】提案についてメッセージが届きました",
          // Never the message itself: it is confidential and stays behind the sign-in.
          body: [body, "", `メッセージを読む（ログインが必要です）: ${siteUrl()}${linkPath}`].join("\n"),
        });
      }
      return messageId;
    });
  } catch (error) {
    if (key) await deleteObject(key);
    throw error;
  }
}

/** Marks the thread read for one of its two sides' members (the page posts it once shown). */
export async function markThreadRead(actor: MemberActor, proposalId: string, now = new Date()): Promise<void> {
  const found = await findProposalForActor(db(), actor, proposalId);
  if (!found || found.side === "operator") throw threadNotFound();
  await db()
    .insertInto("proposal_thread_read")
    .values({ proposal_id: found.proposal.id, user_id: actor.userId, read_at: now })
    .onConflict((oc) => oc.columns(["proposal_id", "user_id"]).doUpdateSet({ read_at: now }))
    .execute();
}
