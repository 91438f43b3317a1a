// Tells the members of one or more organisations about something, in the caller's transaction: an in-app
// notification each and, unless told otherwise, an e-mail with a link back. The one way every area tells an
// organisation's people; the e-mail never carries more than the notification does.
import type { Executor } from "@db/database.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import type { NotificationKind } from "~/domain/notifications/notification-kinds.data";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { notificationExists } from "~/domain/notifications/notifications.queries.server";
import { siteUrl } from "~/lib/site-url.server";

export interface MemberMessage {
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path on this site that the notification and the e-mail link to. */
  linkPath: string;
  /** The words before the link in the e-mail ("協定書を開く"). */
  linkLabel: string;
  /** False for an in-app notification only (default: an e-mail too). */
  email?: boolean;
  /** Skip a member who still has an unread notification of this kind and link (repeated edits tell once). */
  coalesce?: boolean;
  /** Never tell this user (the actor who caused it). */
  exceptUserId?: string;
}

export async function notifyMembers(
  trx: Executor,
  organizationIds: string | readonly string[],
  message: MemberMessage,
): Promise<void> {
  const ids = typeof organizationIds === "string" ? [organizationIds] : [...organizationIds];
  if (ids.length === 0) return;
  const members = await trx
    .selectFrom("membership")
    .innerJoin("app_user", "app_user.id", "membership.user_id")
    .select(["app_user.id", "app_user.email", "app_user.display_name"])
    .where("membership.organization_id", "in", ids)
    .orderBy("membership.organization_id")
    .orderBy("app_user.id")
    .execute();
  for (const member of members) {
    if (member.id === message.exceptUserId) continue;
    if (
      message.coalesce &&
      (await notificationExists(trx, {
        kind: message.kind,
        linkPath: message.linkPath,
        userId: member.id,
        unread: true,
      }))
    )
      continue;
    await createNotification(trx, {
      userId: member.id,
      kind: message.kind,
      title: message.title,
      body: message.body,
      linkPath: message.linkPath,
    });
    if (message.email === false) continue;
    await queueEmail(trx, {
      to: member.email,
      subject: `【ガバメントピッチ】${message.title}`,
      body: [
        `${member.display_name} 様`,
        "",
        message.body,
        "",
        `${message.linkLabel}: ${siteUrl()}${message.linkPath}`,
      ].join("\n"),
    });
  }
}
