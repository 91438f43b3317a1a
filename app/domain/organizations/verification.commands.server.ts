import type { VerificationStatus } from "@db/schema";
import type { MemberActor } from "~/auth/permissions";
import { changedFields, recordAudit } from "~/domain/audit/audit.commands.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";

export async function setVerificationStatus(
  actor: MemberActor,
  input: { organizationId: string; decision: VerificationStatus; note?: string },
) {
  await inTransaction(async (trx) => {
    const before = await trx
      .selectFrom("organization")
      .select(["verification_status", "verification_note", "kind"])
      .where("id", "=", input.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError("not_found", "組織が見つかりません。");
    if (before.kind === "operator") throw new AppError("bad_request", "運営事務局の確認状態は変更できません。");
    const after = {
      verification_status: input.decision,
      verification_note: input.note || null,
    };
    await trx
      .updateTable("organization")
      .set({
        ...after,
        verified_at: input.decision === "verified" ? new Date() : null,
        verified_by: input.decision === "verified" ? actor.userId : null,
        updated_at: new Date(),
      })
      .where("id", "=", input.organizationId)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: input.organizationId,
      action: "organization.set_verification",
      entityType: "organization",
      entityId: input.organizationId,
      changes: changedFields(before, after, ["verification_status", "verification_note"]),
    });
  });
}
