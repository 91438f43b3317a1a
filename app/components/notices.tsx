import { useSearchParams } from "@remix-run/react";
import { Notice } from "./form-field";

/** Messages shown after a redirect, chosen by a short code in the URL (never free text from the URL). */
export const notices = {
  "signed-out": "ログアウトしました。",
  "password-changed": "パスワードを変更しました。他の端末のログインは終了しました。",
  "password-reset": "パスワードを再設定しました。新しいパスワードでログインしてください。",
  "reset-requested": "ご登録のメールアドレスあてに、パスワード再設定のご案内を送信しました（登録がない場合は送信されません）。",
  "welcome": "登録が完了しました。ようこそ。",
  "invited": "招待メールを送信しました。",
  "joined": "組織に参加しました。",
  "member-updated": "メンバーの権限を変更しました。",
  "member-removed": "メンバーを削除しました。",
  "invitation-revoked": "招待を取り消しました。",
  "verification-updated": "組織の確認状態を更新しました。",
  "job-retried": "ジョブを再実行待ちに戻しました。",
} as const;

export type NoticeCode = keyof typeof notices;

export function withNotice(path: string, code: NoticeCode): string {
  return `${path}${path.includes("?") ? "&" : "?"}notice=${code}`;
}

export function NoticeFromUrl() {
  const [params] = useSearchParams();
  const code = params.get("notice");
  return <Notice message={code && code in notices ? notices[code as NoticeCode] : null} />;
}
