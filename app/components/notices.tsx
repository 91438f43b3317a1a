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
  "question-asked": "質問を送信しました。自治体が回答すると、この欄に公開されます。",
  "question-answered": "回答を公開しました。質問した企業にお知らせしました。",
  "pitch-created": "ピッチの下書きを作成しました。",
  "pitch-saved": "下書きを保存しました。",
  "pitch-published": "ピッチを公開しました。企業が閲覧・提案できるようになりました。",
  "pitch-revised": "ピッチを改訂しました。変更履歴に記録されています。",
  "pitch-closed": "提案の募集を締め切りました。",
  "pitch-reopened": "提案の募集を再開しました。",
  "pitch-matched": "マッチング成立として記録しました。",
  "pitch-not-matched": "マッチングなしとして記録しました。",
  "pitch-archived": "ピッチをアーカイブしました。",
  "pitch-reconfirmed": "ピッチの内容が最新であることを確認しました。",
  "pitch-deleted": "下書きを削除しました。",
  "attachment-added": "添付資料を追加しました。",
  "attachment-removed": "添付資料を削除しました。",
  "search-saved": "検索条件を保存しました。条件に合うピッチが公開されると、お知らせとメールでお伝えします。",
  "search-deleted": "保存した検索条件を削除しました。",
  "notifications-read": "お知らせをすべて既読にしました。",
  "message-sent": "メッセージを送信しました。相手方にお知らせしました。",
  "proposal-created": "提案の下書きを作成しました。各項目を入力して保存してください。",
  "proposal-existing": "この課題への貴社の提案はすでにあります。既存の提案を開きました。",
  "proposal-saved": "提案の下書きを保存しました。",
  "proposal-submitted": "提案を提出しました。自治体にお知らせしました。",
  "proposal-revised": "提案を再提出しました。新しい版として記録され、自治体にお知らせしました。",
  "proposal-withdrawn": "提案を取り下げました。",
  "proposal-attachment-added": "提案の添付資料を追加しました。",
  "proposal-attachment-removed": "提案の添付資料を削除しました。",
  "company-profile-saved": "会社プロフィールを保存しました。",
  "company-logo-saved": "ロゴを登録しました。",
  "company-logo-removed": "ロゴを削除しました。",
  "criteria-saved": "評価項目と重みを保存しました。",
  "review-settings-saved": "審査の設定を保存しました。",
  "reviewer-assigned": "審査担当を割り当てました。担当者にお知らせとメールを送りました。",
  "reviewer-unassigned": "審査担当の割り当てを外しました。",
  "review-saved": "評価を一時保存しました。",
  "review-submitted": "評価を提出しました。他の審査担当者の評価も表示されます。",
  "shortlist-updated": "候補を更新しました。",
  "decision-recorded": "採否を記録しました（企業にはまだ表示されません）。",
  "bulk-declined": "選んだ提案を不採択として記録しました（企業にはまだ表示されません）。",
  "decisions-published": "採否を公開しました。各企業にお知らせとメールを送りました。",
  "budget-created": "予算を登録しました。",
  "budget-updated": "予算を変更しました。",
  "budget-unchanged": "変更はありませんでした。",
  "pilot-started": "実証を開始し、協定書の案を作成しました。企業にお知らせしました。",
  "pilot-existing": "この提案の実証はすでに開始されています。",
  "agreement-saved": "協定書を保存しました。相手方にお知らせしました。",
  "agreement-unchanged": "協定書の内容に変更はありませんでした。",
  "agreement-version-created": "協定書の新しい版を作成しました。変更する箇所を編集して保存してください。相手方にお知らせしました。",
  "agreement-version-proposed": "変更を協定書の新しい版として作成し、相手方にお知らせしました。双方が新しい版に署名すると締結されます。",
  "agreement-signed": "協定書に署名しました。この版は変更できなくなりました。相手方の署名をお待ちください。",
  "agreement-completed": "協定書に署名しました。双方の署名がそろい、協定が締結されました。",
  "agreement-already-signed": "この版には、すでに貴組織の署名があります。",
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
