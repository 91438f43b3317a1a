// 受取口座（Stripe）: the company's Stripe Express account that receives pilot payments made by Stripe. Verified admins
// start or resume onboarding (a Stripe-hosted page) and fetch the latest state; other members see the state only.
// Without Stripe configured the page says how payments are made meanwhile (bank transfers recorded by the
// municipality) and how the operator enables Stripe. A GET never writes: the page shown on return from Stripe reads
// the account's live state from Stripe; storing it is the webhook's job (or the 「最新の状態を取得」 button's).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberWith, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { isStripeConfigured, describeStripeError } from "~/lib/stripe.server";
import {
  fetchLivePayoutAccount,
  refreshPayoutAccount,
  startPayoutOnboarding,
} from "~/domain/payouts/payout-accounts.commands.server";
import { findPayoutAccount } from "~/domain/payouts/payout-accounts.queries.server";
import { PAYOUTS_PATH, PayoutActionSchema, payoutsReturnPath } from "~/domain/payouts/payouts.schema";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { appUrl, handle, type FormFailure } from "~/web/http.server";
import { CHECK_INPUT, runForm } from "~/web/intents.server";
import { PAYOUT_ACCOUNT_STAGE_VIEWS, payoutAccountStage } from "~/domain/payouts/payouts.rules";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "受取口座（Stripe） | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.company" });
  const organizationId = actor.membership.organizationId;
  const configured = isStripeConfigured();
  const stored = await findPayoutAccount(db(), organizationId);
  const from = new URL(request.url).searchParams.get("stripe");
  let live: { detailsSubmitted: boolean; payoutsEnabled: boolean } | null = null;
  let liveUnavailable = false;
  if (configured && stored && from === "return") {
    try {
      live = await fetchLivePayoutAccount(organizationId);
    } catch (error) {
      console.warn("[stripe] accounts.retrieve failed:", describeStripeError(error));
      liveUnavailable = true;
    }
  }
  return json({
    configured,
    canOnboard: can(actor, { action: "payout.onboard", organizationId }),
    isAdmin: actor.membership.role === "admin",
    account: stored
      ? {
          accountId: stored.accountId,
          detailsSubmitted: stored.detailsSubmitted,
          payoutsEnabled: stored.payoutsEnabled,
          updatedAt: stored.updatedAt,
        }
      : null,
    from: from === "return" || from === "refresh" ? from : null,
    live,
    liveUnavailable,
  });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.company" });
  requirePermission(actor, { action: "payout.onboard", organizationId: actor.membership.organizationId });
  const formData = await readForm(request);
  const base = appUrl(request);
  return runForm(formData, {
    // The page has no fields to correct: a refused form is one message above the buttons.
    parse: (form) => {
      const parsed = parseForm(PayoutActionSchema, form);
      return parsed.ok
        ? parsed
        : {
            ...parsed,
            fieldErrors: {},
            formError: parsed.formError ?? Object.values(parsed.fieldErrors)[0] ?? CHECK_INPUT,
          };
    },
    run: async ({ intent }) => {
      if (intent === "onboard") {
        return {
          stripeUrl: await startPayoutOnboarding(actor, {
            returnUrl: base + payoutsReturnPath("return"),
            refreshUrl: base + payoutsReturnPath("refresh"),
          }),
        };
      }
      return { changed: (await refreshPayoutAccount(actor)).changed };
    },
    done: (result) =>
      result.stripeUrl !== undefined
        ? { path: result.stripeUrl }
        : { path: PAYOUTS_PATH, notice: result.changed ? "payout-refreshed" : "payout-unchanged" },
  });
});

const statusOf = (account: { detailsSubmitted: boolean; payoutsEnabled: boolean } | null) =>
  PAYOUT_ACCOUNT_STAGE_VIEWS[payoutAccountStage(account)];

const yesNo = (value: boolean, yes: string, no: string) => (value ? yes : no);

export default function Payouts() {
  const { configured, canOnboard, isAdmin, account, from, live, liveUnavailable } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const status = statusOf(account);

  return (
    <>
      <h1>受取口座（Stripe）</h1>
      <NoticeFromUrl />
      <FormAlert message={result?.formError} />
      <p>
        {"自治体が実証の支払を Stripe で行う場合、支払額は貴社の Stripe 受取口座（Stripe Connect の Express アカウント）へ送金され、" +
          "Stripe から貴社の銀行口座へ振り込まれます。銀行振込で支払う自治体には、この登録は必要ありません。"}
      </p>

      {!configured ? (
        <section className="card" aria-labelledby="unavailable-heading">
          <h2 id="unavailable-heading">現在、Stripe による支払は利用できません</h2>
          <p>
            このサイトでは Stripe 連携が設定されていません。支払は自治体からの<strong>銀行振込</strong>で行われ、
            {
              "自治体が振込を記録すると、実証の「資金・支払」ページとお知らせ・メールでお知らせします。受取口座の登録は不要です。"
            }
          </p>
          <p>
            運営事務局が Stripe 連携を有効にすると、このページから貴社の管理者が受取口座を登録できるようになります。
          </p>
        </section>
      ) : (
        <>
          {from === "refresh" ? (
            <div className="alert alert--warn" role="status">
              Stripe の登録用リンクの有効期限が切れました。「登録を続ける」をもう一度押してください。
            </div>
          ) : null}
          {from === "return" && live ? (
            <div className="alert alert--info" role="status">
              {`Stripe から戻りました。Stripe 上の現在の状態: 登録情報は${yesNo(live.detailsSubmitted, "提出済み", "未完了")}、` +
                `受取は${yesNo(live.payoutsEnabled, "可能", "まだできません")}。`}
              {live.payoutsEnabled !== account?.payoutsEnabled || live.detailsSubmitted !== account?.detailsSubmitted
                ? "このサイトへの反映には少し時間がかかることがあります。"
                : null}
            </div>
          ) : null}
          {from === "return" && liveUnavailable ? (
            <div className="alert alert--warn" role="status">
              Stripe から現在の状態を取得できませんでした。しばらくしてから再読み込みしてください。
            </div>
          ) : null}

          <section className="card" aria-labelledby="status-heading">
            <h2 id="status-heading">
              登録状況 <span className={`badge badge--${status.tone}`}>{status.label}</span>
            </h2>
            <p>{status.text}</p>
            {account ? (
              <dl className="facts">
                <dt>Stripe アカウント</dt>
                <dd>
                  <code>{account.accountId}</code>
                </dd>
                <dt>登録情報の提出</dt>
                <dd>{yesNo(account.detailsSubmitted, "提出済み", "未完了")}</dd>
                <dt>支払の受取</dt>
                <dd>{yesNo(account.payoutsEnabled, "可能", "まだできません")}</dd>
                <dt>最終更新</dt>
                <dd>{formatDateTime(account.updatedAt)}</dd>
              </dl>
            ) : null}
          </section>

          {canOnboard ? (
            <section className="card" aria-labelledby="onboard-heading">
              <h2 id="onboard-heading">{account ? "登録の手続き" : "受取口座を登録"}</h2>
              {!account?.payoutsEnabled ? (
                <>
                  <p>
                    {"ボタンを押すと Stripe のページに移動し、会社の情報・代表者・振込先の銀行口座を登録します。" +
                      "入力した情報は Stripe が管理し、このサイトには保存されません。終わるとこのページに戻ります。"}
                  </p>
                  <Form method="post">
                    <input type="hidden" name="intent" value="onboard" />
                    <button type="submit" className="button" disabled={busy}>
                      {account ? "登録を続ける（Stripe）" : "Stripe で受取口座を登録"}
                    </button>
                  </Form>
                </>
              ) : (
                <p>
                  登録は完了しています。登録内容の変更は、Stripe から届くメールの案内に沿って Stripe Express
                  ダッシュボードで行えます。
                </p>
              )}
              {account ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="refresh" />
                  <p className="small muted">
                    状態は Stripe からの通知で自動的に更新されます。すぐに反映したいときは次のボタンを押してください。
                  </p>
                  <button type="submit" className="button button--secondary" disabled={busy}>
                    最新の状態を取得
                  </button>
                </Form>
              ) : null}
            </section>
          ) : (
            <p className="muted">
              {isAdmin
                ? "組織の確認が完了すると、受取口座を登録できます。"
                : "受取口座の登録・手続きは、貴社の管理者が行います。"}
            </p>
          )}
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
