// What text may enter the application from a request. PostgreSQL refuses the byte 0x00 in text and a lone UTF-16
// surrogate in JSON (our audit rows), and neither, nor any other C0 control character, is ever typed on purpose; tab
// and newline are, in multi-line text. Pure functions, shared by the request boundary (app/web/input.server.ts).

/** C0 controls and DEL, except tab (\t) and newline (\n); \r is normalised away before this is checked. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const CONTROL_ALL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const CONTROL_OR_BREAK_ALL = /[\u0000-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE_ALL = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export type TextProblem = "control" | "surrogate" | "too_long";

export const TEXT_PROBLEM_MESSAGES: Record<TextProblem, string> = {
  control: "使用できない文字（制御文字）が含まれています。取り除いてから送信してください。",
  surrogate: "正しくない文字が含まれています。文字を入力し直してから送信してください。",
  too_long: "入力が長すぎます。短くしてから送信してください。",
};

/** CRLF and a lone CR become LF, as browsers send a textarea's line breaks as CRLF. */
export function normaliseLineBreaks(value: string): string {
  return value.includes("\r") ? value.replace(/\r\n?/g, "\n") : value;
}

/** Why a (line-break-normalised) form value cannot be accepted, or null. */
export function textProblem(value: string, maxChars: number): TextProblem | null {
  if (CONTROL.test(value)) return "control";
  if (LONE_SURROGATE.test(value)) return "surrogate";
  if (value.length > maxChars) return "too_long";
  return null;
}

/** The value without control characters (tab and newline kept) and lone surrogates: what a form shows again. */
export function withoutForbiddenText(value: string): string {
  return normaliseLineBreaks(value).replace(CONTROL_ALL, "").replace(LONE_SURROGATE_ALL, "");
}

/** One line of text (a query value, a URL segment): every control character and lone surrogate removed. */
export function oneLineText(value: string): string {
  return value.replace(CONTROL_OR_BREAK_ALL, "").replace(LONE_SURROGATE_ALL, "");
}

/** True when the value is one line of clean text. */
export function isOneLineText(value: string): boolean {
  return oneLineText(value) === value;
}
