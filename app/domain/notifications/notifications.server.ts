// In-app notifications: one inbox per user. Every read and write is scoped to the user, so another user's
// notification is the same as one that does not exist (404).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Executor } from "@db/database.server";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";

export const NOTIFICATIONS_PAGE_SIZE = 20;
/** The badge counts up to this many unread notifications ("99+" beyond), so its query stays cheap. */
export const UNREAD_COUNT_CAP = 100;

import type { NotificationKind } from "./notification-kinds.data";

export type { NotificationKind };

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path on this site ("/pitches/…"), or null. */
  linkPath: string | null;
}

/** Adds a notification inside the caller's transaction; returns its id. */
export async function createNotification(ex: Executor, input: NewNotification): Promise<string> {
  const id = randomUUID();
  await ex
    .insertInto("notification")
    .values({ id, user_id: input.userId, kind: input.kind, title: input.title.slice(0, 200), body: input.body.slice(0, 2000), link_path: input.linkPath })
    .execute();
  return id;
}

/** Unread notifications of a user, up to UNREAD_COUNT_CAP: one index-only range read on (user_id, read_at, created_at). */
export async function countUnreadNotifications(ex: Executor, userId: string): Promise<number> {
  const result = await sql<{ n: string }>`
    select count(*) as n from (
      select 1 from notification where user_id = ${userId} and read_at is null limit ${UNREAD_COUNT_CAP}
    ) unread`.execute(ex);
  return Number(result.rows[0]?.n ?? 0);
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

/** Marks one of the user's notifications as read (again: no change); another user's id is not found. */
export async function markNotificationRead(userId: string, notificationId: string, now = new Date()): Promise<void> {
  const row = await db()
    .updateTable("notification")
    .set({ read_at: sql<Date>`coalesce(read_at, ${now})` })
    .where("id", "=", notificationId)
    .where("user_id", "=", userId)
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new AppError("not_found", "お知らせが見つかりません。");
}

/** Marks every unread notification of the user as read; returns how many changed. */
export async function markAllNotificationsRead(userId: string, now = new Date()): Promise<number> {
  const result = await db()
    .updateTable("notification")
    .set({ read_at: now })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
