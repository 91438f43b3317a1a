import { json, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { FormAlert, TextField } from "~/components/form-field";
import { withNotice } from "~/web/notices";
import { ForgotPasswordSchema } from "~/domain/accounts/accounts.schema";
import { requestPasswordReset } from "~/domain/accounts/accounts.commands.server";
import { parseForm } from "~/lib/forms";
import { appErrorToFormFailure, appUrl, formFailure, handle, type FormFailure } from "~/web/http.server";
import { clientIp } from "~/lib/rate-limit.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "パスワードの再設定 | ガバメントピッチ・マッチング" }];

export const loader = () => json({});

export const action = /* @__PURE__ */ handle(async ({ request, context }: ActionFunctionArgs) => {
  const parsed = parseForm(ForgotPasswordSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed);
  try {
    await requestPasswordReset(parsed.data.email, { ip: clientIp(context), appUrl: appUrl(request) });
  } catch (error) {
    return appErrorToFormFailure(error, { email: parsed.data.email });
  }
  return redirect(withNotice("/login", "reset-requested"));
});

export default function ForgotPassword() {
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  return (
    <div className="narrow">
      <h1>パスワードの再設定</h1>
      <p>ご登録のメールアドレスを入力してください。パスワード再設定用のリンク（1時間有効・1回限り）をお送りします。</p>
      <FormAlert message={result?.formError} />
      <Form method="post" className="stack card" noValidate>
        <TextField
          name="email"
          label="メールアドレス"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.values.email}
          error={result?.fieldErrors.email}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            再設定のリンクを送る
          </button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
