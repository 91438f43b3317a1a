import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { Pagination } from "~/components/pagination";
import { TableWrap } from "~/components/table-wrap";
import { listCompanyProposals } from "~/domain/proposals/proposals.company.queries.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "提案 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "proposal.create" });
  const raw = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
  return json(await listCompanyProposals(actor, page));
});

const statusLabels = { draft: "下書き", submitted: "提出済み", withdrawn: "取り下げ" } as const;
const decisionLabels = { accepted: "採択", declined: "不採択" } as const;

export default function CompanyProposals() {
  const { proposals, page, pageSize, total } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>提案</h1>
      <NoticeFromUrl />
      <p>自治体のピッチ（課題）への貴社の提案です。提案の内容は貴社と提案先の自治体だけが閲覧できます。</p>
      {proposals.length === 0 ? (
        <p className="empty">
          まだ提案はありません。<Link to="/pitches">ピッチを探す</Link>から、募集中の課題に提案できます。
        </p>
      ) : (
        <TableWrap label="提案の一覧">
          <table>
            <thead>
              <tr>
                <th scope="col">提案</th>
                <th scope="col">状態</th>
                <th scope="col">ピッチ</th>
                <th scope="col">締切</th>
                <th scope="col">最終更新</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/company/proposals/${p.id}`}>{p.title || "（無題の提案）"}</Link>
                  </td>
                  <td>
                    {statusLabels[p.status]}
                    {p.revisionNumber > 0 ? `（第${p.revisionNumber}版）` : ""}
                    {p.decision ? <span className="badge">{decisionLabels[p.decision]}</span> : null}
                  </td>
                  <td>
                    <Link to={`/pitches/${p.pitch.id}`}>{p.pitch.title}</Link>
                    <span className="small muted">（{p.pitch.municipalityName}）</span>
                  </td>
                  <td>{formatDateTime(p.pitch.proposalDeadline)}</td>
                  <td>{formatDateTime(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
