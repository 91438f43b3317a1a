import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireIdentity } from "~/auth/guards.server";
import { startSession } from "~/auth/session.server";
import { FormAlert, TextField } from "~/components/form-field";
import { NoticeFromUrl } from "~/components/notices";
import { withNotice } from "~/web/notices";
import { ChangePasswordSchema } from "~/domain/accounts/accounts.schema";
import { changePassword } from "~/domain/accounts/accounts.commands.server";
import { hasSecondFactor } from "~/domain/accounts/two-factor.commands.server";
import { parseForm } from "~/lib/forms";
import { appErrorToFormFailure, formFailure, handle, type FormFailure } from "~/web/http.server";
import { NewPasswordFields } from "~/components/new-password-fields";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "アカウント | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const { user, actor } = await requireIdentity(request);
  return json({
    email: user.email,
    displayName: user.displayName,
    organization: actor.membership?.organizationName ?? null,
    secondFactor: await hasSecondFactor(user.id),
  });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const { user } = await requireIdentity(request);
  const parsed = parseForm(ChangePasswordSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed);
  try {
    await changePassword(user, parsed.data);
  } catch (error) {
    return appErrorToFormFailure(error, {});
  }
  // Every old session ends, this one included: the user continues on a brand-new session.
  const cookie = await startSession(user.id, user.sessionToken, user.secondFactor);
  return redirect(withNotice("/account", "password-changed"), { headers: { "Set-Cookie": cookie } });
});

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  return (
    <div className="narrow">
      <h1>アカウント</h1>
      <NoticeFromUrl />
      <section className="card">
        <dl className="facts">
          <dt>氏名</dt>
          <dd>{data.displayName}</dd>
          <dt>メールアドレス</dt>
          <dd>{data.email}</dd>
          <dt>所属組織</dt>
          <dd>{data.organization ?? "未所属"}</dd>
        </dl>
      </section>
      <h2>二段階認証</h2>
      <p>
        {data.secondFactor ? "設定済みです。" : "まだ設定されていません。署名・支払いの記録などには必須です。"}{" "}
        <Link to="/account/two-factor">{data.secondFactor ? "確認・解除" : "設定する"}</Link>
      </p>
      <h2>パスワードの変更</h2>
      <p className="small muted">変更すると、この端末以外でのログインはすべて終了します。</p>
      <FormAlert message={result?.formError} />
      <Form method="post" className="stack card" noValidate>
        <TextField
          name="currentPassword"
          label="現在のパスワード"
          type="password"
          autoComplete="current-password"
          required
          error={result?.fieldErrors.currentPassword}
        />
        <NewPasswordFields errors={result?.fieldErrors} />
        <div className="actions">
          <button type="submit" className="button">
            パスワードを変更する
          </button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
