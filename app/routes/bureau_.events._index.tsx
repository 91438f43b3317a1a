import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { formatDateTime } from "~/lib/format";
import { TableWrap } from "~/components/table-wrap";
import { eventFormatLabels, eventStatusLabels } from "~/domain/events/events.rules";
import { listBureauEvents } from "~/domain/events/events.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "ピッチイベント | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.bureau" });
  const mayManage = can(actor, { action: "event.manage", organizationId: actor.membership.organizationId });
  const events = mayManage ? await listBureauEvents(db(), actor.membership.organizationId) : [];
  return json({ events, mayManage });
});

export default function BureauEvents() {
  const { events, mayManage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>ピッチイベント</h1>
      {mayManage ? (
        <p>
          <Link to="/bureau/events/new" className="button">
            イベントを作成する
          </Link>
        </p>
      ) : (
        <div className="alert alert--warn" role="status">
          組織の確認が完了すると、ピッチイベントを作成できます。
        </div>
      )}
      {mayManage && events.length === 0 ? <p className="empty">まだイベントはありません。</p> : null}
      {events.length > 0 ? (
        <TableWrap label="ピッチイベントの一覧">
          <table>
            <thead>
              <tr>
                <th scope="col">イベント名</th>
                <th scope="col">開催日時</th>
                <th scope="col">形式</th>
                <th scope="col">状態</th>
                <th scope="col">招待</th>
                <th scope="col">審査待ち</th>
                <th scope="col">承認済み</th>
                <th scope="col">参加希望</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/bureau/events/${e.id}`}>{e.title}</Link>
                  </td>
                  <td>{formatDateTime(e.startsAt)}</td>
                  <td>{eventFormatLabels[e.format]}</td>
                  <td>{eventStatusLabels[e.status]}</td>
                  <td>{e.invitations}</td>
                  <td>{e.pending}</td>
                  <td>{e.approved}</td>
                  <td>{e.interests}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
