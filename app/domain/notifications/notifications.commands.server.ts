// Writes to the in-app inbox: a notification added in the caller's transaction, and marking notifications read.
// Every write is scoped to the user, so another user's notification is the same as one that does not exist (404).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Executor } from "@db/database.server";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";

import type { NotificationKind } from "./notification-kinds.data";

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
    .values({
      id,
      user_id: input.userId,
      kind: input.kind,
      title: input.title.slice(0, 200),
      body: input.body.slice(0, 2000),
      link_path: input.linkPath,
    })
    .execute();
  return id;
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
