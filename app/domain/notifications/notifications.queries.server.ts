// In-app notifications, read side: one inbox per user. Every read is scoped to the user, so another user's
// notification is the same as one that does not exist (404).
import type { Executor } from "@db/database.server";

export const NOTIFICATIONS_PAGE_SIZE = 20;
/** The badge counts up to this many unread notifications ("99+" beyond), so its query stays cheap. */
export const UNREAD_COUNT_CAP = 100;

/**
 * Whether a notification of `kind` linking to `linkPath` exists (for `userId` when given; only unread ones when
 * `unread`): how reminders know they were already sent without a table of their own (notification_kind_link_idx).
 */
export async function notificationExists(
  ex: Executor,
  where: { kind: string; linkPath: string; userId?: string; unread?: boolean },
): Promise<boolean> {
  let query = ex
    .selectFrom("notification")
    .select("id")
    .where("kind", "=", where.kind)
    .where("link_path", "=", where.linkPath);
  if (where.userId !== undefined) query = query.where("user_id", "=", where.userId);
  if (where.unread) query = query.where("read_at", "is", null);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  linkPath: string | null;
  read: boolean;
  createdAt: string;
}

/** One page of a user's notifications, newest first, and how many there are. */
export async function listNotifications(ex: Executor, userId: string, page: number) {
  const [rows, count] = await Promise.all([
    ex
      .selectFrom("notification")
      .select(["id", "kind", "title", "body", "link_path", "read_at", "created_at"])
      .where("user_id", "=", userId)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(NOTIFICATIONS_PAGE_SIZE)
      .offset((page - 1) * NOTIFICATIONS_PAGE_SIZE)
      .execute(),
    ex
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow(),
  ]);
  const notifications: NotificationView[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    linkPath: r.link_path,
    read: r.read_at !== null,
    createdAt: r.created_at.toISOString(),
  }));
  return { notifications, page, pageSize: NOTIFICATIONS_PAGE_SIZE, total: Number(count.n) };
}
