import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { STRIPE_CONNECT_EVENTS, STRIPE_PLATFORM_EVENTS } from "~/domain/payouts/payouts.schema";
import { db } from "~/lib/db.server";
import { isStripeConfigured } from "~/lib/stripe.server";
import { appUrl, handle } from "~/web/http.server";

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
    stripe: {
      configured: isStripeConfigured(),
      webhookUrl: `${appUrl(request)}/webhooks/stripe`,
      events: { platform: STRIPE_PLATFORM_EVENTS.join("、"), connect: STRIPE_CONNECT_EVENTS.join("、") },
    },
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
          <h2>支払（Stripe 連携）</h2>
          {data.stripe.configured ? (
            <p>Stripe 連携は有効です。企業は受取口座を登録でき、承認された支払を Stripe で送金できます。</p>
          ) : (
            <>
              <p>
                Stripe
                連携は無効です。支払は自治体が記録する銀行振込だけで行われます（自治体・企業には設定の話は表示されません）。
              </p>
              <details>
                <summary>Stripe 連携を有効にする手順</summary>
                <ol>
                  <li>
                    Stripe ダッシュボードで Connect を有効にし、シークレットキー（<code>sk_live_…</code>、試験環境では{" "}
                    <code>sk_test_…</code>）を用意します。
                  </li>
                  <li>
                    Webhook の送信先として <code style={{ overflowWrap: "anywhere" }}>{data.stripe.webhookUrl}</code>{" "}
                    を登録します。
                    {`自分のアカウントのイベント（${data.stripe.events.platform}）と、連結アカウントのイベント（${data.stripe.events.connect}）を選びます。`}
                  </li>
                  <li>
                    サーバーの環境変数 <code>STRIPE_SECRET_KEY</code> と <code>STRIPE_WEBHOOK_SECRET</code>
                    （署名シークレット <code>whsec_…</code>
                    。送信先を2つ作った場合はカンマ区切りで2つ）を設定し、アプリを再起動します。
                  </li>
                </ol>
              </details>
            </>
          )}
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
