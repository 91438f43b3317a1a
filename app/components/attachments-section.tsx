import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDateTime } from "~/lib/format";
import { confirmWith } from "~/web/confirm";
import { TextField } from "./form-field";

export interface AttachmentItem {
  id: string;
  original_name: string;
  size_bytes: number;
  created_at: string | Date;
}

const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("ja-JP")} KB`;

/**
 * The attachments of a pitch or a proposal: the list with links, and (when the page may change them) a delete button
 * per file, with confirmation, and the upload form. The forms post the intents deleteAttachment and uploadAttachment.
 */
export function AttachmentsSection({
  note,
  attachments,
  hrefOf,
  editable,
  deletable = editable,
  error,
  busy,
}: {
  note: ReactNode;
  attachments: readonly AttachmentItem[];
  hrefOf: (attachmentId: string) => string;
  editable: boolean;
  /** Whether files may be deleted (default: when the page may add them). */
  deletable?: boolean;
  error?: string;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="attachments-title" className="card stack-fields">
      <h2 id="attachments-title">添付資料</h2>
      <p className="small muted">{note}</p>
      {attachments.length === 0 ? (
        <p className="empty">添付資料はありません。</p>
      ) : (
        <ul>
          {attachments.map((a) => (
            <li key={a.id} className="actions">
              <a href={hrefOf(a.id)}>{a.original_name}</a>
              <span className="small muted">
                {kilobytes(a.size_bytes)}・{formatDateTime(a.created_at)}
              </span>
              {deletable ? (
                <Form method="post" onSubmit={confirmWith(`「${a.original_name}」を削除します。よろしいですか？`)}>
                  <input type="hidden" name="intent" value="deleteAttachment" />
                  <input type="hidden" name="attachmentId" value={a.id} />
                  <button type="submit" className="button button--danger button--small">
                    削除
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <Form method="post" encType="multipart/form-data" className="stack-fields">
          <input type="hidden" name="intent" value="uploadAttachment" />
          <TextField
            name="file"
            label="ファイルを追加"
            type="file"
            accept="application/pdf,image/png,image/jpeg"
            error={error}
          />
          <div className="actions">
            <button type="submit" className="button button--secondary" disabled={busy}>
              アップロード
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
