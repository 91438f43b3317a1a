import type { Transaction } from "kysely";
import type { DB, MemberRole } from "@db/schema";
import type { MemberActor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { db, inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { endAllSessions } from "~/auth/session.server";

export async function listMembers(organizationId: string) {
  return db()
    .selectFrom("membership")
    .innerJoin("app_user", "app_user.id", "membership.user_id")
    .select(["app_user.id", "app_user.email", "app_user.display_name", "membership.role", "membership.created_at"])
    .where("membership.organization_id", "=", organizationId)
    .orderBy("membership.created_at")
    .execute();
}

export async function listOpenInvitations(organizationId: string) {
  return db()
    .selectFrom("invitation")
    .select(["id", "email", "role", "expires_at", "created_at"])
    .where("organization_id", "=", organizationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date())
    .orderBy("created_at", "desc")
    .execute();
}

/** Locks the organisation's memberships so that two admins cannot demote each other into having none. */
function lockMembers(trx: Transaction<DB>, organizationId: string) {
  return trx
    .selectFrom("membership")
    .select(["user_id", "role"])
    .where("organization_id", "=", organizationId)
    .forUpdate()
    .execute();
}

export async function changeMemberRole(actor: MemberActor, userId: string, role: MemberRole) {
  const organizationId = actor.membership.organizationId;
  await inTransaction(async (trx) => {
    const members = await lockMembers(trx, organizationId);
    const target = members.find((m) => m.user_id === userId);
    if (!target) throw new AppError("not_found", "メンバーが見つかりません。");
    if (target.role === role) return;
    if (target.role === "admin" && members.filter((m) => m.role === "admin").length === 1) {
      throw new AppError(
        "conflict",
        "管理者が一人もいなくなるため変更できません。先に別のメンバーを管理者にしてください。",
      );
    }
    await trx
      .updateTable("membership")
      .set({ role })
      .where("user_id", "=", userId)
      .where("organization_id", "=", organizationId)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId,
      action: "membership.change_role",
      entityType: "membership",
      entityId: userId,
      changes: { role: { from: target.role, to: role } },
    });
  });
}

/** Removes a member; their sessions end, so the removal takes effect on their next request. */
export async function removeMember(actor: MemberActor, userId: string) {
  const organizationId = actor.membership.organizationId;
  await inTransaction(async (trx) => {
    const members = await lockMembers(trx, organizationId);
    const target = members.find((m) => m.user_id === userId);
    if (!target) throw new AppError("not_found", "メンバーが見つかりません。");
    if (target.role === "admin" && members.filter((m) => m.role === "admin").length === 1) {
      throw new AppError("conflict", "最後の管理者は削除できません。先に別のメンバーを管理者にしてください。");
    }
    await trx
      .deleteFrom("membership")
      .where("user_id", "=", userId)
      .where("organization_id", "=", organizationId)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId,
      action: "membership.remove",
      entityType: "membership",
      entityId: userId,
      changes: { role: { from: target.role, to: null } },
    });
  });
  await endAllSessions(userId);
}
