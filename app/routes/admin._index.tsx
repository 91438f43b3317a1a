import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "運営管理 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  await requireMemberWith(request, { action: "operator.verifyOrganizations" });
  const [unverified, failedJobs, pendingJobs] = await Promise.all([
    db()
      .selectFrom("organization")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("verification_status", "=", "unverified")
      .where("kind", "in", ["municipality", "bureau"])
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("job")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("status", "=", "failed")
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("job")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow(),
  ]);
  return json({
    unverified: Number(unverified.count),
    failedJobs: Number(failedJobs.count),
    pendingJobs: Number(pendingJobs.count),
  });
});

export default function AdminHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>運営管理</h1>
      <div className="grid">
        <section className="card">
          <h2>組織の確認</h2>
          <p>
            確認待ちの自治体・地方局: <strong>{data.unverified}</strong> 件
          </p>
          <Link to="/admin/organizations?status=unverified">確認待ちを見る</Link>
        </section>
        <section className="card">
          <h2>バックグラウンド処理</h2>
          <p>
            待機中 <strong>{data.pendingJobs}</strong> 件／失敗 <strong>{data.failedJobs}</strong> 件
          </p>
          <Link to="/admin/jobs">ジョブの一覧</Link>
        </section>
        <section className="card">
          <h2>市区町村マスタ</h2>
          <p>廃置分合に合わせてマスタを更新し、廃止された市区町村の組織を後継に付け替えます。</p>
          <Link to="/admin/municipalities">市区町村マスタを開く</Link>
        </section>
        <section className="card">
          <h2>メール送信箱</h2>
          <p>送信された（または送信待ちの）メールを確認できます。</p>
          <Link to="/admin/outbox">送信箱を開く</Link>
        </section>
        <section className="card">
          <h2>操作履歴</h2>
          <p>全組織の操作の記録です。</p>
          <Link to="/admin/audit">操作履歴を見る</Link>
        </section>
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
