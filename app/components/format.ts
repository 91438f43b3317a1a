const dateTime = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** Times are stored in UTC and always shown in Asia/Tokyo. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return dateTime.format(typeof value === "string" ? new Date(value) : value);
}

export const verificationLabels = { verified: "確認済み", unverified: "未確認", rejected: "確認できません" } as const;
export const roleLabels = { admin: "管理者", member: "メンバー" } as const;
