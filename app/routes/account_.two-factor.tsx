import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readForm } from "~/web/input.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { renderSVG } from "uqr";
import { requireIdentity } from "~/auth/guards.server";
import {
  endOtherSessions,
  markSessionSecondFactorVerified,
  markSessionWithoutSecondFactor,
} from "~/auth/session.server";
import { FormAlert, SecondFactorCodeField } from "~/components/form-field";
import { NoticeFromUrl } from "~/components/notices";
import { TwoFactorSetupSchema } from "~/domain/accounts/two-factor.schema";
import {
  confirmSecondFactorSetup,
  disableSecondFactor,
  secondFactorState,
  startSecondFactorSetup,
} from "~/domain/accounts/two-factor.commands.server";
import { parseForm } from "~/lib/forms";
import { appErrorToFormFailure, formFailure, handle, type FormFailure } from "~/web/http.server";
import { withNotice } from "~/web/notices";

export const meta: MetaFunction = () => [{ title: "二段階認証 | ガバメントピッチ・マッチング" }];

const PATH = "/account/two-factor";

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const { user, actor } = await requireIdentity(request);
  const state = await secondFactorState(user);
  return json({
    enabled: state.enabled,
    verifiedHere: actor.secondFactorVerified,
    recoveryCodesLeft: state.recoveryCodesLeft,
    // The key is shown only while set-up waits for its first code; the QR code is drawn here, no outside service.
    setup: state.pendingSetup
      ? {
          manualKey: state.pendingSetup.manualKey,
          qr: `data:image/svg+xml;base64,${Buffer.from(renderSVG(state.pendingSetup.uri)).toString("base64")}`,
        }
      : null,
  });
});

type ActionData = FormFailure | { recoveryCodes: string[] };

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const { user } = await requireIdentity(request);
  const parsed = parseForm(TwoFactorSetupSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed);
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "start":
        await startSecondFactorSetup(user);
        return redirect(PATH);
      case "confirm": {
        const recoveryCodes = await confirmSecondFactorSetup(user, input.code);
        // This session has just proved the new factor; sessions elsewhere, signed in without it, end.
        await markSessionSecondFactorVerified(user.sessionToken);
        await endOtherSessions(user.id, user.sessionToken);
        return json<ActionData>({ recoveryCodes });
      }
      case "disable":
        await disableSecondFactor(user, input.code);
        await markSessionWithoutSecondFactor(user.sessionToken);
        await endOtherSessions(user.id, user.sessionToken);
        return redirect(withNotice(PATH, "two-factor-disabled"));
    }
  } catch (error) {
    return appErrorToFormFailure(error, { intent: input.intent });
  }
});

export default function TwoFactor() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const failure = result && "fieldErrors" in result ? result : undefined;
  return (
    <div className="narrow">
      <h1>二段階認証</h1>
      <NoticeFromUrl />
      <p>
        ログインのとき、パスワードに加えて認証アプリ（Google Authenticator、Microsoft Authenticator
        など）の6桁の確認コードを入力します。契約への署名、公金の支払い・承認・金額の確定、運営管理には必須です。
      </p>
      <FormAlert message={failure?.formError} />
      {result && "recoveryCodes" in result ? (
        <section className="card" aria-labelledby="recovery-title">
          <h2 id="recovery-title">二段階認証を設定しました</h2>
          <p>
            次のリカバリーコードを印刷するか安全な場所に控えてください。認証アプリを使えなくなったとき、確認コードの代わりに
            一つずつ一度だけ使えます。<strong>この画面を離れると二度と表示されません。</strong>
          </p>
          <ul className="recovery-codes" aria-label="リカバリーコード">
            {result.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/account">アカウントへ戻る</Link>
          </p>
        </section>
      ) : data.enabled ? (
        <>
          <section className="card">
            <p>
              <strong>設定済み</strong>
              {data.verifiedHere ? "（このログインは確認コードで確認済みです）" : ""}。残りのリカバリーコード:{" "}
              {data.recoveryCodesLeft}個
            </p>
          </section>
          <h2>二段階認証の解除</h2>
          <p className="small muted">
            解除には確認コード（またはリカバリーコード）が必要です。解除はメールでお知らせします。
          </p>
          <Form method="post" className="stack card" noValidate>
            <input type="hidden" name="intent" value="disable" />
            <SecondFactorCodeField
              error={failure?.values.intent === "disable" ? failure.fieldErrors.code : undefined}
            />
            <div className="actions">
              <button type="submit" className="button button--secondary" disabled={busy}>
                二段階認証を解除する
              </button>
            </div>
          </Form>
        </>
      ) : data.setup ? (
        <section className="card stack">
          <h2>1. 認証アプリに登録する</h2>
          <img src={data.setup.qr} alt="認証アプリで読み取るQRコード" width={200} height={200} />
          <p>
            QRコードを読み取れない場合は、次のキーを手入力してください（時間ベース、6桁）:
            <br />
            <code data-testid="totp-key">{data.setup.manualKey}</code>
          </p>
          <h2>2. 表示された確認コードを入力する</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <SecondFactorCodeField error={failure?.fieldErrors.code} />
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                確認して設定する
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="start" />
          <p>まだ設定されていません。</p>
          <button type="submit" className="button" disabled={busy}>
            設定を始める
          </button>
        </Form>
      )}
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
