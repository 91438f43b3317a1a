import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";
import { TableWrap } from "./table-wrap";

export interface AuditRow {
  id: string;
  occurred_at: string;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: unknown;
  actor_name: string | null;
  actor_email: string | null;
  organization_name: string | null;
}

const actionLabels: Record<string, string> = {
  "user.sign_up": "アカウント登録",
  "user.change_password": "パスワード変更",
  "user.reset_password": "パスワード再設定",
  "organization.create": "組織の登録",
  "organization.set_verification": "組織の確認状態の変更",
  "membership.add": "メンバーの追加",
  "membership.change_role": "権限の変更",
  "membership.remove": "メンバーの削除",
  "invitation.create": "招待の送信",
  "invitation.accept": "招待の受諾",
  "invitation.revoke": "招待の取り消し",
  "demo.seed": "デモデータの作成",
  "question.ask": "ピッチへの質問",
  "question.answer": "質問への回答",
  "pitch.create": "ピッチの作成",
  "pitch.update": "ピッチの下書き保存",
  "pitch.publish": "ピッチの公開",
  "pitch.revise": "ピッチの改訂",
  "pitch.close": "ピッチの募集締切",
  "pitch.reopen": "ピッチの募集再開",
  "pitch.mark_matched": "マッチング成立",
  "pitch.mark_not_matched": "マッチングなし",
  "pitch.archive": "ピッチのアーカイブ",
  "pitch.reconfirm": "ピッチの再確認",
  "pitch.delete": "ピッチ下書きの削除",
  "pitch.attachment_add": "添付資料の追加",
  "pitch.attachment_remove": "添付資料の削除",
  "payout.account_create": "Stripe 受取口座の作成",
  "payout.account_refresh": "Stripe 受取口座の状態の取得",
  "payout.account_updated": "Stripe 受取口座の状態の更新",
  "payout.paid": "Stripe から銀行口座への入金",
  "payout.failed": "Stripe から銀行口座への入金の失敗",
  "payment.stripe_mismatch": "金額の合わない Stripe 送金の通知",
  "payment.stripe_partial_reversal": "Stripe 送金の一部取り消し",
  "pilot.bureau_view": "地方局・運営事務局による実証の閲覧（モニタリング）",
};

export function AuditTable({
  rows,
  nextBefore,
  showOrganization,
}: {
  rows: AuditRow[];
  nextBefore: string | null;
  showOrganization?: boolean;
}) {
  if (rows.length === 0) return <p className="empty">記録された操作はまだありません。</p>;
  return (
    <>
      <TableWrap label="操作履歴の一覧">
        <table>
          <thead>
            <tr>
              <th scope="col">日時</th>
              <th scope="col">操作</th>
              <th scope="col">実行者</th>
              {showOrganization ? <th scope="col">組織</th> : null}
              <th scope="col">対象</th>
              <th scope="col">変更内容</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{formatDateTime(row.occurred_at)}</td>
                <td>{actionLabels[row.action] ?? row.action}</td>
                <td>
                  {row.actor_name ?? "システム"}
                  {row.actor_email ? (
                    <span className="small muted">
                      <br />
                      {row.actor_email}
                    </span>
                  ) : null}
                </td>
                {showOrganization ? <td>{row.organization_name ?? "—"}</td> : null}
                <td className="small">
                  {row.entity_type}
                  <br />
                  <span className="muted">{row.entity_id}</span>
                </td>
                <td className="small">
                  <ChangeList changes={row.changes} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {nextBefore ? (
        <nav className="pagination" aria-label="ページ送り">
          <Link to={`?before=${nextBefore}`}>さらに古い操作を表示</Link>
        </nav>
      ) : null}
    </>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "（なし）";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Each changed field on its own line: "field: before → after". */
function ChangeList({ changes }: { changes: unknown }) {
  const entries = changes && typeof changes === "object" ? Object.entries(changes as Record<string, unknown>) : [];
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="changes">
      {entries.map(([field, value]) => {
        const diff =
          value && typeof value === "object" && "from" in value && "to" in value
            ? (value as { from: unknown; to: unknown })
            : null;
        return (
          <li key={field}>
            <code>{field}</code>: {diff ? `${show(diff.from)} → ${show(diff.to)}` : show(value)}
          </li>
        );
      })}
    </ul>
  );
}
