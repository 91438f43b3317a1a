import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { requireActor, requireMember } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, FieldError } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { Pagination } from "~/components/pagination";
import { MAX_ATTACHMENT_BYTES } from "~/domain/pitches/pitch-limits.schema";
import { findProposalForActor } from "~/domain/proposals/proposals.access.server";
import { MESSAGE_MAX } from "~/domain/proposals/threads.schema";
import { markThreadRead, postMessage } from "~/domain/proposals/threads.commands.server";
import { getThread, threadNotFound } from "~/domain/proposals/threads.queries.server";
import { db } from "~/lib/db.server";
import { forbidden } from "~/lib/errors";
import { appErrorToFormFailure, formFailure, handle, type FormFailure } from "~/web/http.server";
import { isMultipart, parseUploadForm, uploadedFile } from "~/web/uploads.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `メッセージ: ${data?.thread.proposal.title || "提案"} | ガバメントピッチ・マッチング` },
];

const MessageSchema = z.strictObject({
  intent: z.literal("post", { error: "操作の内容が正しくありません。" }),
  body: z
    .string()
    .trim()
    .min(1, "メッセージを入力してください。")
    .max(MESSAGE_MAX, `メッセージは${MESSAGE_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`),
});

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const page = z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .catch(1)
    .parse(new URL(request.url).searchParams.get("page") ?? 1);
  const thread = await getThread(actor, params.proposalId ?? "", page);
  return json({ thread });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  const proposalId = params.proposalId ?? "";
  // Operators read threads for moderation but never post; anybody else outside the two sides finds nothing.
  if (can(actor, { action: "proposal.moderate" })) throw forbidden();
  if (!(await findProposalForActor(db(), actor, proposalId).catch(() => null))) throw threadNotFound();
  let formData: FormData;
  if (isMultipart(request)) {
    const parsed = await parseUploadForm(request, { fileFields: ["file"], maxFileBytes: MAX_ATTACHMENT_BYTES });
    if (!parsed.ok)
      return formFailure(
        parsed.field
          ? { fieldErrors: { [parsed.field]: parsed.message }, values: {} }
          : { formError: parsed.message, values: {} },
      );
    formData = parsed.formData;
  } else {
    formData = await readForm(request);
  }
  if (formData.get("intent") === "read" && [...formData.keys()].length === 1) {
    await markThreadRead(actor, proposalId);
    return json({ read: true });
  }
  const file = await uploadedFile(formData, "file");
  formData.delete("file");
  const values = { body: String(formData.get("body") ?? "") };
  const parsed = MessageSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.code === "unrecognized_keys" ? "form" : String(issue.path[0] ?? "form");
      fieldErrors[field] ??= issue.code === "unrecognized_keys" ? "送信された項目が正しくありません。" : issue.message;
    }
    const { form, ...rest } = fieldErrors;
    return formFailure({ fieldErrors: rest, formError: form, values });
  }
  const upload = file && file.bytes.byteLength > 0 ? file : null;
  try {
    await postMessage(actor, proposalId, { body: parsed.data.body, file: upload });
  } catch (error) {
    return appErrorToFormFailure(error, values);
  }
  return redirect(`/proposals/${proposalId}/thread?notice=message-sent#latest`);
});

export default function ProposalThread() {
  const { thread } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure | { read: true }>() as FormFailure | undefined;
  const busy = useNavigation().state === "submitting";
  // Reading marks the thread read: a POST (no GET changes anything), sent once the page is shown.
  const reader = useFetcher();
  useEffect(() => {
    if (thread.unread && reader.state === "idle" && !reader.data) reader.submit({ intent: "read" }, { method: "post" });
  }, [thread.unread, reader]);
  const backTo =
    thread.side === "company"
      ? `/company/proposals/${thread.proposal.id}`
      : thread.side === "owner"
        ? `/municipality/pitches/${thread.proposal.pitchId}/proposals/${thread.proposal.id}`
        : null;
  return (
    <>
      {backTo ? (
        <p>
          <Link to={backTo}>← 提案に戻る</Link>
        </p>
      ) : null}
      <h1>提案についてのメッセージ</h1>
      <NoticeFromUrl />
      <section className="card" aria-labelledby="thread-about">
        <h2 id="thread-about">{thread.proposal.title || "（無題の提案）"}</h2>
        <p className="small">
          ピッチ「{thread.pitchTitle}」（{thread.municipalityName}）／提案企業: {thread.companyName}
        </p>
        <p className="small muted">このメッセージは、提案企業と{thread.municipalityName}の担当者だけが読めます。</p>
      </section>
      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">メッセージ（{thread.totalMessages}件）</h2>
        {thread.totalMessages > thread.pageSize ? (
          <p className="small muted">
            新しいメッセージから{thread.pageSize}件ずつ表示しています。古いメッセージは次のページにあります。
          </p>
        ) : null}
        {thread.messages.length === 0 ? (
          <p className="empty">まだメッセージはありません。質問や打合せの相談をここで始められます。</p>
        ) : (
          <ol className="stack thread" aria-label="メッセージの一覧">
            {thread.messages.map((m, index) => (
              <li
                key={m.id}
                id={index === thread.messages.length - 1 ? "latest" : undefined}
                className={`card thread__message${m.fromCompany ? " thread__message--company" : ""}`}
              >
                <p className="small">
                  <strong>{m.organizationName}</strong> {m.senderName}
                  {m.mine ? "（あなた）" : ""}｜<time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
                </p>
                <p className="pre-wrap">{m.body}</p>
                {m.attachments.length > 0 ? (
                  <ul className="small">
                    {m.attachments.map((a) => (
                      <li key={a.id}>
                        <a href={`/proposals/${thread.proposal.id}/attachments/${a.id}`}>{a.name}</a>（
                        {Math.ceil(a.sizeBytes / 1024).toLocaleString("ja-JP")}KB）
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        <Pagination page={thread.page} pageSize={thread.pageSize} total={thread.totalMessages} />
      </section>
      {thread.mayPost ? (
        <Form method="post" encType="multipart/form-data" className="card stack-fields" noValidate>
          <h2>メッセージを送る</h2>
          <FormAlert message={failure?.formError} />
          <input type="hidden" name="intent" value="post" />
          <div className={`field${failure?.fieldErrors.body ? " field--invalid" : ""}`}>
            <label htmlFor="body">
              メッセージ<span className="required">（必須）</span>
            </label>
            <textarea
              id="body"
              name="body"
              rows={5}
              maxLength={MESSAGE_MAX}
              defaultValue={failure?.values.body ?? ""}
              aria-required
              aria-invalid={failure?.fieldErrors.body ? true : undefined}
              aria-describedby={failure?.fieldErrors.body ? "body-error" : undefined}
            />
            <FieldError id="body-error" message={failure?.fieldErrors.body} />
          </div>
          <div className={`field${failure?.fieldErrors.file ? " field--invalid" : ""}`}>
            <label htmlFor="file">添付ファイル（任意・PDF、PNG、JPEG、10MBまで）</label>
            <input
              id="file"
              name="file"
              type="file"
              accept="application/pdf,image/png,image/jpeg"
              aria-describedby={failure?.fieldErrors.file ? "file-error" : undefined}
            />
            <FieldError id="file-error" message={failure?.fieldErrors.file} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "送信しています…" : "送信する"}
          </button>
        </Form>
      ) : (
        <p className="muted">
          {thread.side === "operator"
            ? "運営事務局は閲覧のみできます（閲覧は記録されます）。"
            : "この提案には、いまはメッセージを送れません（提出済みの提案だけが対象です）。"}
        </p>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
