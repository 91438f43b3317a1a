import { assertCan, type Actor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { requeueEmail } from "~/domain/mail/outbox.commands.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";

/** The operator's 「再送」: the same e-mail, to its own recipient, queued again; the operator never sees its link. */
export async function resendEmail(actor: Actor, emailId: string): Promise<void> {
  assertCan(actor, { action: "operator.resendEmail" });
  await inTransaction(async (trx) => {
    if (!(await requeueEmail(trx, emailId))) throw new AppError("not_found", "このメールは見つかりませんでした。");
    await recordAudit(trx, {
      actor,
      organizationId: null,
      action: "email.resend",
      entityType: "email",
      entityId: emailId,
    });
  });
}
