import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { PitchStatusBadge } from "~/components/pitch-form";
import { TableWrap } from "~/components/table-wrap";
import { listOwnPitches } from "~/domain/pitches/pitches.owner.queries.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "課題（ピッチ）の一覧 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "pitch.create" });
  const pitches = await listOwnPitches(actor);
  return json({ pitches, canPublish: can(actor, { action: "pitch.publish" }) });
});

export default function OwnPitches() {
  const { pitches, canPublish } = useLoaderData<typeof loader>();
  const stale = pitches.filter((p) => p.needsReconfirmation);
  return (
    <>
      <h1>課題（ピッチ）</h1>
      <NoticeFromUrl />
      {canPublish ? null : (
        <div className="alert alert--warn" role="status">
          組織の確認が済むまでピッチは公開できません。下書きの作成と保存はできます。
        </div>
      )}
      {stale.length > 0 ? (
        <div className="alert alert--warn" role="status">
          <p>公開から6か月以上たったピッチがあります。内容が今も有効か確認してください。</p>
          <ul>
            {stale.map((p) => (
              <li key={p.id}>
                <Link to={`/municipality/pitches/${p.id}`}>{p.title}</Link>
                <Form method="post" action={`/municipality/pitches/${p.id}`} className="inline-form">
                  <input type="hidden" name="intent" value="reconfirm" />
                  <button type="submit" className="button button--secondary button--small">
                    内容が最新であることを確認
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>
        <Link to="/municipality/pitches/new" className="button">
          新しいピッチを作成
        </Link>
      </p>
      {pitches.length === 0 ? (
        <p className="empty">まだピッチはありません。「新しいピッチを作成」から地域の課題をまとめましょう。</p>
      ) : (
        <TableWrap label="ピッチの一覧">
          <table>
            <thead>
              <tr>
                <th scope="col">タイトル</th>
                <th scope="col">状態</th>
                <th scope="col">提案の締切</th>
                <th scope="col">版</th>
                <th scope="col">更新日時</th>
              </tr>
            </thead>
            <tbody>
              {pitches.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/municipality/pitches/${p.id}`}>{p.title}</Link>
                    {p.needsReconfirmation ? <span className="badge badge--warn">要再確認</span> : null}
                  </td>
                  <td>
                    <PitchStatusBadge status={p.status} />
                  </td>
                  <td>{formatDateTime(p.proposal_deadline)}</td>
                  <td className="num">{p.revision_number > 0 ? `第${p.revision_number}版` : "—"}</td>
                  <td>{formatDateTime(p.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
