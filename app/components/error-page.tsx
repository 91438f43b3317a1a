import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { SECOND_FACTOR_REQUIRED_MESSAGE, SECOND_FACTOR_SETUP_PATH } from "~/lib/errors";
import { useErrorReference } from "./error-reference";

const messages: Record<number, { title: string; body: string }> = {
  400: { title: "リクエストに誤りがあります", body: "入力内容をご確認のうえ、もう一度お試しください。" },
  403: { title: "アクセスする権限がありません", body: "このページは、ご利用中のアカウントの組織では表示できません。" },
  404: {
    title: "ページが見つかりません",
    body: "お探しのページは移動または削除された可能性があります。URLをご確認ください。",
  },
  405: { title: "この操作はできません", body: "ページを再読み込みしてからやり直してください。" },
  429: { title: "試行回数が多すぎます", body: "しばらく待ってからもう一度お試しください。" },
  503: {
    title: "ただいまサービスを利用できません",
    body: "データベースに接続できません。しばらく待ってから再読み込みしてください。",
  },
};

/** The reference id of a 500 we answered (its body: { error: { referenceId } }, see web/http.server.ts). */
function referenceIdOf(error: unknown): string | undefined {
  if (!isRouteErrorResponse(error)) return undefined;
  const data = error.data as { error?: { referenceId?: unknown } } | null;
  const id = data && typeof data === "object" ? data.error?.referenceId : undefined;
  return typeof id === "string" ? id : undefined;
}

/**
 * The one error screen: Japanese, no stack traces, SQL or secrets (whatever the error carries, only its status is
 * read, and for a 500 the reference id under which the server logged the details).
 */
export function ErrorPage() {
  const error = useRouteError();
  const rendered = useErrorReference();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const referenceId = status >= 500 ? (referenceIdOf(error) ?? rendered) : undefined;
  const known = messages[status] ?? {
    title: "エラーが発生しました",
    body: "申し訳ありません。問題が発生しました。時間をおいてもう一度お試しください。",
  };
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" && status < 500 ? error.data : null;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__status">エラー {status}</p>
      <h1 id="error-title">{known.title}</h1>
      <p>{detail && detail !== known.title ? detail : known.body}</p>
      {detail === SECOND_FACTOR_REQUIRED_MESSAGE ? (
        <p>
          <Link to={SECOND_FACTOR_SETUP_PATH}>二段階認証を設定する</Link>
        </p>
      ) : null}
      {referenceId ? (
        <p className="error-page__reference">
          お問い合わせの際は、参照番号 <code>{referenceId}</code> をお伝えください。
        </p>
      ) : null}
      <p>
        <Link to="/">トップページへ戻る</Link>
      </p>
    </section>
  );
}

/** Shown above every page to an admin or operator whose session has no second factor: what it unlocks, and where. */
export function SecondFactorReminder() {
  return (
    <p className="alert alert--warn">
      契約への署名、公金の支払い・承認、予算の確定、運営管理には二段階認証が必要です。{" "}
      <Link to={SECOND_FACTOR_SETUP_PATH}>二段階認証を設定する</Link>
    </p>
  );
}
