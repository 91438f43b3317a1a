import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { blankSessionCookie } from "~/auth/session.server";
import { FormAlert } from "~/components/form-field";
import { withNotice } from "~/web/notices";
import { ResetPasswordSchema } from "~/domain/accounts/accounts.schema";
import { findValidResetToken, resetPassword } from "~/domain/accounts/accounts.commands.server";
import { parseForm } from "~/lib/forms";
import { appErrorToFormFailure, formFailure, handle, type FormFailure } from "~/web/http.server";
import { NewPasswordFields } from "~/components/new-password-fields";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "新しいパスワードの設定 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ params }: LoaderFunctionArgs) => {
  const valid = Boolean(params.token && (await findValidResetToken(params.token)));
  return json({ valid }, { headers: { "Referrer-Policy": "no-referrer" } });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const parsed = parseForm(ResetPasswordSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed);
  try {
    await resetPassword(params.token ?? "", parsed.data.newPassword);
  } catch (error) {
    return appErrorToFormFailure(error, {});
  }
  return redirect(withNotice("/login", "password-reset"), { headers: { "Set-Cookie": blankSessionCookie() } });
});

export default function ResetPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  if (!valid) {
    return (
      <div className="narrow">
        <h1>リンクが無効です</h1>
        <p>このリンクは使用済みか、有効期限（1時間）が切れています。</p>
        <p>
          <Link to="/forgot-password">もう一度再設定を申し込む</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>新しいパスワードの設定</h1>
      <FormAlert message={result?.formError} />
      <Form method="post" className="stack card" noValidate>
        <NewPasswordFields errors={result?.fieldErrors} />
        <div className="actions">
          <button type="submit" className="button">
            パスワードを設定する
          </button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
