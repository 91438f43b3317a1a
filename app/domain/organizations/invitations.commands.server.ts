import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB, MemberRole } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { ACCESS_LINK_MARKER, queueEmail } from "~/domain/mail/outbox.commands.server";
import { db, inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { hashToken, newToken } from "~/lib/tokens.server";

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

type MemberActor = Actor & { membership: NonNullable<Actor["membership"]> };

export async function inviteMember(actor: MemberActor, input: { email: string; role: MemberRole }, appUrl: string) {
  const organizationId = actor.membership.organizationId;
  const { token, hash } = newToken();
  const id = randomUUID();
  await inTransaction(async (trx) => {
    // Only our own members are looked up: whether an address belongs to another organisation is not ours to learn.
    const member = await trx
      .selectFrom("membership")
      .innerJoin("app_user", "app_user.id", "membership.user_id")
      .select("membership.user_id")
      .where("app_user.email", "=", input.email)
      .where("membership.organization_id", "=", organizationId)
      .executeTakeFirst();
    if (member) throw new AppError("conflict", "この方は既にメンバーです。", { field: "email" });
    await trx
      .insertInto("invitation")
      .values({
        id,
        organization_id: organizationId,
        email: input.email,
        role: input.role,
        token_hash: hash,
        invited_by: actor.userId,
        expires_at: new Date(Date.now() + INVITATION_LIFETIME_MS),
      })
      .execute();
    await queueEmail(trx, {
      to: input.email,
      subject: `【ガバメントピッチ・マッチング】${actor.membership.organizationName}への招待`,
      body: [
        `${actor.displayName} さんから「${actor.membership.organizationName}」への招待が届いています。`,
        "次のリンクから7日以内に参加してください。",
        ACCESS_LINK_MARKER,
      ].join("\n"),
      accessLink: `${appUrl}/invitations/${token}`,
    });
    await recordAudit(trx, {
      actor,
      organizationId,
      action: "invitation.create",
      entityType: "invitation",
      entityId: id,
      changes: { email: input.email, role: input.role },
    });
  });
  return { id, token };
}

export async function findOpenInvitation(token: string) {
  return db()
    .selectFrom("invitation")
    .innerJoin("organization", "organization.id", "invitation.organization_id")
    .select(["invitation.id", "invitation.email", "invitation.role"])
    .select(["organization.name as organizationName", "organization.kind"])
    .where("invitation.token_hash", "=", hashToken(token))
    .where("invitation.accepted_at", "is", null)
    .where("invitation.revoked_at", "is", null)
    .where("invitation.expires_at", ">", new Date())
    .executeTakeFirst();
}

/** Joins the invited organisation. The invitation is bound to the e-mail address it was sent to. */
export async function acceptInvitationIn(trx: Transaction<DB>, user: { userId: string; email: string }, token: string) {
  const invitation = await trx
    .updateTable("invitation")
    .set({ accepted_at: new Date() })
    .where("token_hash", "=", hashToken(token))
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date())
    .where("email", "=", user.email)
    .returning(["id", "organization_id", "role"])
    .executeTakeFirst();
  if (!invitation) {
    throw new AppError(
      "bad_request",
      "招待が無効です。期限切れか取り消された可能性があります。招待を受けたメールアドレスでご登録ください。",
    );
  }
  const existing = await trx
    .selectFrom("membership")
    .select("organization_id")
    .where("user_id", "=", user.userId)
    .executeTakeFirst();
  if (existing) throw new AppError("conflict", "既に別の組織に所属しているため、招待を受けられません。");
  await trx
    .insertInto("membership")
    .values({ user_id: user.userId, organization_id: invitation.organization_id, role: invitation.role })
    .execute();
  await recordAudit(trx, {
    actor: { userId: user.userId, membership: null },
    organizationId: invitation.organization_id,
    action: "invitation.accept",
    entityType: "membership",
    entityId: user.userId,
    changes: { role: { from: null, to: invitation.role }, invitation_id: invitation.id },
  });
  return invitation.organization_id;
}

export async function acceptInvitation(user: { userId: string; email: string }, token: string) {
  return inTransaction((trx) => acceptInvitationIn(trx, user, token));
}

export async function revokeInvitation(actor: MemberActor, invitationId: string) {
  await inTransaction(async (trx) => {
    const revoked = await trx
      .updateTable("invitation")
      .set({ revoked_at: new Date() })
      .where("id", "=", invitationId)
      .where("organization_id", "=", actor.membership.organizationId)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .returning("email")
      .executeTakeFirst();
    if (!revoked) throw new AppError("not_found", "招待が見つかりません。");
    await recordAudit(trx, {
      actor,
      organizationId: actor.membership.organizationId,
      action: "invitation.revoke",
      entityType: "invitation",
      entityId: invitationId,
      changes: { email: revoked.email },
    });
  });
}
