import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readForm } from "~/web/input.server";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMemberWith } from "~/auth/guards.server";
import { NoticeFromUrl } from "~/components/notices";
import { resendEmail } from "~/domain/admin/outbox.commands.server";
import { withNotice } from "~/web/notices";
import { formatDateTime } from "~/lib/format";
import { Pagination } from "~/components/pagination";
import { listOutbox } from "~/domain/admin/admin.queries.server";
import { formFailure, handle } from "~/web/http.server";
import { pageFrom } from "~/lib/query";

export const meta: MetaFunction = () => [{ title: "メール送信箱 | 運営管理" }];

const statusLabels = {
  pending: "送信待ち",
  sent: "送信済み",
  failed: "送信失敗（再試行します）",
  not_sent: "未送信（SMTP未設定）",
} as const;

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  await requireMemberWith(request, { action: "operator.viewOutbox" });
  return json(await listOutbox(pageFrom(request)));
});

const ResendSchema = z.strictObject({ intent: z.literal("resend"), emailId: z.string().uuid() });

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "operator.resendEmail" });
  const parsed = ResendSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return formFailure({ values: {}, formError: "再送するメールの指定が正しくありません。" });
  await resendEmail(actor, parsed.data.emailId);
  return redirect(withNotice("/admin/outbox", "email-resent"));
});

export default function AdminOutbox() {
  const { rows, total, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>メール送信箱</h1>
      <NoticeFromUrl />
      <p className="muted">
        システムが送るメールの記録です。パスワード再設定や招待などのリンクは宛先へのメールにのみ記載され、ここには表示されません（再送はできます）。SMTP_URL
        が未設定の環境では、メールはサーバーのデータフォルダの mail/ に書き出されます。
      </p>
      {rows.length === 0 ? (
        <p className="empty">メールはまだありません。</p>
      ) : (
        rows.map((mail) => (
          <article key={mail.id} className="card">
            <h2 className="small">{mail.subject}</h2>
            <dl className="facts small">
              <dt>宛先</dt>
              <dd>{mail.to_address}</dd>
              <dt>状態</dt>
              <dd>
                {statusLabels[mail.status]}
                {mail.last_error ? `：${mail.last_error}` : ""}
              </dd>
              <dt>作成</dt>
              <dd>{formatDateTime(mail.created_at)}</dd>
              <dt>送信</dt>
              <dd>{formatDateTime(mail.sent_at)}</dd>
            </dl>
            <details>
              <summary>本文を表示</summary>
              <pre className="mail">{mail.body_text}</pre>
            </details>
            <Form method="post">
              <input type="hidden" name="intent" value="resend" />
              <input type="hidden" name="emailId" value={mail.id} />
              <button type="submit" className="button button--secondary small">
                {`${mail.to_address} 宛てに再送する`}
              </button>
            </Form>
          </article>
        ))
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
