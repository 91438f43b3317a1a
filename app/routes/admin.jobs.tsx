import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TableWrap } from "~/components/table-wrap";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireMemberWith } from "~/auth/guards.server";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { withNotice } from "~/web/notices";
import { Pagination } from "~/components/pagination";
import { listJobs } from "~/domain/admin/admin.queries.server";
import { retryFailedJob } from "~/domain/jobs/jobs.commands.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { pageFrom } from "~/lib/query";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "ジョブ | 運営管理" }];

const StatusFilter = z.enum(["pending", "running", "done", "failed"]).optional().catch(undefined);
const RetrySchema = z.strictObject({ jobId: z.string().regex(/^\d{1,18}$/) });
const statusLabels = { pending: "待機中", running: "実行中", done: "完了", failed: "失敗" } as const;

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  await requireMemberWith(request, { action: "operator.viewJobs" });
  const status = StatusFilter.parse(new URL(request.url).searchParams.get("status") ?? undefined);
  const result = await listJobs({ status, page: pageFrom(request) });
  const total = status ? (result.byStatus[status] ?? 0) : Object.values(result.byStatus).reduce((a, b) => a + b, 0);
  return json({ ...result, total });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  await requireMemberWith(request, { action: "operator.viewJobs" });
  const parsed = RetrySchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success || !(await retryFailedJob(db(), parsed.data.jobId)))
    throw notFound("再実行できるジョブが見つかりません。");
  return redirect(withNotice("/admin/jobs?status=failed", "job-retried"));
});

export default function AdminJobs() {
  const { rows, byStatus, total, page, pageSize } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const current = params.get("status") ?? "";
  return (
    <>
      <h1>バックグラウンド処理（ジョブ）</h1>
      <NoticeFromUrl />
      <nav aria-label="状態で絞り込み" className="actions">
        <Link to="?" className={`button button--small ${current ? "button--secondary" : ""}`}>
          すべて
        </Link>
        {(Object.keys(statusLabels) as (keyof typeof statusLabels)[]).map((s) => (
          <Link
            key={s}
            to={`?status=${s}`}
            aria-current={current === s ? "page" : undefined}
            className={`button button--small ${current === s ? "" : "button--secondary"}`}
          >
            {statusLabels[s]}（{byStatus[s] ?? 0}）
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="empty">該当するジョブはありません。</p>
      ) : (
        <TableWrap label="ジョブの一覧">
          <table>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">種類</th>
                <th scope="col">状態</th>
                <th scope="col">試行</th>
                <th scope="col">次回実行</th>
                <th scope="col">最後のエラー</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => (
                <tr key={job.id}>
                  <td className="num">{job.id}</td>
                  <td>{job.kind}</td>
                  <td>{statusLabels[job.status]}</td>
                  <td className="num">
                    {job.attempts} / {job.max_attempts}
                  </td>
                  <td>{job.status === "pending" ? formatDateTime(job.run_at) : "—"}</td>
                  <td className="small">{job.last_error ?? "—"}</td>
                  <td>
                    {job.status === "failed" ? (
                      <Form method="post">
                        <input type="hidden" name="jobId" value={job.id} />
                        <button type="submit" className="button button--small">
                          再実行
                        </button>
                      </Form>
                    ) : null}
                  </td>
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
