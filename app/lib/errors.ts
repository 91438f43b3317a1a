export type AppErrorCode =
  "bad_request" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "rate_limited" | "unavailable";

const statusByCode: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

export const defaultMessages: Record<AppErrorCode, string> = {
  bad_request: "リクエストの内容が正しくありません。",
  unauthenticated: "ログインが必要です。",
  forbidden: "このページを表示する権限がありません。",
  not_found: "お探しのページは見つかりませんでした。",
  conflict: "他の操作と競合しました。もう一度お試しください。",
  rate_limited: "試行回数が多すぎます。しばらく待ってからもう一度お試しください。",
  unavailable: "ただいまサービスを利用できません。しばらく待ってからもう一度お試しください。",
};

/** What a refusal says when the one thing missing is a second factor (the error page links to its set-up). */
export const SECOND_FACTOR_REQUIRED_MESSAGE =
  "この操作（契約への署名、公金の支払い・承認・金額の確定、運営管理）には二段階認証が必要です。アカウント設定で二段階認証を設定し、確認コードでログインしてから、もう一度お試しください。";
export const SECOND_FACTOR_SETUP_PATH = "/account/two-factor";

/** The one error type of the domain: a closed code, a message safe to show, and the cause for the log. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    readonly publicMessage: string = defaultMessages[code],
    options?: { cause?: unknown; field?: string; fieldErrors?: Record<string, string> },
  ) {
    super(publicMessage, { cause: options?.cause });
    this.name = "AppError";
    this.status = statusByCode[code];
    this.field = options?.field;
    this.fieldErrors = options?.fieldErrors;
  }
  /** The one field the message belongs beside. */
  readonly field?: string;
  /** Several fields with a message each (the message itself then goes above the form). */
  readonly fieldErrors?: Record<string, string>;
}

export function httpError(code: AppErrorCode, message?: string): Response {
  return new Response(message ?? defaultMessages[code], {
    status: statusByCode[code],
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export const notFound = (message?: string) => httpError("not_found", message);
export const forbidden = (message?: string) => httpError("forbidden", message);
