import type { NotificationKind } from "~/domain/notifications/notification-kinds.data";
import type { Executor } from "@db/database.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.server";
import { membersOf } from "~/domain/organizations/recipients.queries.server";
import { siteUrl } from "~/lib/site-url.server";

/** Tells every member of the pilot's company (in-app and by e-mail, in the caller's transaction) about its money. */
export async function notifyCompany(
  trx: Executor,
  pilot: { id: string; company_id: string },
  kind: NotificationKind,
  title: string,
  body: string,
): Promise<void> {
  const members = await membersOf(trx, pilot.company_id);
  const linkPath = `/pilots/${pilot.id}/funding`;
  for (const member of members) {
    await createNotification(trx, { userId: member.id, kind, title, body, linkPath });
    await queueEmail(trx, {
      to: member.email,
      subject: `【ガバメントピッチ】${title}`,
      body: [`${member.display_name} 様`, "", body, "", `資金・支払を見る: ${siteUrl()}${linkPath}`].join("\n"),
    });
  }
}
