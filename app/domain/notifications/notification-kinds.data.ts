// The kinds of in-app notification and how the notification centre shows them (shared with the browser bundle).

/** How the notification centre names each kind (a kind it does not know is shown as "お知らせ"). */
export const NOTIFICATION_KIND_LABELS = {
  saved_search_match: { label: "保存した検索条件", icon: "🔍" },
  proposal_submitted: { label: "提案の提出", icon: "📨" },
  proposal_revised: { label: "提案の修正", icon: "✏️" },
  proposal_withdrawn: { label: "提案の取り下げ", icon: "↩️" },
  proposal_message: { label: "提案のメッセージ", icon: "💬" },
  proposal_deadline_soon: { label: "締切が近い下書き", icon: "⏰" },
  pitch_deadline_passed: { label: "提案の締切", icon: "📅" },
  review_assigned: { label: "審査の依頼", icon: "📝" },
  decision_published: { label: "選定結果", icon: "📢" },
  question_asked: { label: "ピッチへの質問", icon: "❓" },
  question_answered: { label: "質問への回答", icon: "💡" },
  pilot_started: { label: "実証の開始", icon: "🚀" },
  agreement_changed: { label: "協定書の変更", icon: "📄" },
  agreement_signed: { label: "協定書の署名", icon: "🖋️" },
  milestone_approved: { label: "支払の承認", icon: "✅" },
  payment_recorded: { label: "支払", icon: "💴" },
  expenditure_submitted: { label: "支出報告の提出", icon: "🧾" },
  expenditure_reviewed: { label: "支出報告の確認", icon: "🧾" },
  pilot_closed: { label: "実証の完了", icon: "🏁" },
  case_study: { label: "事例の公開", icon: "📣" },
  outcome_report_submitted: { label: "成果報告の提出", icon: "📊" },
  outcome_report_reviewed: { label: "成果報告の確認", icon: "📊" },
  outcome_report_due: { label: "成果報告の期限", icon: "⏰" },
  agreement_ending: { label: "実証期間の終了", icon: "⏳" },
} as const satisfies Record<string, { label: string; icon: string }>;

/** The kinds of notification, as stored in notification.kind. */
export type NotificationKind = keyof typeof NOTIFICATION_KIND_LABELS;

export function notificationKindLabel(kind: string): { label: string; icon: string } {
  return (
    (NOTIFICATION_KIND_LABELS as Record<string, { label: string; icon: string }>)[kind] ?? {
      label: "お知らせ",
      icon: "🔔",
    }
  );
}
