// The forms of /notifications (browser-safe).
import { z } from "zod";

export const MarkReadSchema = z.strictObject({
  intent: z.literal("read"),
  notificationId: z.string().uuid("お知らせの指定が正しくありません。"),
});

export const MarkAllReadSchema = z.strictObject({ intent: z.literal("readAll") });

/** The accessible name of the header link, e.g. お知らせ（未読3件）. */
export function notificationsLabel(unread: number, cap = 100): string {
  if (unread <= 0) return "お知らせ";
  return `お知らせ（未読${unread >= cap ? `${cap - 1}件以上` : `${unread}件`}）`;
}
