// The one family of formatters, for pages, CSV files, PDFs and e-mails alike (browser-safe). Money is integer yen;
// times are stored in UTC and always shown in Asia/Tokyo. Where two outputs differ, their names differ too.

const number = new Intl.NumberFormat("ja-JP");
const tokyoDateTime = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** 1234567 -> "1,234,567". */
export function formatNumber(value: number | string): string {
  return number.format(Number(value));
}

/** "¥4,000,000（400万円）": for amounts shown on their own, with 万円 when it divides evenly; "—" when there is none. */
export function formatYen(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = Number(value);
  const man = n >= 10_000 && n % 10_000 === 0 ? `（${formatNumber(n / 10_000)}万円）` : "";
  return `¥${formatNumber(n)}${man}`;
}

/** "¥8,000,000": for table columns (no 万円, so that columns stay narrow and aligned). */
export function formatYenInTable(value: number | string): string {
  return `¥${formatNumber(value)}`;
}

/** "−¥30,000（3万円）" for a negative amount (a return or reversal), otherwise as formatYen. */
export function formatSignedYen(yen: number): string {
  return yen < 0 ? `−${formatYen(-yen)}` : formatYen(yen);
}

/** "4,000,000円": for amounts inside a sentence (messages, e-mails, the agreement's text). */
export function formatYenInText(value: number | string): string {
  return `${formatNumber(value)}円`;
}

/** "400万円" when the amount is whole 万円, otherwise "4,567,890円": short labels that stay exact. */
export function formatYenShort(yen: number): string {
  return yen % 10_000 === 0 ? `${formatNumber(yen / 10_000)}万円` : `${formatNumber(yen)}円`;
}

/** "456万円" for 4,567,890 (rounded down to 万円; below 1万円 in 円): an order of magnitude for a reason chip. */
export function formatYenRoundedToMan(yen: number): string {
  return yen >= 10_000 ? `${formatNumber(Math.floor(yen / 10_000))}万円` : `${formatNumber(yen)}円`;
}

/** "2026/12/02 18:49" in Asia/Tokyo; "—" when there is none. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return tokyoDateTime.format(typeof value === "string" ? new Date(value) : value);
}

/** "2026-04-01" -> "2026年4月1日" (a calendar date, no time zone); anything else as it is. */
export function formatDateJa(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : value;
}

/** "10MB" for 10 × 1024 × 1024 bytes; "500KB" below a megabyte. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)}MB`;
  return `${Math.floor(bytes / 1024)}KB`;
}

const tokyoIsoDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's calendar date in Asia/Tokyo as "2026-12-03" (the default of a date field). */
export function todayInTokyo(now: Date = new Date()): string {
  return tokyoIsoDate.format(now);
}
