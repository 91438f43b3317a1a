// Tells every member of one party of a pilot (in-app and by e-mail, in the caller's transaction).
import type { Executor } from "@db/database.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import type { NotificationKind } from "~/domain/notifications/notification-kinds.data";
import { createNotification } from "~/domain/notifications/notifications.server";
import { siteUrl } from "~/lib/site-url.server";

export async function notifyOrganization(
  trx: Executor,
  organizationId: string,
  message: { kind: NotificationKind; title: string; body: string; linkPath: string; linkLabel: string },
): Promise<void> {
  const members = await trx
    .selectFrom("membership")
    .innerJoin("app_user", "app_user.id", "membership.user_id")
    .select(["app_user.id", "app_user.email", "app_user.display_name"])
    .where("membership.organization_id", "=", organizationId)
    .execute();
  for (const member of members) {
    await createNotification(trx, { userId: member.id, kind: message.kind, title: message.title, body: message.body, linkPath: message.linkPath });
    await queueEmail(trx, {
      to: member.email,
      subject: `【ガバメントピッチ】${message.title}`,
      body: [`${member.display_name} 様`, "", message.body, "", `${message.linkLabel}: ${siteUrl()}${message.linkPath}`].join("\n"),
    });
  }
}
