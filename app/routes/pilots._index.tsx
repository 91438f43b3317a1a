import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/guards.server";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { withNotice } from "~/web/notices";
import { Pagination } from "~/components/pagination";
import { TableWrap } from "~/components/table-wrap";
import { z } from "zod";
import { PILOT_STATUS_LABELS } from "~/domain/pilots/pilots.schema";
import { startPilotFromMatch } from "~/domain/pilots/pilots.commands.server";
import { listPilotsForActor } from "~/domain/pilots/pilots.queries.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "実証 | ガバメントピッチ・マッチング" }];

const PAGE_SIZE = 20;

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const raw = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
  const { items, total } = await listPilotsForActor(actor, page, PAGE_SIZE);
  return json({ items, total, page, pageSize: PAGE_SIZE, side: actor.membership.kind });
});

const StartPilotSchema = z.object({ proposalId: z.uuid() });

/** Starting a pilot from an accepted proposal (the button on the municipality's proposal page posts here). */
export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  const parsed = StartPilotSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw notFound("提案が見つかりません。");
  const { pilotId, created } = await startPilotFromMatch(actor, parsed.data.proposalId);
  return redirect(withNotice(`/pilots/${pilotId}`, created ? "pilot-started" : "pilot-existing"));
});

export default function Pilots() {
  const { items, total, page, pageSize, side } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>実証（試行的実施）</h1>
      <NoticeFromUrl />
      <p>採択された提案から始まった実証です。協定書、資金（配分・支払）、支出報告をここで管理します。</p>
      {items.length === 0 ? (
        <p className="empty">
          {side === "municipality"
            ? "まだ実証はありません。採択して結果を公開した提案の画面から「実証を開始」を選ぶと、協定書の案が作成されます。"
            : "まだ実証はありません。提案が採択されると、自治体が実証を開始し、ここに表示されます。"}
        </p>
      ) : (
        <TableWrap label="実証の一覧">
          <table>
            <thead>
              <tr>
                <th scope="col">実証</th>
                <th scope="col">状態</th>
                <th scope="col">{side === "municipality" ? "企業" : "自治体"}</th>
                <th scope="col">協定書</th>
                <th scope="col">開始</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/pilots/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>{PILOT_STATUS_LABELS[p.status]}</td>
                  <td>{side === "municipality" ? p.companyName : p.municipalityName}</td>
                  <td>{p.signedVersionId ? "締結済み" : "協議中"}</td>
                  <td>{formatDateTime(p.createdAt)}</td>
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
