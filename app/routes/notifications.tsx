import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/guards.server";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { Pagination } from "~/components/pagination";
import { MarkAllReadSchema, MarkReadSchema } from "~/domain/notifications/notifications.schema";
import { notificationKindLabel } from "~/domain/notifications/notification-kinds.data";
import { listNotifications } from "~/domain/notifications/notifications.queries.server";
import { markAllNotificationsRead, markNotificationRead } from "~/domain/notifications/notifications.commands.server";
import { db } from "~/lib/db.server";
import { handle, type FormFailure } from "~/web/http.server";
import { intent, runIntent, BAD_OPERATION } from "~/web/intents.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "お知らせ | ガバメントピッチ・マッチング" }];

function pageOf(url: URL): number {
  const raw = url.searchParams.get("page") ?? "";
  const page = /^\d{1,5}$/.test(raw) ? Number(raw) : 1;
  return Math.min(Math.max(page, 1), 10_000);
}

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  requirePermission(actor, { action: "notification.view" });
  return json(await listNotifications(db(), actor.userId, pageOf(new URL(request.url))));
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  requirePermission(actor, { action: "notification.view" });
  const formData = await readForm(request);
  const back = new URL(request.url).searchParams.get("page");
  return runIntent(formData, {
    // Another user's notification is not found (404).
    read: intent({
      schema: MarkReadSchema,
      invalid: BAD_OPERATION,
      run: (data) => markNotificationRead(actor.userId, data.notificationId),
      done: { path: back && /^\d{1,5}$/.test(back) ? `/notifications?page=${back}` : "/notifications" },
    }),
    readAll: intent({
      schema: MarkAllReadSchema,
      invalid: BAD_OPERATION,
      run: () => markAllNotificationsRead(actor.userId),
      done: { path: "/notifications", notice: "notifications-read" },
    }),
  });
});

export default function Notifications() {
  const { notifications, page, pageSize, total } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const anyUnread = notifications.some((n) => !n.read);
  return (
    <>
      <h1>お知らせ</h1>
      <NoticeFromUrl />
      <FormAlert message={result?.formError ?? Object.values(result?.fieldErrors ?? {})[0]} />
      {anyUnread ? (
        <Form method="post">
          <input type="hidden" name="intent" value="readAll" />
          <button type="submit" className="button button--secondary" disabled={busy}>
            すべて既読にする
          </button>
        </Form>
      ) : null}
      {total === 0 ? (
        <p className="empty">お知らせはありません。</p>
      ) : (
        <ul className="stack" aria-label="お知らせの一覧">
          {notifications.map((n) => (
            <li key={n.id} className="card">
              <p className="small muted notification-kind">
                <span aria-hidden="true">{notificationKindLabel(n.kind).icon}</span>{" "}
                {notificationKindLabel(n.kind).label}
              </p>
              <h2>
                {n.read ? null : <span className="badge badge--warn">未読</span>}{" "}
                {n.linkPath ? <Link to={n.linkPath}>{n.title}</Link> : n.title}
              </h2>
              <p>{n.body}</p>
              <p className="small muted">{formatDateTime(n.createdAt)}</p>
              {n.read ? null : (
                <Form method="post" action={page > 1 ? `/notifications?page=${page}` : "/notifications"}>
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="notificationId" value={n.id} />
                  <button
                    type="submit"
                    className="link-button"
                    disabled={busy}
                    aria-label={`「${n.title}」を既読にする`}
                  >
                    既読にする
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
